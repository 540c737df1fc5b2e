// The builds, run through the real buildx port on a command runner the test controls (each build a few
// milliseconds), in a workspace of their own.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BuildOptions, runBuilds } from '../../src/build/run-builds.js'
import type { CommandRunner, RunOptions, RunResult } from '../../src/shared/command-runner.js'
import { BuildxCli } from '../../src/system/buildx.js'
import { systemClock } from '../../src/system/clock.js'
import { LocalWorkspace } from '../../src/system/workspace.js'
import { recordingLog as memoryLog } from '../helpers/log.js'
import { planOf } from '../helpers/plan.js'

/** What runBuilds needs besides the runner and the log: buildx over that runner, a workspace, the clock. */
function options(runner: CommandRunner, rest: Omit<BuildOptions, 'buildx' | 'workspace' | 'clock' | 'log'> & { log?: BuildOptions['log'] }): BuildOptions {
  const log = rest.log ?? memoryLog()
  const root = mkdtempSync(path.join(os.tmpdir(), 'builds-'))
  return { ...rest, log, clock: systemClock, workspace: new LocalWorkspace(root, root), buildx: new BuildxCli({ runner, buildRunner: runner, log, env: {} }) }
}

/** Each build prints two lines and takes a few milliseconds; platforms in `failing` exit 1. */
function scriptedRunner(failing: string[] = []): CommandRunner & { peak: number; started: string[] } {
  let running = 0
  const runner = {
    peak: 0,
    started: [] as string[],
    async run(_program: string, args: string[], options?: RunOptions): Promise<RunResult> {
      const platform = args[args.indexOf('--platform') + 1]
      runner.started.push(platform)
      running++
      runner.peak = Math.max(runner.peak, running)
      options?.onLine?.(`#1 building ${platform}`, 'stderr')
      await new Promise((resolve) => setTimeout(resolve, 20))
      options?.onLine?.(failing.includes(platform) ? 'ERROR: compile failed' : '#1 DONE', 'stderr')
      running--
      return { exitCode: failing.includes(platform) ? 1 : 0, stdout: '', stderr: '' }
    }
  }
  return runner
}

const NO_RETRY = { retries: 0, maxWaitSeconds: 0, baseSeconds: 0 }

const fourPlatforms = planOf({ 'output-type': 'registry', os: 'linux,windows', arch: 'amd64,arm64,s390x' })

describe('runBuilds', () => {
  it('runs every build at once with max-parallel 0', async () => {
    const runner = scriptedRunner()
    const results = await runBuilds(fourPlatforms.targets, options(runner, { log: memoryLog(), maxParallel: 0, failFast: false, retry: NO_RETRY }))
    expect(results.map((r) => r.status)).toEqual(['built', 'built', 'built', 'built'])
    expect(runner.peak).toBe(4)
  })

  it('never runs more than max-parallel builds together, and runs them in plan order', async () => {
    const runner = scriptedRunner()
    await runBuilds(fourPlatforms.targets, options(runner, { log: memoryLog(), maxParallel: 2, failFast: false, retry: NO_RETRY }))
    expect(runner.peak).toBe(2)
    expect(runner.started).toEqual(['linux/amd64', 'linux/arm64', 'linux/s390x', 'windows/amd64'])
  })

  it('puts the platform in front of every line', async () => {
    const log = memoryLog()
    await runBuilds(fourPlatforms.targets.slice(0, 1), options(scriptedRunner(), { log, maxParallel: 0, failFast: false, retry: NO_RETRY }))
    expect(log.lines).toContain('[linux/amd64] #1 building linux/amd64')
    expect(log.lines).toContain('[linux/amd64] #1 DONE')
  })

  it('reports a failed build by platform with the end of its log, and still runs the others', async () => {
    const results = await runBuilds(
      fourPlatforms.targets,
      options(scriptedRunner(['linux/arm64']), {
        log: memoryLog(),
        maxParallel: 1,
        failFast: false,
        retry: NO_RETRY
      })
    )
    expect(results.map((r) => r.status)).toEqual(['built', 'failed', 'built', 'built'])
    expect(results[1].error).toBe('build for linux/arm64 failed (exit code 1); the end of its log:\n#1 building linux/arm64\nERROR: compile failed')
  })
})

/** Resolves once `done` holds, checking after every turn of the event loop; gives up after `seconds`. */
async function until(done: () => boolean, seconds = 10): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
}

/**
 * Builds printing buildx's lines, whose phases end on events rather than on time: a compile ends when `compiled`
 * says so, an export once the next build has begun (or it is the last), so that what the test sees is what the
 * scheduler did. Records the lines in the order they were printed.
 */
