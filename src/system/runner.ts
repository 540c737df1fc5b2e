// The process runner behind every command the action starts (shared/command-runner.ts is its interface): a program
// and an argument array, never a shell. Each child leads its own process group, so that stopping it also stops
// what it started (docker starts the docker-buildx plugin as a process of its own).
import { ChildProcess, spawn } from 'node:child_process'
import { StringDecoder } from 'node:string_decoder'
import type { CommandRunner, RunOptions, RunResult } from '../shared/command-runner.js'

/** How long a stopped process has between SIGTERM and SIGKILL: `docker manifest push` to a silent registry ignores SIGTERM. */
export const GRACE_SECONDS = 5

/** What is kept of a command's output: registry answers are small, and one that is not must not fill the memory. */
export const MAX_OUTPUT_CHARS = 16 * 1024 * 1024

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

/**
 * Sends a signal to a child's whole process group, also when the child itself has exited: what it started may
 * outlive it and hold its output open (docker ends on SIGTERM, the plugin or a wrapped docker it runs may not). A
 * group that is gone already is no error.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** The runner of every command: its own process group per child, a bound in time, and stopping on a signal. */
export class ProcessRunner implements CommandRunner {
  private readonly children = new Set<ChildProcess>()

  /** Kills every command still running, at once (the command line's second signal). */
  killAll(): void {
    for (const child of this.children) signalGroup(child, 'SIGKILL')
  }

  run(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true })
      this.children.add(child)
      if (options.input !== undefined && child.stdin) {
        // A program that exits without reading is no error of ours.
        child.stdin.on('error', () => undefined)
        child.stdin.end(options.input)
      }
      const output = { stdout: '', stderr: '' }
      const splitters = { stdout: lineSplitter((line) => options.onLine?.(line, 'stdout')), stderr: lineSplitter((line) => options.onLine?.(line, 'stderr')) }
      for (const stream of ['stdout', 'stderr'] as const) {
        // A character may be split between two chunks.
        const decoder = new StringDecoder('utf8')
        child[stream]?.on('data', (chunk: Buffer) => {
          const text = decoder.write(chunk)
          if (output[stream].length < MAX_OUTPUT_CHARS) output[stream] += text.slice(0, MAX_OUTPUT_CHARS - output[stream].length)
          splitters[stream].push(text)
        })
      }
      let timedOut = false
      let kill: NodeJS.Timeout | undefined
      const stop = (): void => {
        signalGroup(child, 'SIGTERM')
        kill ??= setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_SECONDS * 1000)
      }
      const bound =
        options.timeoutSeconds === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true
              stop()
            }, options.timeoutSeconds * 1000)
      if (options.signal?.aborted) stop()
      options.signal?.addEventListener('abort', stop, { once: true })
      const settle = (): void => {
        this.children.delete(child)
        clearTimeout(bound)
        clearTimeout(kill)
        options.signal?.removeEventListener('abort', stop)
      }
      child.on('error', (error) => {
        settle()
        reject(new Error(`could not start ${program}: ${error.message}`))
      })
      child.on('close', (code, signal) => {
        settle()
        splitters.stdout.end()
        splitters.stderr.end()
        resolve({ exitCode: code ?? (signal ? 128 : 1), ...output, ...(timedOut ? { timedOut } : {}) })
      })
    })
  }
}

/** A runner whose every command is bounded by `seconds` and stopped when `signal` aborts, unless told otherwise. */
export function boundedRunner(runner: CommandRunner, seconds: number, signal?: AbortSignal): CommandRunner {
  return { run: (program, args, options = {}) => runner.run(program, args, { timeoutSeconds: seconds, signal, ...options }) }
}
