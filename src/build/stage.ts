// The build stage: the builder (made for the run, or the user's), what its toolset can do, and one buildx build
// per platform. A registry build pushes its image by digest alone and moves no tag; what comes out is, per
// platform, the digest it pushed (or the tarball it wrote), for the publish stage or a merge.
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Settings } from '../inputs/definitions.js'
import { InputError } from '../inputs/definitions.js'
import type { Plan } from '../plan/plan.js'
import { schedulesByLoad, withoutOptionalAnnotations, withoutTimestampRewrite } from '../plan/plan.js'
import { throwIfCancelled } from '../shared/cancel.js'
import type { Log } from '../shared/log.js'
import type { RetryPolicy } from '../shared/retry.js'
import { formatVersion, isOlder } from '../shared/versions.js'
import type { CommandRunner } from '../shared/command-runner.js'
import { BuilderFacts, createBuilder, inspectBuilder } from './builder.js'
import type { BuildxVersion } from './preflight.js'
import { watchCpus } from './cpu-monitor.js'
import { describeToolset, fitReproducibility, INDEX_ANNOTATIONS_BUILDX, Toolset, unsupportedFeatures } from './features.js'
import { BuildResult, runBuilds } from './run-builds.js'

export interface BuildContext {
  /** Runs every command but the builds (bounded by command-timeout). */
  runner: CommandRunner
  /** Runs the builds, which a cancelled run stops. */
  buildRunner: CommandRunner
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  signal?: AbortSignal
  retry: RetryPolicy
  /** Names a builder the run creates, for removal later (the action's post step, the CLI's exit). */
  removeBuilderLater(name: string): void
  /** The run's private directory, where the secrets' files go. */
  tempDir: string
  /** A dry run: the runner records, so the toolset is not known and nothing is checked against it. */
  dryRun?: boolean
}

/** What the build stage did: every platform's build, and the toolset it ran on. */
export interface BuildOutcome {
  builds: BuildResult[]
  toolset: Toolset
  /** The plan as the toolset could carry it out (see fitToToolset). */
  plan: Plan
}

/** Logs the toolset once and refuses, before any build, a setting it cannot do. */
export function checkToolset(settings: Settings, toolset: Toolset, log: Log): void {
  log.info(`Using ${describeToolset(toolset)}`)
  if (toolset.builder && !toolset.builder.buildkit) {
    log.warning(
      `could not read the BuildKit version of builder ${toolset.builder.name} (docker buildx inspect names none): settings that need a newer BuildKit are not checked before the builds`
    )
  }
  const problems = unsupportedFeatures(settings, toolset)
  if (problems.length > 0) throw new InputError(problems)
}

/**
 * The plan the toolset can carry out: without the default index annotations (`default-annotations: auto`) when
 * buildx cannot set them, as before there were any; without rewrite-timestamp where BuildKit ignores it, and the
 * log saying what a reproducible run then cannot promise.
 */
export function fitToToolset(plan: Plan, toolset: Toolset, log: Log): Plan {
  let fitted = plan
  const { buildx } = toolset
  if (plan.optionalAnnotations.length > 0 && buildx && isOlder(buildx, INDEX_ANNOTATIONS_BUILDX)) {
    log.info(
      `buildx ${formatVersion(buildx)} cannot annotate an index (buildx ${formatVersion(INDEX_ANNOTATIONS_BUILDX)} can): the lists get no default annotations (${plan.optionalAnnotations.join(', ')})`
    )
    fitted = withoutOptionalAnnotations(fitted)
  }
  const reproducible = fitReproducibility(plan.reproducibility, toolset.builder)
  if (reproducible.note) log.info(reproducible.note)
  if (!reproducible.rewriteTimestamps && plan.reproducibility.rewriteTimestamps) fitted = withoutTimestampRewrite(fitted)
  return fitted
}

/** Makes the builder when the action owns it, and reads what it is: where it runs, and its BuildKit version. */
async function prepareBuilder(plan: Plan, context: BuildContext): Promise<BuilderFacts> {
  const { runner, log, env, signal, retry } = context
  throwIfCancelled(signal, 'no builder was made and nothing was built')
  if (plan.builder.create) {
    // Recorded first, so that a run cancelled while the builder starts still removes it.
    if (!context.dryRun) context.removeBuilderLater(plan.builder.name)
    await log.group(`Create buildx builder ${plan.builder.name}`, () => createBuilder(plan.builder, { runner, log, env, retry, signal }))
  }
  return inspectBuilder(plan.builder, { runner, log, env })
}

