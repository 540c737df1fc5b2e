// The GitHub edge: what the run says of itself (the workflow event and the GITHUB_* and RUNNER_* facts, read once,
// here and nowhere else), the GitHub API with the job's token, the job's OIDC token, GitHub's CLI for its Sigstore
// trusted root, and what a step hands back (outputs, the job summary, masked values). The command line is a run
// too: no event, no API, its outputs printed as one JSON object. Every stage asks this port; none reads GITHUB_*.
import type { SerializedBundle } from '@sigstore/bundle'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import os from 'node:os'
import type { Ancestry, CommitComparer } from '../shared/commits.js'
import type { CommandRunner } from '../shared/command-runner.js'
import { isAbort, withinDeadline } from '../shared/deadline.js'
import { boundedBody, boundedFetch } from './http.js'

/** The workflow event as the action reads it: its name, ref and the payload fields it uses. */
export interface WorkflowEvent {
  name: string
  /** `refs/heads/x`, `refs/tags/v1`, `refs/pull/1/merge`. */
  ref: string
  baseRef: string
  actor: string
  repository: string
  payload: EventPayload
}

export interface EventRepository {
  full_name?: string
  fork?: boolean
  description?: string | null
  visibility?: string
  license?: { spdx_id?: string | null } | null
}

export interface EventPayload {
  /** The activity type of the event (`published`, `deleted`, ...). */
  action?: string
  /** Of a `release` event. */
  release?: { tag_name?: string; prerelease?: boolean }
  number?: number
  pull_request?: { number?: number; head?: { repo?: EventRepository | null; sha?: string }; base?: { ref?: string } }
  /** Of a workflow_run event: the run that triggered this one. */
  workflow_run?: {
    event?: string
    head_branch?: string | null
    head_sha?: string
    head_repository?: EventRepository | null
    pull_requests?: Array<{ number?: number }>
  }
  repository?: EventRepository
  sender?: { login?: string }
}

/** Sigstore services named by the environment (SIGSTORE_*): GitHub Enterprise's, or a test's own. */
export interface SigstoreEndpoints {
  fulcio?: string
  rekor?: string
  tsa?: string
  trustedRoot?: string
  oidcIssuer?: string
}

/** What the run says of itself; every field is empty outside GitHub Actions (the command line). */
export interface RunContext {
  /** The event of the job; undefined outside GitHub Actions. */
  event?: WorkflowEvent
  /** GITHUB_SERVER_URL without a trailing slash; empty when unset (githubServer() gives GitHub's then). */
  serverUrl: string
  repository: string
  sha: string
  ref: string
  eventName: string
  workflowRef: string
  runId: string
  runAttempt: string
  repositoryId: string
  repositoryOwnerId: string
  runnerEnvironment: string
  /** RUNNER_OS: `Linux`, `Windows`, `macOS`; empty outside GitHub. */
  runnerOs: string
  /** RUNNER_TEMP, else the machine's temporary directory: where a run's private files and a leg's results go. */
  runnerTemp: string
  /** GITHUB_WORKSPACE: the checkout's directory in a workflow; empty outside. */
  workspace: string
  /** GITHUB_STEP_SUMMARY: the job summary's file; empty where there is none. */
  stepSummary: string
  /** GOPROXY of the environment, for the GOPROXY build argument; empty when unset. */
  goproxy: string
  sigstore: SigstoreEndpoints
}

/** A tag of the repository, and the commit it names (a tag object peeled), where known. */
export interface RepositoryTag {
  name: string
  commit?: string
}

/** The GitHub API, as the action uses it; every call bounded in time by the port that made it. */
export interface GitHubApi extends CommitComparer {
  /** The repository's tags, all pages, each with its commit. */
  listTags(): Promise<RepositoryTag[]>
  /** Where a ref points now (`refs/heads/main` -> its commit). */
  commitOf(ref: string): Promise<string>
  /** Records a Sigstore bundle with the attestations API; returns its id. */
  recordAttestation(bundle: SerializedBundle): Promise<string>
  /** The bundles the attestations API holds for a digest in this repository (unverified: the caller verifies). */
  attestationsFor(digest: string): Promise<SerializedBundle[]>
}

/** What an API that asks nothing (a dry run's) answers: the caller goes on without the answer, and says so. */
export class NotAsked extends Error {
  constructor(what: string) {
    super(`${what} (a dry run asks no API)`)
    this.name = 'NotAsked'
  }
}

/** The outputs under the names the action declares (a step gets lists and objects as JSON). */
export type OutputValues = Record<string, unknown>

