// The GitHub API calls the action makes: the repository's tags (so that `tag-latest: auto` works in a shallow
// checkout) and how two commits compare (so that a job without a checkout, the merge, can tell which is newer).
import type { SerializedBundle } from '@sigstore/bundle'
import type { Ancestry, CommitComparer } from '../shared/commits.js'

function ownerAndName(repository: string): [string, string] {
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY '${repository}' is not owner/name`)
  return [owner, repo]
}

/** An API client whose every call is bounded by `timeoutSeconds` (command-timeout): an API that does not answer must not hold the job. */
async function client(token: string, timeoutSeconds: number) {
  // The pipeline refuses an empty token before any docker command where it can tell that the run needs one.
  if (!token)
    throw new Error(
      "input 'github-token' is empty (an unset expression, or a secret that is not there): leave it out (its default is the job's token) or give a token with permissions contents: read"
    )
  // Loaded here: only some runs need the API client, and it is the heaviest part of the bundle.
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, { request: { signal: AbortSignal.timeout(timeoutSeconds * 1000) } })
}

export async function listRepositoryTags(token: string, repository: string, timeoutSeconds: number): Promise<string[]> {
  const [owner, repo] = ownerAndName(repository)
  const octokit = await client(token, timeoutSeconds)
  const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 })
  return tags.map((tag) => tag.name)
}

const STATUSES: readonly string[] = ['ahead', 'behind', 'identical', 'diverged']

const statusOf = (error: unknown): unknown => (error as { status?: unknown }).status

/**
 * Compares commits with the API (`GET /repos/{owner}/{repo}/compare/{ours}...{theirs}`): `ahead` means theirs is
 * strictly newer. GitHub answers 404 both for a commit it does not have (or no common history: unrelated) and for a
 * repository the token cannot read; only when this run's own commit is visible does a 404 mean unrelated.
 */
export function githubComparer(token: string, repository: string, timeoutSeconds: number): CommitComparer {
  return {
    name: 'the GitHub compare API',
    async compare(ours, theirs) {
      try {
        const [owner, repo] = ownerAndName(repository)
        const octokit = await client(token, timeoutSeconds)
        try {
          const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${ours}...${theirs}`, per_page: 1 })
          return STATUSES.includes(data.status) ? { ancestry: data.status as Ancestry } : { why: `it answered the status ${JSON.stringify(data.status)}` }
        } catch (error) {
          if (statusOf(error) !== 404) throw error
          await octokit.rest.repos.getCommit({ owner, repo, ref: ours, per_page: 1 })
          return { ancestry: 'unrelated' }
        }
      } catch (error) {
        const status = statusOf(error)
        return { why: status === 404 ? `${repository} or this run's commit is not visible to the github-token` : (error as Error).message }
      }
    }
  }
}

/** Records a Sigstore bundle with GitHub's attestations API (`POST /repos/{owner}/{repo}/attestations`); returns its id. */
export async function recordAttestation(token: string, repository: string, bundle: SerializedBundle, timeoutSeconds: number): Promise<string> {
  const [owner, repo] = ownerAndName(repository)
  const octokit = await client(token, timeoutSeconds)
  try {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/attestations', { owner, repo, bundle })
    return String((data as { id?: unknown }).id ?? '')
  } catch (error) {
    const status = statusOf(error)
    const hint = status === 401 || status === 403 ? ' (the job needs permissions attestations: write)' : ''
    throw new Error(`GitHub's attestations API answered ${String(status ?? (error as Error).message)}${hint}`)
  }
}

/** Where a ref points now (`GET /repos/{owner}/{repo}/commits/{ref}`): the commit `heads/main` or `tags/v1.16.0` names. */
export async function refHead(token: string, repository: string, ref: string, timeoutSeconds: number): Promise<string> {
  const [owner, repo] = ownerAndName(repository)
  const octokit = await client(token, timeoutSeconds)
  const name = ref.replace(/^refs\//, '')
  try {
    const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: name, per_page: 1 })
    if (typeof data.sha !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(data.sha)) throw new Error(`it answered no commit for ${ref}`)
    return data.sha
  } catch (error) {
    const status = statusOf(error)
    throw new Error(
      status === 404
        ? `${ref} is not in ${repository}, or the github-token cannot read it (permissions: contents: read)`
        : status === 401 || status === 403
          ? `the github-token may not read ${repository} (permissions: contents: read)`
          : (error as Error).message
    )
  }
}
