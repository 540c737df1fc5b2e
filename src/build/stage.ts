// The build stage: what this machine and its buildx must have, the builder (made for the run, or the user's), what
// its toolset can do, and one buildx build per platform. A registry build pushes its image by digest alone and moves
// no tag; what comes out is each platform's record: the digest it pushed, or the tarball it wrote. A merge builds
// nothing: for it this stage only makes sure imagetools can assemble the lists.
import { InputError } from '../inputs/definitions.js'
import { announcePlan } from '../plan/describe.js'
import type { Plan } from '../plan/plan.js'
import { schedulesByLoad, withoutOptionalAnnotations, withoutTimestampRewrite } from '../plan/plan.js'
import type { DecidedSettings } from '../policy/auto.js'
import { throwIfCancelled } from '../shared/cancel.js'
import type { Log } from '../shared/log.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import { DEFAULT_BASE_SECONDS, RetryPolicy } from '../shared/retry.js'
import { StageFailure } from '../shared/stage-failure.js'
import { formatVersion, isOlder } from '../shared/versions.js'
import type { BuilderFacts, BuildxVersion } from '../system/buildx.js'
import type { Ports } from '../system/ports.js'
import { createBuilder, imagetoolsBuilder } from './builder.js'
import { describeToolset, fitReproducibility, INDEX_ANNOTATIONS_BUILDX, Toolset, unsupportedFeatures } from './features.js'
import { checkRunner } from './preflight.js'
import { runBuilds } from './run-builds.js'
import { checkSecrets, writeSecretFiles } from './secrets.js'
import { checkTarballs } from './tarballs.js'

/** What the build stage did. */
export interface Builds {
  /** The plan as the toolset could carry it out (see fitToToolset). */
  plan: Plan
  toolset: Toolset
  /** `docker buildx version`'s first line, which a leg's results carry; empty where it was not read. */
  buildx: string
  /** Every platform's build, in the plan's order; empty for a merge. */
  platforms: PlatformRecord[]
  /** The builder whose registry configuration imagetools uses (a plain-HTTP registry's); undefined: buildx's own. */
  imagetoolsBuilder?: string
}

export interface BuildInput {
  plan: Plan
  settings: DecidedSettings
}

/** The retry policy of the run's commands and requests, waiting on the run's clock. */
export function retryPolicy(settings: Pick<DecidedSettings, 'retries' | 'retryMaxWait'>, ports: Pick<Ports, 'clock'>): RetryPolicy {
  return { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: DEFAULT_BASE_SECONDS, sleep: ports.clock.sleep }
}

