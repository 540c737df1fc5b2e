// inputs -> plan -> build -> publish -> report: the one pipeline behind both the action and the command line.
import { which } from '@actions/io'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BuildResult, runBuilds } from './build/run-builds.js'
import { BuilderFacts, createBuilder, inspectBuilder, removeBuilder } from './build/builder.js'
import { BuildxVersion, checkBuildxVersion } from './build/buildx-version.js'
import { watchCpus } from './build/cpu-monitor.js'
import { describeMergePreview, plannedCommands } from './report/dry-run.js'
import { gatherFacts } from './system/host-facts.js'
import { describeToolset, INDEX_ANNOTATIONS_BUILDX, Toolset, unsupportedFeatures } from './build/features.js'
import { formatVersion, isOlder, Version } from './shared/versions.js'
import { InputError, InputsRead, Settings } from './inputs/definitions.js'
import { commandTimeout, readSettings } from './inputs/settings.js'
import { checkFiles, checkTarballs } from './system/workspace-files.js'
import type { OperatingSystem } from './plan/platforms.js'
import { registryConfigBuilder, signsWhatItPublishes, makePlan, Plan, schedulesByLoad, withoutOptionalAnnotations } from './plan/plan.js'
import { assembleLists, makeManifestStore, PublishedList, PublishOptions, pushLists, TagGuard, throwIfCancelled, UncertainTag } from './publish/publish.js'
import type { SignedDigest } from './publish/sign-published.js'
import type { SerializedBundle } from '@sigstore/bundle'
import { assembleIndexes, IndexedPlatform, pushIndexes, readIndexedPlatform } from './publish/publish-index.js'
import { PlatformRecord, PlatformResult, writeResults } from './split/results.js'
import { checkIndexedResults, checkReportedOsVersions, legResults, mergeIntake, platformRecord, readPushedOsVersions, resultDigests, runIdentity } from './split/split.js'
import { commandLine, describePlan, Log, Outputs, plannedOutputs } from './report/report.js'
import { DEFAULT_BASE_SECONDS, RetryPolicy } from './shared/retry.js'
import { boundedRunner, CommandRunner } from './system/runner.js'
import { CommitComparer, decideTag, gitComparer, KeptTag } from './publish/revision-guard.js'
import { maskedParts, readSecretValues } from './inputs/secrets.js'
import { looksSecret, provenanceProblems, withholdFromFork } from './policy/trust.js'
import { DecidedValue, describeDecision, extraTagProblems, pushDecision, repositoryFacts, resolveAuto, WorkflowEvent } from './policy/auto.js'

