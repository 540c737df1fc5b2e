// The signing step: after the tags are decided and before any moves. Every distinct digest the run will publish
// (each platform's image, and each list that moves) gets a signed SLSA provenance statement, verified here, recorded
// with GitHub's attestations API, then attached in the registry as a referrer of the digest. A digest is signed when
// both records hold a bundle for it and this signer: a re-run finds what an earlier run left, completes the record
// that is missing from the bundle the other holds, and signs anew only where neither has one. Any failure stops the
// run before a tag moves. The lists are in the registry by their digests already (apply-tags.ts).
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { throwIfCancelled } from '../shared/cancel.js'
import type { Log } from '../shared/log.js'
import { parseManifest } from '../shared/oci.js'
import type { GitHub, GitHubApi } from '../system/github.js'
import type { RegistryClient } from '../system/registry/client.js'
import { BUNDLE_MEDIA_TYPE, Sigstore, SigstoreInstance, SLSA_PROVENANCE } from '../system/sigstore.js'
import { JobIdentity, jobIdentity } from '../policy/job-identity.js'
import { provenanceStatement, sigstoreInstance, statementClaims, verifyCommand } from './attestation.js'

/** Which record a re-run added to the bundle an earlier run left in the other. */
export type CompletedRecord = 'github-record' | 'registry-referrer'

/** One signed digest, as the outputs and the summary name it. */
export interface SignedDigest {
  /** `ghcr.io/org/app@sha256:...` */
  subject: string
  digest: string
  /** What it is: a platform (`linux/arm64`) or a list (`ghcr.io/org/app:main`). */
  of: string
  /** The attestation's id in GitHub's attestations API, where this run recorded it; empty otherwise. */
  attestationId: string
  /** The digest of the referrer manifest that holds the bundle in the registry. */
  referrer: string
  /** What a user runs to verify it (GitHub's CLI, which finds the attestation by the digest). */
  verify: string
  /**
   * Signed by an earlier run of this workflow at this commit (a re-run): its bundle was found, verified, in the
   * registry and recorded with GitHub (where the run has the API), and not made again.
   */
  signedBefore?: boolean
  /** Signed by an earlier run that left one record: this run added the other from the same bundle. */
  completed?: CompletedRecord
}

export interface SigningPorts {
  github: GitHub
  sigstore: Sigstore
  log: Log
  signal?: AbortSignal
}

export interface SigningRequest {
  image: string
  /** The registry the bundles are attached in and read back from (with its login). */
  registry: RegistryClient
  /** The Sigstore instance as the input `sigstore` chooses it. */
  choice: 'auto' | 'public-good' | 'github'
  /** This run's commit: the statement names it (and GITHUB_SHA, when the checkout holds another on purpose). */
  commit: string
  timeoutSeconds: number
}

/** More referrers than this on one digest are not read: the first ones are this action's. */
const MAX_REFERRERS_READ = 16
/** A bundle is a few kilobytes; far more is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024

interface Expected {
  root: TrustedRoot
  instance: SigstoreInstance
  identity: JobIdentity
  commit: string
  /** The image's repository, as the statement names it. */
  image: string
}

/**
 * Whether a bundle is one this run would have made: verified for exactly this signer, about `digest` in this image's
 * repository, at this commit. (GitHub lists a repository's attestations by digest alone: the same digest pushed to
 * another repository has a bundle of its own.)
 */
async function isOwnBundle(bundle: SerializedBundle, sigstore: Sigstore, digest: string, expected: Expected): Promise<boolean> {
  try {
    await sigstore.verify(bundle, expected.root, expected.instance, { subject: expected.identity.subject, issuer: expected.identity.issuer, digest })
    const claims = statementClaims(bundle)
    return claims.commit === expected.commit && claims.image === expected.image
  } catch {
    // Not a bundle of this workflow at this commit: another's signature, or something else.
    return false
  }
}

/**
 * The referrer of `digest` that holds a bundle this run would have made: one that verifies against the trusted root
 * for exactly this job's identity (its workflow at its ref) and issuer, whose statement is about `digest` and names
 * this commit. Undefined when there is none; a referrer that is not such a bundle is passed over.
 */
export async function findOwnBundle(
  registry: RegistryClient,
  sigstore: Sigstore,
  image: string,
  digest: string,
  expected: Expected
): Promise<{ referrer: string; bundle: SerializedBundle } | undefined> {
  const referrers = (await registry.getReferrers(image, digest)).filter((r) => r.artifactType === BUNDLE_MEDIA_TYPE).slice(0, MAX_REFERRERS_READ)
  for (const referrer of referrers) {
    let bundle: SerializedBundle
    try {
      const fetched = await registry.getManifest(image, referrer.digest)
      const manifest = fetched && parseManifest(fetched.bytes, `${image}@${referrer.digest}`, fetched.contentType)
      const layer = manifest?.kind === 'image' ? manifest.manifest.layers.find((l) => l.mediaType === BUNDLE_MEDIA_TYPE) : undefined
      if (!layer || layer.size > MAX_BUNDLE_BYTES) continue
      bundle = JSON.parse((await registry.getBlob(image, layer.digest, MAX_BUNDLE_BYTES)).toString('utf8')) as SerializedBundle
    } catch {
      continue
    }
    if (await isOwnBundle(bundle, sigstore, digest, expected)) return { referrer: referrer.digest, bundle }
  }
  return undefined
}

