// A bound in time on one operation (a request and the reading of its answer). Its timer is an ordinary one that the
// closure holds, so it fires whatever else is collected: Node 20's AbortSignal.any dropped its timeout signal once
// nothing else referred to it, and a request that was never answered then waited forever. The timer is cleared when
// the operation ends, so a finished bound keeps no process alive.

/** The error a bound's signal aborts with: a request that met it ran out of time. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms / 1000} s`)
    this.name = 'TimeoutError'
  }
}

export interface Deadline {
  /** Aborts when the bound passes (reason: DeadlineExceeded) or when `outer` aborts (its reason). */
  readonly signal: AbortSignal
  /** Clears the timer and lets go of `outer`; call it when the operation ends, however it ends. */
  end(): void
}

export function deadline(ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController()
  const onOuterAbort = (): void => controller.abort(outer?.reason)
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms)
  if (outer?.aborted) controller.abort(outer.reason)
  else outer?.addEventListener('abort', onOuterAbort, { once: true })
  return {
    signal: controller.signal,
    end: () => {
      clearTimeout(timer)
      outer?.removeEventListener('abort', onOuterAbort)
    }
  }
}

/** Runs `operation` under a bound of `ms` (and `outer`), ending the bound when it settles. */
export async function withinDeadline<T>(ms: number, outer: AbortSignal | undefined, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const bound = deadline(ms, outer)
  try {
    return await operation(bound.signal)
  } finally {
    bound.end()
  }
}

/** True when `error` is what a request that met its bound (or an outer abort) throws. */
export function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name
  return name === 'TimeoutError' || name === 'AbortError' || error instanceof DeadlineExceeded
}
