// What a run signs and what a re-run completes (publish/sign.ts), on the dry registry and an attestations API of the
// test's own that can fail: a digest counts as signed only when the registry's referrer and GitHub's record both
// hold a bundle of this signer at this commit; a run stopped between the two leaves what the next completes from the
// same bundle, without signing again. Real signing, with a Sigstore instance of the tests, is in
// __tests__/action/signing.test.ts.
import { describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { SignedDigest, signDigests } from '../../src/publish/sign.js'
import { digestOf, MEDIA_TYPES } from '../../src/shared/oci.js'
import { DryGitHub, DryRegistry, DryWorld } from '../../src/system/dry-run.js'
import type { GitHubApi, RepositoryTag } from '../../src/system/github.js'
import type { RegistryClient } from '../../src/system/registry/client.js'
import { DrySigstore } from '../../src/system/sigstore.js'
import { recordingLog } from '../helpers/log.js'

const IMAGE = 'ghcr.io/org/app'
const COMMIT = 'c'.repeat(40)
const ENV = { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REF: 'refs/tags/v1.16.0', GITHUB_SHA: COMMIT }

/** GitHub's attestations API as the test has it: what it recorded, by digest, and a number of refusals to come. */
class Attestations implements GitHubApi {
  readonly name = "the tests' attestations API"
  readonly recorded: SerializedBundle[] = []
  failures = 0

  async recordAttestation(bundle: SerializedBundle): Promise<string> {
    if (this.failures > 0) {
      this.failures--
      throw new Error("GitHub's attestations API answered 500")
    }
    this.recorded.push(bundle)
    return String(this.recorded.length)
  }

  async attestationsFor(digest: string): Promise<SerializedBundle[]> {
    return this.recorded.filter((bundle) => subjectOf(bundle) === digest)
  }

  async listTags(): Promise<RepositoryTag[]> {
    return []
  }

  async commitOf(): Promise<string> {
    return COMMIT
  }

  async compare(): Promise<{ reason: string }> {
    return { reason: 'not asked here' }
  }
}

function subjectOf(bundle: SerializedBundle): string {
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString()) as { subject: Array<{ digest: { sha256: string } }> }
  return `sha256:${statement.subject[0].digest.sha256}`
}

/** A registry that refuses the next `failures` referrers, as one that answers 5xx for good would. */
function refusingReferrers(inner: RegistryClient, state: { failures: number }): RegistryClient {
  return {
    getManifest: (repo, ref) => inner.getManifest(repo, ref),
    getBlob: (repo, digest, max) => inner.getBlob(repo, digest, max),
    getReferrers: (repo, digest) => inner.getReferrers(repo, digest),
    putManifest: (repo, ref, bytes, type) => inner.putManifest(repo, ref, bytes, type),
    pushBlob: (repo, bytes) => inner.pushBlob(repo, bytes),
    mountBlob: (repo, digest, from) => inner.mountBlob(repo, digest, from),
    pushReferrer: async (repo, subject, artifact) => {
      if (state.failures > 0) {
        state.failures--
        throw new Error('the registry answered 503')
      }
      return inner.pushReferrer(repo, subject, artifact)
    }
  }
}

/** One image in the dry registry, by digest: what the run signs. */
async function imageIn(registry: RegistryClient): Promise<string> {
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [] }))
  return registry.putManifest(IMAGE, digestOf(bytes), bytes, MEDIA_TYPES.ociManifest)
}

/** One signing run of the digest; its log, and what it signed or the error it stopped with. */
async function signRun(registry: RegistryClient, api: Attestations | undefined, digest: string) {
  const log = recordingLog()
  const github = new DryGitHub({ env: ENV, runner: { run: async () => Promise.reject(new Error('no process')) }, ...(api ? { api } : {}) })
  const request = { image: IMAGE, registry, choice: 'public-good' as const, commit: COMMIT, timeoutSeconds: 30 }
  const outcome = await signDigests([{ digest, of: 'linux/amd64' }], request, { github, sigstore: new DrySigstore(log), log }).then(
    (signed): { signed: SignedDigest[]; error?: undefined } => ({ signed }),
    (error: Error) => ({ signed: [] as SignedDigest[], error })
  )
  return { ...outcome, log, signings: log.lines.filter((line) => line.includes('dry run: would sign')).length }
}

