// Where the run's ref points now, read just before its tags move (the publish stage asks): the GitHub API, else
// git's origin in the checkout. When neither can tell, no tag of the ref may move.
import type { Git } from '../system/git.js'
import type { GitHubApi, WorkflowEvent } from '../system/github.js'
import { text } from '../system/github.js'
import type { RefState } from './tag-guard.js'

/**
 * The ref a run's tags follow: the branch or tag the event is about (`refs/heads/main`, `refs/tags/v1.16.0`; on
 * workflow_run, the triggering run's branch); undefined where there is none (a pull request's merge ref, or outside
 * GitHub).
 */
export function followedRef(event: WorkflowEvent | undefined): string | undefined {
  if (!event) return undefined
  if (event.name === 'workflow_run') {
    const branch = text(event.payload.workflow_run?.head_branch)
    return branch ? `refs/heads/${branch}` : undefined
  }
  return /^refs\/(heads|tags)\/./.test(event.ref) ? event.ref : undefined
}

/** Where `ref` points now; `checkout` is the build context, undefined where there is none (a merge). */
export async function readRefHead(ref: string, api: GitHubApi | undefined, git: Git, checkout: string | undefined): Promise<RefState> {
  const why: string[] = []
  if (api) {
    try {
      return { ref, head: await api.commitOf(ref) }
    } catch (error) {
      why.push(`the GitHub API: ${(error as Error).message}`)
    }
  } else {
    why.push('the GitHub API is not there (outside GitHub)')
  }
  if (checkout) {
    const head = await git.remoteHead(checkout, ref)
    if (head) return { ref, head }
    why.push(`git ls-remote origin ${ref} in ${checkout} found nothing`)
  } else {
    why.push('there is no checkout whose origin git could ask (a merge job has none)')
  }
  throw new Error(
    `where ${ref} points now cannot be read (${why.join('; ')}), so whether this run's tags may move cannot be told, and no tag moved. Give the action a github-token that can read the repository (permissions: contents: read)${checkout ? ', or a checkout whose origin has the ref' : ''}.`
  )
}