/** Logs the toolset once and refuses, before any build, a setting it cannot do. */
export function checkToolset(settings: DecidedSettings, toolset: Toolset, log: Log): void {
  if (toolset.unread) {
    log.info(
      `Toolset: ${toolset.unread}; the commands shown are those of a toolset that can do every setting (a buildx before 0.12 gets no default index annotations, a BuildKit before 0.13 no rewrite-timestamp)`
    )
    return
  }
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
  if (toolset.unread) return plan
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

const toolsetOf = (version: BuildxVersion, builder?: BuilderFacts): Toolset => ({
  ...(version.version ? { buildx: version.version } : {}),
  ...(builder ? { builder } : {}),
  ...(version.unread ? { unread: version.unread } : {})
})

/** Makes the builder when the action owns it, and reads what it is: where it runs, and its BuildKit version. */
async function prepareBuilder(plan: Plan, ports: Ports, retry: RetryPolicy): Promise<BuilderFacts> {
  throwIfCancelled(ports.signal, 'no builder was made and nothing was built')
  if (plan.builder.create) {
    await ports.log.group(`Create buildx builder ${plan.builder.name}`, () =>
      createBuilder(plan.builder, { buildx: ports.buildx, log: ports.log, retry, ...(ports.signal ? { signal: ports.signal } : {}) })
    )
  }
  return ports.buildx.inspect(plan.builder.name, plan.builder.create)
}

/** Names the failed platforms first, then those fail-fast stopped, and repeats the end of each failed log. */
function failureOf(records: PlatformRecord[], pushed: boolean): Error | undefined {
  const failed = records.filter((record) => record.status === 'failed')
  if (failed.length === 0) return undefined
  const names = failed.map((record) => record.platform).join(', ')
  const stopped = records.filter((record) => record.status === 'stopped' || record.status === 'not started')
  const becauseOfFailFast = stopped.length > 0 ? ` fail-fast stopped ${stopped.map((r) => `${r.platform} (${r.status})`).join(', ')}.` : ''
  const left = pushed ? ' The images the other builds pushed are in the registry by digest only, untagged.' : ''
  return new Error(
    `${failed.length} of ${records.length} platform builds failed (${names}); no tag moved.${left}${becauseOfFailFast}\n${failed.map((r) => r.error).join('\n')}`
  )
}

/** Every pushed platform has the digest buildx reported; without it nothing could be checked, so none is missing. */
function missingDigests(plan: Plan, records: PlatformRecord[]): Error | undefined {
  const unknown = records.filter((record) => plan.outputType === 'registry' && !record.digest).map((record) => record.platform)
  if (unknown.length === 0) return undefined
  return new Error(
    `buildx reported no digest for ${unknown.join(', ')} (no containerimage.digest in its --metadata-file), so what was pushed cannot be checked; no tag moved`
  )
}

/**
 * What a merge needs to assemble its lists, which it does after its legs' results are checked (the publish stage
 * asks): the toolset imagetools runs on, the plan fitted to it, and the builder whose configuration it reads.
 */
export async function prepareImagetools(plan: Plan, settings: DecidedSettings, ports: Ports): Promise<{ plan: Plan; toolset: Toolset; builder?: string }> {
  checkRunner(ports.github.context.runnerOs)
  const version = await ports.buildx.version()
  const toolset = toolsetOf(version)
  checkToolset(settings, toolset, ports.log)
  const fitted = fitToToolset(plan, toolset, ports.log)
  const builder = await imagetoolsBuilder(fitted, { buildx: ports.buildx, log: ports.log, retry: retryPolicy(settings, ports) })
  return { plan: fitted, toolset, ...(builder ? { builder } : {}) }
}

/**
 * Checks what the builds need, prepares the builder, checks the toolset, writes the secrets' files and runs every
 * build. Fails (with what was built) when a build failed, or pushed no digest.
 */
export async function build(input: BuildInput, ports: Ports): Promise<Builds> {
  const { settings } = input
  announcePlan(input.plan, ports.log)
  const retry = retryPolicy(settings, ports)
  // A merge builds nothing; what it needs of buildx it asks once its legs' results are checked (prepareImagetools).
  if (input.plan.role === 'merge') return { plan: input.plan, toolset: {}, buildx: '', platforms: [] }
  const { plan } = input
  const { log, buildx } = ports
  checkRunner(ports.github.context.runnerOs)
  checkSecrets(settings, ports)
  checkTarballs(plan.targets, ports.workspace)
  // A builder the user named is only read: that runs while the buildx version is checked. One the action makes is
  // made after the check, so that an unusable buildx is refused before it makes anything.
  const reading = plan.builder.create ? undefined : prepareBuilder(plan, ports, retry)
  reading?.catch(() => undefined)
  const version = await buildx.version()
  const builder = await (reading ?? prepareBuilder(plan, ports, retry))
  const toolset = toolsetOf(version, builder)
  checkToolset(settings, toolset, log)
  const fitted = fitToToolset(plan, toolset, log)
  await writeSecretFiles(fitted, settings, ports.workspace)
  const byLoad = schedulesByLoad(fitted)
  if (byLoad) {
    log.info(
      builder.local
        ? `max-parallel auto: the next build starts when the running ones export, or while one of this machine's ${ports.machine.cpuCount} CPUs is idle`
        : 'max-parallel auto: the builder is not on this machine, so the next build starts when the running ones export'
    )
  }
  const cpus = byLoad && builder.local ? ports.machine.watchCpus() : undefined
  let platforms: PlatformRecord[]
  try {
    platforms = await runBuilds(fitted.targets, {
      buildx,
      workspace: ports.workspace,
      clock: ports.clock,
      log,
      maxParallel: fitted.maxParallel,
      ...(cpus ? { cpus } : {}),
      failFast: settings.failFast,
      retry,
      ...(ports.signal ? { signal: ports.signal } : {})
    })
  } finally {
    cpus?.stop()
  }
  const builds: Builds = { plan: fitted, toolset, buildx: version.line, platforms, imagetoolsBuilder: fitted.builder.name }
  const cancelled = ports.signal?.aborted ? new Error('the run was cancelled: the builds were stopped and no tag moved') : undefined
  const failure = cancelled ?? failureOf(platforms, plan.outputType === 'registry') ?? missingDigests(fitted, platforms)
  if (failure) throw new StageFailure(failure, builds)
  return builds
}