export interface GitHub {
  readonly context: RunContext
  /** The API with the github-token; undefined outside GitHub Actions, or in a dry run (which asks no API). */
  readonly api?: GitHubApi
  /** The job's OIDC token for `audience` (permissions id-token: write); throws naming what is missing. */
  idToken(audience: string, timeoutMs: number): Promise<string>
  /** What `gh attestation trusted-root` prints: one Sigstore trusted root per line. */
  trustedRoots(): Promise<string>
  /** Hides a value in every later line of the log. */
  mask(value: string): void
  /** Hands the step's outputs back (again whenever they change). */
  setOutputs(values: OutputValues): void
  /** Writes the job summary (markdown), where the run has one. */
  writeSummary(markdown: string): Promise<void>
}

/** The GitHub server of the run: GITHUB_SERVER_URL, else github.com. */
export const githubServer = (context: Pick<RunContext, 'serverUrl'>): string => context.serverUrl || 'https://github.com'

/** An event payload larger than this is not one GitHub wrote. */
export const MAX_EVENT_BYTES = 32 * 1024 * 1024

/** A string field of an untrusted object, or '' for anything else. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The event payload GitHub wrote (GITHUB_EVENT_PATH), bounded; an unreadable one is empty. */
function readPayload(file: string | undefined): EventPayload {
  if (!file) return {}
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const stat = fstatSync(fd)
    if (!stat.isFile() || stat.size > MAX_EVENT_BYTES) return {}
    const buffer = Buffer.alloc(stat.size)
    readSync(fd, buffer, 0, stat.size, 0)
    const parsed: unknown = JSON.parse(buffer.toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as EventPayload) : {}
  } catch {
    return {}
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The run's context from the environment a step (or the command line) is given. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const inWorkflow = env.GITHUB_ACTIONS === 'true' && !!env.GITHUB_EVENT_NAME
  const payload = inWorkflow ? readPayload(env.GITHUB_EVENT_PATH) : {}
  const event: WorkflowEvent | undefined = inWorkflow
    ? {
        name: env.GITHUB_EVENT_NAME ?? '',
        ref: env.GITHUB_REF ?? '',
        baseRef: env.GITHUB_BASE_REF || text(payload.pull_request?.base?.ref),
        actor: env.GITHUB_ACTOR ?? '',
        repository: env.GITHUB_REPOSITORY || text(payload.repository?.full_name),
        payload
      }
    : undefined
  return {
    ...(event ? { event } : {}),
    serverUrl: (env.GITHUB_SERVER_URL ?? '').replace(/\/$/, ''),
    repository: env.GITHUB_REPOSITORY ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    repositoryId: env.GITHUB_REPOSITORY_ID ?? '',
    repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID ?? '',
    runnerEnvironment: env.RUNNER_ENVIRONMENT ?? '',
    runnerOs: env.RUNNER_OS ?? '',
    runnerTemp: env.RUNNER_TEMP || os.tmpdir(),
    workspace: env.GITHUB_WORKSPACE ?? '',
    stepSummary: env.GITHUB_STEP_SUMMARY ?? '',
    goproxy: env.GOPROXY ?? '',
    sigstore: {
      ...(env.SIGSTORE_FULCIO_URL ? { fulcio: env.SIGSTORE_FULCIO_URL } : {}),
      ...(env.SIGSTORE_REKOR_URL ? { rekor: env.SIGSTORE_REKOR_URL } : {}),
      ...(env.SIGSTORE_TSA_URL ? { tsa: env.SIGSTORE_TSA_URL } : {}),
      ...(env.SIGSTORE_TRUSTED_ROOT ? { trustedRoot: env.SIGSTORE_TRUSTED_ROOT } : {}),
      ...(env.SIGSTORE_OIDC_ISSUER ? { oidcIssuer: env.SIGSTORE_OIDC_ISSUER } : {})
    }
  }
}

