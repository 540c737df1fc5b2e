// The time edge: what time it is, and waiting. Real for a run (a dry run too); tests give a clock that answers at
// once, so that no test waits for a retry's back-off.
import { sleepFor } from '../shared/retry.js'

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Waits `seconds`, or until `signal` aborts. */
  sleep(seconds: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = { now: () => Date.now(), sleep: sleepFor }

/** A clock that starts at `start` and moves only when it is waited on: a wait ends at once, the time goes on by it. */
export function steppingClock(start: number): Clock {
  let now = start
  return {
    now: () => now,
    sleep: async (seconds) => {
      now += seconds * 1000
    }
  }
}
