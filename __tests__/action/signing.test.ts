// sign: true through dist/ on real buildx and BuildKit, against a Sigstore instance of the tests' own
// (helpers/sigstore.ts): every published digest gets a verified bundle, recorded and attached in the registry before
// any list tag moves; a bundle that does not verify, or no OIDC token, publishes no list.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { SerializedBundle } from '@sigstore/bundle'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, EVENTS } from '../helpers/action.js'
import { Buildkit, WINDOWS_2022 } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, registryGet, registryTags, skopeoRaw } from '../helpers/docker.js'
import { IDENTITY, SigstoreServices, startSigstore, WORKFLOW_REF } from '../helpers/sigstore.js'
import { appWorkspace, pointRef } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit
let sigstore: SigstoreServices
let workspace: string

const THREE = { os: 'linux,windows', arch: 'amd64,arm64' }

/** A push of the release tag in a workflow whose job may sign (id-token: write), with the tests' Sigstore instance. */
async function act(inputs: Record<string, string>, env: NodeJS.ProcessEnv = sigstore.env) {
  const docker = buildkit.docker()
  sigstore.heads['tags/v1.16.0'] = pointRef(workspace, 'refs/tags/v1.16.0')
  const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
  writeFileSync(summary, '')
  const run = await runAction(
    {
      'buildx-instance': buildkit.builder,
      'insecure-registry': 'true',
      'output-type': 'registry',
      version: 'v1.16.0',
      'tag-latest': 'false',
      'github-token': 'test-token',
      sign: 'true',
      ...inputs
    },
    {
      workspace,
      env: {
        ...docker.env,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: path.join(EVENTS, 'push-tag.json'),
        GITHUB_REF: 'refs/tags/v1.16.0',
        GITHUB_STEP_SUMMARY: summary,
        ...env
      }
    }
  )
  return { ...run, summary }
}

/** The bundle attached to `digest`, read back through its `sha256-<hex>` referrer tag (registry 2.8 has no referrers API). */
async function attachedBundle(repository: string, digest: string): Promise<SerializedBundle> {
  const where = { host: registry.host, repository: repository.slice(registry.host.length + 1) }
  const index = JSON.parse((await registryGet(where, 'manifests', digest.replace(':', '-'))).toString()) as {
    manifests: Array<{ digest: string; artifactType?: string }>
  }
  const bundles = index.manifests.filter((m) => m.artifactType === 'application/vnd.dev.sigstore.bundle.v0.3+json')
  expect(bundles).toHaveLength(1)
  const manifest = JSON.parse((await registryGet(where, 'manifests', bundles[0].digest)).toString()) as {
    subject: { digest: string }
    layers: Array<{ digest: string }>
  }
  expect(manifest.subject.digest).toBe(digest)
  return JSON.parse((await registryGet(where, 'blobs', manifest.layers[0].digest)).toString()) as SerializedBundle
}

/** The provenance statement a bundle signs. */
const statementOf = (bundle: SerializedBundle): { subject: Array<{ name: string }> } =>
  JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')) as { subject: Array<{ name: string }> }

/** The referrer tags (`sha256-<hex>`) of a repository: none where it has no tag at all (skopeo then answers 404). */
function referrerTags(repository: string): string[] {
  try {
    const listed = JSON.parse(execFileSync('skopeo', ['list-tags', '--tls-verify=false', `docker://${repository}`], { stdio: 'pipe' }).toString()) as {
      Tags?: string[]
    }
    return (listed.Tags ?? []).filter((tag) => tag.startsWith('sha256-'))
  } catch {
    return []
  }
}