function ownerAndName(repository: string): [string, string] {
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY '${repository}' is not owner/name`)
  return [owner, repo]
}

const STATUSES: readonly string[] = ['ahead', 'behind', 'identical', 'diverged']

const statusOf = (error: unknown): unknown => (error as { status?: unknown }).status

/** An API answer larger than this is not one the action asked for (a page of tags or attestations is far smaller). */
const MAX_API_ANSWER_BYTES = 16 * 1024 * 1024

/** The attestations of one digest read at most: the first are this repository's own runs'. */
const MAX_ATTESTATIONS_READ = 30

/**
 * The GitHub API through Octokit (GITHUB_API_URL, as @actions/github reads it), with a token; every call is bounded by
 * `timeoutSeconds` (command-timeout): an API that does not answer must not hold the job.
 */
export class OctokitApi implements GitHubApi {
  readonly name = 'the GitHub compare API'

  constructor(
    private readonly token: string,
    private readonly repository: string,
    private readonly timeoutSeconds: number
  ) {}

  private async client() {
    // The policy refuses an empty token before any docker command where it can tell that the run needs one.
    if (!this.token) {
      throw new Error(
        "input 'github-token' is empty (an unset expression, or a secret that is not there): leave it out (its default is the job's token) or give a token with permissions contents: read"
      )
    }
    // Loaded here: only some runs need the API client, and it is the heaviest part of the bundle.
    const { getOctokit } = await import('@actions/github')
    return getOctokit(this.token, { request: { fetch: boundedFetch(this.timeoutSeconds * 1000, MAX_API_ANSWER_BYTES) } })
  }

  async listTags(): Promise<RepositoryTag[]> {
    const [owner, repo] = ownerAndName(this.repository)
    const octokit = await this.client()
    const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 })
    return tags.map((tag) => ({
      name: tag.name,
      ...(typeof tag.commit?.sha === 'string' && /^[0-9a-f]{40,64}$/.test(tag.commit.sha) ? { commit: tag.commit.sha } : {})
    }))
  }

  /**
   * Compares commits (`GET /repos/{owner}/{repo}/compare/{ours}...{theirs}`): `ahead` means theirs is strictly newer.
   * GitHub answers 404 both for a commit it does not have (or no common history: unrelated) and for a repository the
   * token cannot read; only when this run's own commit is visible does a 404 mean unrelated.
   */
  async compare(ours: string, theirs: string): Promise<{ ancestry?: Ancestry; reason?: string }> {
    try {
      const [owner, repo] = ownerAndName(this.repository)
      const octokit = await this.client()
      try {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${ours}...${theirs}`, per_page: 1 })
        return STATUSES.includes(data.status) ? { ancestry: data.status as Ancestry } : { reason: `it answered the status ${JSON.stringify(data.status)}` }
      } catch (error) {
        if (statusOf(error) !== 404) throw error
        await octokit.rest.repos.getCommit({ owner, repo, ref: ours, per_page: 1 })
        return { ancestry: 'unrelated' }
      }
    } catch (error) {
      const status = statusOf(error)
      return { reason: status === 404 ? `${this.repository} or this run's commit is not visible to the github-token` : (error as Error).message }
    }
  }

  async recordAttestation(bundle: SerializedBundle): Promise<string> {
    const [owner, repo] = ownerAndName(this.repository)
    const octokit = await this.client()
    try {
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/attestations', { owner, repo, bundle })
      return String((data as { id?: unknown }).id ?? '')
    } catch (error) {
      const status = statusOf(error)
      const hint =
        status === 401 || status === 403
          ? ' (the job needs permissions attestations: write)'
          : status === 404
            ? ` (${this.repository} is not there for the github-token, or this GitHub server offers no artifact attestations: GitHub Enterprise Server does not document them; set sign to false there)`
            : ''
      throw new Error(`GitHub's attestations API answered ${String(status ?? (error as Error).message)}${hint}`)
    }
  }

  /**
   * `GET /repos/{owner}/{repo}/attestations/{digest}`, first page: the bundles inline, as the API version this
   * action pins answers them. 404 is none.
   */
  async attestationsFor(digest: string): Promise<SerializedBundle[]> {
    const [owner, repo] = ownerAndName(this.repository)
    const octokit = await this.client()
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
        owner,
        repo,
        subject_digest: digest,
        per_page: MAX_ATTESTATIONS_READ,
        headers: { 'x-github-api-version': '2022-11-28' }
      })
      const listed = (data as { attestations?: unknown }).attestations
      if (!Array.isArray(listed)) throw new Error('it answered no list of attestations')
      return listed
        .map((entry) => (entry as { bundle?: unknown })?.bundle)
        .filter((bundle): bundle is SerializedBundle => typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle))
    } catch (error) {
      const status = statusOf(error)
      if (status === 404) return []
      const hint = status === 401 || status === 403 ? ' (the job needs permissions attestations: read, which attestations: write includes)' : ''
      throw new Error(`GitHub's attestations API answered ${String(status ?? (error as Error).message)}${hint}`)
    }
  }

  /** `GET /repos/{owner}/{repo}/commits/{ref}`: the commit `heads/main` or `tags/v1.16.0` names. */
  async commitOf(ref: string): Promise<string> {
    const [owner, repo] = ownerAndName(this.repository)
    const octokit = await this.client()
    const name = ref.replace(/^refs\//, '')
    try {
      const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: name, per_page: 1 })
      if (typeof data.sha !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(data.sha)) throw new Error(`it answered no commit for ${ref}`)
      return data.sha
    } catch (error) {
      const status = statusOf(error)
      throw new Error(
        status === 404
          ? `${ref} is not in ${this.repository}, or the github-token cannot read it (permissions: contents: read)`
          : status === 401 || status === 403
            ? `the github-token may not read ${this.repository} (permissions: contents: read)`
            : (error as Error).message
      )
    }
  }
}

