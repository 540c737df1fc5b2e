// What `auto` means for `version`, `tag-latest` and `output-type`: decided from the workflow event that started
// the job, as Velero's hack/docker-push.sh decided it around `make container`. Pure, but for reading the event.
import { readFileSync } from 'node:fs'
import { MAX_TAG_LENGTH } from './references.js'
import { WINDOWS_VERSIONS } from './platforms.js'
import type { RawInputs } from './inputs.js'

export const AUTO = 'auto'

/** The longest platform suffix there is (`-windows-ltsc2022-amd64`), which every derived version must leave room for. */
const LONGEST_SUFFIX = Math.max(...WINDOWS_VERSIONS.map((v) => `-windows-${v}-amd64`.length))
export const MAX_DERIVED_VERSION = MAX_TAG_LENGTH - LONGEST_SUFFIX

export interface WorkflowEvent {
  name: string
  /** `refs/heads/x`, `refs/tags/v1`, `refs/pull/1/merge`. */
  ref: string
  baseRef: string
  actor: string
  repository: string
  payload: EventPayload
}

interface EventPayload {
  pull_request?: { head?: { repo?: { full_name?: string; fork?: boolean } | null }; base?: { ref?: string } }
  repository?: { full_name?: string }
  sender?: { login?: string }
}

/** The event of the running job, or undefined outside GitHub Actions (the command line). */
export function readWorkflowEvent(env: NodeJS.ProcessEnv): WorkflowEvent | undefined {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_EVENT_NAME) return undefined
  let payload: EventPayload = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload
    } catch {
      payload = {}
    }
  }
  return {
    name: env.GITHUB_EVENT_NAME,
    ref: env.GITHUB_REF ?? '',
    baseRef: env.GITHUB_BASE_REF || payload.pull_request?.base?.ref || '',
    actor: env.GITHUB_ACTOR ?? '',
    repository: env.GITHUB_REPOSITORY ?? payload.repository?.full_name ?? '',
    payload
  }
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']
const NEVER_PUSH_EVENTS = [...PULL_REQUEST_EVENTS, 'merge_group']
const PUBLISHING_EVENTS = ['push', 'workflow_dispatch', 'schedule', 'release']
const DEPENDABOT = 'dependabot[bot]'

export function isPullRequest(event: WorkflowEvent): boolean {
  return PULL_REQUEST_EVENTS.includes(event.name)
}

/** A pull request whose head is in another repository: its code is not the repository's and it has no secrets. */
export function isFork(event: WorkflowEvent): boolean {
  if (!isPullRequest(event)) return false
  const head = event.payload.pull_request?.head?.repo
  // GitHub gives no head repository when the fork has been deleted: still not the base repository's code.
  if (!head) return event.payload.pull_request !== undefined
  const base = event.payload.repository?.full_name ?? event.repository
  return head.fork === true || (head.full_name !== undefined && head.full_name !== base)
}

export function isDependabot(event: WorkflowEvent): boolean {
  return event.actor === DEPENDABOT || event.payload.sender?.login === DEPENDABOT
}

export function tagOfRef(ref: string): string | undefined {
  return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined
}

/**
 * Any text as a tag that still fits once the longest platform suffix is added: characters a tag cannot hold
 * become '-', a leading '.' or '-' goes, and the result is cut to length.
 */
export function sanitizeTag(text: string): string {
  const cleaned = text
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_DERIVED_VERSION)
    .replace(/[.-]+$/, '')
  return cleaned === '' ? 'unknown' : cleaned
}

export interface Decision {
  value: string
  /** The rule that chose the value, for the log. */
  rule: string
}

