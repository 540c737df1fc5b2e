// The command runner: argument arrays and no shell, a process group per child, a bound in time that escalates from
// SIGTERM to SIGKILL and holds when what a command started left its group, and a cap on what it keeps of its output.
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { boundedRunner, GRACE_SECONDS, MAX_OUTPUT_CHARS, ProcessRunner } from '../../src/system/runner.js'

const PRINT_ARGS = 'process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n"); process.stderr.write("to stderr\\n"); process.exitCode = 3'
// A child that ignores SIGTERM and starts a grandchild that does too, as `docker manifest push` to a registry that
// never answers behaves; it writes the grandchild's pid first.
const STUBBORN = [
  'process.on("SIGTERM", () => {})',
  'const c = require("child_process").spawn(process.execPath, ["-e", "process.on(\\"SIGTERM\\", () => {}); setInterval(() => {}, 1000)"], { stdio: "inherit" })',
  'console.log(c.pid)',
  'setInterval(() => {}, 1000)'
].join(';')

/** Whether a process still runs: a killed one may stay a zombie until it is reaped, which counts as gone. */
const alive = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** Whether a process is gone within two seconds (a signal takes effect a moment after it is sent). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 20))
  return !alive(pid)
}

describe('ProcessRunner', () => {
  it('passes every argument as it is, with no shell between, and reports exit code, output and lines', async () => {
    const lines: string[] = []
    const args = ['a b', "it's", '$HOME', '"quoted"', '; echo no']
    const result = await new ProcessRunner().run(process.execPath, ['-e', PRINT_ARGS, ...args], { onLine: (line, stream) => lines.push(`${stream}: ${line}`) })
    expect(result.exitCode).toBe(3)
    expect(JSON.parse(result.stdout)).toEqual(args)
    expect(result.stderr).toBe('to stderr\n')
    expect(lines).toEqual([`stdout: ${JSON.stringify(args)}`, 'stderr: to stderr'])
    expect(result.timedOut).toBeUndefined()
  })

  it('rejects when the program cannot be started', async () => {
    await expect(new ProcessRunner().run('/nonexistent/program', [])).rejects.toThrow('could not start /nonexistent/program')
  })

  it('stops the whole process group when aborted', async () => {
    const stop = new AbortController()
    // A child that starts a grandchild and waits for it, as docker waits for its buildx plugin.
    const script = 'require("child_process").spawnSync(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" })'
    const running = new ProcessRunner().run(process.execPath, ['-e', script], { signal: stop.signal })
    stop.abort()
    const result = await running
    expect(result.exitCode).not.toBe(0)
  })

  it('stops a command at its bound: SIGTERM, then SIGKILL for a group that ignores it, and says it timed out', async () => {
    const started = Date.now()
    const result = await new ProcessRunner().run(process.execPath, ['-e', STUBBORN], { timeoutSeconds: 1 })
    const seconds = (Date.now() - started) / 1000
    expect(result.timedOut).toBe(true)
    expect(result.exitCode).not.toBe(0)
    expect(seconds).toBeGreaterThanOrEqual(1 + GRACE_SECONDS - 0.5)
    expect(await gone(Number(result.stdout.trim()))).toBe(true)
  })

  it('still stops the group when the child ends on SIGTERM and what it started holds its output open', async () => {
    // As the recording docker shim, or docker with a plugin: the parent dies at once, its child ignores SIGTERM.
    const script =
      'const c = require("child_process").spawn(process.execPath, ["-e", "process.on(\\"SIGTERM\\", () => {}); console.log(process.pid); setInterval(() => {}, 1000)"], { stdio: "inherit" }); setInterval(() => {}, 1000)'
    const result = await new ProcessRunner().run(process.execPath, ['-e', script], { timeoutSeconds: 1 })
    expect(result.timedOut).toBe(true)
    expect(await gone(Number(result.stdout.trim()))).toBe(true)
  })

  it('holds its bound when a process the command started left its process group (setsid), and kills it', async () => {
    const started = Date.now()
    const result = await new ProcessRunner().run('sh', ['-c', 'setsid sleep 20.25 & sleep 30'], { timeoutSeconds: 1 })
    const seconds = (Date.now() - started) / 1000
    expect(result.timedOut).toBe(true)
    // Within a second of the bound, not when the sleep outside the group would have ended (20 s).
    expect(seconds).toBeLessThan(2)
    const left = (): string =>
      execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .filter((line) => line.trim() === 'sleep 20.25')
        .join('\n')
    for (let i = 0; i < 100 && left() !== ''; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(left()).toBe('')
  })

  it('ends a command when it exits, though a process it started outside its group holds its output open', async () => {
    const started = Date.now()
    try {
      const result = await new ProcessRunner().run('sh', ['-c', 'setsid sleep 21.25 & echo done'])
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toBe('done\n')
      expect((Date.now() - started) / 1000).toBeLessThan(2)
    } finally {
      spawnSync('pkill', ['-f', '^sleep 21.25$'])
    }
  })

  it('kills every command still running at once (killAll)', async () => {
    const runner = new ProcessRunner()
    const lines: string[] = []
    const running = runner.run(process.execPath, ['-e', STUBBORN], { onLine: (line) => lines.push(line) })
    while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    runner.killAll()
    const result = await running
    expect(result.exitCode).not.toBe(0)
    expect(result.timedOut).toBeUndefined()
    expect(await gone(Number(lines[0]))).toBe(true)
  })

  it('keeps at most MAX_OUTPUT_CHARS of what a command prints, and still reads it to its end', async () => {
    const result = await new ProcessRunner().run(process.execPath, ['-e', `process.stdout.write("x".repeat(${MAX_OUTPUT_CHARS + 1000}))`])
    expect(result.exitCode).toBe(0)
    expect(result.stdout.length).toBe(MAX_OUTPUT_CHARS)
  })
})

describe('boundedRunner', () => {
  it('gives every command the bound and the signal, unless the call gives its own', async () => {
    const calls: unknown[] = []
    const signal = new AbortController().signal
    const runner = boundedRunner({ run: async (_p, _a, options) => (calls.push(options), { exitCode: 0, stdout: '', stderr: '' }) }, 30, signal)
    await runner.run('docker', ['version'])
    await runner.run('docker', ['build'], { timeoutSeconds: undefined })
    expect(calls).toEqual([
      { timeoutSeconds: 30, signal },
      { timeoutSeconds: undefined, signal }
    ])
  })
})