/** What a step of the Actions runtime offers the port (@actions/core's functions, handed in by the action's entry). */
export interface ActionsRuntime {
  setOutput(name: string, value: string): void
  setSecret(value: string): void
  /** Appends markdown to the job summary; undefined where the job has none (GITHUB_STEP_SUMMARY unset). */
  appendSummary?(markdown: string): Promise<void>
}

export interface GitHubPortOptions {
  env: NodeJS.ProcessEnv
  /** Runs `gh` (bounded by command-timeout). */
  runner: CommandRunner
  /** The API, or undefined where there is none (outside GitHub, a dry run). */
  api?: GitHubApi
  /** The github-token, for gh, which wants a login to print GitHub's trusted root. */
  token?: string
  /** The Actions runtime of a step; undefined on the command line. */
  runtime?: ActionsRuntime
  /** Receives the outputs on the command line, which prints them at its end. */
  onOutputs?(values: OutputValues): void
}

export const NO_ID_TOKEN =
  "sign is true, but this job has no OIDC token: give the job permissions id-token: write (and attestations: write), or set sign to false. A run caused by a fork's pull request gets none."

/** The GitHub edge of a real run: the Actions runtime of a step, or the command line's. */
export class GitHubPort implements GitHub {
  readonly context: RunContext
  readonly api?: GitHubApi

  constructor(private readonly options: GitHubPortOptions) {
    this.context = readRunContext(options.env)
    this.api = options.api
  }

  async idToken(audience: string, timeoutMs: number): Promise<string> {
    const url = this.options.env.ACTIONS_ID_TOKEN_REQUEST_URL
    const bearer = this.options.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    if (!url || !bearer) throw new Error(NO_ID_TOKEN)
    const request = new URL(url)
    request.searchParams.set('audience', audience)
    const what = "the runner's OIDC token endpoint"
    const answer = await withinDeadline(timeoutMs, undefined, async (signal) => {
      const response = await fetch(request, { headers: { authorization: `Bearer ${bearer}` }, signal })
      return { status: response.status, ok: response.ok, text: (await boundedBody(response, MAX_API_ANSWER_BYTES, what)).toString() }
    }).catch((error: Error) => {
      throw new Error(`${what}: ${isAbort(error) ? `no answer within command-timeout (${timeoutMs / 1000} s)` : error.message}`)
    })
    if (!answer.ok) throw new Error(`${what} answered ${answer.status}; sign needs permissions id-token: write`)
    let value: unknown
    try {
      value = (JSON.parse(answer.text) as { value?: unknown }).value
    } catch {
      value = undefined
    }
    if (typeof value !== 'string') throw new Error(`${what} answered without a token`)
    return value
  }

  async trustedRoots(): Promise<string> {
    const args = ['attestation', 'trusted-root']
    const env = { ...this.options.env, ...(this.options.token && !this.options.env.GH_TOKEN ? { GH_TOKEN: this.options.token } : {}) }
    const result = await this.options.runner.run('gh', args, { env }).catch((error: Error) => {
      throw new Error(
        `gh could not be started (${error.message}): verifying against GitHub's Sigstore instance needs the GitHub CLI, or SIGSTORE_TRUSTED_ROOT naming its trusted_root.json`
      )
    })
    if (result.exitCode !== 0) throw new Error(`gh attestation trusted-root failed (exit code ${result.exitCode}): ${result.stderr.trim().slice(-500)}`)
    return result.stdout
  }

  mask(value: string): void {
    this.options.runtime?.setSecret(value)
  }

  setOutputs(values: OutputValues): void {
    if (this.options.runtime) {
      for (const [name, value] of Object.entries(values)) this.options.runtime.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value))
    }
    this.options.onOutputs?.(values)
  }

  async writeSummary(markdown: string): Promise<void> {
    await this.options.runtime?.appendSummary?.(markdown)
  }
}