describe('signing a digest', () => {
  it('records with GitHub before it attaches: an API that fails leaves nothing attached, and the re-run does both', async () => {
    const registry = new DryRegistry(new DryWorld())
    const digest = await imageIn(registry)
    const api = new Attestations()
    api.failures = 1
    const first = await signRun(registry, api, digest)
    expect(first.error?.message).toBe(
      `linux/amd64 (${IMAGE}@${digest}): recording the attestation with GitHub's API failed, so no tag was moved: GitHub's attestations API answered 500`
    )
    expect(await registry.getReferrers(IMAGE, digest)).toEqual([])

    const second = await signRun(registry, api, digest)
    expect(second.error).toBeUndefined()
    expect(second.signed).toEqual([expect.objectContaining({ digest, attestationId: '1' })])
    expect(second.signed[0].signedBefore).toBeUndefined()
    expect((await api.attestationsFor(digest)).map(subjectOf)).toEqual([digest])
    expect((await registry.getReferrers(IMAGE, digest)).map((r) => r.digest)).toEqual([second.signed[0].referrer])
  })

  it('completes the record GitHub lacks from the bundle the registry holds, without signing again', async () => {
    const registry = new DryRegistry(new DryWorld())
    const digest = await imageIn(registry)
    // An earlier run that had no API (or an older version of the action, which attached first) left the referrer alone.
    const earlier = await signRun(registry, undefined, digest)
    expect(earlier.signed[0].referrer).toMatch(/^sha256:/)
    const api = new Attestations()
    const rerun = await signRun(registry, api, digest)
    expect(rerun.signings).toBe(0)
    expect(rerun.signed).toEqual([expect.objectContaining({ completed: 'github-record', attestationId: '1', referrer: earlier.signed[0].referrer })])
    expect(rerun.signed[0].signedBefore).toBeUndefined()
    expect(rerun.log.lines).toContain(
      `[linux/amd64] ${IMAGE}@${digest}: signed by an earlier run (bundle ${earlier.signed[0].referrer} in the registry), which did not record it with GitHub: recorded now (attestation 1)`
    )
    expect((await api.attestationsFor(digest)).map(subjectOf)).toEqual([digest])
  })

  it('attaches the bundle GitHub holds where the registry lacks it, without signing again', async () => {
    const registry = new DryRegistry(new DryWorld())
    const digest = await imageIn(registry)
    const api = new Attestations()
    const refusing = { failures: 1 }
    const first = await signRun(refusingReferrers(registry, refusing), api, digest)
    expect(first.error?.message).toContain('attaching the bundle in the registry failed, so no tag was moved: the registry answered 503')
    expect(api.recorded).toHaveLength(1)
    const rerun = await signRun(registry, api, digest)
    expect(rerun.signings).toBe(0)
    expect(rerun.signed).toEqual([expect.objectContaining({ completed: 'registry-referrer', attestationId: '' })])
    expect(api.recorded).toHaveLength(1)
    expect((await registry.getReferrers(IMAGE, digest)).map((r) => r.digest)).toEqual([rerun.signed[0].referrer])
  })

  it('counts as signed before only where both records hold the bundle', async () => {
    const registry = new DryRegistry(new DryWorld())
    const digest = await imageIn(registry)
    const api = new Attestations()
    await signRun(registry, api, digest)
    const rerun = await signRun(registry, api, digest)
    expect(rerun.signings).toBe(0)
    expect(rerun.signed).toEqual([expect.objectContaining({ signedBefore: true, attestationId: '' })])
    expect(rerun.signed[0].completed).toBeUndefined()
    expect(api.recorded).toHaveLength(1)
  })

  it("signs again where GitHub's record of the digest is another repository's (the same image pushed there)", async () => {
    const world = new DryWorld()
    const registry = new DryRegistry(world)
    const digest = await imageIn(registry)
    const api = new Attestations()
    const log = recordingLog()
    const github = new DryGitHub({ env: ENV, runner: { run: async () => Promise.reject(new Error('no process')) }, api })
    const mirror = { image: 'docker.io/org/app', registry, choice: 'public-good' as const, commit: COMMIT, timeoutSeconds: 30 }
    await signDigests([{ digest, of: 'linux/amd64' }], mirror, { github, sigstore: new DrySigstore(log), log })
    const rerun = await signRun(registry, api, digest)
    expect(rerun.signings).toBe(1)
    expect(rerun.signed[0].completed).toBeUndefined()
    expect(api.recorded).toHaveLength(2)
  })

  it('signs again where the bundles found are for another commit', async () => {
    const registry = new DryRegistry(new DryWorld())
    const digest = await imageIn(registry)
    const api = new Attestations()
    await signRun(registry, api, digest)
    const log = recordingLog()
    const github = new DryGitHub({ env: ENV, runner: { run: async () => Promise.reject(new Error('no process')) }, api })
    const request = { image: IMAGE, registry, choice: 'public-good' as const, commit: 'd'.repeat(40), timeoutSeconds: 30 }
    const signed = await signDigests([{ digest, of: 'linux/amd64' }], request, { github, sigstore: new DrySigstore(log), log })
    expect(signed[0].signedBefore).toBeUndefined()
    expect(signed[0].completed).toBeUndefined()
    expect(api.recorded).toHaveLength(2)
  })
})
