// Which Sigstore instance a run signs with, and what its provenance says, from the run's context: attestation.ts.
// The signing itself is in __tests__/action/signing.test.ts, through dist/ on real BuildKit.
import { describe, expect, it } from '@jest/globals'
import { provenanceStatement, sigstoreInstance, verifyCommand } from '../../src/publish/attestation.js'
import { readRunContext } from '../../src/system/github.js'

describe('the Sigstore instance', () => {
  it.each<[string, 'auto' | 'public-good' | 'github', string | undefined, NodeJS.ProcessEnv, Record<string, unknown>]>([
    [
      'a public repository: public-good, with its transparency log',
      'auto',
      'public',
      {},
      { name: 'public-good', fulcio: 'https://fulcio.sigstore.dev', rekor: 'https://rekor.sigstore.dev' }
    ],
    [
      "a private repository: GitHub's, with its timestamps",
      'auto',
      'private',
      {},
      { name: 'github', fulcio: 'https://fulcio.githubapp.com', tsa: 'https://timestamp.githubapp.com/api/v1/timestamp' }
    ],
    ["an event without visibility: GitHub's", 'auto', undefined, {}, { name: 'github' }],
    ['public-good, as asked', 'public-good', 'private', {}, { name: 'public-good' }],
    [
      'GitHub Enterprise Server: its own hosts',
      'github',
      'private',
      { GITHUB_SERVER_URL: 'https://ghe.example.com' },
      { fulcio: 'https://fulcio.ghe.example.com', tsa: 'https://timestamp.ghe.example.com/api/v1/timestamp' }
    ],
    [
      'the environment names every endpoint',
      'public-good',
      'public',
      { SIGSTORE_FULCIO_URL: 'http://127.0.0.1:1/fulcio', SIGSTORE_TSA_URL: 'http://127.0.0.1:1/tsa', SIGSTORE_TRUSTED_ROOT: '/root.json' },
      { name: 'custom', fulcio: 'http://127.0.0.1:1/fulcio', tsa: 'http://127.0.0.1:1/tsa', trustedRootFile: '/root.json' }
    ]
  ])('%s', (_case, choice, visibility, env, expected) => {
    expect(sigstoreInstance(choice, visibility, readRunContext(env))).toMatchObject(expected)
  })
})

describe('the provenance statement', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_WORKFLOW_REF: 'org/app/.github/workflows/release.yml@refs/tags/v1.16.0',
    GITHUB_REF: 'refs/tags/v1.16.0',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '77',
    GITHUB_RUN_ATTEMPT: '2'
  }

  it('names one subject, the digest published, and the workflow, commit and run that built it', () => {
    const statement = provenanceStatement({ name: 'ghcr.io/org/app', digest: `sha256:${'d'.repeat(64)}` }, readRunContext(env)) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(statement.subject).toEqual([{ name: 'ghcr.io/org/app', digest: { sha256: 'd'.repeat(64) } }])
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1')
    expect(statement.predicate.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/tags/v1.16.0',
      repository: 'https://github.com/org/app',
      path: '.github/workflows/release.yml'
    })
    expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: 'git+https://github.com/org/app@refs/tags/v1.16.0', digest: { gitCommit: 'c'.repeat(40) } }
    ])
    expect(statement.predicate.runDetails.builder.id).toBe('https://github.com/org/app/.github/workflows/release.yml@refs/tags/v1.16.0')
    expect(statement.predicate.runDetails.metadata.invocationId).toBe('https://github.com/org/app/actions/runs/77/attempts/2')
    expect(statement.predicate.buildDefinition.internalParameters.github.event_sha).toBeUndefined()
  })

  it("names the checkout's commit, and the event's too, when the workflow built another commit on purpose (allow-other-commit)", () => {
    const checkout = 'e'.repeat(40)
    const statement = provenanceStatement({ name: 'ghcr.io/org/app', digest: `sha256:${'d'.repeat(64)}` }, readRunContext(env), checkout) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(statement.predicate.buildDefinition.resolvedDependencies[0].digest).toEqual({ gitCommit: checkout })
    expect(statement.predicate.buildDefinition.internalParameters.github.event_sha).toBe('c'.repeat(40))
  })
})

describe('the verify command a user is given', () => {
  const identity = (server: string) => ({
    subject: `${server}/org/app/.github/workflows/release.yml@refs/tags/v1.16.0`,
    issuer: 'https://token.actions.githubusercontent.com',
    token: 'unused'
  })
  const context = (server: string) =>
    readRunContext({ GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: 'org/app', GITHUB_REF: 'refs/tags/v1.16.0', GITHUB_SHA: 'c'.repeat(40) })

  it.each<[string, string, string[]]>([
    ['on github.com, gh asks its default host', 'https://github.com', []],
    ['on GitHub Enterprise Server, the host is named', 'https://ghe.example.com', ['--hostname', 'ghe.example.com']],
    ['on GHE.com, the subdomain is named', 'https://octo.ghe.com', ['--hostname', 'octo.ghe.com']]
  ])('%s', (_case, server, hostFlags) => {
    const command = verifyCommand(`ghcr.io/org/app@sha256:${'d'.repeat(64)}`, identity(server), context(server), 'c'.repeat(40)).split(' ')
    expect(command.slice(0, 4)).toEqual(['gh', 'attestation', 'verify', `oci://ghcr.io/org/app@sha256:${'d'.repeat(64)}`])
    expect(command.slice(command.indexOf('--signer-workflow'), command.indexOf('--signer-workflow') + 2)).toEqual([
      '--signer-workflow',
      'org/app/.github/workflows/release.yml'
    ])
    expect(command.slice(command.indexOf('--cert-oidc-issuer') + 2)).toEqual(hostFlags)
  })
})
