// The signing step: after the tags are decided and before any moves. Every distinct digest the run will publish
// (each platform's image, and each list that moves) gets a signed SLSA provenance statement, verified here,
// attached in the registry as a referrer of the digest, then recorded with GitHub's attestations API. Any failure
// stops the run before a tag moves. The lists are in the registry by their digests already (apply-tags.ts).
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { throwIfCancelled } from '../shared/cancel.js'
import type { Log } from '../shared/log.js'
import { parseManifest } from '../shared/oci.js'
import type { GitHub } from '../system/github.js'
import type { RegistryClient } from '../system/registry/client.js'
import type { Registries } from '../system/registry/registries.js'
import { BUNDLE_MEDIA_TYPE, Sigstore, SigstoreInstance } from '../system/sigstore.js'
import { JobIdentity, jobIdentity } from '../policy/job-identity.js'
import { provenanceStatement, sigstoreInstance, statementCommit, verifyCommand } from './attestation.js'

/** One signed digest, as the outputs and the summary name it. */
export interface SignedDigest {
  /** `ghcr.io/org/app@sha256:...` */
  subject: string
  digest: string
  /** What it is: a platform (`linux/arm64`) or a list (`ghcr.io/org/app:main`). */
  of: string
  /** The attestation's id in GitHub's attestations API; empty where none was recorded (outside GitHub). */
  attestationId: string
  /** The digest of the referrer manifest that holds the bundle in the registry. */
  referrer: string
  /** What a user runs to verify it (GitHub's CLI, which finds the attestation by the digest). */
  verify: string
  /** Signed by an earlier run of this workflow at this commit (a re-run): its bundle was found and verified, not made again. */
  signedBefore?: boolean
}

export interface SigningPorts {
  github: GitHub
  registries: Registries
  sigstore: Sigstore
  log: Log
  signal?: AbortSignal
}

export interface SigningRequest {
  image: string
  registryHost: string
  /** The registry the bundles an earlier run attached are read back from. */
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
): Promise<string | undefined> {
  const referrers = (await registry.getReferrers(image, digest)).filter((r) => r.artifactType === BUNDLE_MEDIA_TYPE).slice(0, MAX_REFERRERS_READ)
  for (const referrer of referrers) {
    try {
      const fetched = await registry.getManifest(image, referrer.digest)
      const manifest = fetched && parseManifest(fetched.bytes, `${image}@${referrer.digest}`, fetched.contentType)
      const layer = manifest?.kind === 'image' ? manifest.manifest.layers.find((l) => l.mediaType === BUNDLE_MEDIA_TYPE) : undefined
      if (!layer || layer.size > MAX_BUNDLE_BYTES) continue
      const bundle = JSON.parse((await registry.getBlob(image, layer.digest, MAX_BUNDLE_BYTES)).toString('utf8')) as SerializedBundle
      await sigstore.verify(bundle, expected.root, expected.instance, { subject: expected.identity.subject, issuer: expected.identity.issuer, digest })
      if (statementCommit(bundle) === expected.commit) return referrer.digest
    } catch {
      // Not a bundle of this workflow at this commit: another's signature, or something else.
    }
  }
  return undefined
}

/**
 * Signs each subject (a digest in the image's repository, and what it is), before any tag moves. Returns what was
 * signed; throws, naming the digest, when a signature, its verification, its attachment or its record fails.
 */
export async function signDigests(subjects: Array<{ digest: string; of: string }>, request: SigningRequest, ports: SigningPorts): Promise<SignedDigest[]> {
  const { github, log, sigstore } = ports
  const { image, commit } = request
  const { context } = github
  const instance = sigstoreInstance(request.choice, context.event?.payload.repository?.visibility, context)
  throwIfCancelled(ports.signal, 'nothing was signed and no tag was moved')
  const signed: SignedDigest[] = []
  await log.group(`Sign every image and list the tags will hold (Sigstore: ${instance.name})`, async () => {
    // A fresh token: the builds may have taken longer than the token lives.
    const identity = jobIdentity(await github.idToken('sigstore', request.timeoutSeconds * 1000), context)
    const root = await sigstore.trustedRoot(instance, () => github.trustedRoots())
    const login = await ports.registries.credentialsFor(request.registryHost)
    for (const { digest, of } of subjects) {
      throwIfCancelled(ports.signal, 'signing was stopped and no tag was moved')
      const subject = `${image}@${digest}`
      const step = <T>(what: string, run: () => Promise<T>): Promise<T> =>
        run().catch((error: Error) => {
          throw new Error(`${of} (${subject}): ${what} failed, so no tag was moved: ${error.message}`)
        })
      const verify = verifyCommand(subject, identity, context, commit)
      // A re-run of a reproducible build: the digest may carry this workflow's bundle for this commit already.
      const earlier = await step('reading its signatures', () => findOwnBundle(request.registry, sigstore, image, digest, { root, instance, identity, commit }))
      if (earlier) {
        log.info(`[${of}] ${subject}: signed already for ${identity.subject} at commit ${commit} (bundle ${earlier}, verified): not signed again`)
        signed.push({ subject, digest, of, attestationId: '', referrer: earlier, verify, signedBefore: true })
        continue
      }
      const statement = provenanceStatement({ name: image, digest }, context, commit)
      const bundle = await step('signing', () => sigstore.sign(statement, instance, identity.token))
      await step('verifying the signature', () => sigstore.verify(bundle, root, instance, { subject: identity.subject, issuer: identity.issuer, digest }))
      const referrer = await step('attaching the bundle in the registry', () => sigstore.attach(bundle, image, digest, login))
      const api = github.api
      const attestationId = api ? await step("recording the attestation with GitHub's API", () => api.recordAttestation(bundle)) : ''
      log.info(
        `[${of}] ${subject}: signed for ${identity.subject}, verified, bundle attached (${referrer})${attestationId ? `, attestation ${attestationId}` : ''}`
      )
      signed.push({ subject, digest, of, attestationId, referrer, verify })
    }
  })
  return signed
}
