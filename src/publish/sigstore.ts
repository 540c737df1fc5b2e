// Sigstore signing of what a run publishes: for each digest, a SLSA build provenance statement signed with a
// short-lived certificate for the job's OIDC identity, verified here against the instance's trusted root, recorded
// with GitHub's attestations API, and attached in the registry as a referrer of the image.
import { bundleFromJSON, bundleToJSON, SerializedBundle } from '@sigstore/bundle'
import { attachArtifactToImage } from '@sigstore/oci'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, FulcioSigner, IdentityProvider, RekorWitness, TSAWitness, Witness } from '@sigstore/sign'
import { getTrustedRoot } from '@sigstore/tuf'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { readFile, stat } from 'node:fs/promises'

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const SLSA_PROVENANCE = 'https://slsa.dev/provenance/v1'
const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'
const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' }

/** Where a run's certificates, log entries and timestamps come from, and what verifies them. */
export interface SigstoreInstance {
  name: 'public-good' | 'github' | 'custom'
  fulcio: string
  rekor?: string
  tsa?: string
  /** A trusted_root.json to read; without one, see trustedRoot. */
  trustedRootFile?: string
}

/**
 * The instance: public-good Sigstore for a public repository, GitHub's for a private one (as GitHub's artifact
 * attestations choose), or the endpoints the environment names (SIGSTORE_FULCIO_URL, SIGSTORE_REKOR_URL,
 * SIGSTORE_TSA_URL, SIGSTORE_TRUSTED_ROOT): GitHub Enterprise, or a test's own services.
 */
export function sigstoreInstance(choice: 'auto' | 'public-good' | 'github', visibility: string | undefined, env: NodeJS.ProcessEnv): SigstoreInstance {
  if (env.SIGSTORE_FULCIO_URL) {
    return {
      name: 'custom',
      fulcio: env.SIGSTORE_FULCIO_URL,
      rekor: env.SIGSTORE_REKOR_URL || undefined,
      tsa: env.SIGSTORE_TSA_URL || undefined,
      trustedRootFile: env.SIGSTORE_TRUSTED_ROOT || undefined
    }
  }
  const name = choice === 'auto' ? (visibility === 'public' ? 'public-good' : 'github') : choice
  if (name === 'public-good') return { name, ...PUBLIC_GOOD }
  const server = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname
  const host = server === 'github.com' ? 'githubapp.com' : server
  return { name, fulcio: `https://fulcio.${host}`, tsa: `https://timestamp.${host}/api/v1/timestamp` }
}

/** The claims of the job's OIDC token this run signs with: who it is. */
export interface JobIdentity {
  token: string
  /** The certificate's subject Fulcio makes of it: the workflow file and ref of the job. */
  subject: string
  /** The OIDC issuer a certificate for this job must name: GitHub Actions' (SIGSTORE_OIDC_ISSUER to name another). */
  issuer: string
}

const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

/** The job's OIDC token for Sigstore (`id-token: write`), as the runner hands it out, with its claims read. */
export async function requestIdToken(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<JobIdentity> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !bearer) throw new Error(NO_TOKEN)
  const request = new URL(url)
  request.searchParams.set('audience', 'sigstore')
  const response = await fetch(request, { headers: { authorization: `Bearer ${bearer}` }, signal: AbortSignal.timeout(timeoutMs) })
  if (!response.ok) throw new Error(`the runner's OIDC token endpoint answered ${response.status}; sign needs permissions id-token: write`)
  const body = (await response.json()) as { value?: unknown }
  if (typeof body.value !== 'string') throw new Error("the runner's OIDC token endpoint answered without a token")
  const claims = jwtClaims(body.value)
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const workflow = typeof claims.job_workflow_ref === 'string' ? `${server}/${claims.job_workflow_ref}` : typeof claims.sub === 'string' ? claims.sub : ''
  if (!workflow) throw new Error('the OIDC token names no workflow (job_workflow_ref)')
  const issuer =
    env.SIGSTORE_OIDC_ISSUER || (new URL(server).hostname === 'github.com' ? GITHUB_ACTIONS_ISSUER : typeof claims.iss === 'string' ? claims.iss : '')
  return { token: body.value, subject: workflow, issuer }
}

