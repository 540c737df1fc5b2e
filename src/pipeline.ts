// inputs -> policy -> plan -> build -> publish -> report: the one pipeline behind the action and the command line.
// A leg (role build) stops after the build stage and hands its results on; a merge (role merge) starts at the
// publish stage from them; a single run (role all) does both. A dry run is the same pipeline on edges that record
// (system/dry-run.ts).
import type { SerializedBundle } from '@sigstore/bundle'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { imagetoolsBuilder, removeBuilder } from './build/builder.js'
import { checkBuildxVersion, checkDocker } from './build/preflight.js'
import { buildStage, checkToolset, fitToToolset, pushedDigests, throwIfAnyFailed, writtenTarballs } from './build/stage.js'
import { InputError, InputsRead, isRemoteContext, Settings } from './inputs/definitions.js'
import { decideSettings } from './inputs/stage.js'
import { makePlan, Plan, signsWhatItPublishes } from './plan/plan.js'
import { repositoryFacts } from './policy/auto.js'
import type { WorkflowEvent } from './policy/event.js'
import { eventCommit, runCommit } from './policy/commit.js'
import { followedRef, policyEvent } from './policy/event.js'
import { releaseTagsNeeded, TagPolicy, TagPolicyInput, tagPolicy } from './policy/tags.js'
import type { BuiltPlatform } from './publish/pushed-platforms.js'
import { emptyPublishRecord, publish } from './publish/stage.js'
import type { RefState } from './publish/tag-guard.js'
import { describePlan, describePublication } from './report/describe.js'
import { emptyTokenProblem } from './inputs/github-token.js'
import { Outputs, platformMetadata, plannedOutputs, publishedOutputs } from './report/outputs.js'
import type { RunReport } from './report/run-report.js'
import { throwIfCancelled } from './shared/cancel.js'
import type { CommandRunner } from './shared/command-runner.js'
import type { CommitComparer } from './shared/commits.js'
import { commandLine, Log } from './shared/log.js'
import { PLATFORM_SUFFIXES } from './shared/platforms.js'
import { DEFAULT_BASE_SECONDS, RetryPolicy } from './shared/retry.js'
import { legResults, mergeIntake, runIdentity } from './split/split.js'
import { writeResults } from './split/results.js'
import { assumeBuilt, DryRegistry, DryWorld, RecordingRunner } from './system/dry-run.js'
import { gitComparer, remoteRefHead } from './system/git.js'
import { gatherFacts } from './system/host-facts.js'
import { readReleaseTags } from './system/release-tags.js'
import { HttpRegistry } from './system/registry/client.js'
import { boundedRunner } from './system/runner.js'
import { checkTarballs } from './system/workspace-files.js'

export type { RunReport } from './report/run-report.js'

export interface PipelineContext {
  /** Runs every command but the builds: git, buildx create/rm/inspect/version/imagetools (bounded by command-timeout). */
  runner: CommandRunner
  /** Runs the builds, which a cancelled run stops. */
  buildRunner: CommandRunner
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  /** The workflow event in GitHub Actions; undefined on the command line, where `auto` means the seed's defaults. */
  event?: WorkflowEvent
  /** The repository's tags, asked when the tag policy needs the release order; the call is bounded by `timeoutSeconds`. */
  listTags?: (timeoutSeconds: number) => Promise<string[]>
  /** Ways to tell whether a tag's commit is newer than this run's (the GitHub API), each call bounded; git comes after. */
  comparers?: (timeoutSeconds: number) => CommitComparer[]
  /** Where a ref points now, by the GitHub API (`refs/heads/main` -> its commit); git's origin comes after. */
  refHead?: (ref: string, timeoutSeconds: number) => Promise<string>
  /** The github-token input, for the GitHub CLI that gives GitHub's Sigstore trusted root (sign: true). */
  githubToken?: string
  /** Records a Sigstore bundle with GitHub's attestations API and returns its id (sign: true). */
  recordAttestation?: (bundle: SerializedBundle, timeoutSeconds: number) => Promise<string>
  /** Receives the outputs as soon as they are known, and again when they change, so a failed run still has them. */
  setOutputs(outputs: Outputs): void
  /** Names a builder the run creates, for removal later (the action's post step, the CLI's exit). */
  removeBuilderLater(name: string): void
  /** Hides a value in every later log line (GitHub's masking); the CLI never prints secret values anyway. */
  maskSecret?(value: string): void
  /** Called once at the end, on success and on failure, with what happened (the job summary). */
  finish?(report: RunReport): Promise<void>
  signal?: AbortSignal
}

