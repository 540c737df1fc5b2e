// Provenance and SBOM on every platform, Windows included, in lists that keep os.version: on real buildx and
// BuildKit, read back with skopeo and the registry's own API.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, runPost } from '../helpers/action.js'
import { Buildkit, buildxAtLeast, WINDOWS_2022 } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { dockerEngine, pushBaseImage, Registry, registryGet, registryPutManifest, skopeoRaw } from '../helpers/docker.js'

let registry: Registry
let buildkit: Buildkit
let workspace: string

// BuildKit writes SLSA provenance 0.2 up to 0.24 (and 0.11), 1.0 in 0.32.
const PROVENANCE = /^https:\/\/slsa\.dev\/provenance\/(v0\.2|v1)$/
const SPDX = 'https://spdx.dev/Document'
const THREE = { os: 'linux,windows', arch: 'amd64,arm64' }

interface Descriptor {
  digest: string
  mediaType: string
  platform?: Record<string, string>
  annotations?: Record<string, string>
}

async function act(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, cwd = workspace) {
  const docker = buildkit.docker(env)
  const run = await runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', ...inputs },
    { workspace: cwd, env: docker.env }
  )
  return { run, docker }
}

const where = (repository: string) => ({ host: registry.host, repository: repository.slice(registry.host.length + 1) })

/** The in-toto statements of an attestation manifest, by predicate type. */
async function statements(repository: string, attestation: string): Promise<Map<string, Record<string, unknown>>> {
  const manifest = JSON.parse((await registryGet(where(repository), 'manifests', attestation)).toString()) as { layers: Descriptor[] }
  const found = new Map<string, Record<string, unknown>>()
  for (const layer of manifest.layers) {
    found.set(layer.annotations?.['in-toto.io/predicate-type'] ?? '', JSON.parse((await registryGet(where(repository), 'blobs', layer.digest)).toString()))
  }
  return found
}

/** What a provenance statement records, from SLSA 0.2 or 1.0 alike. */
function provenanceOf(found: Map<string, Record<string, unknown>>): { args: Record<string, string>; entryPoint: string; vcs: Record<string, string> } {
  const [type, statement] = [...found].find(([predicateType]) => PROVENANCE.test(predicateType)) ?? []
  const predicate = (statement as { predicate: Record<string, any> } | undefined)?.predicate // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!predicate) throw new Error(`no provenance among ${[...found.keys()].join(', ')}`)
  if (type === 'https://slsa.dev/provenance/v1') {
    const external = predicate.buildDefinition.externalParameters
    return { args: external.request.args, entryPoint: external.configSource.path, vcs: predicate.runDetails.metadata.buildkit_metadata.vcs }
  }
  return {
    args: predicate.invocation.parameters.args,
    entryPoint: predicate.invocation.configSource.entryPoint,
    vcs: predicate.metadata['https://mobyproject.org/buildkit@v1#metadata'].vcs
  }
}

/** The images of a list and the attestation manifest of each, checked to refer to it. */
function imagesAndAttestations(list: string): Array<{ image: Descriptor; attestation: Descriptor }> {
  const manifests = (skopeoRaw(list)?.json.manifests ?? []) as Descriptor[]
  const images = manifests.filter((m) => m.platform?.os !== 'unknown')
  return images.map((image) => {
    const attestation = manifests.filter((m) => m.annotations?.['vnd.docker.reference.digest'] === image.digest)
    expect(attestation).toHaveLength(1)
    expect(attestation[0].annotations?.['vnd.docker.reference.type']).toBe('attestation-manifest')
    return { image, attestation: attestation[0] }
  })
}

