// inputs -> plan -> build -> publish -> report: the one pipeline behind both the action and the command line.
import { which } from '@actions/io'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BuildResult, runBuilds } from './build.js'
import { builderIsLocal, createBuilder, removeBuilder } from './builder.js'
import { checkBuildxVersion } from './buildx-version.js'
import { watchCpus } from './cpu-monitor.js'
import { buildxVersionCommand, createBuilderCommand, inspectBuilderCommand, manifestInspectCommand, removeBuilderCommand } from './commands.js'
import { gatherFacts } from './facts.js'
import { checkFiles, parseSettings, RawInputs, Settings } from './inputs.js'
import { ListEntry, looksSecret, makePlan, Plan, schedulesByLoad } from './plan.js'
import { assembleLists, listCommands, listCommandsInOrder, PublishedList, PublishOptions, pushLists } from './publish.js'
import { PlatformResult, writeResults } from './results.js'
import { checkReportedOsVersions, legResults, mergeIntake, platformRecord, pushedOsVersions, resultDigests } from './split.js'
import { commandLine, describePlan, digestPlaceholder, Log, OS_VERSION_PLACEHOLDER, Outputs, plannedOutputs } from './report.js'
import { DEFAULT_BASE_SECONDS, RetryPolicy } from './retry.js'
import type { CommandRunner } from './runner.js'
import { resolveAuto, WorkflowEvent } from './workflow.js'

export interface PipelineContext {
  /** Runs the commands that always run to their end: git, buildx create/rm/version, docker manifest. */
  runner: CommandRunner
  /** Runs the builds, which a cancelled run stops. */
  buildRunner: CommandRunner
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  /** The workflow event in GitHub Actions; undefined on the command line, where `auto` means the seed's defaults. */
  event?: WorkflowEvent
  /** The repository's tags, asked only for `tag-latest: auto` on a tag push. */
  listTags?: () => Promise<string[]>
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
  plan?: Plan
  builds: BuildResult[]
  osVersions: ReadonlyMap<string, string>
  published: PublishedList[]
  /** The legs' results a merge published from. */
  results?: PlatformResult[]
  outputs?: Outputs
  error?: Error
}