export interface PipelineContext {
  /** Runs every command but the builds: git, buildx create/rm/inspect/version/imagetools, docker manifest (bounded by command-timeout). */
  runner: CommandRunner
  /** Runs the builds, which a cancelled run stops. */
  buildRunner: CommandRunner
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  /** The workflow event in GitHub Actions; undefined on the command line, where `auto` means the seed's defaults. */
  event?: WorkflowEvent
  /** The repository's tags, asked only for `tag-latest: auto` on a tag push; the call is bounded by `timeoutSeconds`. */
  listTags?: (timeoutSeconds: number) => Promise<string[]>
  /** Ways to tell whether a tag's commit is newer than this run's (the GitHub API), each call bounded; git comes after. */
  comparers?: (timeoutSeconds: number) => CommitComparer[]
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

/** What a run did, as far as it got. */
export interface RunReport {
  settings?: Settings
  /** version, tag-latest, output-type and push, as decided, with where each came from. */
  decisions: DecidedValue[]
  plan?: Plan
  builds: BuildResult[]
  /** The os.version of each Windows image, recorded by the stage that reads it from the registry. */
  osVersions: Map<string, string>
  published: PublishedList[]
  /** List tags left where they were, because they hold a newer commit. */
  kept: KeptTag[]
  /** List tags whose push ran out of time, with what they held when read again. */
  possiblyMoved: UncertainTag[]
  /** The legs' results a merge published from. */
  results?: PlatformResult[]
  /** Each platform's push as an OCI index takes it (its image, and attestation manifest), when the lists are OCI indexes. */
  indexed?: ReadonlyMap<string, IndexedPlatform>
  /** What the run signed, before any list tag moved (sign: true). */
  signed?: SignedDigest[]
  /** The buildx and BuildKit the run used, as far as it read them. */
  toolset?: Toolset
  outputs?: Outputs
  error?: Error
}

/** The systems whose Dockerfiles a run needs: the docker output builds this machine's Linux platform only. */
function builtSystems(settings: Settings): Set<OperatingSystem> {
  return new Set(settings.outputType === 'docker' ? ['linux'] : settings.os)
}

/**
 * Checks that this machine can run the action: a Linux runner, the docker CLI, and (unless `buildx` is false)
 * buildx 0.10 or later, whose version it returns.
 */
async function checkDocker(context: PipelineContext, buildx = true): Promise<BuildxVersion> {
  checkRunner(context.env)
  if (!(await which('docker', false))) {
    throw new Error('the docker CLI is not on PATH; the action runs docker buildx and docker manifest (GitHub-hosted Ubuntu runners have both)')
  }
  return buildx ? checkBuildxVersion(context.runner, context.log, context.env) : { line: '' }
}

/** Logs the toolset once and refuses, before any build, a setting it cannot do. */
function checkToolset(settings: Settings, toolset: Toolset, report: RunReport, log: Log): void {
  report.toolset = toolset
  log.info(`Using ${describeToolset(toolset)}`)
  if (toolset.builder && !toolset.builder.buildkit) {
    log.warning(`could not read the BuildKit version of builder ${toolset.builder.name} (docker buildx inspect names none): settings that need a newer BuildKit are not checked before the builds`)
  }
  const problems = unsupportedFeatures(settings, toolset)
  if (problems.length > 0) throw new InputError(problems)
}

/**
 * The plan the toolset can carry out: without the default index annotations (`default-annotations: auto`) when
 * buildx cannot set them, as before there were any. The stage and the report then hold this plan.
 */
function fitToToolset(stage: Stage, buildx: Version | undefined): Plan {
  const { plan } = stage
  if (plan.optionalAnnotations.length === 0 || !buildx || !isOlder(buildx, INDEX_ANNOTATIONS_BUILDX)) return plan
  stage.context.log.info(
    `buildx ${formatVersion(buildx)} cannot annotate an index (buildx ${formatVersion(INDEX_ANNOTATIONS_BUILDX)} can): the lists get no default annotations (${plan.optionalAnnotations.join(', ')})`
  )
  stage.plan = withoutOptionalAnnotations(plan)
  stage.report.plan = stage.plan
  return stage.plan
}

/** On GitHub, BuildKit runs on Linux runners only; Windows images are built from a Linux runner. */
function checkRunner(env: NodeJS.ProcessEnv): void {
  // Only a GitHub runner says what it is; elsewhere (Docker Desktop on a Mac, say) buildx may well work.
  const system = env.RUNNER_OS
  if (system === 'Windows' || system === 'macOS') {
    throw new Error(
      `this job runs on a ${system} runner, where BuildKit (docker buildx with the docker-container driver) does not run. Use a Linux runner (runs-on: ubuntu-latest): it builds the Windows images too.`
    )
  }
}

export async function runPipeline(inputs: InputsRead, context: PipelineContext): Promise<RunReport> {
  const report: RunReport = { decisions: [], builds: [], osVersions: new Map(), published: [], kept: [], possiblyMoved: [] }
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

/** Names the failed platforms first, then those fail-fast stopped, and repeats the end of each failed log. */
function throwIfAnyFailed(builds: BuildResult[]): void {
  const failed = builds.filter((build) => build.status === 'failed')
  if (failed.length === 0) return
  const names = failed.map((build) => build.target.id).join(', ')
  const stopped = builds.filter((build) => build.status === 'stopped' || build.status === 'not started')
  const becauseOfFailFast = stopped.length > 0 ? ` fail-fast stopped ${stopped.map((b) => `${b.target.id} (${b.status})`).join(', ')}.` : ''
  throw new Error(
    `${failed.length} of ${builds.length} platform builds failed (${names}); nothing was published.${becauseOfFailFast}\n${failed.map((b) => b.error).join('\n')}`
  )
}

/** The tarballs of the builds that finished, as far as they are there: a failed run names none it did not write. */
function writtenTarballs(builds: BuildResult[], workspace: string): string[] {
  return builds.flatMap((build) =>
    build.status === 'built' && build.target.tarball && existsSync(path.resolve(workspace, build.target.tarball)) ? [build.target.tarball] : []
  )
}

/** The digest buildx reported for each platform; without them the lists could not be checked, so none is missing. */
function builtDigests(builds: BuildResult[]): Map<string, string> {
  const unknown = builds.filter((b) => !b.digest).map((b) => b.target.id)
  if (unknown.length > 0) {
    throw new Error(
      `buildx reported no digest for ${unknown.join(', ')} (no containerimage.digest in its --metadata-file), so the lists cannot be checked against what was built; nothing was published`
    )
  }
  return new Map(builds.map((b) => [b.target.id, b.digest ?? '']))
}

/**
 * The settings of the run: `auto` decided from the event (each decision logged with its source), every input and
 * the files they name checked (every problem reported at once), and what a fork's run may not have withheld.
 */
async function decideSettings(inputs: InputsRead, context: PipelineContext, report: RunReport): Promise<Settings> {
  const { log, workspace, env } = context
  const timeout = commandTimeout(inputs.values['command-timeout'] ?? '')
  const auto = await resolveAuto(inputs.values, inputs.given, context.event, async () => (await context.listTags?.(timeout)) ?? [])
  report.decisions = auto.decisions
  for (const decision of auto.decisions) log.info(describeDecision(decision))
  for (const warning of auto.warnings) log.warning(warning)

  const read = readSettings(auto.inputs, { workspace, defaultResultsDir: path.join(env.RUNNER_TEMP || os.tmpdir(), 'velero-multiarch-results') }, inputs.names)
  // Masked before anything can print them; no problem quotes a secret's line.
  const mask = (value: string): void => maskedParts(value).forEach((part) => context.maskSecret?.(part))
  for (const [, value] of read.settings.secrets) mask(value)
  for (const [, value] of read.settings.buildArgs.filter(([key]) => looksSecret(key))) mask(value)

  const trusted = withholdFromFork(read.settings, auto.fork)
  for (const warning of trusted.warnings) log.warning(warning)
  const secretValues = readSecretValues(trusted.settings, workspace, env)
  secretValues.values.forEach(mask)
  const problems = [
    ...inputs.problems,
    ...read.problems,
    ...checkFiles(read.settings, builtSystems(read.settings), workspace),
    ...secretValues.problems,
    ...provenanceProblems(trusted.settings),
    ...extraTagProblems(read.settings.extraTags, context.event)
  ]
  if (problems.length > 0) throw new InputError(problems)
  const push = pushDecision(trusted.settings, auto.decisions.find((d) => d.name === 'output-type')?.source ?? 'default')
  report.decisions.push(push)
  log.info(describeDecision(push))
  return trusted.settings
}

async function execute(inputs: InputsRead, given: PipelineContext, report: RunReport, usesTempDir: (dir: string) => void): Promise<void> {
  const settings = await decideSettings(inputs, given, report)
  report.settings = settings
  // From here on, every command but the builds is bounded by command-timeout and stopped when the run is cancelled.
  const context: PipelineContext = { ...given, runner: boundedRunner(given.runner, settings.commandTimeout, given.signal) }
  const { runner, log, workspace, env } = context
  // Before any docker command: a run that is to sign must be able to (id-token: write).
  if (signsWhatItPublishes(settings) && !settings.dryRun) await (await import('./publish/sigstore.js')).requestIdToken(env, settings.commandTimeout * 1000)
  // Every input is checked: from here docker may run. The buildx version is read while git is asked about the
  // checkout, so that the check costs no time of its own.
  const buildxVersion = settings.dryRun || settings.role === 'merge' ? undefined : checkDocker(context)
  buildxVersion?.catch(() => undefined)
  const facts = await gatherFacts(settings, workspace, env, runner)
  usesTempDir(facts.tempDir)
  const plan = makePlan(settings, { ...facts, ...repositoryFacts(context.event) })
  report.plan = plan
  if (plan.role !== 'merge') checkTarballs(plan.targets, workspace)
  for (const warning of plan.warnings) log.warning(warning)
  for (const line of describePlan(plan)) log.info(line)

  const planned = plannedOutputs(plan, settings.resultsDir)
  report.outputs = planned
  context.setOutputs(planned)
  if (settings.dryRun) return dryRun(plan, settings, context, report)
  // A real run reports only what it did: the list tags it published, the tarballs its builds wrote.
  const outputs: Outputs = { ...planned, tags: [], tarballs: [] }
  const updateOutputs = (extra: Partial<Outputs>): void => {
    report.outputs = { ...outputs, ...extra }
    Object.assign(outputs, extra)
    context.setOutputs(report.outputs)
  }
  updateOutputs({})
  const retry: RetryPolicy = { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: DEFAULT_BASE_SECONDS }
  const manifestStore = await makeManifestStore(facts.tempDir, env)
  const stage: Stage = {
    settings,
    plan,
    report,
    context,
    updateOutputs,
    retry,
    publishOptions: { runner, log, cwd: workspace, env, retry, signal: context.signal, registry: { host: plan.registryHost, insecure: plan.insecure }, manifestStore }
  }
  if (plan.role === 'merge') return merge(stage)
  return buildAndPublish(stage, facts.tempDir, buildxVersion ?? Promise.resolve({ line: '' }))
}

/**
 * Runs no docker command: prints every command the plan would run. A merge first reads and checks the legs'
 * results as a real merge would, and says what it would publish from them.
 */
async function dryRun(plan: Plan, settings: Settings, context: PipelineContext, report: RunReport): Promise<void> {
  const { log } = context
  const results = plan.role === 'merge' ? await intakeResults(settings, plan, context, report) : []
  if (plan.role === 'merge') {
    for (const line of describeMergePreview(plan, results)) log.info(line)
    report.outputs = { ...(report.outputs as Outputs), metadata: resultsMetadata(results) }
    context.setOutputs(report.outputs)
  }
  await log.group('Commands (dry run: nothing is run)', async () => {
    for (const args of plannedCommands(plan, results)) log.info(commandLine('docker', args))
  })
}

/** What the stages after planning share. */
interface Stage {
  settings: Settings
  plan: Plan
  report: RunReport
  context: PipelineContext
  updateOutputs: (extra: Partial<Outputs>) => void
  retry: RetryPolicy
  publishOptions: PublishOptions
}

/** role all and build: build every platform, then publish the lists (all) or hand the results on (build). */
async function buildAndPublish(stage: Stage, tempDir: string, buildxVersion: Promise<BuildxVersion>): Promise<void> {
  const { settings, report, context, updateOutputs, publishOptions } = stage
  const { log } = context
  const buildx = await buildxVersion
  const builder = await prepareBuilder(stage.plan, context, stage.retry)
  checkToolset(settings, { buildx: buildx.version, builder }, report, log)
  const plan = fitToToolset(stage, buildx.version)
  const builds = await buildPlatforms(plan, settings, tempDir, builder.local, stage.retry, context)
  report.builds = builds
  const records = (): Record<string, PlatformRecord> =>
    Object.fromEntries(builds.map((build) => [build.target.id, platformRecord(build, report.osVersions.get(build.target.id), report.indexed?.get(build.target.id))]))
  updateOutputs({ tarballs: writtenTarballs(builds, context.workspace), metadata: records() })
  throwIfCancelled(context.signal, 'the builds were stopped and nothing was published')
  throwIfAnyFailed(builds)

  if (plan.ociIndex && plan.outputType === 'registry') {
    const digests = builtDigests(builds)
    report.indexed = await readIndexedPlatforms(plan, (id) => digests.get(id) ?? '', registryConfigBuilder(plan).name, publishOptions, report.osVersions)
    updateOutputs({ metadata: records() })
  }
  if (plan.role === 'build') {
    if (plan.outputType === 'registry' && !plan.ociIndex) await readPushedOsVersions(plan, builds, publishOptions, report.osVersions)
    const results = legResults(settings, builds, report.osVersions, report.indexed, buildx.line, runIdentity(context.env, plan.revision))
    const files = await writeResults(settings.resultsDir, plan, results)
    log.info(`Results for the merge: ${files.join(', ')}`)
    updateOutputs({ metadata: resultsMetadata(results) })
    return
  }
  if (plan.lists.length === 0) return
  const imagetools = registryConfigBuilder(plan).name
  const guard = tagGuard(stage, plan.revision, imagetools)
  if (plan.ociIndex) return publishIndexes(stage, imagetools, guard)
  const digests = builtDigests(builds)
  await assembleLists(plan, digests, publishOptions, report.osVersions)
  updateOutputs({ metadata: records() })
  await publishLists(stage, digests, guard)
}

/** role merge: build nothing; check the legs' results, then publish the lists from them. */
async function merge(stage: Stage): Promise<void> {
  const { settings, report, context, updateOutputs, publishOptions } = stage
  let plan = stage.plan
  throwIfCancelled(context.signal, 'the results were not read, and nothing was published')
  const results = await intakeResults(settings, plan, context, report)
  updateOutputs({ metadata: resultsMetadata(results) })
  if (plan.lists.length === 0) {
    context.log.info(`output-type is ${settings.outputType}, so nothing is published.`)
    return
  }
  // imagetools reads what each list tag holds before it moves (revision-guard.ts), and makes the OCI indexes.
  const buildx = await checkDocker(context)
  checkToolset(settings, { buildx: buildx.version }, report, context.log)
  plan = fitToToolset(stage, buildx.version)
  const builder = await createRegistryConfigBuilder(plan, context)
  // Every leg built this run's commit (mergeIntake checked): the tags move only forward from it.
  const guard = tagGuard(stage, results[0]?.commit ?? '', builder)
  if (plan.ociIndex) {
    // Trusts no file: each leg's index is read again, and must hold what its leg reported.
    report.indexed = await readIndexedPlatforms(plan, (id) => results.find((r) => r.platform === id)?.digest ?? '', builder, publishOptions, report.osVersions)
    checkIndexedResults(results, report.indexed)
    return publishIndexes(stage, builder, guard)
  }
  const digests = resultDigests(results)
  await assembleLists(plan, digests, publishOptions, report.osVersions)
  checkReportedOsVersions(results, report.osVersions)
  await publishLists(stage, digests, guard)
}

/** The legs' results, checked against this merge's plan and run (mergeIntake). */
async function intakeResults(settings: Settings, plan: Plan, context: PipelineContext, report: RunReport): Promise<PlatformResult[]> {
  const results = await mergeIntake(settings, plan, runIdentity(context.env, context.env.GITHUB_SHA ?? ''))
  report.results = results
  context.log.info(`The results of all ${results.length} platforms are here and agree.`)
  return results
}

const resultsMetadata = (results: PlatformResult[]): Record<string, PlatformResult> => Object.fromEntries(results.map((result) => [result.platform, result]))

/** The guard of this run's list tags: this run's commit against what each tag holds (revision-guard.ts). */
function tagGuard(stage: Stage, revision: string, builder: string | undefined): TagGuard {
  const { context, settings, publishOptions } = stage
  const comparers = [...(context.comparers?.(settings.commandTimeout) ?? []), gitComparer(context.runner, path.resolve(context.workspace, settings.context))]
  return (list) => decideTag(list, revision, builder, comparers, publishOptions)
}

/** Creates, unstarted, the builder that carries a plain-HTTP registry's configuration (see registryConfigBuilder). */
async function createRegistryConfigBuilder(plan: Plan, context: PipelineContext): Promise<string | undefined> {
  const { name, createUnstarted } = registryConfigBuilder(plan)
  if (createUnstarted) {
    context.removeBuilderLater(plan.builder.name)
    await createBuilder(plan.builder, { runner: context.runner, log: context.log, env: context.env }, { bootstrap: false })
  }
  return name
}

/** What each platform pushed, read from the registry for an OCI index; each Windows image's os.version recorded in `osVersions`. */
async function readIndexedPlatforms(
  plan: Plan,
  indexOf: (targetId: string) => string,
  builder: string | undefined,
  options: PublishOptions,
  osVersions: Map<string, string>
): Promise<Map<string, IndexedPlatform>> {
  throwIfCancelled(options.signal, 'the pushed images were not read, and nothing was published')
  const platforms = new Map<string, IndexedPlatform>()
  await options.log.group('Read the pushed images', async () => {
    for (const target of plan.targets) {
      const windowsVersion = target.platform.os === 'windows' ? target.platform.windowsVersion : undefined
      const read = await readIndexedPlatform(`${plan.image}@${indexOf(target.id)}`, { id: target.id, windowsVersion }, builder, options)
      const osVersion = read.image.platform?.['os.version']
      const attestation = read.attestation ? `, attestation ${read.attestation.digest}: ${read.predicates.join(', ')}` : ''
      options.log.info(`[${target.id}] image ${read.image.digest}${osVersion ? ` (os.version ${osVersion})` : ''}${attestation}`)
      platforms.set(target.id, read)
      if (osVersion) osVersions.set(target.id, osVersion)
    }
  })
  return platforms
}

async function publishIndexes(stage: Stage, builder: string | undefined, guard: TagGuard): Promise<void> {
  const { plan, report, publishOptions, context, settings } = stage
  const platforms = report.indexed ?? new Map()
  const assembled = await assembleIndexes(plan, platforms, builder, publishOptions)
  if (plan.sign) {
    // Loaded only to sign: Sigstore's clients are most of the bundle.
    const { signPublished } = await import('./publish/sign-published.js')
    const { sigstoreInstance } = await import('./publish/sigstore.js')
    report.signed = await signPublished(plan, platforms, assembled, builder, publishOptions, {
      instance: sigstoreInstance(settings.sigstore, context.event?.payload.repository?.visibility, context.env),
      env: context.env,
      githubToken: context.githubToken,
      timeoutMs: settings.commandTimeout * 1000,
      recordAttestation: context.recordAttestation && ((bundle) => context.recordAttestation?.(bundle, settings.commandTimeout) ?? Promise.resolve(''))
    })
    stage.updateOutputs({ attestations: report.signed })
  }
  await announcing(stage, () => pushIndexes(plan, platforms, assembled, builder, guard, publishOptions, report))
}

/** Makes the builder when the action owns it, and reads what it is: where it runs, and its BuildKit version. */
async function prepareBuilder(plan: Plan, context: PipelineContext, retry: RetryPolicy): Promise<BuilderFacts> {
  const { runner, log, env, signal } = context
  throwIfCancelled(signal, 'no builder was made and nothing was built')
  if (plan.builder.create) {
    // Recorded first, so that a run cancelled while the builder starts still removes it.
    context.removeBuilderLater(plan.builder.name)
    await log.group(`Create buildx builder ${plan.builder.name}`, () => createBuilder(plan.builder, { runner, log, env, retry, signal }))
  }
  return inspectBuilder(plan.builder, { runner, log, env })
}

/** Writes the secrets and runs the builds. */
async function buildPlatforms(
  plan: Plan,
  settings: Settings,
  tempDir: string,
  builderHere: boolean,
  retry: RetryPolicy,
  context: PipelineContext
): Promise<BuildResult[]> {
  const { log, env } = context
  await mkdir(path.join(tempDir, 'secrets'), { recursive: true, mode: 0o700 })
  for (const [index, secret] of plan.secretFiles.entries()) {
    await writeFile(secret.file, settings.secrets[index][1], { mode: 0o600 })
  }
  if (schedulesByLoad(plan)) {
    log.info(
      builderHere
        ? `max-parallel auto: the next build starts when the running ones export, or while one of this machine's ${os.cpus().length} CPUs is idle`
        : 'max-parallel auto: the builder is not on this machine, so the next build starts when the running ones export'
    )
  }
  const cpus = schedulesByLoad(plan) && builderHere ? watchCpus() : undefined
  try {
    return await runBuilds(plan.targets, {
      runner: context.buildRunner,
      log,
      cwd: context.workspace,
      env,
      maxParallel: plan.maxParallel,
      cpus,
      failFast: settings.failFast,
      retry,
      signal: context.signal
    })
  } finally {
    cpus?.stop()
  }
}

/** Pushes the assembled lists. */
async function publishLists(stage: Stage, digests: ReadonlyMap<string, string>, guard: TagGuard): Promise<void> {
  const { plan, report, publishOptions } = stage
  await announcing(stage, () => pushLists(plan, report.osVersions, digests, guard, publishOptions, report))
}

/** Runs a push; the outputs then say what was published and kept, also when a later list failed. */
async function announcing(stage: Stage, push: () => Promise<void>): Promise<void> {
  const { plan, report } = stage
  try {
    await push()
  } finally {
    stage.updateOutputs({
      tags: report.published.map((list) => list.ref),
      digest: report.published.find((list) => list.ref === plan.lists[0]?.ref)?.digest,
      keptTags: report.kept,
      possiblyMovedTags: report.possiblyMoved
    })
  }
}

/** The bound on removing a builder: the clean-up of a cancelled or failed run must end too. */
export const CLEANUP_TIMEOUT_SECONDS = 60

/** Removes the builder a run created; shared by the action's post step and the command line's exit. */
export async function cleanUp(builderName: string | undefined, context: Pick<PipelineContext, 'runner' | 'log' | 'env'>): Promise<void> {
  if (builderName) await removeBuilder(builderName, { ...context, runner: boundedRunner(context.runner, CLEANUP_TIMEOUT_SECONDS) })
}