describeOnBuildkit('attestations on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(() => {
    workspace = appWorkspace(registry)
    // Provenance records where the source came from.
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/example/velero.git'], { cwd: workspace })
  })

  describe('provenance mode=max for linux/amd64, linux/arm64 and windows ltsc2022', () => {
    let result: Awaited<ReturnType<typeof act>>
    let summary: string
    const repository = () => `${registry.prefix}/provenance/velero`
    beforeAll(async () => {
      summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
      writeFileSync(summary, '')
      result = await act(
        {
          registry: `${registry.prefix}/provenance`,
          version: 'v1.16.0',
          release: 'true',
          'tag-latest': 'false',
          provenance: 'mode=max',
          ...THREE,
          'build-args': 'EXTRA=shown'
        },
        { GITHUB_STEP_SUMMARY: summary }
      )
    })

    it('publishes one list of three images, each with the attestation manifest that refers to it, Windows with its os.version', () => {
      expect(result.run.exitCode).toBe(0)
      const pairs = imagesAndAttestations(`${repository()}:v1.16.0`)
      expect(pairs.map((pair) => pair.image.platform)).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux' },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
      ])
      expect(skopeoRaw(`${repository()}:v1.16.0`)?.json.manifests).toHaveLength(6)
      expect(result.run.outputs.digest).toBe(skopeoRaw(`${repository()}:v1.16.0`)?.digest)
    })

    it("records each platform's build arguments (mode=max), its Dockerfile, and the commit and origin of the checkout", async () => {
      const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      for (const { image, attestation } of imagesAndAttestations(`${repository()}:v1.16.0`)) {
        const provenance = provenanceOf(await statements(repository(), attestation.digest))
        expect(provenance.args).toMatchObject({ 'build-arg:VERSION': 'v1.16.0', 'build-arg:GIT_SHA': commit, 'build-arg:EXTRA': 'shown' })
        expect(provenance.entryPoint).toBe(image.platform?.os === 'windows' ? 'Dockerfile-Windows' : 'Dockerfile')
        expect(provenance.vcs).toMatchObject({ revision: commit, source: 'https://github.com/example/velero.git' })
      }
    })

    it('warns that mode=max publishes the build arguments', () => {
      expect(result.run.annotations).toContainEqual(expect.stringMatching(/^::warning::provenance mode=max records the value of every build argument/))
    })

    it('gives each platform its image and attestation digests in the metadata output, and the predicates in the summary', () => {
      const metadata = JSON.parse(result.run.outputs.metadata)
      for (const { image, attestation } of imagesAndAttestations(`${repository()}:v1.16.0`)) {
        const id = image.platform?.os === 'windows' ? 'windows/amd64/ltsc2022' : `linux/${image.platform?.architecture}`
        expect(metadata[id]).toMatchObject({
          image: image.digest,
          attestation: attestation.digest,
          predicates: [expect.stringMatching(PROVENANCE)],
          'os.version': image.platform?.['os.version'] ?? null
        })
        // The platform tags point to the index the build pushed.
        const suffix = id === 'windows/amd64/ltsc2022' ? 'windows-ltsc2022-amd64' : id.replace('/', '-')
        expect(metadata[id].digest).toBe(skopeoRaw(`${repository()}:v1.16.0-${suffix}`)?.digest)
        expect(skopeoRaw(`${repository()}:v1.16.0-${suffix}`)?.json.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      }
      expect(readFileSync(summary, 'utf8')).toMatch(/\| `windows\/amd64\/ltsc2022` \|.*\| built \| provenance \(SLSA (0\.2|1)\) \|/)
    })

    it('makes the list with imagetools --dry-run, checks it, and pushes those very bytes', () => {
      const imagetools = result.docker
        .dockerCalls()
        .filter((args) => args[1] === 'imagetools')
        .map((args) =>
          args
            .slice(2)
            .filter((a) => !a.includes('/') && !a.startsWith('{') && !a.startsWith('index:') && a !== '--annotation')
            .join(' ')
        )
      expect(imagetools.filter((c) => c.startsWith('create'))).toEqual([`create --builder ${buildkit.builder} --dry-run -t`])
      expect(result.docker.dockerCalls().some((args) => args[0] === 'manifest')).toBe(false)
    })

    it('gives the attested list, an OCI index anyway, the default annotations where buildx can (0.12 and later)', () => {
      const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      const annotations = skopeoRaw(`${repository()}:v1.16.0`)?.json.annotations
      if (buildxAtLeast(12)) expect(annotations).toMatchObject({ 'org.opencontainers.image.revision': commit, 'org.opencontainers.image.version': 'v1.16.0' })
      else expect(annotations).toBeUndefined()
    })
  })

  it('sbom with a generator image of its own: an SPDX document for every platform, Windows included', async () => {
    // A scanner as BuildKit runs one: a linux image whose entrypoint writes an in-toto statement for what it scans.
    const scanner = mkdtempSync(path.join(os.tmpdir(), 'scanner-'))
    writeFileSync(
      path.join(scanner, 'scan.sh'),
      [
        '#!/bin/sh',
        'files=$(find "$BUILDKIT_SCAN_SOURCE" -type f | wc -l)',
        'printf \'{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","predicate":{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"stub","comment":"%s files"}}\' "$files" > "$BUILDKIT_SCAN_DESTINATION/stub.spdx.json"',
        ''
      ].join('\n')
    )
    writeFileSync(path.join(scanner, 'Dockerfile'), `FROM ${registry.prefix}/base/busybox:latest\nCOPY scan.sh /scan.sh\nENTRYPOINT ["/bin/sh", "/scan.sh"]\n`)
    const generator = `${registry.prefix}/tools/sbom-stub:1`
    execFileSync(
      'docker',
      [
        'buildx',
        'build',
        '--builder',
        buildkit.builder,
        '--platform',
        'linux/amd64',
        '--provenance=false',
        '--sbom=false',
        '--output',
        'type=registry',
        '-t',
        generator,
        scanner
      ],
      { env: { ...process.env, ...buildkit.docker().env }, stdio: 'pipe' }
    )

    const { run } = await act({ registry: `${registry.prefix}/sbom`, sbom: `generator=${generator}`, ...THREE })
    expect(run.exitCode).toBe(0)
    const repository = `${registry.prefix}/sbom/velero`
    const pairs = imagesAndAttestations(`${repository}:main`)
    expect(pairs).toHaveLength(3)
    for (const { attestation } of pairs) {
      const spdx = (await statements(repository, attestation.digest)).get(SPDX) as { predicate: { name: string } }
      expect(spdx.predicate.name).toBe('stub')
    }
    expect(pairs[2].image.platform?.['os.version']).toBe(WINDOWS_2022)
  })

  it('legs and a merge with provenance true: the results hold index, image and attestation digests, and the list all six', async () => {
    const image = `${registry.prefix}/split`
    const merged = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    for (const leg of [
      { os: 'linux', arch: 'amd64' },
      { os: 'linux', arch: 'arm64' },
      { os: 'windows', arch: 'amd64' }
    ]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
      const { run } = await act({ role: 'build', registry: image, provenance: 'true', 'results-dir': dir, ...leg })
      expect(run.exitCode).toBe(0)
      cpSync(dir, merged, { recursive: true })
    }
    const windows = readdirSync(merged)
      .map((name) => JSON.parse(readFileSync(path.join(merged, name), 'utf8')))
      .find((r) => r.platform.startsWith('windows'))
    expect(windows.provenance).toBe('mode=min')
    // The leg pushed the platform's index by its digest: the image and its attestation manifest.
    const index = skopeoRaw(`${image}/velero@${windows.digest}`)
    expect(index?.json.manifests?.map((m) => m.platform?.os)).toEqual(['windows', 'unknown'])

    const { run } = await act({ role: 'merge', registry: image, provenance: 'true', 'results-dir': merged, ...THREE })
    expect(run.exitCode).toBe(0)
    const pairs = imagesAndAttestations(`${image}/velero:main`)
    expect(pairs.map((p) => p.image.digest)).toContain(index?.json.manifests?.[0].digest)
    expect(pairs.map((p) => p.attestation.digest)).toContain(index?.json.manifests?.[1].digest)
    expect(pairs[2].image.platform?.['os.version']).toBe(WINDOWS_2022)
    expect(skopeoRaw(`${image}/velero:main`)?.json.manifests).toHaveLength(6)
    expect(skopeoRaw(`${image}/velero:main-windows-ltsc2022-amd64`)?.digest).toBe(windows.digest)
  })

  it('a merge without buildx-instance records a builder for imagetools, never starts it, and the post step removes it', async () => {
    const engine = await dockerEngine()
    try {
      const image = `${registry.prefix}/ownmerge`
      const dir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
      expect((await act({ role: 'build', registry: image, provenance: 'true', 'results-dir': dir, os: 'linux' })).run.exitCode).toBe(0)
      const docker = buildkit.docker(engine.env)
      const inputs = {
        role: 'merge',
        'output-type': 'registry',
        registry: image,
        'insecure-registry': 'true',
        provenance: 'true',
        'results-dir': dir,
        os: 'linux'
      }
      const run = await runAction(inputs, { workspace, env: docker.env })
      expect(run.exitCode).toBe(0)
      const recorded = run.state.builder
      expect(recorded).toMatch(/^velero-multiarch-/)
      expect(docker.dockerCalls().find((args) => args[1] === 'create')).toEqual([
        'buildx',
        'create',
        '--name',
        recorded,
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--config',
        expect.stringMatching(/buildkitd\.toml$/)
      ])
      expect(imagesAndAttestations(`${image}/velero:main`)).toHaveLength(1)
      const env = { ...process.env, ...engine.env }
      expect(execFileSync('docker', ['ps', '-a', '--format', '{{.Names}}'], { env }).toString()).not.toContain(recorded)
      const post = await runPost(run.state, { workspace, env: docker.env })
      expect(post.stdout).toContain(`Removed the buildx builder ${recorded} that this action created.`)
    } finally {
      await engine.stop()
    }
  })

  it("a Windows descriptor without os.version (BuildKit 0.11's): the list carries the os.version of the image's config", async () => {
    const image = `${registry.prefix}/handmade`
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
    expect((await act({ role: 'build', registry: image, provenance: 'true', 'results-dir': dir, os: 'windows' })).run.exitCode).toBe(0)
    // The same index, with the image's descriptor as BuildKit 0.11 writes it: no os.version. The config keeps it.
    const [file] = readdirSync(dir)
    const leg = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
    const index = JSON.parse(skopeoRaw(`${image}/velero@${leg.digest}`)?.bytes.toString() ?? '{}')
    delete index.manifests[0].platform['os.version']
    leg.digest = await registryPutManifest(where(`${image}/velero`), 'handmade', JSON.stringify(index), 'application/vnd.oci.image.index.v1+json')
    writeFileSync(path.join(dir, file), JSON.stringify(leg))

    const { run, docker } = await act({ role: 'merge', registry: image, provenance: 'true', 'results-dir': dir, os: 'windows' })
    expect(run.exitCode).toBe(0)
    const [pair] = imagesAndAttestations(`${image}/velero:main`)
    expect(pair.image).toMatchObject({ digest: index.manifests[0].digest, platform: { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 } })
    expect(pair.attestation.digest).toBe(index.manifests[1].digest)
    expect(run.stdout).toContain(
      `[windows/amd64/ltsc2022] BuildKit wrote no os.version on the image's descriptor; the lists carry its config's, ${WINDOWS_2022}`
    )
    // Read from the config, and handed to imagetools as a descriptor of that image.
    const create = docker.dockerCalls().find((args) => args[2] === 'create') ?? []
    expect(JSON.parse(create[create.length - 1])).toEqual({ digest: index.manifests[0].digest, size: index.manifests[0].size, platform: pair.image.platform })
    // The index under the leg's tag stays what was pushed.
    expect(JSON.parse(skopeoRaw(`${image}/velero@${leg.digest}`)?.bytes.toString() ?? '{}').manifests[0].platform).toEqual({
      architecture: 'amd64',
      os: 'windows'
    })
  })

  it("a Windows image whose config has no os.version: nothing published, and the error names the image's config", async () => {
    pushBaseImage(`${registry.host}/unversioned/nanoserver:ltsc2022`, 'windows', 'amd64', undefined, { list: true })
    const cwd = appWorkspace(registry, (text) => text.replace('/windows/nanoserver', '/unversioned/nanoserver'))
    const { run } = await act({ registry: `${registry.prefix}/unversioned`, provenance: 'true', os: 'linux,windows' }, {}, cwd)
    expect(run.exitCode).toBe(1)
    expect(run.annotations.join('\n')).toMatch(
      /\/unversioned\/velero@sha256:[0-9a-f]{64} \(windows\/amd64\/ltsc2022\) has no os\.version in its image config, so Windows nodes could not choose it by version; nothing was published/
    )
    expect(skopeoRaw(`${registry.prefix}/unversioned/velero:main`)).toBeUndefined()
  })

  describe('outputs that are not a registry', () => {
    it('tar (rootfs): the attestations are files at the root of each tarball', async () => {
      const cwd = appWorkspace(registry)
      const { run } = await act({ 'output-type': 'tar', provenance: 'true', ...THREE }, {}, cwd)
      expect(run.exitCode).toBe(0)
      for (const tarball of JSON.parse(run.outputs.tarballs) as string[]) {
        expect(
          execFileSync('tar', ['-tf', path.join(cwd, tarball)])
            .toString()
            .split('\n')
        ).toContain('provenance.json')
      }
    })

    it('tar-format oci keeps them in the archive; tar-format docker drops them, and says so', async () => {
      const cwd = appWorkspace(registry)
      const oci = await act({ 'output-type': 'tar', 'tar-format': 'oci', provenance: 'true', os: 'windows' }, {}, cwd)
      expect(oci.run.exitCode).toBe(0)
      const index = JSON.parse(execFileSync('tar', ['-xOf', path.join(cwd, '_output/velero-main-windows-ltsc2022-amd64.tar'), 'index.json']).toString())
      const inner = JSON.parse(
        execFileSync('tar', [
          '-xOf',
          path.join(cwd, '_output/velero-main-windows-ltsc2022-amd64.tar'),
          `blobs/sha256/${index.manifests[0].digest.slice(7)}`
        ]).toString()
      )
      expect(inner.manifests.map((m: Descriptor) => m.annotations?.['vnd.docker.reference.type'] ?? m.platform?.os)).toEqual([
        'windows',
        'attestation-manifest'
      ])

      // buildx before 0.11 writes no docker archive from a remote builder (samples.test.ts: refused).
      if (!buildxAtLeast(11)) return
      const docker = await act({ 'output-type': 'tar', 'tar-format': 'docker', provenance: 'true', os: 'windows' }, {}, appWorkspace(registry))
      expect(docker.run.exitCode).toBe(0)
      expect(docker.run.annotations).toContainEqual(
        expect.stringMatching(/^::warning::provenance and sbom are dropped: tar-format docker writes a Docker image/)
      )
      expect(docker.docker.dockerCalls().find((args) => args[1] === 'build')).toContain('--provenance=false')
    })
  })
})
