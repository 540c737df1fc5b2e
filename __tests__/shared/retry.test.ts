import { describe, expect, it } from '@jest/globals'
import { withRetries } from '../../src/shared/retry.js'
import { classifyRegistryError } from '../../src/shared/transient-errors.js'
import { recordingLog } from '../helpers/log.js'

const silent = recordingLog()

/** Fails with `message` the first `failures` times, then succeeds. */
function flaky(failures: number, message: string) {
  let calls = 0
  return {
    calls: () => calls,
    attempt: async () => (++calls <= failures ? { exitCode: 1, stdout: '', stderr: message } : { exitCode: 0, stdout: 'ok', stderr: '' })
  }
}

describe('withRetries', () => {
  it('backs off exponentially with jitter until the command succeeds', async () => {
    const waits: number[] = []
    const command = flaky(3, 'received unexpected HTTP status: 503 Service Unavailable')
    const outcome = await withRetries(
      'push',
      command.attempt,
      classifyRegistryError,
      { retries: 3, maxWaitSeconds: 100, baseSeconds: 2, random: () => 0.5, sleep: async (s) => void waits.push(s) },
      silent
    )
    expect(outcome).toMatchObject({ attempts: 4, result: { exitCode: 0 } })
    expect(waits).toEqual([2, 4, 8])
  })

  it('keeps the total wait under the cap, and gives up when it is spent', async () => {
    const waits: number[] = []
    const command = flaky(10, 'connection reset by peer')
    const outcome = await withRetries(
      'push',
      command.attempt,
      classifyRegistryError,
      { retries: 10, maxWaitSeconds: 5, baseSeconds: 2, random: () => 0.5, sleep: async (s) => void waits.push(s) },
      silent
    )
    expect(waits).toEqual([2, 3])
    expect(outcome.result.exitCode).toBe(1)
    expect(outcome.attempts).toBe(3)
  })

  it('waits as long as the registry asks', async () => {
    const waits: number[] = []
    await withRetries(
      'push',
      flaky(1, 'toomanyrequests: retry after 7 seconds').attempt,
      classifyRegistryError,
      { retries: 3, maxWaitSeconds: 60, baseSeconds: 1, sleep: async (s) => void waits.push(s) },
      silent
    )
    expect(waits).toEqual([7])
  })

  it('does not retry what is not transient', async () => {
    const command = flaky(5, 'unauthorized: authentication required')
    const outcome = await withRetries(
      'push',
      command.attempt,
      classifyRegistryError,
      { retries: 3, maxWaitSeconds: 60, baseSeconds: 1, sleep: async () => undefined },
      silent
    )
    expect(command.calls()).toBe(1)
    expect(outcome.classification?.reason).toBe('not authorized')
  })
})
