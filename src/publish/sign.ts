// The signing step: after the tags are decided and before any moves. Every distinct digest the run will publish
// (each platform's image, and each list that moves) gets a signed SLSA provenance statement, verified here,
// attached in the registry as a referrer of the digest, then recorded with GitHub's attestations API. Any failure
// stops the run before a tag moves. The lists are in the registry by their digests already (tags.ts).
import type { SerializedBundle } from '@sigstore/bundle'
import type { Log } from '../shared/log.js'
import { commandLine } from '../shared/log.js'
import { throwIfCancelled } from '../shared/cancel.js'
import type { CommandRunner } from '../shared/command-runner.js'
import { findLogin, LoginContext } from '../system/registry/credentials.js'
import type { RegistryClient } from '../system/registry/client.js'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { parseManifest } from '../shared/oci.js'
import {
  attachBundle,
  BUNDLE_MEDIA_TYPE,
  JobIdentity,
  requestIdToken,
  signStatement,
  SigstoreInstance,
  sigstoreInstance,
  provenanceStatement,
  statementCommit,
  trustedRoot,
  verifyBundle,
  verifyCommand
} from './sigstore.js'

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

/** What signing is given by the run: plain data, so that nothing of Sigstore loads unless a run signs. */
export interface SigningRequest {
  choice: 'auto' | 'public-good' | 'github'
  /** The repository's visibility, from the event: public-good Sigstore for a public one under `auto`. */
  visibility?: string
  env: NodeJS.ProcessEnv
  githubToken?: string
  timeoutSeconds: number
  recordAttestation?: (bundle: SerializedBundle, timeoutSeconds: number) => Promise<string>
}

/** The signing context of a request, for this run's commit. */
export function signingContext(request: SigningRequest, commit: string): SigningContext {
  const record = request.recordAttestation
  return {
    instance: sigstoreInstance(request.choice, request.visibility, request.env),
    env: request.env,
    githubToken: request.githubToken,
    timeoutMs: request.timeoutSeconds * 1000,
    commit,
    recordAttestation: record && ((bundle) => record(bundle, request.timeoutSeconds))
  }
}

export interface SigningContext {
  instance: SigstoreInstance
  env: NodeJS.ProcessEnv
  /** For `gh`, which asks GitHub for nothing else but wants a login. */
  githubToken?: string
  timeoutMs: number
  /** This run's commit: the statement names it (and GITHUB_SHA, when the checkout holds another on purpose). */
  commit: string
  /** Records a bundle with GitHub's attestations API (main.ts gives the token); undefined outside GitHub. */
  recordAttestation?: (bundle: SerializedBundle) => Promise<string>
}

export interface SignOptions {
  runner: CommandRunner
  log: Log
  cwd: string
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
  /** How the registry login is found, as the rest of the run finds it. */
  login: LoginContext
  /** Where the bundles an earlier run attached are read back from. */
  registry: RegistryClient
}

/** What `gh attestation trusted-root` prints: GitHub's CLI is on GitHub's runners, and knows GitHub's TUF root. */
async function ghTrustedRoots(options: SignOptions, token: string | undefined): Promise<string> {
  const args = ['attestation', 'trusted-root']
  options.log.info(commandLine('gh', args))
  const env = { ...(options.env ?? process.env), ...(token && !options.env?.GH_TOKEN ? { GH_TOKEN: token } : {}) }
  const result = await options.runner.run('gh', args, { cwd: options.cwd, env }).catch((error: Error) => {
    throw new Error(
      `gh could not be started (${error.message}): verifying against GitHub's Sigstore instance needs the GitHub CLI, or SIGSTORE_TRUSTED_ROOT naming its trusted_root.json`
    )
  })
  if (result.exitCode !== 0) throw new Error(`gh attestation trusted-root failed (exit code ${result.exitCode}): ${result.stderr.trim().slice(-500)}`)
  return result.stdout
}

/**
 * Signs each subject (a digest in `image`'s repository, and what it is), before any tag moves. Returns what was
 * signed; throws, naming the digest, when a signature, its verification, its attachment or its record fails.
 */
