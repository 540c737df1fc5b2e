// Runs the planned buildx builds, several at once, each line of output shown live behind its platform; what each
// build did goes into its platform's record.
import path from 'node:path'
import type { Log } from '../shared/log.js'
import type { BuildTarget } from '../plan/plan.js'
import type { MaxParallel } from '../inputs/definitions.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import { RetryPolicy, withRetries } from '../shared/retry.js'
import { classifyBuildError } from '../shared/transient-errors.js'
import type { Buildx, BuildMetadata } from '../system/buildx.js'
import type { Clock } from '../system/clock.js'
import type { CpuMonitor } from '../system/machine.js'
import type { Workspace } from '../system/workspace.js'
import { BuildPhase, BuildProgress, CPU_WINDOW_SECONDS, describeStart, mayStartAnother, progressAfter, ScheduleState } from './schedule.js'

export interface BuildOptions {
  buildx: Buildx
  workspace: Workspace
  clock: Clock
  log: Log
  /** How many builds at once: a number (0: all) or `auto`. */
  maxParallel: MaxParallel
  /** This machine's CPUs, watched when the builder runs here (for `auto`). */
  cpus?: CpuMonitor
  /** Stop the other builds, and start no more, once one fails. */
  failFast: boolean
  retry: RetryPolicy
  /** Aborting (a cancelled job) stops every build. */
  signal?: AbortSignal
}

const LOG_TAIL_LINES = 25

/**
 * Removes the tarball a build that did not finish wrote (buildx before 0.30 creates it before the build starts, and
 * one stopped half-way leaves part of it), so that no later step (upload-artifact with `_output/*.tar`) ships it. A
 * file older than the build is not this build's, and stays.
 */
async function removeUnfinishedTarball(target: BuildTarget, options: BuildOptions, started: number): Promise<void> {
  if (!target.tarball) return
  if (await options.workspace.removeUnfinished(path.resolve(options.workspace.root, target.tarball), started)) {
    options.log.info(`[${target.platform}] removed ${target.tarball}, which the unfinished build left`)
  }
}

async function buildOne(target: BuildTarget, options: BuildOptions, stop: AbortSignal, onPhase: (phase: BuildPhase) => void): Promise<PlatformRecord> {
  const started = options.clock.now()
  const record = await runBuild(target, options, stop, onPhase)
  if (record.status !== 'built') await removeUnfinishedTarball(target, options, started)
  return record
}

async function runBuild(target: BuildTarget, options: BuildOptions, stop: AbortSignal, onPhase: (phase: BuildPhase) => void): Promise<PlatformRecord> {
  const started = options.clock.now()
  const elapsed = (): number => (options.clock.now() - started) / 1000
  const label = `[${target.platform}]`
  const record = (fields: Omit<PlatformRecord, 'platform' | 'seconds' | 'from'>): PlatformRecord => ({
    platform: target.platform,
    seconds: elapsed(),
    from: `the build of ${target.platform}`,
    ...(target.tarball ? { tarball: target.tarball } : {}),
    ...fields
  })
  let tail: string[] = []
  let metadata: BuildMetadata = {}
  let outcome
  try {
    outcome = await withRetries(
      `build for ${target.platform}`,
      async () => {
        tail = []
        // A retried build starts over.
        let progress: BuildProgress = { phase: 'starting' }
        onPhase(progress.phase)
        const ran = await options.buildx.build(target.spec, {
          cwd: options.workspace.root,
          signal: stop,
          label,
          onLine: (line) => {
            progress = progressAfter(line, progress)
            onPhase(progress.phase)
            options.log.info(`${label} ${line}`)
            tail.push(line)
            if (tail.length > LOG_TAIL_LINES) tail.shift()
          }
        })
        metadata = ran.metadata
        return ran.result
      },
      // A retried build reuses BuildKit's cache, so only the push is done again.
      classifyBuildError,
      { ...options.retry, sleep: options.retry.sleep ?? options.clock.sleep },
      options.log,
      stop
    )
  } catch (error) {
    return record({ status: 'failed', error: `${target.platform}: ${(error as Error).message}` })
  }
  if (outcome.result.exitCode === 0) {
    return record({
      status: 'built',
      ...(metadata.digest ? { digest: metadata.digest } : {}),
      ...(metadata.node ? { node: metadata.node } : {})
    })
  }
  if (stop.aborted) return record({ status: 'stopped', error: `build for ${target.platform} was stopped` })
  const hint = outcome.classification?.hint ? ` (${outcome.classification.hint})` : ''
  const attempts = outcome.attempts > 1 ? `, after ${outcome.attempts} attempts` : ''
  return record({
    status: 'failed',
    error: `build for ${target.platform} failed (exit code ${outcome.result.exitCode}${attempts})${hint}; the end of its log:\n${tail.join('\n')}`
  })
}

