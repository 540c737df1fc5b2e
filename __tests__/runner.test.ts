// The two command runners: @actions/exec for commands that run to their end, a process-group runner for builds.
import { describe, expect, it } from '@jest/globals'
import { ExecRunner, ProcessRunner } from '../src/runner.js'

const PRINT_ARGS = 'process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n"); process.stderr.write("to stderr\\n"); process.exitCode = 3'

describe.each([
  ['ExecRunner', new ExecRunner()],
  ['ProcessRunner', new ProcessRunner()]
])('%s', (_name, runner) => {
  it('passes every argument as it is, with no shell between, and reports exit code, output and lines', async () => {
    const lines: string[] = []
    const args = ['a b', "it's", '$HOME', '"quoted"', '; echo no']
    const result = await runner.run(process.execPath, ['-e', PRINT_ARGS, ...args], { onLine: (line, stream) => lines.push(`${stream}: ${line}`) })
    expect(result.exitCode).toBe(3)
    expect(JSON.parse(result.stdout)).toEqual(args)
    expect(result.stderr).toBe('to stderr\n')
    expect(lines).toEqual([`stdout: ${JSON.stringify(args)}`, 'stderr: to stderr'])
  })

  it('rejects when the program cannot be started', async () => {
    await expect(runner.run('/nonexistent/program', [])).rejects.toThrow('could not start /nonexistent/program')
  })
})

describe('ExecRunner', () => {
  it('refuses a signal, which @actions/exec cannot honour', async () => {
    await expect(new ExecRunner().run(process.execPath, ['-e', ''], { signal: new AbortController().signal })).rejects.toThrow('ProcessRunner')
  })
})

describe('ProcessRunner', () => {
  it('stops the whole process group when aborted', async () => {
    const stop = new AbortController()
    const started = Date.now()
    // A child that starts a grandchild and waits for it, as docker waits for its buildx plugin.
    const script = 'require("child_process").spawnSync(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" })'
    const running = new ProcessRunner().run(process.execPath, ['-e', script], { signal: stop.signal })
    setTimeout(() => stop.abort(), 300)
    const result = await running
    expect(result.exitCode).not.toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
