// What every stage calls to run a command: a program and an argument array, never a shell string, so that tests
// and the dry run can stand in for the processes (system/runner.ts runs them for real, system/dry-run.ts records).

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Called with each complete line the process prints, as it prints it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** Aborting stops the process and everything it started. */
  signal?: AbortSignal
  /** Stops the process once it has run this long; undefined: no bound (the builds). */
  timeoutSeconds?: number
  /** Written to the process's standard input, which is then closed (a credential helper reads its question there). */
  input?: string
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
  /** It ran past its bound and was stopped. */
  timedOut?: boolean
}

export interface CommandRunner {
  /** Runs to the end (or until stopped) and reports the exit code; it rejects only when the program could not be started. */
  run(program: string, args: string[], options?: RunOptions): Promise<RunResult>
}

export class CommandError extends Error {
  constructor(
    readonly program: string,
    readonly args: string[],
    readonly result: RunResult,
    /** Said after the exit code, such as how many attempts were made. */
    note = '',
    /** The input that bounds the command, named when it timed out. */
    bound = 'command-timeout'
  ) {
    const detail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-20).join('\n')
    const name = `${program} ${args[0] ?? ''} ${args[1] ?? ''}`.trim()
    const what = result.timedOut
      ? `${name} did not finish within its bound (${bound}) and was stopped${note}`
      : `${name} exited with code ${result.exitCode}${note}`
    super(`${what}${detail ? `:\n${detail}` : ''}`)
    this.name = 'CommandError'
  }
}
