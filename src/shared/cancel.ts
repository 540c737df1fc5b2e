// A cancelled run (GitHub's SIGINT, the command line's first signal) starts no further stage.

/** Throws, saying what was not done, once the run was cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new Error(`the run was cancelled: ${what}`)
}
