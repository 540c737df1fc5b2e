// The event of the running job, read from the runner's environment and the event payload file it wrote.
import { readFileSync } from 'node:fs'
import { EventPayload, text, WorkflowEvent } from '../policy/event.js'

/** The event of the running job, or undefined outside GitHub Actions (the command line). */
export function readWorkflowEvent(env: NodeJS.ProcessEnv): WorkflowEvent | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_EVENT_NAME) return undefined
  let payload: EventPayload = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
      payload = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as EventPayload) : {}
    } catch {
      payload = {}
    }
  }
  return {
    name: env.GITHUB_EVENT_NAME,
    ref: env.GITHUB_REF ?? '',
    baseRef: env.GITHUB_BASE_REF || text(payload.pull_request?.base?.ref),
    actor: env.GITHUB_ACTOR ?? '',
    repository: env.GITHUB_REPOSITORY || text(payload.repository?.full_name),
    payload
  }
}
