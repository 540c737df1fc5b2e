// What a signed attestation says and who may sign it, from the run's context alone: the Sigstore instance of the
// run, the job's identity in its OIDC token, the SLSA provenance statement of a digest, and the command a user runs
// to verify it. The services that sign and verify are the Sigstore port's (system/sigstore.ts).
import type { SerializedBundle } from '@sigstore/bundle'
import { githubServer, RunContext } from '../system/github.js'
import { SLSA_PROVENANCE, SigstoreInstance } from '../system/sigstore.js'
import type { JobIdentity } from '../policy/job-identity.js'

const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'
const PUBLIC_GOOD = { fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' }

/**
 * The instance: public-good Sigstore for a public repository, GitHub's for a private one (as GitHub's artifact
 * attestations choose), or the endpoints the environment names (SIGSTORE_FULCIO_URL, SIGSTORE_REKOR_URL,
 * SIGSTORE_TSA_URL, SIGSTORE_TRUSTED_ROOT): GitHub Enterprise, or a test's own services.
 */
export function sigstoreInstance(
  choice: 'auto' | 'public-good' | 'github',
  visibility: string | undefined,
  context: Pick<RunContext, 'sigstore' | 'serverUrl'>
): SigstoreInstance {
  const named = context.sigstore
  if (named.fulcio) {
    return {
      name: 'custom',
      fulcio: named.fulcio,
      ...(named.rekor ? { rekor: named.rekor } : {}),
      ...(named.tsa ? { tsa: named.tsa } : {}),
      ...(named.trustedRoot ? { trustedRootFile: named.trustedRoot } : {})
    }
  }
  const name = choice === 'auto' ? (visibility === 'public' ? 'public-good' : 'github') : choice
  if (name === 'public-good') return { name, ...PUBLIC_GOOD }
  const server = new URL(githubServer(context)).hostname
  const host = server === 'github.com' ? 'githubapp.com' : server
  return { name, fulcio: `https://fulcio.${host}`, tsa: `https://timestamp.${host}/api/v1/timestamp` }
}

/**
 * What the provenance says of the run, from its context; `commit` is what the checkout held (the event's GITHUB_SHA
 * unless the workflow checked out another commit on purpose, which the statement then names too).
 */
export function provenanceStatement(subject: { name: string; digest: string }, context: RunContext, commit = context.sha): Record<string, unknown> {
  const server = githubServer(context)
  const { repository, workflowRef } = context
  const path = workflowRef.slice(repository.length + 1).split('@')[0]
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: subject.name, digest: { sha256: subject.digest.replace(/^sha256:/, '') } }],
    predicateType: SLSA_PROVENANCE,
    predicate: {
      buildDefinition: {
        buildType: GITHUB_BUILD_TYPE,
        externalParameters: { workflow: { ref: context.ref, repository: `${server}/${repository}`, path } },
        internalParameters: {
          github: {
            ...(commit !== context.sha ? { event_sha: context.sha } : {}),
            event_name: context.eventName,
            repository_id: context.repositoryId,
            repository_owner_id: context.repositoryOwnerId,
            runner_environment: context.runnerEnvironment
          }
        },
        resolvedDependencies: [{ uri: `git+${server}/${repository}@${context.ref}`, digest: { gitCommit: commit } }]
      },
      runDetails: {
        builder: { id: `${server}/${workflowRef}` },
        metadata: { invocationId: `${server}/${repository}/actions/runs/${context.runId}/attempts/${context.runAttempt}` }
      }
    }
  }
}

/**
 * What a user runs to verify a signed digest with GitHub's CLI, pinned to exactly what signed it: the repository, the
 * workflow file that signed (the job's, a reusable workflow's where one was called), the ref and commit the run was
 * for (the certificate's source ref and digest: the event's, GITHUB_SHA, else this run's commit), and the issuer.
 */
export function verifyCommand(subject: string, identity: JobIdentity, context: RunContext, commit: string): string {
  const server = githubServer(context)
  const workflow = identity.subject.startsWith(`${server}/`) ? identity.subject.slice(server.length + 1).replace(/@[^@]*$/, '') : identity.subject
  const args = [
    'gh',
    'attestation',
    'verify',
    `oci://${subject}`,
    '--repo',
    context.repository || '<owner>/<repository>',
    '--signer-workflow',
    workflow,
    '--source-ref',
    context.ref || '<ref>',
    '--source-digest',
    context.sha || commit || '<commit>',
    '--cert-oidc-issuer',
    identity.issuer,
    // gh asks github.com unless told another host: GitHub Enterprise Server, or GHE.com's own subdomain.
    ...(new URL(server).hostname === 'github.com' ? [] : ['--hostname', new URL(server).host])
  ]
  return args.join(' ')
}

/**
 * What a bundle's provenance statement says of itself: the image it names (its one subject's name) and the commit
 * (its resolved dependency's gitCommit); undefined where it does not say.
 */
export function statementClaims(bundle: SerializedBundle): { image?: string; commit?: string } {
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')) as {
    subject?: Array<{ name?: unknown }>
    predicate?: { buildDefinition?: { resolvedDependencies?: Array<{ digest?: { gitCommit?: unknown } }> } }
  }
  const commit = statement.predicate?.buildDefinition?.resolvedDependencies?.[0]?.digest?.gitCommit
  const image = statement.subject?.length === 1 ? statement.subject[0].name : undefined
  return { ...(typeof image === 'string' ? { image } : {}), ...(typeof commit === 'string' ? { commit } : {}) }
}