export function autoVersion(event: WorkflowEvent | undefined): Decision {
  if (!event) return { value: 'main', rule: 'not in GitHub Actions: the default, main' }
  if (isPullRequest(event)) {
    const base = event.baseRef || 'main'
    return { value: sanitizeTag(`${base}-container`), rule: `pull request into ${base}: <base branch>-container` }
  }
  const tag = tagOfRef(event.ref)
  if (tag !== undefined) return { value: sanitizeTag(tag), rule: `tag ${tag}: the tag` }
  const branch = event.ref.replace(/^refs\/(heads|pull)\//, '')
  if (/^release-/.test(branch)) {
    return { value: sanitizeTag(`${branch}-dev`), rule: `release branch ${branch}: <branch>-dev` }
  }
  return { value: sanitizeTag(branch || 'main'), rule: `${event.name} of ${branch || 'an unknown ref'}: the branch name` }
}

export function autoOutputType(event: WorkflowEvent | undefined, role = 'all'): Decision {
  // A split run cannot load into one machine's Docker; outside a workflow it pushes only when told to.
  if (!event && role !== 'all') return { value: 'tar', rule: `not in GitHub Actions, role ${role}: tar, which never pushes` }
  if (!event) return { value: 'docker', rule: 'not in GitHub Actions: the default, docker' }
  if (isDependabot(event)) return { value: 'tar', rule: 'triggered by Dependabot: build tarballs, never push' }
  if (NEVER_PUSH_EVENTS.includes(event.name)) {
    return { value: 'tar', rule: `${event.name} event: build tarballs, never push` }
  }
  if (PUBLISHING_EVENTS.includes(event.name)) return { value: 'registry', rule: `${event.name} event: publish` }
  return { value: 'tar', rule: `${event.name} event is not one that publishes: build tarballs` }
}

/** A release version `v1.2.3` (or `1.2.3`); pre-releases (`-rc.1`, alpha, beta) are not releases. */
export function releaseVersion(tag: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(tag)
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined
}

/** True when `tag` is a release and no release tag in `tags` is higher. */
export function isHighestRelease(tag: string, tags: string[]): boolean {
  const own = releaseVersion(tag)
  if (!own) return false
  return tags.every((other) => {
    const version = releaseVersion(other)
    if (!version) return true
    for (let i = 0; i < 3; i++) if (version[i] !== own[i]) return version[i] < own[i]
    return true
  })
}

export interface AutoResolution {
  inputs: RawInputs
  /** Which rule chose what, one line per `auto` input. */
  log: string[]
  warnings: string[]
}

/**
 * Replaces `auto` in the inputs by what the event implies, and turns an explicit `registry` on a fork pull
 * request into `tar` (it has no credentials, and its code must not be pushed). `listTags` is asked only on a tag push.
 */
export async function resolveAuto(
  raw: RawInputs,
  event: WorkflowEvent | undefined,
  listTags: () => Promise<string[]>
): Promise<AutoResolution> {
  const inputs = { ...raw }
  const log: string[] = []
  const warnings: string[] = []
  const isAuto = (name: string): boolean => inputs[name]?.trim() === AUTO

  if (isAuto('version')) {
    const decision = autoVersion(event)
    inputs.version = decision.value
    log.push(`version: ${decision.value} (${decision.rule})`)
  }
  if (isAuto('output-type')) {
    const decision = autoOutputType(event, inputs.role?.trim() || 'all')
    inputs['output-type'] = decision.value
    log.push(`output-type: ${decision.value} (${decision.rule})`)
  } else if (event && inputs['output-type']?.trim() === 'registry' && isFork(event)) {
    inputs['output-type'] = 'tar'
    warnings.push(
      'output-type registry was asked for, but this is a pull request from a fork: it has no registry credentials and its code must not be published. Building tarballs instead; nothing is pushed.'
    )
  }
  if (isAuto('tag-latest')) {
    const tag = event ? tagOfRef(event.ref) : undefined
    if (!event || tag === undefined || isPullRequest(event)) {
      inputs['tag-latest'] = 'false'
      log.push(`tag-latest: false (${event ? 'not a tag push' : 'not in GitHub Actions'})`)
    } else if (!releaseVersion(tag)) {
      inputs['tag-latest'] = 'false'
      log.push(`tag-latest: false (${tag} is not a release version vX.Y.Z; pre-releases never get latest)`)
    } else {
      let tags: string[]
      try {
        tags = await listTags()
      } catch (error) {
        throw new Error(
          `tag-latest is auto, so the repository's tags are needed to tell whether ${tag} is the newest release, but the GitHub API did not answer: ${(error as Error).message}. Check the github-token input, or set tag-latest to true or false.`
        )
      }
      const highest = isHighestRelease(tag, tags)
      inputs['tag-latest'] = String(highest)
      log.push(`tag-latest: ${highest} (${tag} ${highest ? 'is' : 'is not'} the highest release tag of ${tags.length})`)
    }
  }
  return { inputs, log, warnings }
}
