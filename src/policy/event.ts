// Who caused the run, as the workflow event tells (a fork's pull request, Dependabot), and what the tag policy needs
// of the event. Pure; system/github.ts reads the event from the runner.
import { EventRepository, text, WorkflowEvent } from '../system/github.js'
import type { PolicyEvent } from './tags.js'

export const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined)

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']
export const NEVER_PUSH_EVENTS = [...PULL_REQUEST_EVENTS, 'merge_group']
export const PUBLISHING_EVENTS = ['push', 'workflow_dispatch', 'schedule', 'release']
const DEPENDABOT = 'dependabot[bot]'

export function isPullRequest(event: WorkflowEvent): boolean {
  return PULL_REQUEST_EVENTS.includes(event.name)
}

/** A repository other than the base one: a fork, another name, or gone (GitHub gives none for a deleted fork). */
function isOtherRepository(head: EventRepository | null | undefined, event: WorkflowEvent): boolean {
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
  const pullRequest = event.name === 'pull_request' && !isFork(event) ? (number(event.payload.pull_request?.number) ?? number(event.payload.number)) : undefined
  return { name: event.name, ref: event.ref, ...(release ? { release } : {}), ...(pullRequest !== undefined ? { pullRequest } : {}) }
}
