// `describe` for the tests that need real BuildKit, and the hooks that start it (apart from helpers/buildkit.ts,
// which the benchmark also loads outside jest).
import { afterAll, beforeAll, describe } from '@jest/globals'
import { Buildkit, BUILDKIT, pushBaseImages, startBuildkit } from './buildkit.js'
import { Registry, startRegistry } from './docker.js'

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

/**
 * Starts, before the tests of the enclosing describe, a registry, a buildkitd that may push to it and the base
 * images, and hands them to `use`; stops them afterwards.
 */
export function withRegistryAndBuildkit(use: (registry: Registry, buildkit: Buildkit) => void): void {
  let registry: Registry | undefined
  let buildkit: Buildkit | undefined
  beforeAll(async () => {
    registry = await startRegistry()
    buildkit = await startBuildkit([registry.host])
    pushBaseImages(registry, buildkit)
    use(registry, buildkit)
  })
  afterAll(async () => {
    await buildkit?.stop()
    await registry?.stop()
  })
}