/** Names the failed platforms first, then those fail-fast stopped, and repeats the end of each failed log. */
export function throwIfAnyFailed(builds: BuildResult[], pushed: boolean): void {
  const failed = builds.filter((build) => build.status === 'failed')
  if (failed.length === 0) return
  const names = failed.map((build) => build.target.id).join(', ')
  const stopped = builds.filter((build) => build.status === 'stopped' || build.status === 'not started')
  const becauseOfFailFast = stopped.length > 0 ? ` fail-fast stopped ${stopped.map((b) => `${b.target.id} (${b.status})`).join(', ')}.` : ''
  const left = pushed ? ' The images the other builds pushed are in the registry by digest only, untagged.' : ''
  throw new Error(
    `${failed.length} of ${builds.length} platform builds failed (${names}); no tag moved.${left}${becauseOfFailFast}\n${failed.map((b) => b.error).join('\n')}`
  )
}

/** The digest buildx reported for each pushed platform; without it nothing could be checked, so none is missing. */
export function pushedDigests(builds: BuildResult[]): Map<string, string> {
  const unknown = builds.filter((b) => !b.digest).map((b) => b.target.id)
  if (unknown.length > 0) {
    throw new Error(
      `buildx reported no digest for ${unknown.join(', ')} (no containerimage.digest in its --metadata-file), so what was pushed cannot be checked; no tag moved`
    )
  }
  return new Map(builds.map((b) => [b.target.id, b.digest ?? '']))
}

/** The tarballs of the builds that finished, as far as they are there: a failed run names none it did not write. */
export function writtenTarballs(builds: BuildResult[], workspace: string): string[] {
  return builds.flatMap((build) =>
    build.status === 'built' && build.target.tarball && existsSync(path.resolve(workspace, build.target.tarball)) ? [build.target.tarball] : []
  )
}

/** Prepares the builder, checks the toolset, writes the secrets' files and runs every build; throws for none. */
export async function buildStage(
  plan: Plan,
  settings: Settings,
  buildxVersion: Promise<BuildxVersion>,
  context: BuildContext,
  onBuilds: (builds: BuildResult[], toolset: Toolset, plan: Plan) => void
): Promise<BuildOutcome> {
  const { log } = context
  // A builder the user named is only read: that runs while the buildx version is checked. One the action makes is
  // made after the check, so that an unusable buildx is refused before it makes anything.
  const reading = plan.builder.create ? undefined : prepareBuilder(plan, context)
  reading?.catch(() => undefined)
  const buildx = await buildxVersion
  const builder = await (reading ?? prepareBuilder(plan, context))
  const toolset: Toolset = { buildx: buildx.version, builder }
  if (!context.dryRun) checkToolset(settings, toolset, log)
  // A dry run reads no toolset: its commands are those of one that can do every setting.
  const fitted = fitToToolset(plan, context.dryRun ? {} : toolset, log)
  onBuilds([], toolset, fitted)
  await mkdir(path.join(context.tempDir, 'secrets'), { recursive: true, mode: 0o700 })
  if (!context.dryRun) for (const [index, secret] of fitted.secretFiles.entries()) await writeFile(secret.file, settings.secrets[index][1], { mode: 0o600 })
  if (schedulesByLoad(fitted)) {
    log.info(
      builder.local
        ? `max-parallel auto: the next build starts when the running ones export, or while one of this machine's ${os.cpus().length} CPUs is idle`
        : 'max-parallel auto: the builder is not on this machine, so the next build starts when the running ones export'
    )
  }
  const cpus = schedulesByLoad(fitted) && builder.local ? watchCpus() : undefined
  let builds: BuildResult[]
  try {
    builds = await runBuilds(fitted.targets, {
      runner: context.buildRunner,
      log,
      cwd: context.workspace,
      env: context.env,
      maxParallel: fitted.maxParallel,
      cpus,
      failFast: settings.failFast,
      retry: context.retry,
      signal: context.signal
    })
  } finally {
    cpus?.stop()
  }
  onBuilds(builds, toolset, fitted)
  return { builds, toolset, plan: fitted }
}
