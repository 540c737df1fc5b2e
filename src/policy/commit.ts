// The run's commit, defined once: what the checkout holds (its HEAD), which must be the commit the event is about
// (GITHUB_SHA; on workflow_run, the triggering run's head_sha) for anything to be pushed. Every image's revision
// label, the GIT_SHA build argument, the check of a merge's images and the signed statements all name this commit.
// Pure: the caller reads HEAD and the event.
import type { RunContext } from '../system/github.js'

export interface CommitFacts {
  /** The checkout's HEAD; undefined when it could not be read (not a checkout, or git refused). */
  head?: string
  /** The commit the event is about; undefined outside GitHub Actions. */
  expected?: string
  /** Where `expected` comes from, for messages: `GITHUB_SHA`, `the workflow_run event's head_sha`. */
  expectedFrom: string
  /** The build context is a URL: there is no checkout whose HEAD could be read. */
  remoteContext: boolean
  /** The run pushes images (output-type registry, and not a dry run). */
  pushes: boolean
  /** The merge builds nothing and has no checkout: its commit is the event's, and its legs' must match it. */
  merge: boolean
  /** Input allow-other-commit: the workflow checked out another commit on purpose. */
  allowOther: boolean
}

export interface RunCommit {
  /** This run's commit; empty when it is not known (outside GitHub, no checkout). */
  commit: string
  /** The event's commit, when it differs from `commit` (allowed by allow-other-commit). */
  eventCommit?: string
  /** Lines for the log. */
  notes: string[]
  /** Why nothing may be pushed, when that is so. */
  problem?: string
  /**
   * The checkout holds another commit than the event's (or one git cannot read), not on purpose: nothing is pushed,
   * and its code is trusted no more than a fork's (policy/trust.ts).
   */
  untrusted?: boolean
}

const AS_A_FORK = 'no secret, no secret-looking build argument, no cache export'

export function runCommit(facts: CommitFacts): RunCommit {
  const { head, expected, expectedFrom } = facts
  if (facts.merge)
    return {
      commit: expected ?? '',
      notes: expected ? [`commit: ${expected} (${expectedFrom}; the merge has no checkout, and its legs must have built it)`] : []
    }
  if (facts.remoteContext) {
    return {
      commit: expected ?? '',
      notes: [
        `commit: ${expected ? `${expected} (${expectedFrom})` : 'unknown'}; the context is a URL, so no checkout's commit is read: the images are labelled with the event's commit`
      ]
    }
  }
  if (head === undefined) {
    if (expected === undefined)
      return { commit: '', notes: ['commit: unknown (the context is not a git checkout that git can read): the images carry no revision label'] }
    const problem = `the checkout's commit cannot be read (git rev-parse HEAD failed in the context: not a checkout, git missing, or a "dubious ownership" refusal), so this run cannot tell that it builds ${expectedFrom} ${expected}; nothing was pushed. Check out the repository (actions/checkout) before this step.`
    return facts.pushes
      ? { commit: '', notes: [], problem }
      : {
          commit: expected,
          untrusted: true,
          notes: [
            `commit: ${expected} (${expectedFrom}); the checkout's own commit could not be read, so its code is trusted no more than a fork's: ${AS_A_FORK}`
          ]
        }
  }
  if (expected === undefined || head === expected)
    return { commit: head, notes: [`commit: ${head} (the checkout's HEAD${expected ? `, ${expectedFrom}` : ''})`] }
  if (facts.allowOther) {
    return {
      commit: head,
      eventCommit: expected,
      notes: [
        `commit: ${head}, the checkout's HEAD, not ${expectedFrom} ${expected}: allow-other-commit is true, so the images, the log and the signed statements name the checkout's commit (and the event's)`
      ]
    }
  }
  const problem = `the checkout holds commit ${head}, but this run is for ${expectedFrom} ${expected}; nothing was pushed. Check out the event's commit (actions/checkout does by default), or, if this workflow checks out another commit on purpose (a dispatch that rebuilds a release tag, say), set allow-other-commit: true.`
  return facts.pushes
    ? { commit: head, notes: [], problem }
    : {
        commit: head,
        eventCommit: expected,
        untrusted: true,
        notes: [
          `commit: ${head}, the checkout's HEAD, not ${expectedFrom} ${expected}; nothing is pushed, so the build goes on, and its code is trusted no more than a fork's: ${AS_A_FORK} (allow-other-commit: true builds another commit on purpose)`
        ]
      }
}

/** The commit the event is about: GITHUB_SHA, or on workflow_run the triggering run's head. */
export function eventCommit(context: Pick<RunContext, 'event' | 'sha'>): Pick<CommitFacts, 'expected' | 'expectedFrom'> {
  const { event } = context
  const head = event?.payload.workflow_run?.head_sha
  if (event?.name === 'workflow_run' && typeof head === 'string' && head !== '') return { expected: head, expectedFrom: "the workflow_run event's head_sha" }
  return { expected: context.sha || undefined, expectedFrom: 'GITHUB_SHA' }
}
