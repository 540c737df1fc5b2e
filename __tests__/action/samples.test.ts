// The design's build samples, and what the action adds to them, on real buildx and BuildKit: the bundled action run
// as GitHub runs it, against Debian's docker-registry, with the real docker CLI for `docker manifest`, a real Docker
// engine for the docker output, and skopeo reading back what the registry holds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { runAction, runPost, EVENTS } from '../helpers/action.js'
import { Buildkit, buildxAtLeast, runId, WINDOWS_2022, WINDOWS_2025 } from '../helpers/buildkit.js'
import { dockerEngine, DockerEngine, Registry, registryTags, skopeoConfig, skopeoRaw } from '../helpers/docker.js'
import { imageContent } from '../helpers/image.js'

let registry: Registry
let buildkit: Buildkit

/** Runs main and post steps like GitHub, on the test's builder; `registry` defaults to a repository of its own. */
async function act(inputs: Record<string, string>, options: { env?: NodeJS.ProcessEnv; workspace?: string } = {}) {
  const docker = buildkit.docker(options.env)
  const workspace = options.workspace ?? appWorkspace(registry)
  const run = await runAction({ 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', ...inputs }, { workspace, env: docker.env })
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker, workspace }
}

const repo = (name: string): string => `${registry.prefix}/${name}`
const platformsOf = (ref: string) => skopeoRaw(ref)?.json.manifests?.map((m) => m.platform)
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const buildInfo = (files: Map<string, Buffer>) =>
  Object.fromEntries(
    (files.get('app/build-info')?.toString() ?? '')
      .trim()
      .split('\n')
      .map((line) => line.split('='))
  )
const tarFile = (tarball: string, name: string) => execFileSync('tar', ['-xOf', tarball, name]).toString()

describeOnBuildkit('on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })

  describe('local build to docker (make container)', () => {
    let engine: DockerEngine
    beforeAll(async () => {
      engine = await dockerEngine()
    })
    afterAll(async () => {
      await engine?.stop()
    })

    it("loads this machine's platform into Docker, tagged with its suffix, and ignores the others with a warning", async () => {
      const name = `velero-test-${runId()}`
      const { run, post } = await act({ 'output-type': 'docker', version: 'main', registry: name, os: 'linux,windows' }, { env: engine.env })
      const env = { ...process.env, ...engine.env }
      try {
        expect(run.exitCode).toBe(0)
        expect(run.annotations).toEqual([
          expect.stringMatching(/^::warning::output-type docker builds only this machine's platform, linux\/amd64; ignored: windows\/amd64\/ltsc2022/)
        ])
        expect(run.outputs.image).toBe(`${name}/velero:main-linux-amd64`)
        expect(
          execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', `${name}/velero`], { env })
            .toString()
            .trim()
        ).toBe(`${name}/velero:main-linux-amd64`)
        const info = execFileSync('docker', ['run', '--rm', '--network', 'none', `${name}/velero:main-linux-amd64`], { env }).toString()
        expect(info).toContain('platform=linux/amd64\nversion=main\n')
        expect(post.exitCode).toBe(0)
      } finally {
        execFileSync('docker', ['image', 'rm', '--force', `${name}/velero:main-linux-amd64`], { env, stdio: 'ignore' })
      }
    })
  })

  describe('local builds to tar, from a checkout without _output', () => {
    it.each([
      { arch: 'amd64', files: ['velero-main-linux-amd64.tar', 'velero-main-windows-ltsc2022-amd64.tar'] },
      { arch: 'amd64,arm64', files: ['velero-main-linux-amd64.tar', 'velero-main-linux-arm64.tar', 'velero-main-windows-ltsc2022-amd64.tar'] }
    ])('os linux,windows, arch $arch: one tarball per platform in _output, each the root filesystem of its platform', async ({ arch, files }) => {
      const workspace = appWorkspace(registry)
      expect(existsSync(path.join(workspace, '_output'))).toBe(false)
      const { run } = await act({ 'output-type': 'tar', version: 'main', os: 'linux,windows', arch }, { workspace })
      expect(run.exitCode).toBe(0)
      expect(readdirSync(path.join(workspace, '_output')).sort()).toEqual(files)
      expect(JSON.parse(run.outputs.tarballs)).toEqual(files.map((file) => `_output/${file}`))
      expect(run.outputs.image).toBe('')
      for (const file of files) {
        const platform = file.includes('windows') ? 'windows/amd64' : `linux/${file.includes('arm64') ? 'arm64' : 'amd64'}`
        expect(tarFile(path.join(workspace, '_output', file), 'app/build-info')).toContain(`platform=${platform}\nversion=main\n`)
      }
      // Nothing pushed.
      expect(registryTags(`${registry.prefix}/velero/velero`)).toEqual([])
    })

    // buildx before 0.11 writes no docker archive from a remote builder (the kind these tests use): refused.
    const archives = buildxAtLeast(11)
      ? [
          ['docker', 'docker-archive'],
          ['oci', 'oci-archive']
        ]
      : [['oci', 'oci-archive']]
    it.each(archives)('tar-format %s writes image archives that skopeo reads, Windows with its os.version', async (format, transport) => {
      const workspace = appWorkspace(registry)
      const { run } = await act({ 'output-type': 'tar', 'tar-format': format, os: 'linux,windows', 'output-dir': 'out/images' }, { workspace })
      expect(run.exitCode).toBe(0)
      const config = (file: string) =>
        JSON.parse(execFileSync('skopeo', ['inspect', '--config', `${transport}:${path.join(workspace, 'out/images', file)}`]).toString())
      expect(config('velero-main-windows-ltsc2022-amd64.tar')).toMatchObject({ os: 'windows', architecture: 'amd64', 'os.version': WINDOWS_2022 })
      expect(config('velero-main-linux-amd64.tar')).toMatchObject({ os: 'linux', architecture: 'amd64' })
    })

    if (!buildxAtLeast(11)) {
      it('tar-format docker on a remote builder with buildx 0.10: refused before any build, naming the setting and the versions', async () => {
        const workspace = appWorkspace(registry)
        const { run, docker } = await act({ 'output-type': 'tar', 'tar-format': 'docker', os: 'linux,windows' }, { workspace })
        expect(run.exitCode).toBe(1)
        expect(run.annotations).toEqual([
          expect.stringMatching(/^::error::input 'tar-format': 'docker' on a remote-driver builder needs buildx 0\.11\.0 \(found 0\.10\.\d+\) or later/)
        ])
        expect(docker.dockerCalls().some((args) => args[1] === 'build')).toBe(false)
        expect(existsSync(path.join(workspace, '_output'))).toBe(false)
      })
    }
  })

  describe('push build for linux-amd64 and windows-amd64', () => {
    let result: Awaited<ReturnType<typeof act>>
    let summary: string
    beforeAll(async () => {
      summary = path.join(appWorkspace(registry), 'summary.md')
      writeFileSync(summary, '')
      result = await act(
        { 'output-type': 'registry', version: 'main', registry: repo('push1'), os: 'linux,windows' },
        { env: { GITHUB_STEP_SUMMARY: summary } }
      )
    })

    it('publishes three tags: the list serving Linux and Windows, and the two platform images', () => {
      expect(result.run.stderr).toBe('')
      expect(result.run.exitCode).toBe(0)
      expect(registryTags(`${repo('push1')}/velero`)).toEqual(['main', 'main-linux-amd64', 'main-windows-ltsc2022-amd64'])
      expect(platformsOf(`${repo('push1')}/velero:main`)).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
      ])
    })

    it('lists the per-platform images by the digests of their tags, each a single image of its platform, the very one its build pushed', () => {
      const linux = skopeoRaw(`${repo('push1')}/velero:main-linux-amd64`)
      const windows = skopeoRaw(`${repo('push1')}/velero:main-windows-ltsc2022-amd64`)
      // BuildKit pushes Docker image manifests (0.24 and before) or OCI ones (0.32): docker makes the list to match.
      const list = skopeoRaw(`${repo('push1')}/velero:main`)
      const listType: Record<string, string> = {
        [DOCKER_MANIFEST]: 'application/vnd.docker.distribution.manifest.list.v2+json',
        [OCI_MANIFEST]: 'application/vnd.oci.image.index.v1+json'
      }
      expect([DOCKER_MANIFEST, OCI_MANIFEST]).toContain(linux?.json.mediaType)
      expect(windows?.json.mediaType).toBe(linux?.json.mediaType)
      expect(list?.json.mediaType).toBe(listType[linux?.json.mediaType as string])
      expect(skopeoConfig(`${repo('push1')}/velero:main-windows-ltsc2022-amd64`)).toMatchObject({ os: 'windows', 'os.version': WINDOWS_2022 })
      expect(list?.json.manifests?.map((m) => m.digest)).toEqual([linux?.digest, windows?.digest])
      const metadata = JSON.parse(result.run.outputs.metadata)
      expect([metadata['linux/amd64'].digest, metadata['windows/amd64/ltsc2022'].digest]).toEqual([linux?.digest, windows?.digest])
    })

    it('assembles the list with imagetools from one descriptor per image, Windows with the os.version of its config, and says which buildx and BuildKit it used', () => {
      const metadata = JSON.parse(result.run.outputs.metadata)
      const create = result.docker.dockerCalls().filter((args) => args[1] === 'imagetools')
      expect(create).toHaveLength(1)
      expect(create[0].slice(0, 7)).toEqual(['buildx', 'imagetools', 'create', '--builder', buildkit.builder, '--dry-run', '-t'])
      expect(create[0].slice(8).map((source) => JSON.parse(source))).toEqual([
        { digest: metadata['linux/amd64'].digest, size: expect.any(Number), platform: { os: 'linux', architecture: 'amd64' } },
        {
          digest: metadata['windows/amd64/ltsc2022'].digest,
          size: expect.any(Number),
          platform: { os: 'windows', architecture: 'amd64', 'os.version': WINDOWS_2022 }
        }
      ])
      // No docker manifest: the lists are imagetools', pushed as checked.
      expect(result.docker.dockerCalls().filter((args) => args[0] === 'manifest')).toEqual([])
      expect(result.run.stdout).toMatch(
        new RegExp(`^Using buildx 0\\.\\d+\\.\\d+, BuildKit 0\\.\\d+\\.\\d+ on builder ${buildkit.builder} \\([a-z-]+ driver\\)$`, 'm')
      )
    })

    it('sets the outputs: the digest is the list as the registry holds it', () => {
      const { outputs } = result.run
      expect(outputs.image).toBe(`${repo('push1')}/velero:main`)
      expect(outputs.digest).toBe(skopeoRaw(`${repo('push1')}/velero:main`)?.digest)
      expect(JSON.parse(outputs.tags)).toEqual([`${repo('push1')}/velero:main`])
      expect(JSON.parse(outputs.platforms)).toEqual(['linux/amd64', 'windows/amd64/ltsc2022'])
      expect(JSON.parse(outputs.tarballs)).toEqual([])
      expect(JSON.parse(outputs.metadata)['windows/amd64/ltsc2022']).toMatchObject({
        'os.version': WINDOWS_2022,
        digest: skopeoRaw(`${repo('push1')}/velero:main-windows-ltsc2022-amd64`)?.digest,
        image: skopeoRaw(`${repo('push1')}/velero:main-windows-ltsc2022-amd64`)?.digest,
        attestation: null
      })
    })

    it('shows each build line live behind its platform', () => {
      expect(result.run.stdout).toMatch(/^\[windows\/amd64\/ltsc2022\] #\d+ \[internal\] load metadata for .*\/windows\/nanoserver:ltsc2022$/m)
      // By digest: the build names no tag.
      expect(result.run.stdout).toMatch(/^\[linux\/amd64\] #\d+ pushing manifest for [^ ]*\/push1\/velero(@sha256:[0-9a-f]{64})? /m)
    })

    it('writes a job summary with a row per platform, the list digest and a pull command', () => {
      const text = readFileSync(summary, 'utf8')
      expect(text).toContain('## velero-multiarch-build: succeeded')
      expect(text).toMatch(/\| `windows\/amd64\/ltsc2022` \| `sha256:[0-9a-f]{64}` \| 10\.0\.20348\.2700 \| {2}\| [\d.]+ s \| built \|/)
      expect(text).toContain(`| \`${repo('push1')}/velero:main\` | \`${result.run.outputs.digest}\` | moved |`)
      expect(text).toMatch(new RegExp(`\\| \`${repo('push1')}/velero:main-windows-ltsc2022-amd64\` \\| \`sha256:[0-9a-f]{64}\` \\| moved \\|`))
      expect(text).toContain(`docker pull ${repo('push1')}/velero:main`)
    })

    it('leaves the named builder alone', () => {
      expect(result.post.exitCode).toBe(0)
      // imagetools only assembles the list; the action's own registry client reads and tags.
      const buildx = result.docker
        .dockerCalls()
        .filter((args) => args[0] === 'buildx')
        .map((args) => args[1])
      // The version check and the reading of the named builder run at once, in either order.
      expect(buildx.slice(0, 2).sort()).toEqual(['inspect', 'version'])
      expect(buildx.slice(2)).toEqual(['build', 'build', 'imagetools'])
      execFileSync('docker', ['buildx', 'inspect', buildkit.builder], { env: { ...process.env, ...result.docker.env }, stdio: 'ignore' })
    })
  })

  describe('push build for linux-amd64, linux-arm64 and windows-amd64', () => {
    it('publishes four tags: the list and three platform images', async () => {
      const { run } = await act({ 'output-type': 'registry', version: 'main', registry: repo('push2'), os: 'linux,windows', arch: 'amd64,arm64' })
      expect(run.exitCode).toBe(0)
      expect(registryTags(`${repo('push2')}/velero`)).toEqual(['main', 'main-linux-amd64', 'main-linux-arm64', 'main-windows-ltsc2022-amd64'])
      const list = skopeoRaw(`${repo('push2')}/velero:main`)
      expect(list?.json.manifests?.map((m) => m.platform)).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux' },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
      ])
      const suffixes = ['linux-amd64', 'linux-arm64', 'windows-ltsc2022-amd64']
      expect(list?.json.manifests?.map((m) => m.digest)).toEqual(suffixes.map((suffix) => skopeoRaw(`${repo('push2')}/velero:main-${suffix}`)?.digest))
      expect(run.outputs.digest).toBe(list?.digest)
      expect(buildInfo(imageContent(`${repo('push2')}/velero:main-linux-arm64`).files)).toMatchObject({ platform: 'linux/arm64', version: 'main' })
    })
  })

  describe('tag-latest and two Windows versions in one list', () => {
    it('publishes the version and latest lists with the same platforms, each Windows entry with its own os.version', async () => {
      const { run } = await act({
        'output-type': 'registry',
        registry: repo('latest'),
        os: 'linux,windows',
        'windows-version': 'ltsc2022,ltsc2025',
        version: 'v1.16.0',
        release: 'true',
        'tag-latest': 'true'
      })
      expect(run.exitCode).toBe(0)
      const expected = [
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2025 }
      ]
      expect(platformsOf(`${repo('latest')}/velero:v1.16.0`)).toEqual(expected)
      expect(platformsOf(`${repo('latest')}/velero:latest`)).toEqual(expected)
      expect(registryTags(`${repo('latest')}/velero`)).toEqual([
        'latest',
        'latest-linux-amd64',
        'latest-windows-ltsc2022-amd64',
        'latest-windows-ltsc2025-amd64',
        'v1.16.0',
        'v1.16.0-linux-amd64',
        'v1.16.0-windows-ltsc2022-amd64',
        'v1.16.0-windows-ltsc2025-amd64'
      ])
      expect(JSON.parse(run.outputs.tags)).toEqual([`${repo('latest')}/velero:v1.16.0`, `${repo('latest')}/velero:latest`])
      expect(run.outputs.digest).toBe(skopeoRaw(`${repo('latest')}/velero:v1.16.0`)?.digest)
    })
  })

  describe('auto on pull requests', () => {
    it.each([
      ['a fork', 'pull-request-fork.json', 43, 'pr-43'],
      ['the same repository', 'pull-request.json', 42, 'release-1.16-container']
    ])('from %s: every platform built to tarballs of version %s, nothing pushed', async (_from, payload, number, version) => {
      const { run, docker, workspace } = await act(
        { 'output-type': 'auto', version: 'auto', 'tag-latest': 'auto', registry: repo('pr'), os: 'linux,windows', arch: 'amd64,arm64' },
        {
          env: {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: path.join(EVENTS, payload),
            GITHUB_REF: `refs/pull/${number}/merge`,
            GITHUB_BASE_REF: 'release-1.16',
            GITHUB_REPOSITORY: 'vmware-tanzu/velero'
          }
        }
      )
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toMatch(/^output-type: tar \(from the event: pull_request (event|caused by a fork's pull request): build tarballs, never push\)$/m)
      const tarballs = ['linux-amd64', 'linux-arm64', 'windows-ltsc2022-amd64'].map((suffix) => `_output/velero-${version}-${suffix}.tar`)
      expect(JSON.parse(run.outputs.tarballs)).toEqual(tarballs)
      for (const tarball of tarballs) expect(existsSync(path.join(workspace, tarball))).toBe(true)
      expect(docker.dockerCalls().some((args) => args[0] === 'manifest' || args.includes('type=registry'))).toBe(false)
      expect(registryTags(`${repo('pr')}/velero`)).toEqual([])
    })
  })
})
