// Runs the planned buildx builds, several at once, each line of output shown live behind its platform.
import { lstat, mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { commandLine, Log } from '../shared/log.js'
import type { BuildTarget } from '../plan/plan.js'
import { RetryPolicy, withRetries } from '../shared/retry.js'
import type { CommandRunner } from '../shared/command-runner.js'
import type { CpuMonitor } from './cpu-monitor.js'
import type { MaxParallel } from '../inputs/definitions.js'
import { BuildPhase, BuildProgress, CPU_WINDOW_SECONDS, describeStart, mayStartAnother, progressAfter, ScheduleState } from './schedule.js'
import { classifyBuildError } from '../shared/transient-errors.js'

export type BuildStatus = 'built' | 'failed' | 'stopped' | 'not started'

export interface BuildResult {
  target: BuildTarget
  status: BuildStatus
  seconds: number
  /** Digest of what buildx produced, from its metadata file. */
  digest?: string
  /** The node of the builder that ran it (a builder may have several, one per platform). */
  node?: string
  /** Why the build did not finish, naming the platform; for a failure, with the end of its log. */
  error?: string
}

export interface BuildOptions {
  runner: CommandRunner
  log: Log
  cwd: string
  env?: NodeJS.ProcessEnv
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

/** What buildx's --metadata-file says of a build: its digest, and the builder node that ran it. */
async function readMetadata(metadataFile: string): Promise<{ digest?: string; node?: string }> {
  try {
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>
    const digest = metadata['containerimage.digest']
    // `<builder>/<node>/<build id>`
    const ref = metadata['buildx.build.ref']
    return { digest: typeof digest === 'string' ? digest : undefined, node: typeof ref === 'string' ? ref.split('/')[1] : undefined }
  } catch {
    return {}
  }
}

/**
 * Removes the tarball a build that did not finish wrote (buildx before 0.30 creates it before the build starts, and
 * one stopped half-way leaves part of it), so that no later step (upload-artifact with `_output/*.tar`) ships it. A
 * file older than the build is not this build's, and stays.
 */
async function removeUnfinishedTarball(target: BuildTarget, cwd: string, started: number, log: BuildOptions['log']): Promise<void> {
  if (!target.tarball) return
  const file = path.resolve(cwd, target.tarball)
  const stat = await lstat(file).catch(() => undefined)
  if (!stat?.isFile() || stat.mtimeMs < started - 1000) return
  await rm(file, { force: true })
  log.info(`[${target.id}] removed ${target.tarball}, which the unfinished build left`)
}

async function buildOne(target: BuildTarget, options: BuildOptions, stop: AbortSignal, onPhase: (phase: BuildPhase) => void): Promise<BuildResult> {
  const started = Date.now()
  const result = await runBuild(target, options, stop, onPhase)
  if (result.status !== 'built') await removeUnfinishedTarball(target, options.cwd, started, options.log)
  return result
}

async function runBuild(target: BuildTarget, options: BuildOptions, stop: AbortSignal, onPhase: (phase: BuildPhase) => void): Promise<BuildResult> {
  const started = Date.now()
  const elapsed = (): number => (Date.now() - started) / 1000
  const prefix = `[${target.id}]`
  let tail: string[] = []
  options.log.info(`${prefix} ${commandLine('docker', target.command)}`)
  let outcome
  try {
    outcome = await withRetries(
      `build for ${target.id}`,
      () => {
        tail = []
        // A retried build starts over.
        let progress: BuildProgress = { phase: 'starting' }
        onPhase(progress.phase)
        return options.runner.run('docker', target.command, {
          cwd: options.cwd,
          env: options.env,
          signal: stop,
          onLine: (line) => {
            progress = progressAfter(line, progress)
            onPhase(progress.phase)
            options.log.info(`${prefix} ${line}`)
            tail.push(line)
            if (tail.length > LOG_TAIL_LINES) tail.shift()
          }
        })
      },
      // A retried build reuses BuildKit's cache, so only the push is done again.
      classifyBuildError,
      options.retry,
      options.log,
      stop
    )
  } catch (error) {
    return { target, status: 'failed', seconds: elapsed(), error: `${target.id}: ${(error as Error).message}` }
  }
  if (outcome.result.exitCode === 0) {
    return { target, status: 'built', seconds: elapsed(), ...(await readMetadata(target.metadataFile)) }
  }
  if (stop.aborted) {
    return { target, status: 'stopped', seconds: elapsed(), error: `build for ${target.id} was stopped` }
  }
  const hint = outcome.classification?.hint ? ` (${outcome.classification.hint})` : ''
  return {
    target,
    status: 'failed',

    seconds: elapsed(),
    error: `build for ${target.id} failed (exit code ${outcome.result.exitCode}${outcome.attempts > 1 ? `, after ${outcome.attempts} attempts` : ''})${hint}; the end of its log:\n${tail.join('\n')}`
  }
}

/**
 * Makes the directories the builds write into. buildx before 0.30 does not create the directory of a tarball's
 * `dest` and fails with "no such file or directory", and a fresh checkout has no `_output`.
 */
async function makeOutputDirectories(targets: BuildTarget[], cwd: string): Promise<void> {
  const directories = new Set(
    targets.flatMap((target) => [path.dirname(target.metadataFile), ...(target.tarball ? [path.dirname(path.resolve(cwd, target.tarball))] : [])])
  )
  for (const directory of directories) await mkdir(directory, { recursive: true })
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
export async function runBuilds(targets: BuildTarget[], options: BuildOptions): Promise<BuildResult[]> {
  await makeOutputDirectories(targets, options.cwd)
  const results: BuildResult[] = new Array(targets.length)
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
    running: [...running.values()].map((progress) => ({ phase: progress.phase, phaseSeconds: (Date.now() - progress.since) / 1000 })),
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
        results[index] = { target, status: 'not started', seconds: 0, error: `build for ${target.id} was not started` }
        continue
      }
      const why = describeStart(options.maxParallel, state())
      if (why) options.log.info(`[${target.id}] starts now: ${why}`)
      const progress: Progress = { phase: 'starting', since: Date.now(), computing: false }
      running.set(index, progress)
      const onPhase = (phase: BuildPhase): void => {
        if (phase === progress.phase) return
        if (phase !== 'finishing') progress.computing = phase === 'computing'
        progress.phase = phase
        progress.since = Date.now()
        changed()
      }
      finished.push(
        buildOne(target, options, stop.signal, onPhase).then((result) => {
          results[index] = result
          running.delete(index)
          if (result.status === 'built' && !progress.computing) fromCache = true
          if (result.status === 'failed' && options.failFast && !stop.signal.aborted) {
            options.log.error(`${target.id} failed; fail-fast stops the other builds`)
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