describeOnBuildkit('sign: true on real buildx and BuildKit, with a Sigstore instance of the tests', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(async () => {
    workspace = appWorkspace(registry)
    sigstore = await startSigstore()
  })
  afterAll(async () => {
    await sigstore?.close()
  })

  describe('a three-platform release', () => {
    const repository = () => `${registry.prefix}/signed/velero`
    let run: Awaited<ReturnType<typeof act>>
    beforeAll(async () => {
      run = await act({ image: repository(), ...THREE, 'extra-tags': `${repository()}:v1.16` })
    })

    it('publishes the list, Windows with its os.version', () => {
      expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
      expect(run.exitCode).toBe(0)
      const index = skopeoRaw(`${repository()}:v1.16.0`)
      expect((index?.json.manifests ?? []).map((m) => m.platform?.['os.version'])).toEqual([undefined, undefined, WINDOWS_2022])
    })

    it('leaves one verified bundle per distinct digest in the registry: three images and one list', async () => {
      const index = skopeoRaw(`${repository()}:v1.16.0`)
      const digests = [...(index?.json.manifests ?? []).map((m) => m.digest), index?.digest ?? '']
      for (const digest of digests) expect(sigstore.verify(await attachedBundle(repository(), digest))).toBe(digest)
      const attestations = JSON.parse(run.outputs.attestations) as Array<{ subject: string; 'attestation-id': string; verify: string }>
      expect(attestations.map((a) => a.subject).sort()).toEqual(digests.map((d) => `${repository()}@${d}`).sort())
      expect(attestations.every((a) => a['attestation-id'] !== '')).toBe(true)
      const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      expect(attestations.map((a) => a.verify)).toEqual(
        attestations.map(
          (a) =>
            `gh attestation verify oci://${a.subject} --repo org/app --signer-workflow org/app/.github/workflows/release.yml --source-ref refs/tags/v1.16.0 --source-digest ${commit} --cert-oidc-issuer https://token.actions.githubusercontent.com`
        )
      )
      expect(readFileSync(run.summary, 'utf8')).toContain(attestations[0].verify)
    })

    it("records every bundle with GitHub's attestations API", () => {
      const index = skopeoRaw(`${repository()}:v1.16.0`)
      const recorded = sigstore.recorded.map((bundle) => sigstore.verify(bundle))
      expect(recorded).toEqual(expect.arrayContaining([...(index?.json.manifests ?? []).map((m) => m.digest), index?.digest]))
    })

    it('a re-run of the release moves no tag and signs nothing again: each digest has its verified bundle for this workflow and commit', async () => {
      const before = sigstore.recorded.length
      const held = skopeoRaw(`${repository()}:v1.16.0`)?.digest
      const again = await act({ image: repository(), ...THREE, 'extra-tags': `${repository()}:v1.16` })
      expect(again.exitCode).toBe(0)
      expect(skopeoRaw(`${repository()}:v1.16.0`)?.digest).toBe(held)
      expect(JSON.parse(again.outputs['unchanged-tags'])).toEqual(expect.arrayContaining([`${repository()}:v1.16.0`, `${repository()}:v1.16`]))
      expect(sigstore.recorded.length).toBe(before)
      const attestations = JSON.parse(again.outputs.attestations) as Array<{ subject: string; 'signed-before'?: boolean; 'attestation-id': string }>
      expect(attestations).toHaveLength(4)
      expect(attestations.every((a) => a['signed-before'] === true && a['attestation-id'] === '')).toBe(true)
      expect(again.stdout).toContain(`[${repository()}:v1.16.0] ${repository()}@${held}: signed already for ${IDENTITY} at commit `)
    })

    it('signs again where the bundle it finds is of another workflow', async () => {
      const before = sigstore.recorded.length
      const other = 'org/app/.github/workflows/nightly.yml@refs/heads/main'
      sigstore.behaviour.workflowRef = other
      sigstore.behaviour.certificateSubject = `https://github.com/${other}`
      try {
        const again = await act({ image: repository(), ...THREE, 'extra-tags': `${repository()}:v1.16` }, { ...sigstore.env, GITHUB_WORKFLOW_REF: other })
        expect(again.exitCode).toBe(0)
        expect(sigstore.recorded.length - before).toBe(4)
        expect((JSON.parse(again.outputs.attestations) as Array<{ 'signed-before'?: boolean }>).some((a) => a['signed-before'])).toBe(false)
      } finally {
        sigstore.behaviour.workflowRef = WORKFLOW_REF
        sigstore.behaviour.certificateSubject = IDENTITY
      }
    })
  })

  it('signs a split run once, in the merge, and the legs sign nothing', async () => {
    const repository = `${registry.prefix}/split-signed/velero`
    const before = sigstore.recorded.length
    const merged = mkdtempSync(path.join(os.tmpdir(), 'merged-'))
    for (const leg of [
      { os: 'linux', arch: 'amd64' },
      { os: 'windows', arch: 'amd64' }
    ]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
      const run = await act({ image: repository, role: 'build', 'results-dir': dir, ...leg })
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.attestations)).toEqual([])
      cpSync(dir, merged, { recursive: true })
    }
    expect(sigstore.recorded.length).toBe(before)
    const run = await act({ image: repository, role: 'merge', 'results-dir': merged, os: 'linux,windows' })
    expect(run.exitCode).toBe(0)
    const index = skopeoRaw(`${repository}:v1.16.0`)
    const digests = [...(index?.json.manifests ?? []).map((m) => m.digest), index?.digest ?? '']
    for (const digest of digests) expect(sigstore.verify(await attachedBundle(repository, digest))).toBe(digest)
    expect(sigstore.recorded.length - before).toBe(3)
  })

  it.each<[string, string, string]>([
    [
      'a ref with a suffix: refs/tags/v1.16.0-attacker for refs/tags/v1.16.0',
      'org/app/.github/workflows/release.yml@refs/tags/v1.16.0',
      'https://github.com/org/app/.github/workflows/release.yml@refs/tags/v1.16.0-attacker'
    ],
    ['mainline for main', WORKFLOW_REF, `${IDENTITY}line`],
    ['another host', WORKFLOW_REF, `https://githubXcom/${WORKFLOW_REF}`]
  ])('refuses a certificate for a look-alike identity, %s, before any tag moves, naming both', async (_case, workflowRef, certified) => {
    const repository = `${registry.prefix}/lookalike${Math.random().toString(36).slice(2, 8)}/velero`
    sigstore.behaviour.workflowRef = workflowRef
    sigstore.behaviour.certificateSubject = certified
    try {
      const run = await act({ image: repository, os: 'linux' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toContain(
        `verifying the signature failed, so no tag was moved: the certificate is for ${certified}, not this job's https://github.com/${workflowRef}`
      )
      expect(registryTags(repository)).toEqual([])
    } finally {
      sigstore.behaviour.workflowRef = WORKFLOW_REF
      sigstore.behaviour.certificateSubject = IDENTITY
    }
  })

  it("with attestations, signs each platform's index too: what its platform tag names", async () => {
    const repository = `${registry.prefix}/attested-signed/velero`
    const run = await act({ image: repository, os: 'linux', arch: 'amd64,arm64', provenance: 'mode=min' })
    expect(run.exitCode).toBe(0)
    const attestations = JSON.parse(run.outputs.attestations) as Array<{ subject: string; of: string }>
    for (const tag of ['v1.16.0-linux-amd64', 'v1.16.0-linux-arm64', 'v1.16.0']) {
      const digest = skopeoRaw(`${repository}:${tag}`)?.digest ?? ''
      expect(attestations.map((a) => a.subject)).toContain(`${repository}@${digest}`)
      expect(sigstore.verify(await attachedBundle(repository, digest))).toBe(digest)
    }
    expect(attestations.map((a) => a.of)).toContain('linux/amd64, its index (v1.16.0-linux-amd64)')
    // Two images, two indexes, one list.
    expect(attestations).toHaveLength(5)
  })

  it('publishes no list when a bundle does not verify: a certificate for another workflow', async () => {
    const repository = `${registry.prefix}/forged/velero`
    sigstore.behaviour.certificateSubject = 'https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main'
    try {
      const run = await act({ image: repository, os: 'linux' })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toMatch(/verifying the signature failed, so no tag was moved: .*evil\/fork/)
      expect(skopeoRaw(`${repository}:v1.16.0`)).toBeUndefined()
    } finally {
      sigstore.behaviour.certificateSubject = sigstore.env.GITHUB_SERVER_URL + '/' + sigstore.env.GITHUB_WORKFLOW_REF
    }
  })

  it("publishes no list when GitHub's attestations API refuses (no attestations: write)", async () => {
    const repository = `${registry.prefix}/refused/velero`
    sigstore.behaviour.attestationsStatus = 403
    try {
      const run = await act({ image: repository, os: 'linux' })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain('attestations: write')
      expect(skopeoRaw(`${repository}:v1.16.0`)).toBeUndefined()
    } finally {
      sigstore.behaviour.attestationsStatus = 201
    }
  })

  it('an attestations API that fails once: the run attaches nothing and moves no tag, and its re-run records and attaches every digest', async () => {
    const repository = `${registry.prefix}/api-once/velero`
    const recordedBefore = sigstore.recorded.length
    sigstore.behaviour.attestationsStatus = 500
    let first: Awaited<ReturnType<typeof act>>
    try {
      first = await act({ image: repository, os: 'linux,windows' })
    } finally {
      sigstore.behaviour.attestationsStatus = 201
    }
    expect(first.exitCode).toBe(1)
    expect(first.annotations.join('\n')).toContain(
      "recording the attestation with GitHub's API failed, so no tag was moved: GitHub's attestations API answered 500"
    )
    expect(skopeoRaw(`${repository}:v1.16.0`)).toBeUndefined()
    const images = ['v1.16.0-linux-amd64', 'v1.16.0-windows-ltsc2022-amd64']
    // Recorded first, attached after: no referrer tag, nothing attached, so nothing looks signed to the next run.
    expect(referrerTags(repository)).toEqual([])

    const again = await act({ image: repository, os: 'linux,windows' })
    expect(again.exitCode).toBe(0)
    const index = skopeoRaw(`${repository}:v1.16.0`)
    const digests = [...(index?.json.manifests ?? []).map((m) => m.digest), index?.digest ?? '']
    expect(digests).toHaveLength(3)
    for (const digest of digests) {
      expect(sigstore.verify(await attachedBundle(repository, digest))).toBe(digest)
      const listed = await fetch(`${sigstore.env.GITHUB_API_URL}/repos/org/app/attestations/${digest}`)
      expect(listed.status).toBe(200)
      // The API lists the repository's attestations of the digest: other tests pushed the same image elsewhere.
      const ours = ((await listed.json()) as { attestations: Array<{ bundle: SerializedBundle }> }).attestations.filter(
        (a) => statementOf(a.bundle).subject[0].name === repository
      )
      expect(ours.map((a) => sigstore.verify(a.bundle))).toEqual([digest])
    }
    expect(sigstore.recorded.length - recordedBefore).toBe(3)
    const attestations = JSON.parse(again.outputs.attestations) as Array<{ 'signed-before'?: boolean; completed?: string; 'attestation-id': string }>
    expect(attestations.every((a) => a['signed-before'] === undefined && a.completed === undefined && a['attestation-id'] !== '')).toBe(true)
    expect(images.map((tag) => skopeoRaw(`${repository}:${tag}`)?.digest)).toEqual(digests.slice(0, 2))
  })

  it('fails before any build when the job has no OIDC token', async () => {
    const repository = `${registry.prefix}/tokenless/velero`
    const run = await act({ image: repository, os: 'linux' }, { ...sigstore.env, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('id-token: write')
    expect(run.stdout).not.toMatch(/^docker /m)
    expect(skopeoRaw(`${repository}:v1.16.0-linux-amd64`)).toBeUndefined()
  })
})
