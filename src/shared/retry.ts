// Runs a command again after a transient registry fault, with exponential backoff and jitter, within a cap on
// the total time spent waiting. What counts as transient is decided by the caller's classifier.
import type { Log } from './log.js'
import type { RunResult } from './command-runner.js'
import type { Classification } from './transient-errors.js'

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number
  /** Cap on all the waiting of one command together, in seconds. */
  maxWaitSeconds: number
  /** First delay; each further one doubles. */
  baseSeconds: number
  random?: () => number
  sleep?: (seconds: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_BASE_SECONDS = 1

/** Waits `seconds`, or until `signal` aborts (the system clock's wait: system/clock.ts). */
export function sleepFor(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, seconds * 1000)
    signal?.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}

export interface RetryOutcome {
  result: RunResult
  /** How the last failure was classified; undefined when the command succeeded. */
  classification?: Classification
  attempts: number
}

/**
 * Runs `attempt` until `judge` finds its result good (undefined), not worth another try, out of retries or of
 * waiting time, or the signal is aborted. Every retry is logged with its reason and delay.
 */
export async function retrying<T>(
  label: string,
  attempt: () => Promise<T>,
  /** Undefined for a result to keep; otherwise how its failure is classified. */
  judge: (result: T) => Classification | undefined,
  policy: RetryPolicy,
  log: Log,
  signal?: AbortSignal
): Promise<{ result: T; classification?: Classification; attempts: number }> {
  const random = policy.random ?? Math.random
  const sleep = policy.sleep ?? sleepFor
  let waited = 0
  for (let attempts = 1; ; attempts++) {
    const result = await attempt()
    const classification = judge(result)
    if (classification === undefined) return { result, attempts }
    const remaining = policy.maxWaitSeconds - waited
    if (!classification.transient || attempts > policy.retries || remaining <= 0 || signal?.aborted) {
      return { result, classification, attempts }
    }
    const backoff = policy.baseSeconds * 2 ** (attempts - 1) * (0.5 + random())
    const delay = Math.min(classification.retryAfterSeconds ?? backoff, remaining)
    log.warning(
      `${label}: ${classification.reason}; retry ${attempts} of ${policy.retries} in ${delay.toFixed(1)} s${classification.retryAfterSeconds !== undefined ? ' (as the registry asked)' : ''}`
    )
    await sleep(delay, signal)
    waited += delay
  }
}

/** `retrying` for a command: its exit code 0 is good, and `classify` reads the output of a failure. */
export function withRetries(
  label: string,
  attempt: () => Promise<RunResult>,
  /** Sees the output and the result (a result that timed out has no output to speak of). */
  classify: (output: string, result: RunResult) => Classification,
  policy: RetryPolicy,
  log: Log,
  signal?: AbortSignal
): Promise<RetryOutcome> {
  return retrying(label, attempt, (result) => (result.exitCode === 0 ? undefined : classify(`${result.stderr}\n${result.stdout}`, result)), policy, log, signal)
}
