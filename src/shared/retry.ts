// Runs a command again after a transient registry fault, with exponential backoff and jitter, within a cap on
// the total time spent waiting. What counts as transient is decided by the caller's classifier.
import type { Log } from '../report/report.js'
import type { RunResult } from '../system/runner.js'
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

function sleepFor(seconds: number, signal?: AbortSignal): Promise<void> {
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
 * Runs `attempt` until it succeeds, fails for a reason that is not transient, runs out of retries or of waiting
 * time, or the signal is aborted. Every retry is logged with its reason and delay.
 */
export async function withRetries(
  label: string,
  attempt: () => Promise<RunResult>,
  /** Sees the output and the result (a result that timed out has no output to speak of). */
  classify: (output: string, result: RunResult) => Classification,
  policy: RetryPolicy,
  log: Log,
  signal?: AbortSignal
): Promise<RetryOutcome> {
  const random = policy.random ?? Math.random
  const sleep = policy.sleep ?? sleepFor
  let waited = 0
  for (let attempts = 1; ; attempts++) {
    const result = await attempt()
    if (result.exitCode === 0) return { result, attempts }
    const classification = classify(`${result.stderr}\n${result.stdout}`, result)
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