export async function signDigests(
  image: string,
  registryHost: string,
  subjects: Array<{ digest: string; of: string }>,
  options: SignOptions,
  signing: SigningContext
): Promise<SignedDigest[]> {
  throwIfCancelled(options.signal, 'nothing was signed and no tag was moved')
  const signed: SignedDigest[] = []
  await options.log.group(`Sign every image and list the tags will hold (Sigstore: ${signing.instance.name})`, async () => {
    // A fresh token: the builds may have taken longer than the token lives.
    const identity: JobIdentity = await requestIdToken(signing.env, signing.timeoutMs)
    const root = await trustedRoot(signing.instance, () => ghTrustedRoots(options, signing.githubToken), signing.timeoutMs)
    const login = await findLogin(registryHost, options.login)
    // @sigstore/oci takes an identity token under docker's user name for it.
    const credentials = login ? { username: login.identityToken ? '<token>' : login.username, password: login.secret } : undefined
    for (const { digest, of } of subjects) {
      throwIfCancelled(options.signal, 'signing was stopped and no tag was moved')
      const subject = `${image}@${digest}`
      const step = <T>(what: string, run: () => Promise<T>): Promise<T> =>
        run().catch((error: Error) => {
          throw new Error(`${of} (${subject}): ${what} failed, so no tag was moved: ${error.message}`)
        })
      const verify = verifyCommand(subject, identity, signing.env, signing.commit)
      // A re-run of a reproducible build: the digest may carry this workflow's bundle for this commit already.
      const earlier = await step('reading its signatures', () =>
        findOwnBundle(options.registry, image, digest, { root, instance: signing.instance, identity, commit: signing.commit })
      )
      if (earlier) {
        options.log.info(
          `[${of}] ${subject}: signed already for ${identity.subject} at commit ${signing.commit} (bundle ${earlier}, verified): not signed again`
        )
        signed.push({ subject, digest, of, attestationId: '', referrer: earlier, verify, signedBefore: true })
        continue
      }
      const statement = provenanceStatement({ name: image, digest }, signing.env, signing.commit)
      const bundle = await step('signing', () => signStatement(statement, signing.instance, identity, signing.timeoutMs))
      await step('verifying the signature', async () =>
        verifyBundle(bundle, root, signing.instance, { subject: identity.subject, issuer: identity.issuer, digest })
      )
      const referrer = await step('attaching the bundle in the registry', () => attachBundle(bundle, image, digest, credentials, signing.timeoutMs))
      const attestationId = signing.recordAttestation
        ? await step("recording the attestation with GitHub's API", () => signing.recordAttestation?.(bundle) ?? Promise.resolve(''))
        : ''
      options.log.info(
        `[${of}] ${subject}: signed for ${identity.subject}, verified, bundle attached (${referrer})${attestationId ? `, attestation ${attestationId}` : ''}`
      )
      signed.push({ subject, digest, of, attestationId, referrer, verify })
    }
  })
  return signed
}

/** More referrers than this on one digest are not read: the first ones are this action's. */
const MAX_REFERRERS_READ = 16
/** A bundle is a few kilobytes; far more is not one. */
const MAX_BUNDLE_BYTES = 1024 * 1024

/**
 * The referrer of `digest` that holds a bundle this run would have made: one that verifies against the trusted root
 * for exactly this job's identity (its workflow at its ref) and issuer, whose statement is about `digest` and names
 * this commit. Undefined when there is none; a referrer that is not such a bundle is passed over.
 */
export async function findOwnBundle(
  registry: RegistryClient,
  image: string,
  digest: string,
  expected: { root: TrustedRoot; instance: SigstoreInstance; identity: JobIdentity; commit: string }
): Promise<string | undefined> {
  const referrers = (await registry.getReferrers(image, digest)).filter((r) => r.artifactType === BUNDLE_MEDIA_TYPE).slice(0, MAX_REFERRERS_READ)
  for (const referrer of referrers) {
    try {
      const fetched = await registry.getManifest(image, referrer.digest)
      const manifest = fetched && parseManifest(fetched.bytes, `${image}@${referrer.digest}`, fetched.contentType)
      const layer = manifest?.kind === 'image' ? manifest.manifest.layers.find((l) => l.mediaType === BUNDLE_MEDIA_TYPE) : undefined
      if (!layer || layer.size > MAX_BUNDLE_BYTES) continue
      const bundle = JSON.parse((await registry.getBlob(image, layer.digest, MAX_BUNDLE_BYTES)).toString('utf8')) as SerializedBundle
      verifyBundle(bundle, expected.root, expected.instance, { subject: expected.identity.subject, issuer: expected.identity.issuer, digest })
      if (statementCommit(bundle) === expected.commit) return referrer.digest
    } catch {
      // Not a bundle of this workflow at this commit: another's signature, or something else.
    }
  }
  return undefined
}
