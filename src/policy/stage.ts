// The policy stage: every decision about tags and trust, from the settings and the facts read through the ports, each
// logged with its source and reason. `auto` decided from the event; what a run of a fork's code may have (no
// secret, no cache trusted builds read, nothing pushed); the run's commit; every list tag the run writes (the
// version, latest, aliases, extra tags), with the repository's release order read where the policy needs it; and,
// for a run that signs, its OIDC token, checked before any docker command. What a tag holds when it moves is judged
// later, by the tag guard (tag-guard.ts), which the publish stage asks just before it moves.
import { InputError, isRemoteContext, Settings } from '../inputs/definitions.js'
import { PLATFORM_SUFFIXES, platformSuffix, selectPlatforms } from '../shared/platforms.js'
import { cacheProblems } from './caches.js'
import { jobIdentity } from './job-identity.js'
import { StageFailure } from '../shared/stage-failure.js'
import type { RepositoryTag } from '../system/github.js'
import type { Ports } from '../system/ports.js'
import { DecidedSettings, Decision, decideAuto, describeDecision, pushDecision } from './auto.js'
import { eventCommit, RunCommit, runCommit } from './commit.js'
import { isFork, policyEvent } from './event.js'
import { checkoutOf, readRunFacts, RunFacts } from './facts.js'
import { followedRef } from './follow-ref.js'
import { emptyTokenProblem } from './github-token.js'
import { readReleaseTags } from './release-tags.js'
import { releaseTagsNeeded, TagPolicy, TagPolicyInput, tagPolicy } from './tags.js'
import { provenanceProblems, withholdFromFork } from './trust.js'

export interface Policy {
  /** The settings as the run uses them: `auto` decided, and what a fork's run may not have withheld. */
  settings: DecidedSettings
  /** version, output-type, push and every tag, each with its source and reason: for the log and the summary. */
  decisions: Decision[]
  /** The run's commit (and the event's, where the checkout holds another on purpose). */
  commit: RunCommit
  /** Every list tag the run writes, each with its rule; the aliases left where they are. */
  tags: TagPolicy
  /** The ref the run's tags follow; undefined where there is none (outside GitHub, a pull request). */
  followedRef?: string
  /**
   * This run's release, and the repository's tags as read at the start (with their commits): what the aliases are
   * placed against when they move (tag-guard.ts). Undefined on a run that moves no alias.
   */
  releaseOrder?: { release: string; tags?: RepositoryTag[] }
  /** The checkout, this machine and the time, for the plan. */
  facts: RunFacts
}

/** A run that has nothing to do (a release event that publishes nothing): it ends well, having built nothing. */
export class NothingToDo extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NothingToDo'
  }
}

/** A run signs what it publishes: lists and their images, so not a leg (its merge signs) nor an unpublished build. */
export function signsWhatItPublishes(settings: Pick<DecidedSettings, 'sign' | 'outputType' | 'role'>): boolean {
  return settings.sign && settings.outputType === 'registry' && settings.role !== 'build'
}

/**
 * What the run's code may have: a fork's code (isFork), or a checkout that is not the event's commit (runCommit's
 * `untrusted`), whatever the event, gets no secret, no secret-looking build argument and no cache export; a refusal
 * is an input's.
 */
function decideTrust(
  settings: DecidedSettings,
  commit: RunCommit,
  outputSource: Decision['source'],
  ports: Pick<Ports, 'github' | 'workspace' | 'log'>
): { settings: DecidedSettings; decisions: Decision[] } {
  const { log } = ports
  const { event } = ports.github.context
  const forkCode = event !== undefined && isFork(event)
  const fork = forkCode || commit.untrusted === true
  // A fork's pull_request has a cache scope of its own; every other run reads and writes the base repository's.
  const baseScope = fork && event?.name !== 'pull_request'
  const origin = forkCode
    ? { fork, baseScope }
    : { fork, baseScope, code: `a commit the event is not about (${commit.commit || 'its checkout unreadable'})`, secretsAllowed: false }
  const trusted = withholdFromFork(settings, origin, ports.workspace.root)
  for (const warning of trusted.warnings) log.warning(warning)
  const problems = provenanceProblems(trusted.settings)
  if (problems.length > 0) throw new InputError(problems)
  const push = pushDecision(trusted.settings, outputSource)
  log.info(describeDecision(push))
  return { settings: trusted.settings, decisions: [push] }
}

/**
 * Every list tag the run writes, with its rule, the aliases left where they are, and what refuses the run. The
 * repository's release tags are read only when the policy needs them and the run publishes lists.
 */
