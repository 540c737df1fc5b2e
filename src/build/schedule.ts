// When the next platform's build may start. Pure: what it decides from comes in as data.
//
// `max-parallel: auto` starts builds as the machine can take them, not by a fixed number. One cold compile can keep
// every core of a small runner busy, and two of them then contend and both finish later; but a build that has
// finished computing (it is exporting, compressing its last layer, pushing or writing a tarball) mostly waits on
// the registry or the disk, and the next platform's compile can run meanwhile. So under `auto`:
// - the next build starts as soon as every running build has reached its export, or has found what it would compute
//   in BuildKit's cache (its RUN steps CACHED: a re-run), read from buildx's progress;
// - when the builder runs on this machine, another build also starts while at least one whole CPU has been idle
//   over the last few seconds, so a machine that one build does not fill gets more at once. Builds still in their
//   first steps (context upload, resolving images) count as unknown demand: nothing more starts meanwhile;
// - once a build of the run has computed nothing (its RUN steps came from the cache: a re-run), the others start
//   while none of the running builds computes: what is left is exporting and pushing.
import type { MaxParallel } from '../inputs/definitions.js'

/** `cached`: every RUN step so far came from BuildKit's cache, so the build computes nothing (yet). */
export type BuildPhase = 'starting' | 'computing' | 'cached' | 'finishing'

/** A number of builds at once (0: all), or `auto`. */

/** A running build as the scheduler sees it. */
export interface RunningBuild {
  phase: BuildPhase
  /** Seconds since it entered that phase. */
  phaseSeconds: number
}

export interface ScheduleState {
  running: RunningBuild[]
  /** CPUs idle on average over the last CPU_WINDOW_SECONDS; undefined when the builder is not on this machine. */
  idleCpus?: number
  /** A build of this run finished having computed nothing: every RUN step came from the cache (a re-run). */
  fromCache?: boolean
}

/** How long the CPUs are watched before another build starts because they were idle. */
export const CPU_WINDOW_SECONDS = 3

// buildx's plain progress: `#12 [build 3/4] RUN go build ...`, then `#14 exporting to image`,
// `#14 exporting to client tarball`, `#14 exporting to docker image format`, `#14 exporting to oci image format`.
const COMPUTING = /^#(\d+) \[[^\]]+\] RUN /
const FINISHING = /^#\d+ exporting to /

/** Where a build is, as its progress tells: its phase, and the `#N` of the RUN step that made it compute. */
export interface BuildProgress {
  phase: BuildPhase
  runStep?: string
}

/**
 * Where a build is after it printed `line`. A RUN step computes until it is done, unless BuildKit answers it from
 * its cache (`#8 CACHED` right after `#8 [build 3/4] RUN ...`); a later RUN computes again; the export is the end.
 */
export function progressAfter(line: string, progress: BuildProgress): BuildProgress {
  if (FINISHING.test(line)) return { phase: 'finishing' }
  if (progress.phase === 'finishing') return progress
  const run = COMPUTING.exec(line)
  if (run) return { phase: 'computing', runStep: run[1] }
  if (progress.phase === 'computing' && progress.runStep !== undefined && line.trim() === `#${progress.runStep} CACHED`) return { phase: 'cached' }
  return progress
}

export function mayStartAnother(maxParallel: MaxParallel, state: ScheduleState): boolean {
  const { running } = state
  if (running.length === 0) return true
  if (maxParallel !== 'auto') return maxParallel === 0 || running.length < maxParallel
  if (running.every((build) => build.phase === 'finishing' || build.phase === 'cached')) return true
  if (state.fromCache && running.every((build) => build.phase !== 'computing')) return true
  return state.idleCpus !== undefined && state.idleCpus >= 1 && running.every((build) => build.phase !== 'starting' && build.phaseSeconds >= CPU_WINDOW_SECONDS)
}

/** What `auto` did, for the log: a line each time it starts a build while others run. */
export function describeStart(maxParallel: MaxParallel, state: ScheduleState): string | undefined {
  if (maxParallel !== 'auto' || state.running.length === 0) return undefined
  if (state.running.every((build) => build.phase === 'finishing')) return 'the running builds are exporting'
  if (state.running.every((build) => build.phase === 'finishing' || build.phase === 'cached'))
    return 'the running builds compute nothing: their RUN steps came from the cache, or they are exporting'
  if (state.fromCache && state.running.every((build) => build.phase !== 'computing'))
    return 'an earlier build computed nothing (its RUN steps came from the cache), and no running build computes'
  return `${state.idleCpus?.toFixed(1)} CPUs were idle over the last ${CPU_WINDOW_SECONDS} s`
}
