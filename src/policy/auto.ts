// What `auto` means for `version` and `output-type`: decided from the workflow event that started the job, as
// Velero's hack/docker-push.sh decided it around `make container`, and only from what the event says; and what a
// run caused by a fork's pull request may push (nothing). `latest`, aliases and extra tags are the tag policy's
// (tags.ts). Pure.
import { createHash } from 'node:crypto'
import { MAX_TAG_LENGTH, checkTag } from '../shared/references.js'
import { PLATFORM_SUFFIXES, WINDOWS_VERSIONS } from '../shared/platforms.js'
import { AUTO, INPUTS, Settings } from '../inputs/definitions.js'
import type { OutputType } from '../shared/platforms.js'
import { text, WorkflowEvent } from '../system/github.js'
import { isDependabot, isFork, isPullRequest, NEVER_PUSH_EVENTS, number, PUBLISHING_EVENTS } from './event.js'
import { isReleaseShaped, platformSuffixOf } from './tags.js'

/** The longest platform suffix there is (`-windows-ltsc2022-amd64`), which every derived version must leave room for. */
const LONGEST_SUFFIX = Math.max(...WINDOWS_VERSIONS.map((v) => `-windows-${v}-amd64`.length))
export const MAX_DERIVED_VERSION = MAX_TAG_LENGTH - LONGEST_SUFFIX

export function tagOfRef(ref: string): string | undefined {
  return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined
}

/**
 * Any text as a tag that still fits once the longest platform suffix is added: characters a tag cannot hold
 * become '-', a leading '.' or '-' goes, and the result is cut to `length`.
 */
export function sanitizeTag(text: string, length = MAX_DERIVED_VERSION): string {
  const cleaned = text
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, length)
    .replace(/[.-]+$/, '')
  return cleaned === '' ? 'unknown' : cleaned
}

/** GHCR shows at most 512 characters of a description. */
const MAX_DESCRIPTION = 512

/** The repository's description and SPDX license, as the event carries them, each only when it is one. */
export function repositoryFacts(event: WorkflowEvent | undefined): { description?: string; licenses?: string } {
  const repository = event?.payload.repository
  const description = text(repository?.description).replace(/\s+/g, ' ').trim().slice(0, MAX_DESCRIPTION)
  const license = text(repository?.license?.spdx_id)
  return {
    ...(description ? { description } : {}),
    ...(/^[A-Za-z0-9.+-]{1,64}$/.test(license) && license !== 'NOASSERTION' ? { licenses: license } : {})
  }
}

const HASH_LENGTH = 12
/** The ending of a version made from a branch name that needed cleaning: `-` and 12 hex digits of the raw name. */
const HASHED_ENDING = new RegExp(`-[0-9a-f]{${HASH_LENGTH}}$`)

/** A value `auto` decided, and the rule that chose it, for the log. */
export interface AutoValue {
  value: string
  reason: string
}

/**
 * The version of a branch. A name that is a tag as it is keeps it (`main`; `release-X` gets `-dev`:
 * `release-1.16-dev`); another is cleaned and gets the first 12 hex digits of the sha256 of the raw name, so that
 * `feature/x` and `feature-x` never share a tag; so does one that ends as a platform tag does (`main-linux-amd64`,
 * whose list would replace main's platform tag). A version that would be `latest` or release-shaped is refused: a
 * branch push must never move a release's tag. Distinct branches never get the same version (a property test says
 * so).
 */
export function branchVersion(branch: string): AutoValue {
  const release = branch.startsWith('release-')
  const wanted = release ? `${branch}-dev` : branch
  const rule = release ? `release branch ${branch}: <branch>-dev` : `branch ${branch}: the branch name`
  // A name that ends as a platform tag does (`main-linux-amd64`) would take that tag from another version's list.
  const clean =
    checkTag(wanted) === undefined &&
    wanted.length <= MAX_DERIVED_VERSION &&
    !HASHED_ENDING.test(wanted) &&
    platformSuffixOf(wanted, PLATFORM_SUFFIXES) === undefined
  const hash = createHash('sha256').update(branch).digest('hex').slice(0, HASH_LENGTH)
  const value = clean ? wanted : `${sanitizeTag(wanted, MAX_DERIVED_VERSION - HASH_LENGTH - 1)}-${hash}`
  if (value.toLowerCase() === 'latest' || isReleaseShaped(value)) {
    throw new Error(
      `version is auto, and the branch '${branch}' would give the version '${value}', which ${value.toLowerCase() === 'latest' ? 'is the latest tag' : 'has the shape of a release version (v1.2.3, 1.2, v1.2.3-rc.1, v1)'}: a branch push must never move a release's tags, so nothing was built. Rename the branch, or set the version input for it (for example version: branch-${sanitizeTag(branch, 40)}).`
    )
  }
  return { value, reason: clean ? rule : `${rule}, cleaned, with the first ${HASH_LENGTH} hex digits of its sha256 so that no other branch shares it` }
}

