// The Sigstore edge: the trusted root of an instance (its file, its TUF repository, or GitHub's through the GitHub
// CLI), Fulcio's certificate and Rekor's or a TSA's witness for a signature, the verification of a bundle against
// the trusted root. The libraries (Sigstore's clients are most of the bundle) load only when a run signs. Its dry
// twin signs nothing and says so. A bundle is attached in the registry through the registry port, with its login.
import type { SerializedBundle } from '@sigstore/bundle'
import type { TrustedRoot } from '@sigstore/protobuf-specs'
import { readFile, stat } from 'node:fs/promises'
import type { Log } from '../shared/log.js'

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1'

/** Where a run's certificates, log entries and timestamps come from, and what verifies them. */
export interface SigstoreInstance {
  name: 'public-good' | 'github' | 'custom'
  fulcio: string
  rekor?: string
  tsa?: string
  /** A trusted_root.json to read; without one, see trustedRoot. */
  trustedRootFile?: string
}

/** Who a bundle must be signed by, and about what. */
export interface ExpectedSigner {
  subject: string
  issuer: string
  digest: string
}

export interface Sigstore {
  /** The trusted root of the instance; `ghTrustedRoots` prints GitHub's (one per line). */
  trustedRoot(instance: SigstoreInstance, ghTrustedRoots: () => Promise<string>): Promise<TrustedRoot>
  /** Signs a statement: a certificate from Fulcio for the job's OIDC token, and a log entry or a timestamp. */
  sign(statement: Record<string, unknown>, instance: SigstoreInstance, token: string): Promise<SerializedBundle>
  /**
   * Checks a bundle as anyone verifying the image would: signature and certificate chain against the trusted root,
   * its log entry or timestamp, then the certificate's identity and issuer (each compared as a whole string) and the
   * statement's subject. Throws naming what differs.
   */
  verify(bundle: SerializedBundle, root: TrustedRoot, instance: SigstoreInstance, expected: ExpectedSigner): Promise<void>
}

/** A trusted root names a few keys and certificates: a file far larger is not one. */
const MAX_TRUSTED_ROOT_BYTES = 1024 * 1024

/** Sigstore's own clients, each request bounded by `timeoutMs` (command-timeout). */
export class SigstoreServices implements Sigstore {
  constructor(private readonly timeoutMs: number) {}

  private async readTrustedRootFile(file: string): Promise<TrustedRoot> {
    const { TrustedRoot } = await import('@sigstore/protobuf-specs')
    const where = `SIGSTORE_TRUSTED_ROOT (${file})`
    const size = (
      await stat(file).catch((error: Error) => {
        throw new Error(`${where} cannot be read: ${error.message}`)
      })
    ).size
    if (size > MAX_TRUSTED_ROOT_BYTES) throw new Error(`${where} is ${size} bytes; a trusted_root.json is at most ${MAX_TRUSTED_ROOT_BYTES}`)
    try {
      const root = TrustedRoot.fromJSON(JSON.parse(await readFile(file, 'utf8')))
      if (root.certificateAuthorities.length === 0) throw new Error('it names no certificate authority')
      return root
    } catch (error) {
      throw new Error(`${where} is not a Sigstore trusted root: ${(error as Error).message}`)
    }
  }

