// The signing stage: between assembling the lists and moving their tags. Each list is first pushed by its digest
// alone (no tag moves), then every distinct digest the run publishes, each platform's image and each list, gets a
// signed provenance statement, verified here, recorded with GitHub's attestations API and attached in the
// registry. Any failure stops the run before a list tag moves.
import type { SerializedBundle } from '@sigstore/bundle'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { imagetoolsCreateCommand, imagetoolsInspectCommand } from '../plan/commands.js'
import type { Plan } from '../plan/plan.js'
import { digestOf, indexSources, IndexedPlatform } from './publish-index.js'
import { PublishOptions, registryCommand, throwIfCancelled } from './publish.js'
import { commandLine } from '../report/report.js'
import { attachBundle, JobIdentity, requestIdToken, signStatement, SigstoreInstance, provenanceStatement, trustedRoot, verifyBundle } from './sigstore.js'

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
}

export interface SigningContext {
  instance: SigstoreInstance
  env: NodeJS.ProcessEnv
  /** For `gh`, which asks GitHub for nothing else but wants a login. */
  githubToken?: string
  timeoutMs: number
  /** Records a bundle with GitHub's attestations API (main.ts gives the token); undefined outside GitHub. */
  recordAttestation?: (bundle: SerializedBundle) => Promise<string>
}

/** Registry credentials from the Docker configuration docker login wrote (no credential helpers). */
async function registryCredentials(host: string, env: NodeJS.ProcessEnv): Promise<{ username: string; password: string } | undefined> {
  const file = path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json')
  const config = (await readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown).catch(() => undefined)) as { auths?: Record<string, { auth?: string }> } | undefined
  const auth = config?.auths?.[host]?.auth
  if (!auth) return undefined
  const decoded = Buffer.from(auth, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** What `gh attestation trusted-root` prints: GitHub's CLI is on GitHub's runners, and knows GitHub's TUF root. */
async function ghTrustedRoots(options: PublishOptions, token: string | undefined): Promise<string> {
  const args = ['attestation', 'trusted-root']
  options.log.info(commandLine('gh', args))
  const env = { ...(options.env ?? process.env), ...(token && !options.env?.GH_TOKEN ? { GH_TOKEN: token } : {}) }
  const result = await options.runner.run('gh', args, { cwd: options.cwd, env }).catch((error: Error) => {
    throw new Error(`gh could not be started (${error.message}): verifying against GitHub's Sigstore instance needs the GitHub CLI, or SIGSTORE_TRUSTED_ROOT naming its trusted_root.json`)
  })
  if (result.exitCode !== 0) throw new Error(`gh attestation trusted-root failed (exit code ${result.exitCode}): ${result.stderr.trim().slice(-500)}`)
  return result.stdout
}

/** Pushes each list under its digest only, and checks that the registry holds the very bytes assembled. */
async function pushByDigest(plan: Plan, platforms: ReadonlyMap<string, IndexedPlatform>, assembled: ReadonlyMap<string, string>, builder: string | undefined, options: PublishOptions): Promise<Map<string, string>> {
  const byDigest = new Map<string, string>()
  for (const list of plan.lists) {
    const digest = digestOf(assembled.get(list.ref) ?? '')
    if (byDigest.has(digest)) continue
    byDigest.set(digest, list.ref)
    const ref = `${plan.image}@${digest}`
    const push = imagetoolsCreateCommand(builder, ref, indexSources(list, plan.image, platforms), false, plan.indexAnnotations)
    options.log.info(commandLine('docker', push))
    await registryCommand(push, options)
    // buildx does not compare the digest it was given with what it pushed: the registry's answer decides.
    const read = (await registryCommand(imagetoolsInspectCommand(builder, ref), options)).stdout
    if (digestOf(read) !== digest) throw new Error(`${list.ref}: the registry holds ${digestOf(read)} under ${ref}, not the list assembled; no list tag was moved`)
  }
  return byDigest
}

/**
 * Signs every distinct digest the plan publishes, before any list tag moves. Returns what was signed; throws,
 * naming the digest, when a signature, its verification, its record or its attachment fails.
 */
export async function signPublished(
  plan: Plan,
  platforms: ReadonlyMap<string, IndexedPlatform>,
  assembled: ReadonlyMap<string, string>,
  builder: string | undefined,
  options: PublishOptions,
  signing: SigningContext
): Promise<SignedDigest[]> {
  throwIfCancelled(options.signal, 'nothing was signed and no list tag was moved')
  const signed: SignedDigest[] = []
  await options.log.group(`Sign every image and list (Sigstore: ${signing.instance.name})`, async () => {
    const lists = await pushByDigest(plan, platforms, assembled, builder, options)
    const subjects = [
      ...[...platforms].map(([id, platform]) => ({ digest: platform.image.digest, of: id })),
      ...[...lists].map(([digest, ref]) => ({ digest, of: ref }))
    ]
    // A fresh token: the builds may have taken longer than the token lives.
    const identity: JobIdentity = await requestIdToken(signing.env, signing.timeoutMs)
    const root = await trustedRoot(signing.instance, () => ghTrustedRoots(options, signing.githubToken), signing.timeoutMs)
    const credentials = await registryCredentials(plan.registryHost, signing.env)
    const owner = signing.env.GITHUB_REPOSITORY_OWNER || (signing.env.GITHUB_REPOSITORY ?? '').split('/')[0] || '<owner>'
    for (const { digest, of } of subjects) {
      throwIfCancelled(options.signal, 'signing was stopped and no list tag was moved')
      const subject = `${plan.image}@${digest}`
      const step = <T>(what: string, run: () => Promise<T>): Promise<T> =>
        run().catch((error: Error) => {
          throw new Error(`${of} (${subject}): ${what} failed, so no list tag was moved: ${error.message}`)
        })
      const bundle = await step('signing', () => signStatement(provenanceStatement({ name: plan.image, digest }, signing.env), signing.instance, identity, signing.timeoutMs))
      await step('verifying the signature', async () => verifyBundle(bundle, root, signing.instance, { subject: identity.subject, issuer: identity.issuer, digest }))
      const attestationId = signing.recordAttestation ? await step("recording the attestation with GitHub's API", () => signing.recordAttestation?.(bundle) ?? Promise.resolve('')) : ''
      const referrer = await step('attaching the bundle in the registry', () => attachBundle(bundle, plan.image, digest, credentials, signing.timeoutMs))
      options.log.info(`[${of}] ${subject}: signed for ${identity.subject}, verified${attestationId ? `, attestation ${attestationId}` : ''}, bundle attached (${referrer})`)
      signed.push({ subject, digest, of, attestationId, referrer, verify: `gh attestation verify oci://${subject} --owner ${owner}` })
    }
  })
  return signed
}