/** Every command the plan would run, in order, as the dry run prints them. */
export function plannedCommands(plan: Plan): string[][] {
  const facts = { digest: (entry: ListEntry) => digestPlaceholder(entry.targetId), osVersion: () => OS_VERSION_PLACEHOLDER, byDigest: plan.role === 'merge' }
  const lists = plan.lists.flatMap((list) => listCommandsInOrder(listCommands(list, plan.insecure, facts)))
  if (plan.role === 'merge') return lists
  const owned = plan.builder.create
  return [
    buildxVersionCommand(),
    ...(schedulesByLoad(plan) && !owned ? [inspectBuilderCommand(plan.builder.name)] : []),
    ...(owned ? [createBuilderCommand(plan.builder)] : []),
    ...plan.targets.map((target) => target.command),
    // A leg reads each Windows image's os.version back from the registry.
    ...(plan.role === 'build' && plan.outputType === 'registry'
      ? plan.targets.filter((t) => t.platform.os === 'windows').map((t) => manifestInspectCommand(`${plan.image}@${digestPlaceholder(t.id)}`, plan.insecure, true))
      : []),
    ...lists,
    ...(owned ? [removeBuilderCommand(plan.builder.name)] : [])
  ]
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

export async function runPipeline(raw: RawInputs, context: PipelineContext): Promise<RunReport> {
  const report: RunReport = { builds: [], osVersions: new Map(), published: [] }
  let tempDir: string | undefined
  try {
    await execute(raw, context, report, (dir) => (tempDir = dir))
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

async function execute(raw: RawInputs, context: PipelineContext, report: RunReport, usesTempDir: (dir: string) => void): Promise<void> {
  const { runner, log, workspace, env } = context
  const auto = await resolveAuto(raw, context.event, context.listTags ?? (async () => []))
  for (const line of auto.log) log.info(line)
  for (const warning of auto.warnings) log.warning(warning)

  // Masked before anything can print them, even a refused line.
  for (const line of (auto.inputs.secrets ?? '').split('\n').filter((l) => l.trim() !== '')) {
    context.maskSecret?.(line)
    context.maskSecret?.(line.slice(line.indexOf('=') + 1))
  }
  const settings = parseSettings(auto.inputs, { workspace, defaultResultsDir: path.join(env.RUNNER_TEMP || os.tmpdir(), 'velero-multiarch-results') })
  report.settings = settings
  for (const [, value] of settings.buildArgs.filter(([key]) => looksSecret(key))) context.maskSecret?.(value)
  const facts = await gatherFacts(settings, workspace, env, runner)
  usesTempDir(facts.tempDir)
  const plan = makePlan(settings, facts)
  report.plan = plan
  if (plan.role !== 'merge') checkFiles(settings, new Set(plan.targets.map((target) => target.platform.os)), workspace)
  for (const warning of plan.warnings) log.warning(warning)
  for (const line of describePlan(plan)) log.info(line)

  const planned = plannedOutputs(plan, settings.resultsDir)
  report.outputs = planned
  context.setOutputs(planned)
  if (settings.dryRun) {
    await log.group('Commands (dry run: nothing is run)', async () => {
      for (const args of plannedCommands(plan)) log.info(commandLine('docker', args))
    })
    return
  }
  // A real run reports only what it did: the list tags it published, the tarballs its builds wrote.
  const outputs: Outputs = { ...planned, tags: [], tarballs: [] }
  const updateOutputs = (extra: Partial<Outputs>): void => {
    report.outputs = { ...outputs, ...extra }
    Object.assign(outputs, extra)
    context.setOutputs(report.outputs)
  }
  updateOutputs({})
  checkRunner(env)
  if (!(await which('docker', false))) {
    throw new Error('the docker CLI is not on PATH; the action runs docker buildx and docker manifest (GitHub-hosted Ubuntu runners have both)')
  }
  const retry: RetryPolicy = { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: DEFAULT_BASE_SECONDS }
  const publishOptions: PublishOptions = { runner, log, cwd: workspace, env, retry, signal: context.signal, registry: { host: plan.registryHost, insecure: plan.insecure } }

  if (plan.role === 'merge') {
    const results = await mergeIntake(settings, plan)
    report.results = results
    updateOutputs({ metadata: Object.fromEntries(results.map((result) => [result.platform, result])) })
    if (plan.lists.length === 0) {
      log.info(`The results of all ${results.length} platforms are here and agree; output-type is ${settings.outputType}, so nothing is published.`)
      return
    }
    const digests = resultDigests(results)
    report.osVersions = await assembleLists(plan, digests, publishOptions)
    checkReportedOsVersions(results, report.osVersions)
    await publishLists(plan, digests, report, publishOptions, updateOutputs)
    return
  }

  // Both before the first build; neither depends on the other.
  const [buildx, builderHere] = await Promise.all([
    checkBuildxVersion(runner, log, env),
    schedulesByLoad(plan) ? builderIsLocal(plan.builder, { runner, log, env }) : Promise.resolve(false)
  ])
  const builds = await buildPlatforms(plan, settings, facts.tempDir, builderHere, retry, context)
  report.builds = builds
  const records = (osVersions: ReadonlyMap<string, string>) =>
    Object.fromEntries(builds.map((build) => [build.target.id, platformRecord(build, osVersions.get(build.target.id))]))
  updateOutputs({ tarballs: writtenTarballs(builds, workspace), metadata: records(report.osVersions) })
  if (context.signal?.aborted) throw new Error('the run was cancelled: the builds were stopped and nothing was published')
  throwIfAnyFailed(builds)

  if (plan.role === 'build') {
    if (plan.outputType === 'registry') report.osVersions = await pushedOsVersions(plan, builds, publishOptions)
    const results = legResults(settings, builds, report.osVersions, buildx)
    const files = await writeResults(settings.resultsDir, plan, results)
    log.info(`Results for the merge: ${files.join(', ')}`)
    updateOutputs({ metadata: Object.fromEntries(results.map((result) => [result.platform, result])) })
    return
  }
  if (plan.lists.length > 0) {
    const digests = builtDigests(builds)
    report.osVersions = await assembleLists(plan, digests, publishOptions)
    updateOutputs({ metadata: records(report.osVersions) })
    await publishLists(plan, digests, report, publishOptions, updateOutputs)
  }
}

/** Checks the buildx version, makes the builder when the action owns it, writes the secrets, and runs the builds. */
async function buildPlatforms(
  plan: Plan,
  settings: Settings,
  tempDir: string,
  builderHere: boolean,
  retry: RetryPolicy,
  context: PipelineContext
): Promise<BuildResult[]> {
  const { runner, log, env } = context
  await mkdir(path.join(tempDir, 'secrets'), { recursive: true, mode: 0o700 })
  for (const [index, secret] of plan.secretFiles.entries()) {
    await writeFile(secret.file, settings.secrets[index][1], { mode: 0o600 })
  }
  if (plan.builder.create) {
    // Recorded first, so that a run cancelled while the builder starts still removes it.
    context.removeBuilderLater(plan.builder.name)
    await log.group(`Create buildx builder ${plan.builder.name}`, () => createBuilder(plan.builder, { runner, log, env }))
  }
  if (schedulesByLoad(plan)) {
    log.info(
      builderHere
        ? `max-parallel auto: the next build starts when the running ones export, or while one of this machine's ${os.cpus().length} CPUs is idle`
        : 'max-parallel auto: the builder is not on this machine, so the next build starts when the running ones export'
    )
  }
  const cpus = builderHere ? watchCpus() : undefined
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

/** Pushes the assembled lists; the outputs say what was published, also when a later list failed. */
async function publishLists(
  plan: Plan,
  digests: ReadonlyMap<string, string>,
  report: RunReport,
  options: PublishOptions,
  updateOutputs: (extra: Partial<Outputs>) => void
): Promise<void> {
  try {
    await pushLists(plan, report.osVersions, digests, options, report.published)
  } finally {
    updateOutputs({ tags: report.published.map((list) => list.ref), digest: report.published[0]?.digest })
  }
}

/** Removes the builder a run created; shared by the action's post step and the command line's exit. */
export async function cleanUp(builderName: string | undefined, context: Pick<PipelineContext, 'runner' | 'log' | 'env'>): Promise<void> {
  if (builderName) await removeBuilder(builderName, context)
}
