// Which Sigstore instance a run signs with, what its provenance says, and which trusted root verifies it: pure
// parts of sigstore.ts. The signing itself is in signing.test.ts, through dist/ on real BuildKit.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { NO_TOKEN, provenanceStatement, requestIdToken, sigstoreInstance, trustedRoot } from '../../src/publish/sigstore.js'

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
      { name: 'custom', fulcio: 'http://127.0.0.1:1/fulcio', tsa: 'http://127.0.0.1:1/tsa', rekor: undefined, trustedRootFile: '/root.json' }
    ]
  ])('%s', (_case, choice, visibility, env, expected) => {
    expect(sigstoreInstance(choice, visibility, env)).toMatchObject(expected)
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
    const statement = provenanceStatement({ name: 'ghcr.io/org/app', digest: `sha256:${'d'.repeat(64)}` }, env) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
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
    const statement = provenanceStatement({ name: 'ghcr.io/org/app', digest: `sha256:${'d'.repeat(64)}` }, env, checkout) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(statement.predicate.buildDefinition.resolvedDependencies[0].digest).toEqual({ gitCommit: checkout })
    expect(statement.predicate.buildDefinition.internalParameters.github.event_sha).toBe('c'.repeat(40))
  })
})

describe('the OIDC token', () => {
  it('is refused, saying which permission is missing, when the runner offers none', async () => {
    await expect(requestIdToken({}, 1000)).rejects.toThrow(NO_TOKEN)
    expect(NO_TOKEN).toContain('id-token: write')
  })
})

describe('the trusted root', () => {
  /** A trusted root with one certificate authority at `uri`, as a line of `gh attestation trusted-root`. */
  const root = (uri: string): string =>
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [
        { subject: { organization: 'o', commonName: uri }, uri, certChain: { certificates: [] }, validFor: { start: '2024-01-01T00:00:00Z' } }
      ],
      ctlogs: [],
      timestampAuthorities: []
    })

  it("of GitHub's instance is the one gh prints for its Fulcio", async () => {
    const instance = sigstoreInstance('github', 'private', {})
    const found = await trustedRoot(instance, async () => `${root('https://fulcio.sigstore.dev')}\n${root('https://fulcio.githubapp.com')}\n`)
    expect(found.certificateAuthorities[0].uri).toBe('https://fulcio.githubapp.com')
  })

  it("fails, naming the way out, when gh prints none for the instance's Fulcio", async () => {
    await expect(trustedRoot(sigstoreInstance('github', 'private', {}), async () => root('https://fulcio.sigstore.dev'))).rejects.toThrow(
      'set SIGSTORE_TRUSTED_ROOT'
    )
  })

  it.each<[string, (file: string) => void, string]>([
    ['a missing file', () => undefined, 'cannot be read'],
    ['a file that is not JSON', (file) => writeFileSync(file, 'not json'), 'is not a Sigstore trusted root'],
    [
      'a file with no certificate authority',
      (file) => writeFileSync(file, JSON.stringify({ mediaType: 'x', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] })),
      'names no certificate authority'
    ],
    ['a file of 2 MiB', (file) => writeFileSync(file, ' '.repeat(2 * 1024 * 1024)), 'is 2097152 bytes; a trusted_root.json is at most 1048576']
  ])('from SIGSTORE_TRUSTED_ROOT refuses %s, naming the variable and the file', async (_case, write, problem) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'root-')), 'trusted_root.json')
    write(file)
    const instance = sigstoreInstance('auto', 'public', { SIGSTORE_FULCIO_URL: 'http://127.0.0.1:1/fulcio', SIGSTORE_TRUSTED_ROOT: file })
    await expect(trustedRoot(instance, async () => '')).rejects.toThrow(`SIGSTORE_TRUSTED_ROOT (${file})`)
    await expect(trustedRoot(instance, async () => '')).rejects.toThrow(problem)
  })

  it('is read from SIGSTORE_TRUSTED_ROOT when set', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'root-')), 'trusted_root.json')
    writeFileSync(file, root('http://127.0.0.1:1/fulcio'))
    const found = await trustedRoot(
      sigstoreInstance('auto', 'public', { SIGSTORE_FULCIO_URL: 'http://127.0.0.1:1/fulcio', SIGSTORE_TRUSTED_ROOT: file }),
      async () => {
        throw new Error('gh is not asked')
      }
    )
    expect(found.certificateAuthorities[0].uri).toBe('http://127.0.0.1:1/fulcio')
  })
})