function phasedRunner(total: number, compiled: (platform: string) => Promise<void> = async () => undefined): CommandRunner & { events: string[] } {
  const runner = {
    events: [] as string[],
    async run(_program: string, args: string[], options?: RunOptions): Promise<RunResult> {
      const platform = args[args.indexOf('--platform') + 1]
      const say = (line: string): void => {
        runner.events.push(`${platform}: ${line}`)
        options?.onLine?.(line, 'stderr')
      }
      const started = (): number => runner.events.filter((event) => event.endsWith('load build context')).length
      say('#1 [internal] load build context')
      const order = started()
      say('#4 [build 3/3] RUN go build')
      await compiled(platform)
      say('#6 exporting to image')
      await until(() => started() > order || started() === total)
      say('#6 DONE')
      return { exitCode: 0, stdout: '', stderr: '' }
    }
  }
  return runner
}

/** The index of a build's line in the events. */
const at = (events: string[], platform: string, line: string): number => events.indexOf(`${platform}: ${line}`)

describe('runBuilds with max-parallel auto', () => {
  const three = planOf({ 'output-type': 'registry', os: 'linux,windows', arch: 'amd64,arm64' }).targets

  it('starts the next build when the running one exports, never while it compiles (builder elsewhere)', async () => {
    const runner = phasedRunner(3)
    const log = memoryLog()
    const results = await runBuilds(three, options(runner, { log, maxParallel: 'auto', failFast: true, retry: NO_RETRY }))
    expect(results.map((r) => r.status)).toEqual(['built', 'built', 'built'])
    const { events } = runner
    for (const [before, next] of [
      ['linux/amd64', 'linux/arm64'],
      ['linux/arm64', 'windows/amd64']
    ]) {
      // Begun while the one before exported: after its export began, before it ended.
      expect(at(events, next, '#1 [internal] load build context')).toBeGreaterThan(at(events, before, '#6 exporting to image'))
      expect(at(events, next, '#1 [internal] load build context')).toBeLessThan(at(events, before, '#6 DONE'))
    }
    // Never two compiles at once.
    let compiling = 0
    for (const event of events) {
      if (event.endsWith('RUN go build')) compiling++
      if (event.endsWith('exporting to image')) compiling--
      expect(compiling).toBeLessThanOrEqual(1)
    }
    expect(log.lines).toContain('[linux/arm64] starts now: the running builds are exporting')
  })

  it('a re-run: starts the next build as soon as the running one finds its compile in the cache', async () => {
    const events: string[] = []
    const runner: CommandRunner = {
      async run(_program, args, options) {
        const platform = args[args.indexOf('--platform') + 1]
        const say = (line: string): void => {
          events.push(`${platform}: ${line}`)
          options?.onLine?.(line, 'stderr')
        }
        const started = (): number => events.filter((event) => event.endsWith('load build context')).length
        say('#1 [internal] load build context')
        const order = started()
        say('#4 [build 3/3] RUN go build')
        say('#4 CACHED')
        // It exports only once the next build has begun (or it is the last): the scheduler must not wait for it.
        await until(() => started() > order || started() === 3)
        say('#6 exporting to image')
        return { exitCode: 0, stdout: '', stderr: '' }
      }
    }
    const log = memoryLog()
    const results = await runBuilds(three, options(runner, { log, maxParallel: 'auto', failFast: true, retry: NO_RETRY }))
    expect(results.map((r) => r.status)).toEqual(['built', 'built', 'built'])
    for (const [before, next] of [
      ['linux/amd64', 'linux/arm64'],
      ['linux/arm64', 'windows/amd64']
    ]) {
      expect(at(events, next, '#1 [internal] load build context')).toBeGreaterThan(at(events, before, '#4 CACHED'))
      expect(at(events, next, '#1 [internal] load build context')).toBeLessThan(at(events, before, '#6 exporting to image'))
    }
    expect(log.lines).toContain('[linux/arm64] starts now: the running builds compute nothing: their RUN steps came from the cache, or they are exporting')
  })

  it('starts another build while a whole CPU of this machine is idle, once the running build compiles', async () => {
    const log = memoryLog()
    const cpus = { idleCpus: () => 1.5, stop: () => undefined }
    // linux/amd64 compiles until linux/arm64 has begun (the CPU rule waits out its 3 s window first): had the
    // scheduler not started it, amd64 would export first, after the deadline.
    const runner: CommandRunner & { events: string[] } = phasedRunner(2, async (platform) => {
      if (platform === 'linux/amd64') await until(() => runner.events.includes('linux/arm64: #1 [internal] load build context'), 15)
    })
    await runBuilds(three.slice(0, 2), options(runner, { log, maxParallel: 'auto', cpus, failFast: true, retry: NO_RETRY }))
    expect(at(runner.events, 'linux/arm64', '#1 [internal] load build context')).toBeLessThan(at(runner.events, 'linux/amd64', '#6 exporting to image'))
    expect(log.lines).toContain('[linux/arm64] starts now: 1.5 CPUs were idle over the last 3 s')
  })
})
