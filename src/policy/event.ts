// The workflow event as the policy reads it: its name, ref and the payload fields the action uses, and who caused
// the run (a fork's pull request, Dependabot). Pure; system/workflow-event.ts reads it from the runner.
import type { PolicyEvent } from './tags.js'

export interface WorkflowEvent {
  name: string
  /** `refs/heads/x`, `refs/tags/v1`, `refs/pull/1/merge`. */
  ref: string
  baseRef: string
  actor: string
  repository: string
  payload: EventPayload
}

interface Repository {
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
  pull_request?: { number?: number; head?: { repo?: Repository | null; sha?: string }; base?: { ref?: string } }
  /** Of a workflow_run event: the run that triggered this one. */
  workflow_run?: {
    event?: string
    head_branch?: string | null
    head_sha?: string
    head_repository?: Repository | null
    pull_requests?: Array<{ number?: number }>
  }
  repository?: Repository
  sender?: { login?: string }
}

/** A string field of the payload, or '' for anything else. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '')
export const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined)

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']
export const NEVER_PUSH_EVENTS = [...PULL_REQUEST_EVENTS, 'merge_group']
export const PUBLISHING_EVENTS = ['push', 'workflow_dispatch', 'schedule', 'release']
const DEPENDABOT = 'dependabot[bot]'

export function isPullRequest(event: WorkflowEvent): boolean {
  return PULL_REQUEST_EVENTS.includes(event.name)
}

/** A repository other than the base one: a fork, another name, or gone (GitHub gives none for a deleted fork). */
function isOtherRepository(head: Repository | null | undefined, event: WorkflowEvent): boolean {
  if (!head) return true
  const base = text(event.payload.repository?.full_name) || event.repository
  return head.fork === true || (typeof head.full_name === 'string' && head.full_name !== base)
}

/**
 * A run caused by a fork's pull request: its code is not the repository's, and it must publish nothing and get no
 * secret. A pull request (or pull_request_target) whose head is in another repository, or a workflow_run triggered
 * by such a pull request or by any run of a fork.
 */
export function isFork(event: WorkflowEvent): boolean {
  if (isPullRequest(event)) return event.payload.pull_request !== undefined && isOtherRepository(event.payload.pull_request.head?.repo, event)
  const run = event.payload.workflow_run
  if (event.name !== 'workflow_run' || !run) return false
  if (run.head_repository?.fork === true) return true
  return PULL_REQUEST_EVENTS.includes(text(run.event)) && isOtherRepository(run.head_repository, event)
}

export function isDependabot(event: WorkflowEvent): boolean {
  return event.actor === DEPENDABOT || event.payload.sender?.login === DEPENDABOT
}

/** What the tag policy needs of the event: its name, ref and, for a `release` event, its activity and pre-release mark. */
export function policyEvent(event: WorkflowEvent | undefined): PolicyEvent | undefined {
  if (!event) return undefined
  const release = event.name === 'release' ? { action: text(event.payload.action), prerelease: event.payload.release?.prerelease === true } : undefined
  return { name: event.name, ref: event.ref, ...(release ? { release } : {}) }
}

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
