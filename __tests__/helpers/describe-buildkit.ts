// `describe` for the tests that need real BuildKit (apart from helpers/buildkit.ts, which the benchmark also loads
// outside jest).
import { describe } from '@jest/globals'
import { BUILDKIT } from './buildkit.js'

/**
 * `describe` for tests that need real BuildKit: skipped, with the reason printed, when there is none; a failure
 * when REQUIRE_REAL_BUILDKIT=1 (CI), so that a broken setup never passes as skipped.
 */
export function describeOnBuildkit(name: string, body: () => void, needs: { ownBuildkitd?: string } = {}): void {
  let reason = BUILDKIT.reason
  if (!reason && needs.ownBuildkitd && BUILDKIT.mode === 'external') reason = needs.ownBuildkitd
  if (reason === undefined) {
    describe(name, body)
  } else if (process.env.REQUIRE_REAL_BUILDKIT === '1' && BUILDKIT.mode !== 'external') {
    describe(name, () => {
      throw new Error(`REQUIRE_REAL_BUILDKIT=1, but ${reason}`)
    })
  } else {
    process.stderr.write(`skipped "${name}": ${reason}\n`)
    describe.skip(name, body)
  }
}