async function decideTags(
  settings: DecidedSettings,
  version: Decision | undefined,
  ports: Pick<Ports, 'github' | 'git' | 'workspace' | 'log'>
): Promise<{ tags: TagPolicy; decisions: Decision[]; releaseTags?: RepositoryTag[] }> {
  let releaseTags: RepositoryTag[] | undefined
  const { log, github } = ports
  const input: TagPolicyInput = {
    event: policyEvent(github.context.event),
    version: { value: settings.version, source: version?.source ?? 'input', reason: version?.reason ?? '' },
    tagLatest: settings.tagLatest,
    extraTags: settings.extraTags,
    release: settings.release,
    platformSuffixes: PLATFORM_SUFFIXES,
    publishes: settings.outputType === 'registry' && settings.role !== 'build'
  }
  const tokenProblem = emptyTokenProblem(settings.githubToken, {
    inWorkflow: github.context.event !== undefined,
    releaseTags: input.publishes && releaseTagsNeeded(input),
    movesTags: input.publishes,
    signs: signsWhatItPublishes(settings)
  })
  if (tokenProblem) throw new InputError([tokenProblem])
  if (input.publishes && releaseTagsNeeded(input)) {
    // A merge has no checkout as a rule, but git is asked wherever there is one.
    const checkout = isRemoteContext(settings.context) ? undefined : checkoutOf({ ...settings, role: 'all' }, ports.workspace.root)
    const read = await readReleaseTags(github.api, ports.git, checkout)
    if ('unknown' in read) {
      log.info(
        `The repository's tags were not read (${read.unknown}): each alias is shown as it would move if ${settings.version} is the highest release of its line.`
      )
    } else if ('problem' in read) {
      throw new InputError([
        `the repository's tags are needed to tell whether ${settings.version} is the highest release of the lines it asks aliases of, but ${read.problem}. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the tags (actions/checkout with fetch-depth: 0).`
      ])
    } else {
      input.releaseTags = read.tags.map((tag) => tag.name)
      releaseTags = read.tags
      log.info(`The repository's tags (${read.tags.length}, from ${read.from}) decide the release order.`)
    }
  }
  const tags = tagPolicy(input)
  if (tags.skip) throw new NothingToDo(tags.skip)
  const runSuffixes = selectPlatforms(settings.os, settings.arch, settings.windowsVersions).map(platformSuffix)
  const problems = [...tags.problems, ...cacheProblems(settings, tags.tags, PLATFORM_SUFFIXES, runSuffixes)]
  if (problems.length > 0) throw new InputError(problems)
  const decisions: Decision[] = []
  for (const tag of tags.tags) {
    const source = tag.kind === 'version' ? (version?.source ?? 'input') : tag.kind === 'latest' && settings.tagLatest === 'auto' ? 'event' : 'input'
    decisions.push({ name: 'tag', value: tag.tag, source, reason: tag.reason })
    log.info(`tag ${tag.tag}${tag.platformTags ? ' (and its platform tags)' : ''}: ${tag.reason}`)
  }
  for (const held of tags.held) {
    decisions.push({ name: 'not moved', value: held.tag, source: 'input', reason: held.reason })
    log.notice(`${held.tag} is asked for and stays where it is: ${held.reason}`)
  }
  for (const note of tags.notes) log.info(note)
  return { tags, decisions, ...(releaseTags ? { releaseTags } : {}) }
}

/**
 * The policy of the run. When it refuses the run, the failure carries the decisions made so far (a StageFailure
 * whose partial is `{ decisions }`), so that the job summary still says what was decided and from what.
 */
export async function decidePolicy(given: Settings, ports: Ports): Promise<Policy> {
  const decisions: Decision[] = []
  try {
    return await decide(given, ports, decisions)
  } catch (error) {
    throw new StageFailure(error as Error, { decisions })
  }
}

async function decide(given: Settings, ports: Ports, decisions: Decision[]): Promise<Policy> {
  const { log, github } = ports
  const auto = decideAuto(given, github.context.event)
  decisions.push(...auto.decisions)
  for (const decision of auto.decisions) log.info(describeDecision(decision))
  for (const warning of auto.warnings) log.warning(warning)
  for (const notice of auto.notices) log.notice(notice)
  const facts = await readRunFacts(auto.settings, ports)
  const commit = runCommit({
    ...(facts.head ? { head: facts.head } : {}),
    ...eventCommit(github.context),
    remoteContext: isRemoteContext(auto.settings.context),
    pushes: auto.settings.outputType === 'registry' && !auto.settings.dryRun,
    merge: auto.settings.role === 'merge',
    allowOther: auto.settings.allowOtherCommit
  })
  for (const note of commit.notes) log.info(note)
  if (commit.problem) throw new Error(commit.problem)
  const trust = decideTrust(auto.settings, commit, auto.decisions.find((d) => d.name === 'output-type')?.source ?? 'default', ports)
  decisions.push(...trust.decisions)
  const { settings } = trust
  const tagging = await decideTags(
    settings,
    auto.decisions.find((d) => d.name === 'version'),
    ports
  )
  decisions.push(...tagging.decisions)
  // Before any docker command: a run that is to sign must be able to (id-token: write), as a job its token names.
  if (signsWhatItPublishes(settings)) jobIdentity(await github.idToken('sigstore', settings.commandTimeout * 1000), github.context)
  const followed = followedRef(github.context.event)
  return {
    settings,
    decisions,
    commit,
    tags: tagging.tags,
    ...(followed ? { followedRef: followed } : {}),
    ...(tagging.tags.tags.some((tag) => !tag.followsRef)
      ? { releaseOrder: { release: settings.version, ...(tagging.releaseTags ? { tags: tagging.releaseTags } : {}) } }
      : {}),
    facts
  }
}