/** The bundle GitHub's attestations API holds for `digest` that this run would have made; undefined when none. */
export async function findRecordedBundle(api: GitHubApi, sigstore: Sigstore, digest: string, expected: Expected): Promise<SerializedBundle | undefined> {
  for (const bundle of (await api.attestationsFor(digest)).slice(0, MAX_REFERRERS_READ)) {
    if (await isOwnBundle(bundle, sigstore, digest, expected)) return bundle
  }
  return undefined
}

/** The referrer's annotations: what gh and cosign look for to tell a provenance bundle. */
const BUNDLE_ANNOTATIONS = { 'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE, 'dev.sigstore.bundle.content': 'dsse-envelope' }

/** Attaches a bundle in the registry as a referrer of `digest` (the subject's descriptor read from the registry). */
async function attach(registry: RegistryClient, image: string, digest: string, bundle: SerializedBundle): Promise<string> {
  const subject = await registry.getManifest(image, digest)
  if (!subject) throw new Error(`${image}@${digest} is not in the registry`)
  const artifact = {
    bytes: Buffer.from(JSON.stringify(bundle)),
    mediaType: BUNDLE_MEDIA_TYPE,
    artifactType: BUNDLE_MEDIA_TYPE,
    annotations: BUNDLE_ANNOTATIONS
  }
  return registry.pushReferrer(image, { mediaType: subject.contentType, digest, size: subject.bytes.length }, artifact)
}

/**
 * Signs each subject (a digest in the image's repository, and what it is), before any tag moves. Returns what was
 * signed; throws, naming the digest, when a signature, its verification, its record or its attachment fails.
 */
export async function signDigests(subjects: Array<{ digest: string; of: string }>, request: SigningRequest, ports: SigningPorts): Promise<SignedDigest[]> {
  const { github, log, sigstore } = ports
  const { image, commit, registry } = request
  const { context, api } = github
  const instance = sigstoreInstance(request.choice, context.event?.payload.repository?.visibility, context)
  throwIfCancelled(ports.signal, 'nothing was signed and no tag was moved')
  const signed: SignedDigest[] = []
  await log.group(`Sign every image and list the tags will hold (Sigstore: ${instance.name})`, async () => {
    // A fresh token: the builds may have taken longer than the token lives.
    const identity = jobIdentity(await github.idToken('sigstore', request.timeoutSeconds * 1000), context)
    const root = await sigstore.trustedRoot(instance, () => github.trustedRoots())
    const expected = { root, instance, identity, commit, image }
    if (!api) log.info("No GitHub API in this run: each bundle is attached in the registry alone, not recorded with GitHub's attestations API")
    for (const { digest, of } of subjects) {
      throwIfCancelled(ports.signal, 'signing was stopped and no tag was moved')
      const subject = `${image}@${digest}`
      const step = <T>(what: string, run: () => Promise<T>): Promise<T> =>
        run().catch((error: Error) => {
          throw new Error(`${of} (${subject}): ${what} failed, so no tag was moved: ${error.message}`)
        })
      const verify = verifyCommand(subject, identity, context, commit)
      // A re-run: the digest may carry this workflow's bundle for this commit already, in either record or both.
      const attached = await step('reading its signatures in the registry', () => findOwnBundle(registry, sigstore, image, digest, expected))
      const recorded = api ? await step("reading its attestations in GitHub's API", () => findRecordedBundle(api, sigstore, digest, expected)) : undefined
      if (attached && (recorded || !api)) {
        log.info(
          `[${of}] ${subject}: signed already for ${identity.subject} at commit ${commit} (bundle ${attached.referrer}${api ? ', recorded with GitHub' : ''}, verified): not signed again`
        )
        signed.push({ subject, digest, of, attestationId: '', referrer: attached.referrer, verify, signedBefore: true })
        continue
      }
      let bundle = attached?.bundle ?? recorded
      if (!bundle) {
        const statement = provenanceStatement({ name: image, digest }, context, commit)
        const made = await step('signing', () => sigstore.sign(statement, instance, identity.token))
        await step('verifying the signature', () => sigstore.verify(made, root, instance, { subject: identity.subject, issuer: identity.issuer, digest }))
        bundle = made
      }
      const own = bundle
      // GitHub's record first: a run stopped between the two leaves the registry without the referrer, which the
      // next run's lookup sees and completes (the registry's referrer is what makes a digest look signed).
      const attestationId = api && !recorded ? await step("recording the attestation with GitHub's API", () => api.recordAttestation(own)) : ''
      const referrer = attached?.referrer ?? (await step('attaching the bundle in the registry', () => attach(registry, image, digest, own)))
      if (attached) {
        log.info(
          `[${of}] ${subject}: signed by an earlier run (bundle ${referrer} in the registry), which did not record it with GitHub: recorded now (attestation ${attestationId})`
        )
        signed.push({ subject, digest, of, attestationId, referrer, verify, completed: 'github-record' })
      } else if (recorded) {
        log.info(`[${of}] ${subject}: signed by an earlier run and recorded with GitHub, whose bundle the registry did not hold: attached now (${referrer})`)
        signed.push({ subject, digest, of, attestationId, referrer, verify, completed: 'registry-referrer' })
      } else {
        log.info(
          `[${of}] ${subject}: signed for ${identity.subject}, verified${attestationId ? `, recorded with GitHub (attestation ${attestationId})` : ''}, bundle attached (${referrer})`
        )
        signed.push({ subject, digest, of, attestationId, referrer, verify })
      }
    }
  })
  return signed
}