/**
 * Makes the directories the builds write into. buildx before 0.30 does not create the directory of a tarball's
 * `dest` and fails with "no such file or directory", and a fresh checkout has no `_output`.
 */
async function makeOutputDirectories(targets: BuildTarget[], workspace: Workspace): Promise<void> {
  await workspace.makeDirectories(
    targets.flatMap((target) => [path.dirname(target.metadataFile), ...(target.tarball ? [path.dirname(path.resolve(workspace.root, target.tarball))] : [])])
  )
}

/** A build under way, as the scheduler follows it. */
interface Progress {
  phase: BuildPhase
  since: number
  /** It has computed something (a RUN step that did not come from the cache) that it is not done with. */
  computing: boolean
}

/**
 * Runs every target, in plan order, as many at once as `maxParallel` allows (`auto`: see schedule.ts), and reports
 * each one; it does not throw for a failed build.
 */
export async function runBuilds(targets: BuildTarget[], options: BuildOptions): Promise<PlatformRecord[]> {
  await makeOutputDirectories(targets, options.workspace)
  const results: PlatformRecord[] = new Array(targets.length)
  const stop = new AbortController()
  const stopAll = (): void => stop.abort()
  options.signal?.addEventListener('abort', stopAll, { once: true })
  if (options.signal?.aborted) stop.abort()

  const running = new Map<number, Progress>()
  const finished: Array<Promise<void>> = []
  // Whatever may allow another start: a build ended, changed phase, or the CPUs were sampled again.
  let wake: () => void = () => undefined
  const changed = (): void => wake()
  const ticker = options.cpus ? setInterval(changed, 500) : undefined
  stop.signal.addEventListener('abort', changed)
  let fromCache = false
  const state = (): ScheduleState => ({
    running: [...running.values()].map((progress) => ({ phase: progress.phase, phaseSeconds: (options.clock.now() - progress.since) / 1000 })),
    idleCpus: options.cpus?.idleCpus(CPU_WINDOW_SECONDS),
    fromCache
  })

  try {
    for (let index = 0; index < targets.length; index++) {
      const target = targets[index]
      while (!stop.signal.aborted && !mayStartAnother(options.maxParallel, state())) {
        await new Promise<void>((resolve) => (wake = resolve))
      }
      if (stop.signal.aborted) {
        results[index] = {
          platform: target.platform,
          status: 'not started',
          seconds: 0,
          from: `the build of ${target.platform}`,
          error: `build for ${target.platform} was not started`
        }
        continue
      }
      const why = describeStart(options.maxParallel, state())
      if (why) options.log.info(`[${target.platform}] starts now: ${why}`)
      const progress: Progress = { phase: 'starting', since: options.clock.now(), computing: false }
      running.set(index, progress)
      const onPhase = (phase: BuildPhase): void => {
        if (phase === progress.phase) return
        if (phase !== 'finishing') progress.computing = phase === 'computing'
        progress.phase = phase
        progress.since = options.clock.now()
        changed()
      }
      finished.push(
        buildOne(target, options, stop.signal, onPhase).then((result) => {
          results[index] = result
          running.delete(index)
          if (result.status === 'built' && !progress.computing) fromCache = true
          if (result.status === 'failed' && options.failFast && !stop.signal.aborted) {
            options.log.error(`${target.platform} failed; fail-fast stops the other builds`)
            stop.abort()
          }
          changed()
        })
      )
    }
    await Promise.all(finished)
  } finally {
    if (ticker) clearInterval(ticker)
    options.signal?.removeEventListener('abort', stopAll)
  }
  return results
}