export async function runPipeline(inputs: InputsRead, context: PipelineContext): Promise<RunReport> {
  const report: RunReport = { decisions: [], builds: [], publish: emptyPublishRecord() }
  let tempDir: string | undefined
  try {
    await execute(inputs, context, report, (dir) => (tempDir = dir))
    return report
  } catch (error) {
    report.error = error as Error
    throw error
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true })
    await context.finish?.(report)
  }
}

/** The edges a run works through: the real ones, or for a dry run ones that record and ask nobody. */
interface Edges {
  log: Log
  /** Every command but the builds, bounded by command-timeout. */
  runner: CommandRunner
  buildRunner: CommandRunner
  /** A real runner, bounded, for what a dry run may still do: a registry login's credential helper is never asked by one. */
  bounded: CommandRunner
  dry?: { world: DryWorld; recording: RecordingRunner }
}

function edgesOf(settings: Settings, given: PipelineContext): Edges {
  const bounded = boundedRunner(given.runner, settings.commandTimeout, given.signal)
  if (!settings.dryRun) return { log: given.log, runner: bounded, buildRunner: given.buildRunner, bounded }
  const world = new DryWorld()
  const recording = new RecordingRunner(world, bounded)
  return { log: world.log(given.log), runner: recording, buildRunner: recording, bounded, dry: { world, recording } }
}