/** The version of a run caused by a fork's pull request: never a branch of the base repository. */
function forkVersion(event: WorkflowEvent): AutoValue {
  const run = event.payload.workflow_run
  const pullRequest = pullRequestNumber(event) ?? number(run?.pull_requests?.[0]?.number)
  if (pullRequest !== undefined) return { value: `pr-${pullRequest}`, reason: `pull request #${pullRequest} from a fork: pr-<number>` }
  const sha = /^[0-9a-f]{40}$/.exec(text(run?.head_sha) || text(event.payload.pull_request?.head?.sha))?.[0]
  if (sha) return { value: `fork-${sha.slice(0, 12)}`, reason: `a fork's commit ${sha} (the event names no pull request): fork-<commit>` }
  throw new Error(
    `version is auto, but this ${event.name} run was caused by a fork and its event names neither the pull request nor the commit; set the version input`
  )
}

/** The number of a pull request event, when it names one. */
export function pullRequestNumber(event: WorkflowEvent): number | undefined {
  return number(event.payload.pull_request?.number) ?? number(event.payload.number)
}

/**
 * The version `auto` gives: from the event, as Velero's hack/docker-push.sh gives it; a pull request that publishes
 * (`output-type: registry`, from the same repository) gets `pr-<number>`, shared with no other pull request.
 */
