// Every process the action starts goes through CommandRunner, so tests can replace it and so that no command is
// ever given to a shell: a program and an argument array, always.
import { getExecOutput } from '@actions/exec'
import { spawn } from 'node:child_process'
import { StringDecoder } from 'node:string_decoder'

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Called with each complete line the process prints, as it prints it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** Aborting stops the process and everything it started. */
  signal?: AbortSignal
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface CommandRunner {
  /** Runs to the end and reports the exit code; it rejects only when the program could not be started. */
  run(program: string, args: string[], options?: RunOptions): Promise<RunResult>
}

export class CommandError extends Error {
  constructor(
    readonly program: string,
    readonly args: string[],
    readonly result: RunResult,
    /** Said after the exit code, such as how many attempts were made. */
    note = ''
  ) {
    const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-20).join('\n')
    super(`${program} ${args[0] ?? ''} ${args[1] ?? ''}`.trim() + ` exited with code ${result.exitCode}${note}${detail ? `:\n${detail}` : ''}`)
    this.name = 'CommandError'
  }
}

function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; end(): void } {
  let pending = ''
  return {
    push(chunk) {
      pending += chunk
      const lines = pending.split(/\r?\n/)
      pending = lines.pop() ?? ''
      for (const line of lines) emit(line)
    },
    end() {
      if (pending !== '') emit(pending)
      pending = ''
    }
  }
}

/** The environment without unset variables, as @actions/exec takes it. */
function definedVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/**
 * Commands that always run to their end (git, docker manifest, buildx create/rm/inspect/version) go through
 * @actions/exec. It cannot stop a command once started, so it refuses a signal rather than ignore it. It is kept
 * silent: the caller logs what it runs, and the command line's standard output carries only the outputs.
 */
export class ExecRunner implements CommandRunner {
  async run(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    if (options.signal) throw new Error(`internal: ${program} ${args[0] ?? ''} was given a signal, which @actions/exec cannot honour; run it with ProcessRunner`)
    const stdout = lineSplitter((line) => options.onLine?.(line, 'stdout'))
    const stderr = lineSplitter((line) => options.onLine?.(line, 'stderr'))
    // A character may be split between two chunks.
    const outText = new StringDecoder('utf8')
    const errText = new StringDecoder('utf8')
    let result
    try {
      result = await getExecOutput(program, args, {
        cwd: options.cwd,
        env: definedVariables(options.env ?? process.env),
        silent: true,
        ignoreReturnCode: true,
        listeners: { stdout: (data) => stdout.push(outText.write(data)), stderr: (data) => stderr.push(errText.write(data)) }
      })
    } catch (error) {
      throw new Error(`could not start ${program}: ${(error as Error).message}`)
    }
    stdout.end()
    stderr.end()
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }
}

/**
 * The runner for builds, which a cancelled job must be able to stop. @actions/exec 3.0 cannot: it takes no signal
 * and could stop only the process it started. Here each child leads its own process group, so stopping a build
 * also stops the `docker-buildx` plugin process that `docker` starts (signalling `docker` alone would leave it
 * running).
 */
export class ProcessRunner implements CommandRunner {
  run(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32'
      })
      let stdout = ''
      let stderr = ''
      const outLines = lineSplitter((line) => options.onLine?.(line, 'stdout'))
      const errLines = lineSplitter((line) => options.onLine?.(line, 'stderr'))
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        outLines.push(chunk)
      })
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
        errLines.push(chunk)
      })
      const stop = (): void => {
        if (child.pid === undefined || child.exitCode !== null) return
        try {
          process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM')
        } catch {
          // already gone
        }
      }
      if (options.signal?.aborted) stop()
      options.signal?.addEventListener('abort', stop, { once: true })
      child.on('error', (error) => {
        options.signal?.removeEventListener('abort', stop)
        reject(new Error(`could not start ${program}: ${error.message}`))
      })
      child.on('close', (code, signal) => {
        options.signal?.removeEventListener('abort', stop)
        outLines.end()
        errLines.end()
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr })
      })
    })
  }
}