async function execute(inputs: InputsRead, given: PipelineContext, report: RunReport, usesTempDir: (dir: string) => void): Promise<void> {
  // inputs (and, for now, what auto decides from the event)
  const settings = await decideSettings(inputs, given, report.decisions)
  report.settings = settings
  const edges = edgesOf(settings, given)
  const { log, runner } = edges
  const { workspace, env, signal } = given
  // policy: every tag the run writes; a refusal is an input's, before any docker command.
  const policy = await decideTagPolicy(settings, given, edges, report)
  if (policy.skip) {
    log.notice(policy.skip)
    return
  }
  // Before any docker command: a run that is to sign must be able to (id-token: write).
  if (signsWhatItPublishes(settings) && !edges.dry) await (await import('./publish/sigstore.js')).requestIdToken(env, settings.commandTimeout * 1000)
  // The buildx version is read while git is asked about the checkout, so that the check costs no time of its own.
  const buildxVersion =
    settings.role === 'merge' ? undefined : edges.dry ? checkBuildxVersion(runner, log, env, { dryRun: true }) : checkDocker(runner, log, env)
  buildxVersion?.catch(() => undefined)

  // the run's commit, then the plan
  const facts = await gatherFacts(settings, workspace, env, runner)
  usesTempDir(facts.tempDir)
  const commit = runCommit({
    head: facts.head,
    ...eventCommit(given.event, env),
    remoteContext: isRemoteContext(settings.context),
    pushes: settings.outputType === 'registry' && !settings.dryRun,
    merge: settings.role === 'merge',
    allowOther: settings.allowOtherCommit
  })
  for (const note of commit.notes) log.info(note)
  if (commit.problem) throw new Error(commit.problem)
  report.commit = commit.commit
  let plan = makePlan(settings, { ...facts, gitSha: commit.commit, ...repositoryFacts(given.event) }, policy.tags)
  report.plan = plan
  if (plan.role !== 'merge') checkTarballs(plan.targets, workspace)
  for (const warning of plan.warnings) log.warning(warning)
  for (const notice of plan.notices) log.notice(notice)
  for (const line of [...plan.reproducibility.notes, ...describePlan(plan)]) log.info(line)

  // The outputs start with what the plan says, and then say only what the run did.
  const planned = plannedOutputs(plan, settings.resultsDir)
  const changed = (): void => {
    const current = report.plan ?? plan
    report.outputs = {
      ...planned,
      ...(settings.dryRun ? {} : { tarballs: writtenTarballs(report.builds, workspace) }),
      ...(current.lists.length > 0 ? publishedOutputs(current, report.publish.tags) : {}),
      metadata: platformMetadata(current.targets, report.builds, report.results, report.publish.platforms),
      attestations: report.publish.signed
    }
    given.setOutputs(report.outputs)
  }
  report.outputs = { ...planned, ...(settings.dryRun ? {} : { tags: [], tarballs: [] }) }
  given.setOutputs(report.outputs)

  const retry: RetryPolicy = { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: DEFAULT_BASE_SECONDS }
  const removeBuilderLater = edges.dry ? () => undefined : given.removeBuilderLater
  try {
    // build (a single run and a leg), or the legs' results (a merge)
    let built: BuiltPlatform[]
    let builder: string | undefined
    let runsAt = commit.commit
    if (plan.role === 'merge') {
      throwIfCancelled(signal, 'the results were not read, and nothing was published')
      const intake = await mergeIntake(settings, plan, runIdentity(env, commit.commit))
      report.results = intake.results
      // Outside GitHub a merge knows no commit of its own: its legs agreed on one (mergeIntake), and it is theirs.
      if (runsAt === '' && intake.results[0]?.commit) {
        runsAt = intake.results[0].commit
        report.commit = runsAt
        log.info(`commit: ${runsAt} (the one every leg built)`)
      }
      log.info(`The results of all ${intake.results.length} platforms are here and agree.`)
      changed()
      if (plan.lists.length === 0) {
        log.info(`output-type is ${settings.outputType}, so nothing is published.`)
        return
      }
      // imagetools assembles the lists.
      const buildx = edges.dry ? await checkBuildxVersion(runner, log, env, { dryRun: true }) : await checkDocker(runner, log, env)
      report.toolset = { buildx: buildx.version }
      if (!edges.dry) checkToolset(settings, report.toolset, log)
      plan = fitToToolset(plan, report.toolset, log)
      report.plan = plan
      builder = await imagetoolsBuilder(plan, { runner, log, env }, removeBuilderLater)
      built = intake.built
    } else {
      const buildContext = {
        runner,
        buildRunner: edges.buildRunner,
        log,
        workspace,
        env,
        signal,
        retry,
        removeBuilderLater,
        tempDir: facts.tempDir,
        dryRun: settings.dryRun
      }
      const outcome = await buildStage(plan, settings, buildxVersion ?? Promise.resolve({ line: '' }), buildContext, (builds, toolset, fitted) => {
        report.builds = builds
        report.toolset = toolset
        report.plan = fitted
        changed()
      })
      plan = outcome.plan
      throwIfCancelled(signal, 'the builds were stopped and no tag moved')
      throwIfAnyFailed(outcome.builds, plan.outputType === 'registry')
      if (plan.role === 'build') {
        report.results = legResults(settings, outcome.builds, (await (buildxVersion ?? Promise.resolve({ line: '' }))).line, runIdentity(env, commit.commit))
        if (!edges.dry) log.info(`Results for the merge: ${(await writeResults(settings.resultsDir, plan, report.results)).join(', ')}`)
        changed()
        return
      }
      if (plan.lists.length === 0) return
      const digests = pushedDigests(outcome.builds)
      built = plan.targets.map((target) => ({ targetId: target.id, digest: digests.get(target.id) ?? '', from: `the build of ${target.id}` }))
      builder = plan.builder.name
    }

    // publish
    const provenance = { commit: runsAt, source: facts.sourceUrl }
    // The tags of the run's ref follow it (a dry run asks no API: it takes this run's commit for the ref's head).
    const followed = followedRef(given.event)
    if (edges.dry) assumeBuilt(edges.dry.world, plan, built, provenance)
    const login = { env, runner: edges.bounded, timeoutSeconds: settings.commandTimeout, maskSecret: given.maskSecret }
    await publish(
      plan,
      built,
      provenance,
      {
        registry: edges.dry
          ? new DryRegistry(edges.dry.world)
          : new HttpRegistry({ host: plan.registryHost, insecure: plan.insecure, timeoutSeconds: settings.commandTimeout, retry, log, signal, login }),
        runner,
        log,
        cwd: workspace,
        env,
        signal,
        builder,
        comparers: edges.dry ? [] : [...(given.comparers?.(settings.commandTimeout) ?? []), gitComparer(runner, path.resolve(workspace, settings.context))],
        follow:
          followed === undefined
            ? undefined
            : edges.dry
              ? async () => ({ ref: followed, head: runsAt })
              : () => readRefHead(followed, given, runner, contextOf(settings, workspace), settings.commandTimeout),
        login,
        signing: edges.dry
          ? undefined
          : {
              choice: settings.sigstore,
              visibility: given.event?.payload.repository?.visibility,
              env,
              githubToken: given.githubToken,
              timeoutSeconds: settings.commandTimeout,
              recordAttestation: given.recordAttestation
            },
        changed
      },
      report.publish
    )
  } finally {
    if (report.plan) changed()
    if (edges.dry) await reportDryRun(edges.dry.recording, plan, report, log, env)
  }
}

/**
 * The tag policy's decision: every list tag the run writes, each with its rule, the aliases left where they are,
 * and what refuses the run. The repository's release tags are read only when the policy needs them and the run
 * publishes lists (a dry run reads them from git only: it asks no API).
 */