export const NO_TOKEN =
  "sign is true, but this job has no OIDC token: give the job permissions id-token: write (and attestations: write), or set sign to false. A run caused by a fork's pull request gets none."

function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? ''
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) return claims as Record<string, unknown>
  } catch {
    // falls through
  }
  throw new Error('the OIDC token is not a JSON web token')
}

/**
 * What the provenance says of the run, from the workflow's environment; `commit` is what the checkout held (the
 * event's GITHUB_SHA unless the workflow checked out another commit on purpose, which the statement then names too).
 */
export function provenanceStatement(subject: { name: string; digest: string }, env: NodeJS.ProcessEnv, commit = env.GITHUB_SHA ?? ''): Record<string, unknown> {
  const server = env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = env.GITHUB_REPOSITORY ?? ''
  const workflowRef = env.GITHUB_WORKFLOW_REF ?? ''
  const path = workflowRef.slice(repository.length + 1).split('@')[0]
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
    predicateType: SLSA_PROVENANCE,
    predicate: {
      buildDefinition: {
        buildType: GITHUB_BUILD_TYPE,
        externalParameters: { workflow: { ref: env.GITHUB_REF ?? '', repository: `${server}/${repository}`, path } },
        internalParameters: {
          github: {
            ...(commit !== (env.GITHUB_SHA ?? '') ? { event_sha: env.GITHUB_SHA ?? '' } : {}),
            event_name: env.GITHUB_EVENT_NAME ?? '',
            repository_id: env.GITHUB_REPOSITORY_ID ?? '',
            repository_owner_id: env.GITHUB_REPOSITORY_OWNER_ID ?? '',
            runner_environment: env.RUNNER_ENVIRONMENT ?? ''
          }
        },
        resolvedDependencies: [{ uri: `git+${server}/${repository}@${env.GITHUB_REF ?? ''}`, digest: { gitCommit: commit } }]
      },
      runDetails: {
        builder: { id: `${server}/${workflowRef}` },
        metadata: { invocationId: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID ?? ''}/attempts/${env.GITHUB_RUN_ATTEMPT ?? ''}` }
      }
    }
  }
}

/** Signs a statement: a certificate from Fulcio for the job's identity, and a log entry or a timestamp. */
export async function signStatement(
  statement: Record<string, unknown>,
  instance: SigstoreInstance,
  identity: JobIdentity,
  timeoutMs: number
): Promise<SerializedBundle> {
  const identityProvider: IdentityProvider = { getToken: async () => identity.token }
  const witnesses: Witness[] = [
    ...(instance.rekor ? [new RekorWitness({ rekorBaseURL: instance.rekor, fetchOnConflict: true, timeout: timeoutMs, retry: 2 })] : []),
    ...(instance.tsa ? [new TSAWitness({ tsaBaseURL: instance.tsa, timeout: timeoutMs, retry: 2 })] : [])
  ]
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({ identityProvider, fulcioBaseURL: instance.fulcio, timeout: timeoutMs, retry: 2 }),
    witnesses
  })
  return bundleToJSON(await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' }))
}

/** A trusted root names a few keys and certificates: a file far larger is not one. */
const MAX_TRUSTED_ROOT_BYTES = 1024 * 1024

async function readTrustedRootFile(file: string): Promise<TrustedRoot> {
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

/**
 * The trusted root of the instance: from its file; public-good's from its TUF repository (the client carries that
 * repository's initial root); GitHub's from the GitHub CLI, which carries the initial root of GitHub's TUF
 * repository (`gh attestation trusted-root` prints one trusted root per line: the one whose Fulcio is the
 * instance's).
 */
export async function trustedRoot(instance: SigstoreInstance, ghTrustedRoots: () => Promise<string>, timeoutMs = 60_000): Promise<TrustedRoot> {
  if (instance.trustedRootFile) return readTrustedRootFile(instance.trustedRootFile)
  if (instance.name === 'public-good') return getTrustedRoot({ timeout: timeoutMs, retry: 2 })
  const fulcioHost = new URL(instance.fulcio).host
  const roots = (await ghTrustedRoots())
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => TrustedRoot.fromJSON(JSON.parse(line)))
  const root = roots.find((r) => r.certificateAuthorities.some((ca) => ca.uri.includes(fulcioHost)))
  if (!root) throw new Error(`gh attestation trusted-root printed no trusted root for ${instance.fulcio}; set SIGSTORE_TRUSTED_ROOT to its trusted_root.json`)
  return root
}

/**
 * Checks a bundle as anyone verifying the image would: its signature and certificate chain against the trusted
 * root, its log entry or timestamp, then the certificate's identity and issuer against this job's, each compared as
 * a whole string (the verifier's own policy takes an identity as an unanchored regular expression, so that
 * `...@refs/heads/main` would also accept `...@refs/heads/mainline`), and the statement's subject (the digest).
 */
export function verifyBundle(
  bundle: SerializedBundle,
  root: TrustedRoot,
  instance: SigstoreInstance,
  expected: { subject: string; issuer: string; digest: string }
): void {
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

/**
 * What a user runs to verify a signed digest with GitHub's CLI, pinned to exactly what signed it: the repository, the
 * workflow file that signed (the job's, a reusable workflow's where one was called), the ref and commit the run was
 * for (the certificate's source ref and digest: the event's, GITHUB_SHA, else this run's commit), and the issuer.
 */
export function verifyCommand(subject: string, identity: JobIdentity, env: NodeJS.ProcessEnv, commit: string): string {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '')
  const workflow = identity.subject.startsWith(`${server}/`) ? identity.subject.slice(server.length + 1).replace(/@[^@]*$/, '') : identity.subject
  const args = [
    'gh',
    'attestation',
    'verify',
    `oci://${subject}`,
    '--repo',
    env.GITHUB_REPOSITORY || '<owner>/<repository>',
    '--signer-workflow',
    workflow,
    '--source-ref',
    env.GITHUB_REF || '<ref>',
    '--source-digest',
    env.GITHUB_SHA || commit || '<commit>',
    '--cert-oidc-issuer',
    identity.issuer
  ]
  return args.join(' ')
}

/** The commit a bundle's provenance statement names (its resolved dependency's gitCommit); undefined if none. */
export function statementCommit(bundle: SerializedBundle): string | undefined {
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')) as {
    predicate?: { buildDefinition?: { resolvedDependencies?: Array<{ digest?: { gitCommit?: unknown } }> } }
  }
  const commit = statement.predicate?.buildDefinition?.resolvedDependencies?.[0]?.digest?.gitCommit
  return typeof commit === 'string' ? commit : undefined
}

/** Attaches the bundle in the registry as a referrer of `digest` (or under the `sha256-<hex>` tag, without a referrers API). */
export async function attachBundle(
  bundle: SerializedBundle,
  repository: string,
  digest: string,
  credentials: { username: string; password: string } | undefined,
  timeoutMs: number
): Promise<string> {
  const descriptor = await attachArtifactToImage({
    imageName: repository,
    imageDigest: digest,
    artifact: Buffer.from(JSON.stringify(bundle)),
    mediaType: BUNDLE_MEDIA_TYPE,
    annotations: { 'dev.sigstore.bundle.predicateType': SLSA_PROVENANCE, 'dev.sigstore.bundle.content': 'dsse-envelope' },
    fetchOpts: { timeout: timeoutMs, retry: 2, proxy: undefined, noProxy: undefined },
    // A registry without authentication refuses the credentials' challenge: none are passed there.
    credentials: credentials as { username: string; password: string }
  })
  return descriptor.digest
}