  async trustedRoot(instance: SigstoreInstance, ghTrustedRoots: () => Promise<string>): Promise<TrustedRoot> {
    if (instance.trustedRootFile) return this.readTrustedRootFile(instance.trustedRootFile)
    if (instance.name === 'public-good') return (await import('@sigstore/tuf')).getTrustedRoot({ timeout: this.timeoutMs, retry: 2 })
    const { TrustedRoot } = await import('@sigstore/protobuf-specs')
    const fulcioHost = new URL(instance.fulcio).host
    const roots = (await ghTrustedRoots())
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => TrustedRoot.fromJSON(JSON.parse(line)))
    const root = roots.find((r) => r.certificateAuthorities.some((ca) => ca.uri.includes(fulcioHost)))
    if (!root) throw new Error(`gh attestation trusted-root printed no trusted root for ${instance.fulcio}; set SIGSTORE_TRUSTED_ROOT to its trusted_root.json`)
    return root
  }

  async sign(statement: Record<string, unknown>, instance: SigstoreInstance, token: string): Promise<SerializedBundle> {
    const { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness } = await import('@sigstore/sign')
    const { bundleToJSON } = await import('@sigstore/bundle')
    const timeout = this.timeoutMs
    const witnesses = [
      ...(instance.rekor ? [new RekorWitness({ rekorBaseURL: instance.rekor, fetchOnConflict: true, timeout, retry: 2 })] : []),
      ...(instance.tsa ? [new TSAWitness({ tsaBaseURL: instance.tsa, timeout, retry: 2 })] : [])
    ]
    const signer = new FulcioSigner({ identityProvider: { getToken: async () => token }, fulcioBaseURL: instance.fulcio, timeout, retry: 2 })
    const builder = new DSSEBundleBuilder({ signer, witnesses })
    return bundleToJSON(await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' }))
  }

  verify(bundle: SerializedBundle, root: TrustedRoot, instance: SigstoreInstance, expected: ExpectedSigner): Promise<void> {
    return verifyBundle(bundle, root, instance, expected)
  }
}

/** What `verify` checks, as a function of its own: tests of the checks call it with crafted bundles. */
export async function verifyBundle(bundle: SerializedBundle, root: TrustedRoot, instance: SigstoreInstance, expected: ExpectedSigner): Promise<void> {
  const { Verifier, toSignedEntity, toTrustMaterial } = await import('@sigstore/verify')
  const { bundleFromJSON } = await import('@sigstore/bundle')
  const verifier = new Verifier(toTrustMaterial(root), {
    tlogThreshold: instance.rekor ? 1 : 0,
    // GitHub's Fulcio logs its certificates in no CT log; others embed the log's timestamp in each certificate.
    ctlogThreshold: instance.name !== 'github' && root.ctlogs.length > 0 ? 1 : 0,
    timestampThreshold: instance.tsa ? 1 : 0
  })
  const signer = verifier.verify(toSignedEntity(bundleFromJSON(bundle)))
  const identity = signer.identity?.subjectAlternativeName
  const issuer = signer.identity?.extensions?.issuer
  if (identity !== expected.subject) throw new Error(`the certificate is for ${identity ?? 'no identity'}, not this job's ${expected.subject}`)
  if (issuer !== expected.issuer) throw new Error(`the certificate's OIDC issuer is ${issuer ?? 'none'}, not ${expected.issuer}`)
  const envelope = bundle.dsseEnvelope
  const statement = JSON.parse(Buffer.from(envelope?.payload ?? '', 'base64').toString('utf8')) as { subject?: Array<{ digest?: { sha256?: string } }> }
  const digests = (statement.subject ?? []).map((s) => `sha256:${s.digest?.sha256 ?? ''}`)
  if (digests.length !== 1 || digests[0] !== expected.digest)
    throw new Error(`the bundle's statement is about ${digests.join(', ') || 'nothing'}, not ${expected.digest}`)
}

/** Sigstore as a dry run has it: nothing signed (a bundle without a signature stands for one); the log says what would be. */
export class DrySigstore implements Sigstore {
  constructor(private readonly log: Log) {}

  async trustedRoot(): Promise<TrustedRoot> {
    return { certificateAuthorities: [], ctlogs: [], tlogs: [], timestampAuthorities: [] } as unknown as TrustedRoot
  }

  async sign(statement: Record<string, unknown>): Promise<SerializedBundle> {
    const subject = (statement.subject as Array<{ name?: string; digest?: { sha256?: string } }> | undefined)?.[0]
    this.log.info(`dry run: would sign ${subject?.name ?? 'the image'}@sha256:${subject?.digest?.sha256 ?? ''}, record and attach the bundle`)
    return {
      mediaType: BUNDLE_MEDIA_TYPE,
      verificationMaterial: { tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
      dsseEnvelope: { payload: Buffer.from(JSON.stringify(statement)).toString('base64'), payloadType: 'application/vnd.in-toto+json', signatures: [] }
    } as unknown as SerializedBundle
  }

  async verify(): Promise<void> {}
}