async function decideTagPolicy(settings: Settings, given: PipelineContext, edges: Edges, report: RunReport): Promise<TagPolicy> {
  const { log } = edges
  const version = report.decisions.find((d) => d.name === 'version')
  const input: TagPolicyInput = {
    event: policyEvent(given.event),
    version: { value: settings.version, source: version?.source ?? 'input', rule: version?.why ?? '' },
    tagLatest: settings.tagLatest,
    extraTags: settings.extraTags,
    release: settings.release,
    platformSuffixes: PLATFORM_SUFFIXES,
    publishes: settings.outputType === 'registry' && settings.role !== 'build'
  }
  const tokenProblem = edges.dry
    ? undefined
    : emptyTokenProblem(given.githubToken, {
        inWorkflow: given.event !== undefined,
        releaseTags: input.publishes && releaseTagsNeeded(input),
        movesTags: input.publishes,
        signs: signsWhatItPublishes(settings)
      })
  if (tokenProblem) throw new InputError([tokenProblem])
  if (input.publishes && releaseTagsNeeded(input)) {
    // A merge has no checkout as a rule, but git is asked wherever there is one.
    const contextDir = isRemoteContext(settings.context) ? undefined : path.resolve(given.workspace, settings.context)
    const read = await readReleaseTags({
      api: edges.dry ? undefined : given.listTags && (() => given.listTags?.(settings.commandTimeout) ?? Promise.resolve([])),
      runner: edges.bounded,
      dir: contextDir
    })
    if ('problem' in read && edges.dry) {
      log.info(
        `The repository's tags were not read (a dry run asks no API, and ${read.problem}): each alias is shown as it would move if ${settings.version} is the highest release of its line.`
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
  const policy = tagPolicy(input)
  if (policy.problems.length > 0) throw new InputError(policy.problems)
  for (const tag of policy.tags) {
    report.decisions.push({
      name: 'tag',
      value: tag.tag,
      source: tag.kind === 'version' ? (version?.source ?? 'input') : tag.kind === 'latest' && settings.tagLatest === 'auto' ? 'event' : 'input',
      why: tag.rule
    })
    log.info(`tag ${tag.tag}${tag.platformTags ? ' (and its platform tags)' : ''}: ${tag.rule}`)
  }
  for (const held of policy.held) {
    report.decisions.push({ name: 'not moved', value: held.tag, source: 'input', why: held.why })
    log.notice(`${held.tag} is asked for and stays where it is: ${held.why}`)
  }
  for (const note of policy.notes) log.info(note)
  return policy
}

/** The checkout, where there is one: the context in the workspace, for a run that builds (a merge has none). */
function contextOf(settings: Settings, workspace: string): string | undefined {
  return settings.role === 'merge' || isRemoteContext(settings.context) ? undefined : path.resolve(workspace, settings.context)
}

/** Where the run's ref points now: the GitHub API, else git's origin in the checkout; otherwise no tag may move. */
async function readRefHead(
  ref: string,
  given: PipelineContext,
  runner: CommandRunner,
  checkout: string | undefined,
  timeoutSeconds: number
): Promise<RefState> {
  const why: string[] = []
  if (given.refHead) {
    try {
      return { ref, head: await given.refHead(ref, timeoutSeconds) }
    } catch (error) {
      why.push(`the GitHub API: ${(error as Error).message}`)
    }
  } else {
    why.push('the GitHub API is not there (outside GitHub)')
  }
  if (checkout) {
    const head = await remoteRefHead(runner, checkout, ref)
    if (head) return { ref, head }
    why.push(`git ls-remote origin ${ref} in ${checkout} found nothing`)
  } else {
    why.push('there is no checkout whose origin git could ask (a merge job has none)')
  }
  throw new Error(
    `where ${ref} points now cannot be read (${why.join('; ')}), so whether this run's tags may move cannot be told, and no tag moved. Give the action a github-token that can read the repository (permissions: contents: read)${checkout ? ', or a checkout whose origin has the ref' : ''}.`
  )
}

/** What a dry run prints at its end: what it would publish, and every command it recorded, as a real run runs them. */
async function reportDryRun(recording: RecordingRunner, plan: Plan, report: RunReport, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  // The builder the action would make is removed afterwards (the post step), as a real run's is.
  if (plan.builder.create && plan.role !== 'merge') await removeBuilder(plan.builder.name, { runner: recording, log: { ...log, info: () => undefined }, env })
  for (const line of describePublication(report)) log.info(line)
  await log.group('Commands (dry run: none was run)', async () => {
    for (const { program, args } of recording.commands) log.info(commandLine(program, args))
  })
}

/** The bound on removing a builder: the clean-up of a cancelled or failed run must end too. */
export const CLEANUP_TIMEOUT_SECONDS = 60

/** Removes the builder a run created; shared by the action's post step and the command line's exit. */
export async function cleanUp(builderName: string | undefined, context: Pick<PipelineContext, 'runner' | 'log' | 'env'>): Promise<void> {
  if (builderName) await removeBuilder(builderName, { ...context, runner: boundedRunner(context.runner, CLEANUP_TIMEOUT_SECONDS) })
}