export function autoVersion(event: WorkflowEvent | undefined, outputType: OutputType = 'tar'): AutoValue {
  if (!event) return { value: 'main', reason: 'not in GitHub Actions: the default, main' }
  if (isFork(event)) return forkVersion(event)
  if (isPullRequest(event)) {
    const pullRequest = pullRequestNumber(event)
    if (outputType === 'registry' && pullRequest !== undefined)
      return { value: `pr-${pullRequest}`, reason: `pull request #${pullRequest} that publishes: pr-<number>` }
    const base = event.baseRef || 'main'
    return { value: sanitizeTag(`${base}-container`), reason: `pull request into ${base}: <base branch>-container` }
  }
  if (event.name === 'workflow_run') {
    const branch = text(event.payload.workflow_run?.head_branch)
    if (!branch) throw new Error('version is auto, but this workflow_run event names no branch of the run that triggered it; set the version input')
    return withRule(branchVersion(branch), `workflow_run of ${branch}`)
  }
  const tag = tagOfRef(event.ref)
  if (tag !== undefined) return { value: sanitizeTag(tag), reason: `tag ${tag}: the tag` }
  const branch = event.ref.replace(/^refs\/(heads|pull)\//, '')
  if (!branch) throw new Error(`version is auto, but this ${event.name} event gives no ref (GITHUB_REF is empty); set the version input`)
  return withRule(branchVersion(branch), `${event.name} of`)
}

const withRule = (decided: AutoValue, prefix: string): AutoValue => ({ value: decided.value, reason: `${prefix} ${decided.reason}` })

export function autoOutputType(event: WorkflowEvent | undefined, role = 'all'): AutoValue & { value: OutputType } {
  // A split run cannot load into one machine's Docker; outside a workflow it pushes only when told to.
  if (!event && role !== 'all') return { value: 'tar', reason: `not in GitHub Actions, role ${role}: tar, which never pushes` }
  if (!event) return { value: 'docker', reason: 'not in GitHub Actions: the default, docker' }
  if (isFork(event)) return { value: 'tar', reason: `${event.name} caused by a fork's pull request: build tarballs, never push` }
  if (isDependabot(event)) return { value: 'tar', reason: 'triggered by Dependabot: build tarballs, never push' }
  if (NEVER_PUSH_EVENTS.includes(event.name)) {
    return { value: 'tar', reason: `${event.name} event: build tarballs, never push` }
  }
  if (PUBLISHING_EVENTS.includes(event.name)) return { value: 'registry', reason: `${event.name} event: publish` }
  return { value: 'tar', reason: `${event.name} event is not one that publishes: build tarballs` }
}

/** Where a decided value came from. */
export type Source = 'event' | 'input' | 'default'

/** A value that decides what the run publishes, and why it is what it is. */
export interface Decision {
  name: 'version' | 'output-type' | 'push' | 'tag' | 'not moved'
  value: string
  source: Source
  /** Why: the event's rule, or the input as given. */
  reason: string
}

/** One line of the log and the job summary: `version: v1.16.0 (from the event: tag v1.16.0: the tag)`. */
export function describeDecision(decision: Decision): string {
  const from = { event: 'from the event', input: 'from the input', default: 'the default' }[decision.source]
  return `${decision.name}: ${decision.value} (${from}${decision.reason ? `: ${decision.reason}` : ''})`
}

/** Whether the run pushes anything, from the output type, the role and the dry run, with the output type's source. */
export function pushDecision(settings: { outputType: string; role: string; dryRun: boolean }, outputTypeSource: Source): Decision {
  const decided = (value: string, reason: string): Decision => ({ name: 'push', value, source: outputTypeSource, reason })
  if (settings.outputType !== 'registry') return decided('no', `output-type ${settings.outputType}`)
  if (settings.dryRun) return decided('no', 'a dry run')
  if (settings.role === 'build') return decided('yes', "output-type registry, role build: this leg's images, by digest only; the merge moves the tags")
  if (settings.role === 'merge') return decided('yes', 'output-type registry, role merge: the platform tags, then the lists')
  return decided('yes', 'output-type registry: the images by digest, then the platform tags, then the lists')
}

/** The settings with `auto` decided. */
export type DecidedSettings = Omit<Settings, 'outputType'> & { outputType: OutputType }

export interface AutoDecisions {
  settings: DecidedSettings
  /** version and output-type as decided, each with where it came from. */
  decisions: Decision[]
  warnings: string[]
  notices: string[]
}

/**
 * Why a run of this event never pushes, whatever output-type says; undefined for one that may: a fork's code (its
 * pull request, or a workflow_run it triggered), pull_request_target and merge_group (the base repository's
 * context, running code nobody has merged), and Dependabot's runs.
 */
export function neverPushes(event: WorkflowEvent | undefined): string | undefined {
  if (!event) return undefined
  if (isFork(event)) return `this ${event.name} run was caused by a pull request from a fork: it has no registry credentials and its code must not be published`
  if (isDependabot(event)) return `this ${event.name} run was triggered by Dependabot, whose runs publish nothing`
  if (event.name === 'pull_request_target' || event.name === 'merge_group')
    return `a ${event.name} run builds code nobody has merged yet, and publishes nothing`
  return undefined
}

/**
 * Replaces `auto` in the settings by what the event implies, and turns an explicit `registry` on a run that never
 * pushes (neverPushes) into `tar`: a warning for a fork's code, a notice for the others.
 */
export function decideAuto(settings: Settings, event: WorkflowEvent | undefined): AutoDecisions {
  const decisions: Decision[] = []
  const warnings: string[] = []
  const notices: string[] = []
  const source = (name: 'version' | 'output-type'): Source => (settings.given.includes(name) ? 'input' : 'default')
  let outputType: OutputType
  let outputDecision: Decision
  const never = neverPushes(event)
  if (settings.outputType === AUTO) {
    const decided = autoOutputType(event, settings.role)
    outputType = decided.value
    outputDecision = { name: 'output-type', value: decided.value, source: 'event', reason: decided.reason }
  } else if (never && settings.outputType === 'registry') {
    outputType = 'tar'
    outputDecision = { name: 'output-type', value: 'tar', source: 'event', reason: `registry was asked for, but ${never}` }
    const said = `output-type registry was asked for, but ${never}. Building tarballs instead; nothing is pushed.`
    if (event && isFork(event)) warnings.push(said)
    else notices.push(said)
  } else {
    outputType = settings.outputType
    outputDecision = { name: 'output-type', value: outputType, source: source('output-type'), reason: '' }
  }
  let version = settings.version
  if (version === AUTO) {
    const decided = autoVersion(event, outputType)
    version = decided.value
    decisions.push({ name: 'version', value: decided.value, source: 'event', reason: decided.reason })
  } else {
    decisions.push({
      name: 'version',
      value: version || (INPUTS.find((input) => input.name === 'version')?.default ?? ''),
      source: source('version'),
      reason: ''
    })
  }
  decisions.push(outputDecision)
  return { settings: { ...settings, version, outputType }, decisions, warnings, notices }
}
