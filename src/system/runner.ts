// The process runner behind every command the action starts (shared/command-runner.ts is its interface): a program
// and an argument array, never a shell. Each child leads its own process group, so that stopping it also stops
// what it started (docker starts the docker-buildx plugin as a process of its own). A command ends when its
// process exits: what it started may hold its output open after that (a process that left the group with setsid),
// so the output is read for a bounded time more, and then no longer waited for; a stopped command's descendants are
// found by a mark in their environment (COMMAND_MARK) and killed.
import { ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { CommandRunner, RunOptions, RunResult } from '../shared/command-runner.js'

/** How long a stopped process has between SIGTERM and SIGKILL: `docker manifest push` to a silent registry ignores SIGTERM. */
export const GRACE_SECONDS = 5

/** How long the output of a command that exited is still read, for what its pipes hold yet. */
export const DRAIN_MS = 500

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

/** Marks every process a command starts, its descendants too (they inherit it), so that they can be found. */
export const COMMAND_MARK = 'VELERO_MULTIARCH_COMMAND'

/**
 * Kills what is left of a stopped command: the processes that carry its mark, among them those that left its process
 * group (setsid), which signalling the group missed. Only where /proc tells (Linux); best effort.
 */
function killMarked(mark: string): void {
  const wanted = `${COMMAND_MARK}=${mark}`
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
  } catch {
    return
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(wanted)) continue
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // gone meanwhile, or not ours to read or kill
    }
  }
}

/** The runner of every command: its own process group per child, a bound in time, and stopping on a signal. */
export class ProcessRunner implements CommandRunner {
  /** Every command running, with its mark. */
  private readonly children = new Map<ChildProcess, string>()

  /** Kills every command still running, at once, and what it started (the command line's second signal). */
  killAll(): void {
    for (const [child, mark] of this.children) {
      signalGroup(child, 'SIGKILL')
      killMarked(mark)
    }
  }

  run(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const mark = randomUUID()
      const env = { ...(options.env ?? process.env), [COMMAND_MARK]: mark }
      const child = spawn(program, args, { cwd: options.cwd, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true })
      this.children.set(child, mark)
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
      let stopped = false
      let kill: NodeJS.Timeout | undefined
      let drain: NodeJS.Timeout | undefined
      const stop = (): void => {
        stopped = true
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
      let done = false
      /** Once, whichever comes first (exit, or a failure to start): the command's timers and listeners go. */
      const settle = (): boolean => {
        if (done) return false
        done = true
        this.children.delete(child)
        clearTimeout(bound)
        clearTimeout(drain)
        options.signal?.removeEventListener('abort', stop)
        return true
      }
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (!settle()) return
        // A process the command started may still hold the pipes: stop reading them, and when the command was
        // stopped, kill what carries its mark (it outlived the bound); the rest of its group still gets SIGKILL at
        // the end of the grace, without the action waiting for it.
        if (stopped) {
          killMarked(mark)
          kill?.unref()
        } else {
          clearTimeout(kill)
        }
        child.stdout?.destroy()
        child.stderr?.destroy()
        splitters.stdout.end()
        splitters.stderr.end()
        resolve({ exitCode: code ?? (signal ? 128 : 1), ...output, ...(timedOut ? { timedOut } : {}) })
      }
      child.on('error', (error) => {
        if (!settle()) return
        clearTimeout(kill)
        reject(new Error(`could not start ${program}: ${error.message}`))
      })
      // The command is over when its process exits; its output, once the pipes close, or DRAIN_MS later.
      child.on('exit', (code, signal) => {
        drain = setTimeout(() => finish(code, signal), DRAIN_MS)
      })
      child.on('close', (code, signal) => finish(code, signal))
    })
  }
}

/** A runner whose every command is bounded by `seconds` and stopped when `signal` aborts, unless told otherwise. */
export function boundedRunner(runner: CommandRunner, seconds: number, signal?: AbortSignal): CommandRunner {
  return { run: (program, args, options = {}) => runner.run(program, args, { timeoutSeconds: seconds, signal, ...options }) }
}
