// The policy stage: every decision about tags and trust, from the settings and the facts read through the ports, each
// logged with its source and reason. `auto` decided from the event; what a run of a fork's code may have (no
// secret, no cache trusted builds read, nothing pushed); the run's commit; every list tag the run writes (the
// version, latest, aliases, extra tags), with the repository's release order read where the policy needs it; and,
// for a run that signs, its OIDC token, checked before any docker command. What a tag holds when it moves is judged
// later, by the tag guard (tag-guard.ts), which the publish stage asks just before it moves.
import { InputError, isRemoteContext, Settings } from '../inputs/definitions.js'
import { PLATFORM_SUFFIXES } from '../shared/platforms.js'
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

/** `auto` decided, and what a fork's code may not have withheld; a refusal is an input's. */
function decideTrust(settings: Settings, ports: Pick<Ports, 'github' | 'workspace' | 'log'>): { settings: DecidedSettings; decisions: Decision[] } {
  const { log } = ports
  const { event } = ports.github.context
  const auto = decideAuto(settings, event)
  for (const decision of auto.decisions) log.info(describeDecision(decision))
  for (const warning of auto.warnings) log.warning(warning)
  const fork = event !== undefined && isFork(event)
  const baseScope = fork && (event?.name === 'pull_request_target' || event?.name === 'workflow_run')
  const trusted = withholdFromFork(auto.settings, { fork, baseScope }, ports.workspace.root)
  for (const warning of trusted.warnings) log.warning(warning)
  const problems = provenanceProblems(trusted.settings)
  if (problems.length > 0) throw new InputError(problems)
  const push = pushDecision(trusted.settings, auto.decisions.find((d) => d.name === 'output-type')?.source ?? 'default')
  log.info(describeDecision(push))
  return { settings: trusted.settings, decisions: [...auto.decisions, push] }
}

/**
 * Every list tag the run writes, with its rule, the aliases left where they are, and what refuses the run. The
 * repository's release tags are read only when the policy needs them and the run publishes lists.
 */
async function decideTags(
  settings: DecidedSettings,
  version: Decision | undefined,
  ports: Pick<Ports, 'github' | 'git' | 'workspace' | 'log'>
): Promise<{ tags: TagPolicy; decisions: Decision[] }> {
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
      input.releaseTags = read.tags
      log.info(`The repository's tags (${read.tags.length}, from ${read.from}) decide the release order.`)
    }
  }
  const tags = tagPolicy(input)
  if (tags.skip) throw new NothingToDo(tags.skip)
  if (tags.problems.length > 0) throw new InputError(tags.problems)
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
  return { tags, decisions }
}

export async function decidePolicy(given: Settings, ports: Ports): Promise<Policy> {
  const { log, github } = ports
  const trust = decideTrust(given, ports)
  const { settings } = trust
  const tagging = await decideTags(
    settings,
    trust.decisions.find((d) => d.name === 'version'),
    ports
  )
  // Before any docker command: a run that is to sign must be able to (id-token: write).
  if (signsWhatItPublishes(settings)) await github.idToken('sigstore', settings.commandTimeout * 1000)
  const facts = await readRunFacts(settings, ports)
  const commit = runCommit({
    ...(facts.head ? { head: facts.head } : {}),
    ...eventCommit(github.context),
    remoteContext: isRemoteContext(settings.context),
    pushes: settings.outputType === 'registry' && !settings.dryRun,
    merge: settings.role === 'merge',
    allowOther: settings.allowOtherCommit
  })
  for (const note of commit.notes) log.info(note)
  if (commit.problem) throw new Error(commit.problem)
  const followed = followedRef(github.context.event)
  return { settings, decisions: [...trust.decisions, ...tagging.decisions], commit, tags: tagging.tags, ...(followed ? { followedRef: followed } : {}), facts }
}
