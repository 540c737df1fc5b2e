// The seed's samples end to end: the bundled action against Debian's docker-registry, the real docker CLI for
// `docker manifest`, the buildx stand-in as a CLI plugin, and skopeo reading back what the registry holds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, runPost } from './helpers/action.js'
import { startTagsApi } from './helpers/github-api.js'
import { dockerSetup, pushBaseImage, Registry, skopeoConfig, skopeoRaw, startRegistry } from './helpers/docker.js'
import { exampleWorkspace } from './helpers/workspace.js'

const WINDOWS_2022 = '10.0.20348.2700'
let registry: Registry

beforeAll(async () => {
  registry = await startRegistry()
  // The Windows Dockerfile starts FROM mcr.microsoft.com/windows/nanoserver:<version>; the stand-in pulls it from
  // the test registry, as a mirror.
  pushBaseImage(`${registry.host}/windows/nanoserver:ltsc2022`, 'windows', 'amd64', WINDOWS_2022)
  pushBaseImage(`${registry.host}/windows/nanoserver:ltsc2025`, 'windows', 'amd64', '10.0.26100.1742')
})

afterAll(async () => {
  await registry?.stop()
})

const mirror = (): NodeJS.ProcessEnv => ({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}` })

/** Runs main and post steps like GitHub, pushing to the test registry under a repository of its own. */
async function publish(repository: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const docker = dockerSetup({ ...mirror(), ...env })
  const workspace = exampleWorkspace()
  const run = await runAction(
    { 'output-type': 'registry', registry: `${registry.host}/${repository}`, 'insecure-registry': 'true', ...inputs },
    { workspace, env: docker.env }
  )
  const buildersAfterMain = docker.builders()
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker, workspace, buildersAfterMain }
}

const platformsOf = (ref: string) => skopeoRaw(ref)?.json.manifests?.map((m) => m.platform)

describe('push build for linux-amd64 and windows-amd64', () => {
  let result: Awaited<ReturnType<typeof publish>>
  beforeAll(async () => {
    result = await publish('push1', { os: 'linux,windows' })
  })

  it('succeeds and publishes one list serving Linux and Windows, the Windows entry with its os.version', () => {
    expect(result.run.stderr).toBe('')
    expect(result.run.exitCode).toBe(0)
    expect(platformsOf(`${registry.host}/push1/velero:main`)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
    ])
  })

  it('leaves the platform tags of the seed in the registry, each a single image of its platform', () => {
    const linux = skopeoRaw(`${registry.host}/push1/velero:main-linux-amd64`)
    const windows = skopeoRaw(`${registry.host}/push1/velero:main-windows-ltsc2022-amd64`)
    expect(linux?.json.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(windows?.json.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(skopeoConfig(`${registry.host}/push1/velero:main-windows-ltsc2022-amd64`)).toMatchObject({ os: 'windows', 'os.version': WINDOWS_2022 })
    const list = skopeoRaw(`${registry.host}/push1/velero:main`)
    expect(list?.json.manifests?.map((m) => m.digest)).toEqual([linux?.digest, windows?.digest])
  })

  it('annotates the Windows entry with the full version read from the built image', () => {
    const annotate = result.docker.dockerCalls().filter((args) => args[1] === 'annotate')
    expect(annotate).toEqual([
      [
        'manifest', 'annotate', '--os', 'windows', '--arch', 'amd64', '--os-version', WINDOWS_2022,
        `${registry.host}/push1/velero:main`, `${registry.host}/push1/velero:main-windows-ltsc2022-amd64`
      ]
    ])
  })

  it('sets the outputs, with the digest of the list as the registry holds it', () => {
    const { outputs } = result.run
    expect(outputs.image).toBe(`${registry.host}/push1/velero:main`)
    expect(outputs.digest).toBe(skopeoRaw(`${registry.host}/push1/velero:main`)?.digest)
    expect(JSON.parse(outputs.tags)).toEqual([`${registry.host}/push1/velero:main`])
    expect(JSON.parse(outputs.platforms)).toEqual(['linux/amd64', 'windows/amd64/ltsc2022'])
    expect(JSON.parse(outputs.tarballs)).toEqual([])
    const metadata = JSON.parse(outputs.metadata)
    expect(metadata['windows/amd64/ltsc2022']).toMatchObject({
      'os.version': WINDOWS_2022,
      digest: skopeoRaw(`${registry.host}/push1/velero:main-windows-ltsc2022-amd64`)?.digest,
      tags: [`${registry.host}/push1/velero:main-windows-ltsc2022-amd64`]
    })
    expect(metadata['linux/amd64'].seconds).toEqual(expect.any(Number))
  })

  it('created its own builder, and the post step removed it and said so', () => {
    expect(result.buildersAfterMain).toEqual([result.run.state.builder])
    expect(result.docker.builders()).toEqual([])
    expect(result.post.exitCode).toBe(0)
    expect(result.post.stdout).toContain(`Removed the buildx builder ${result.run.state.builder}`)
  })

  it('shows each build line live behind its platform', () => {
    expect(result.run.stdout).toMatch(/^\[windows\/amd64\/ltsc2022\] #2 \[internal\] load metadata for mcr.microsoft.com\/windows\/nanoserver:ltsc2022$/m)
    expect(result.run.stdout).toMatch(/^\[linux\/amd64\] #4 exporting to image/m)
  })
})

describe('push build for linux-amd64, linux-arm64 and windows-amd64', () => {
  it('publishes four tags: the list and three platform images', async () => {
    const { run } = await publish('push2', { os: 'linux,windows', arch: 'amd64,arm64' })
    expect(run.exitCode).toBe(0)
    expect(platformsOf(`${registry.host}/push2/velero:main`)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux' },
      { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
    ])
    for (const suffix of ['linux-amd64', 'linux-arm64', 'windows-ltsc2022-amd64']) {
      expect(skopeoRaw(`${registry.host}/push2/velero:main-${suffix}`)).toBeDefined()
    }
    const tags = JSON.parse(execFileSync('skopeo', ['list-tags', '--tls-verify=false', `docker://${registry.host}/push2/velero`]).toString()).Tags
    expect(tags.sort()).toEqual(['main', 'main-linux-amd64', 'main-linux-arm64', 'main-windows-ltsc2022-amd64'])
  })
})

describe('tag-latest, two Windows versions and an arm variant', () => {
  it('publishes the version and latest lists with the same platforms, each Windows entry with its own version', async () => {
    const { run } = await publish('latest', {
      os: 'linux,windows',
      arch: 'amd64,arm/v7',
      'windows-version': 'ltsc2022,ltsc2025',
      version: 'v1.16.0',
      'tag-latest': 'true',
      'max-parallel': '2'
    })
    expect(run.exitCode).toBe(0)
    const expected = [
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm', os: 'linux', variant: 'v7' },
      { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 },
      { architecture: 'amd64', os: 'windows', 'os.version': '10.0.26100.1742' }
    ]
    expect(platformsOf(`${registry.host}/latest/velero:v1.16.0`)).toEqual(expected)
    expect(platformsOf(`${registry.host}/latest/velero:latest`)).toEqual(expected)
    expect(skopeoRaw(`${registry.host}/latest/velero:latest-linux-arm-v7`)).toBeDefined()
    expect(JSON.parse(run.outputs.tags)).toEqual([`${registry.host}/latest/velero:v1.16.0`, `${registry.host}/latest/velero:latest`])
    expect(run.outputs.digest).toBe(skopeoRaw(`${registry.host}/latest/velero:v1.16.0`)?.digest)
  })
})

describe('a Windows image without os.version', () => {
  it('fails before publishing, and says why', async () => {
    pushBaseImage(`${registry.host}/bare/nanoserver:ltsc2022`, 'windows', 'amd64')
    const workspace = exampleWorkspace()
    const dockerfile = path.join(workspace, 'Dockerfile-Windows')
    writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace('mcr.microsoft.com/windows/nanoserver', `${registry.host}/bare/nanoserver`))
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `${registry.host}=${registry.host}` })
    const run = await runAction(
      { 'output-type': 'registry', registry: `${registry.host}/noversion`, 'insecure-registry': 'true', os: 'linux,windows' },
      { workspace, env: docker.env }
    )
    expect(run.exitCode).toBe(1)
    expect(run.annotations.join('\n')).toContain(
      `${registry.host}/noversion/velero:main-windows-ltsc2022-amd64 (windows/amd64/ltsc2022) has no os.version in its image config`
    )
    expect(skopeoRaw(`${registry.host}/noversion/velero:main`)).toBeUndefined()
    // The list was only made locally, never annotated or pushed.
    expect(docker.dockerCalls().filter((args) => args[0] === 'manifest').map((args) => args[1])).toEqual(['rm', 'create', 'inspect'])
    const post = await runPost(run.state, { workspace, env: docker.env })
    expect(post.exitCode).toBe(0)
    expect(docker.builders()).toEqual([])
  })
})

describe('a Windows image built from the base of another Windows release', () => {
  it('fails before publishing: ltsc2025 nodes would find no image', async () => {
    // The ltsc2025 Dockerfile's base is a Windows Server 2022 image here.
    pushBaseImage(`${registry.host}/mixed/nanoserver:ltsc2025`, 'windows', 'amd64', WINDOWS_2022)
    const workspace = exampleWorkspace()
    const dockerfile = path.join(workspace, 'Dockerfile-Windows')
    writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace('mcr.microsoft.com/windows/nanoserver', `${registry.host}/mixed/nanoserver`))
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `${registry.host}=${registry.host}` })
    const run = await runAction(
      { 'output-type': 'registry', registry: `${registry.host}/mixed`, 'insecure-registry': 'true', os: 'windows', 'windows-version': 'ltsc2025' },
      { workspace, env: docker.env }
    )
    expect(run.exitCode).toBe(1)
    expect(run.annotations.join('\n')).toContain(
      `(windows/amd64/ltsc2025) has os.version ${WINDOWS_2022}, which is ltsc2022, not ltsc2025 (10.0.26100.*)`
    )
    expect(skopeoRaw(`${registry.host}/mixed/velero:main`)).toBeUndefined()
  })
})

describe('a failing platform', () => {
  it('publishes no list, keeps the earlier one, names the platform and repeats the end of its log', async () => {
    const first = await publish('failing', { os: 'linux,windows', arch: 'amd64,arm64' })
    expect(first.run.exitCode).toBe(0)
    const before = skopeoRaw(`${registry.host}/failing/velero:main`)?.digest

    const { run, post, docker } = await publish(
      'failing',
      { os: 'linux,windows', arch: 'amd64,arm64', 'build-args': 'CHANGED=1' },
      { STANDIN_FAIL_PLATFORMS: 'linux/arm64' }
    )
    expect(run.exitCode).toBe(1)
    const error = run.annotations.join('\n')
    expect(error).toContain('1 of 3 platform builds failed (linux/arm64); nothing was published.')
    expect(error).toContain('build for linux/arm64 failed (exit code 1); the end of its log:')
    expect(error).toContain('ERROR: go build: exit status 2')
    expect(skopeoRaw(`${registry.host}/failing/velero:main`)?.digest).toBe(before)
    expect(JSON.parse(run.outputs.tags)).toEqual([])
    expect(run.outputs.digest).toBe('')
    expect(docker.dockerCalls().some((args) => args[0] === 'manifest')).toBe(false)
    expect(post.exitCode).toBe(0)
    expect(docker.builders()).toEqual([])
  })
})

describe('in a workflow', () => {
  const events = path.join(path.dirname(new URL(import.meta.url).pathname), 'events')

  it('a fork pull request asking for registry builds every platform to tar and pushes nothing', async () => {
    const { run, docker } = await publish(
      'forkpr',
      { os: 'linux,windows', arch: 'amd64,arm64', version: 'auto' },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path.join(events, 'pull-request-fork.json'),
        GITHUB_REF: 'refs/pull/43/merge',
        GITHUB_BASE_REF: 'release-1.16',
        GITHUB_REPOSITORY: 'vmware-tanzu/velero'
      }
    )
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toContainEqual(expect.stringContaining('pull request from a fork'))
    expect(JSON.parse(run.outputs.tarballs)).toEqual([
      '_output/velero-release-1.16-container-linux-amd64.tar',
      '_output/velero-release-1.16-container-linux-arm64.tar',
      '_output/velero-release-1.16-container-windows-ltsc2022-amd64.tar'
    ])
    expect(docker.dockerCalls().some((args) => args[0] === 'manifest' || args.includes('type=registry'))).toBe(false)
    expect(skopeoRaw(`${registry.host}/forkpr/velero:release-1.16-container-linux-amd64`)).toBeUndefined()
  })

  it('a push of the highest release tag publishes the version and latest', async () => {
    const api = await startTagsApi('vmware-tanzu/velero', ['v1.15.0', 'v1.16.0', 'v1.17.0-rc.1'])
    try {
      const { run } = await publish(
        'release',
        { os: 'linux,windows', version: 'auto', 'tag-latest': 'auto', 'output-type': 'auto', registry: `${registry.host}/release`, 'github-token': 't' },
        {
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: path.join(events, 'push-tag.json'),
          GITHUB_REF: 'refs/tags/v1.16.0',
          GITHUB_REPOSITORY: 'vmware-tanzu/velero',
          GITHUB_API_URL: api.url
        }
      )
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.tags)).toEqual([`${registry.host}/release/velero:v1.16.0`, `${registry.host}/release/velero:latest`])
      for (const tag of ['v1.16.0', 'latest']) {
        expect(platformsOf(`${registry.host}/release/velero:${tag}`)).toEqual([
          { architecture: 'amd64', os: 'linux' },
          { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
        ])
      }
      expect(api.requests).toHaveLength(1)
    } finally {
      await api.close()
    }
  })

  it('writes a job summary with a row per platform, the list digest and a pull command', async () => {
    const summary = path.join(exampleWorkspace(), 'summary.md')
    writeFileSync(summary, '')
    const { run } = await publish('summary', { os: 'linux,windows' }, { GITHUB_STEP_SUMMARY: summary })
    const text = readFileSync(summary, 'utf8')
    expect(text).toContain('## velero-multiarch-build: succeeded')
    expect(text).toMatch(/\| `windows\/amd64\/ltsc2022` \| `[^`]+main-windows-ltsc2022-amd64` \| `sha256:[0-9a-f]{64}` \| 10\.0\.20348\.2700 \| {2}\| [\d.]+ s \| built \|/)
    expect(text).toContain(`| \`${registry.host}/summary/velero:main\` | \`${run.outputs.digest}\` |`)
    expect(text).toContain(`docker pull ${registry.host}/summary/velero:main`)
  })

  it('writes the summary and the outputs when a platform fails', async () => {
    const summary = path.join(exampleWorkspace(), 'summary.md')
    writeFileSync(summary, '')
    const { run } = await publish('summaryfail', { os: 'linux,windows', 'fail-fast': 'false' }, { GITHUB_STEP_SUMMARY: summary, STANDIN_FAIL_PLATFORMS: 'windows/amd64' })
    expect(run.exitCode).toBe(1)
    const text = readFileSync(summary, 'utf8')
    expect(text).toContain('## velero-multiarch-build: failed')
    expect(text).toMatch(/\| `windows\/amd64\/ltsc2022` .* \| \*\*failed\*\* \|/)
    expect(text).toContain('<details><summary>windows/amd64/ltsc2022: end of the log</summary>')
    expect(text).toContain('not published')
    expect(JSON.parse(run.outputs.metadata)['linux/amd64'].digest).toMatch(/^sha256:/)
  })
})

describe('a builder named by buildx-instance', () => {
  it('is used and never removed', async () => {
    const docker = dockerSetup(mirror())
    const config = path.join(docker.configDir, 'buildkitd.toml')
    writeFileSync(config, `[registry."${registry.host}"]\n  http = true\n`)
    execFileSync('docker', ['buildx', 'create', '--name', 'ci-builder', '--driver-opt', 'network=host', '--config', config], { env: { ...process.env, ...docker.env } })
    const workspace = exampleWorkspace()
    const callsBefore = docker.dockerCalls().length
    const run = await runAction(
      { 'output-type': 'registry', registry: `${registry.host}/named`, 'insecure-registry': 'true', 'buildx-instance': 'ci-builder' },
      { workspace, env: docker.env }
    )
    expect(run.exitCode).toBe(0)
    expect(docker.dockerCalls().slice(callsBefore).filter((args) => args[0] === 'buildx').map((args) => args.slice(0, 4))).toEqual([
      ['buildx', 'build', '--builder', 'ci-builder']
    ])
    await runPost(run.state, { workspace, env: docker.env })
    expect(docker.builders()).toEqual(['ci-builder'])
  })
})

describe('local builds', () => {
  it('to docker: loads only the host platform, tagged with its suffix', async () => {
    const docker = dockerSetup()
    const images = path.join(docker.configDir, 'loaded')
    const workspace = exampleWorkspace()
    const run = await runAction({ os: 'linux,windows' }, { workspace, env: { ...docker.env, STANDIN_DOCKER_IMAGES: images } })
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toEqual([expect.stringMatching(/^::warning::output-type docker builds only this machine's platform, linux\/amd64; ignored: windows\/amd64\/ltsc2022/)])
    expect(run.outputs.image).toBe('velero/velero:main-linux-amd64')
    const [archive] = readdirSync(images)
    const inspected = JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${path.join(images, archive)}`]).toString())
    expect(inspected).toMatchObject({ Architecture: 'amd64', Os: 'linux', RepoTags: [] })
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', path.join(images, archive), 'manifest.json']).toString())
    expect(manifest[0].RepoTags).toEqual(['velero/velero:main-linux-amd64'])
    await runPost(run.state, { workspace, env: docker.env })
    expect(docker.builders()).toEqual([])
  })

  it.each([
    { os: 'linux,windows', arch: 'amd64', files: ['velero-main-linux-amd64.tar', 'velero-main-windows-ltsc2022-amd64.tar'] },
    {
      os: 'linux,windows',
      arch: 'amd64,arm64',
      files: ['velero-main-linux-amd64.tar', 'velero-main-linux-arm64.tar', 'velero-main-windows-ltsc2022-amd64.tar']
    }
  ])('to tar for $os $arch: one tarball per platform in _output', async ({ os, arch, files }) => {
    const docker = dockerSetup(mirror())
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar', os, arch }, { workspace, env: docker.env })
    expect(run.exitCode).toBe(0)
    expect(readdirSync(path.join(workspace, '_output')).sort()).toEqual(files)
    expect(JSON.parse(run.outputs.tarballs)).toEqual(files.map((f) => `_output/${f}`))
    expect(run.outputs.image).toBe('')
    // The root filesystem of the platform's build.
    const content = JSON.parse(execFileSync('tar', ['-xOf', path.join(workspace, '_output', files[0]), 'standin-build.json']).toString())
    expect(content.platform).toBe('linux/amd64')
    expect(content.buildArgs).toMatchObject({ BIN: 'velero', VERSION: 'main', GIT_TREE_STATE: 'clean' })
    expect(existsSync(path.join(workspace, '_output', files[0]))).toBe(true)
  })
})

describe('build options', () => {
  it('tar-format docker and oci write image archives that tools read', async () => {
    for (const [format, transport] of [['docker', 'docker-archive'], ['oci', 'oci-archive']]) {
      const docker = dockerSetup(mirror())
      const workspace = exampleWorkspace()
      const run = await runAction({ 'output-type': 'tar', 'tar-format': format, os: 'linux,windows' }, { workspace, env: docker.env })
      expect(run.exitCode).toBe(0)
      const windows = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `${transport}:${path.join(workspace, '_output/velero-main-windows-ltsc2022-amd64.tar')}`]).toString())
      expect(windows).toMatchObject({ os: 'windows', architecture: 'amd64', 'os.version': WINDOWS_2022 })
    }
  })

  it('passes secrets as files, never as build args, and never prints them', async () => {
    const docker = dockerSetup(mirror())
    const run = await runAction(
      { 'output-type': 'tar', secrets: 'npm_token=s3cr3t-value', labels: 'org.opencontainers.image.source=https://example.com/velero', 'build-args': 'NPM_TOKEN=arg-value' },
      { workspace: exampleWorkspace(), env: docker.env }
    )
    expect(run.exitCode).toBe(0)
    const build = docker.dockerCalls().find((args) => args[1] === 'build') ?? []
    expect(build[build.indexOf('--secret') + 1]).toMatch(/^id=npm_token,src=\/.+\/secrets\/npm_token$/)
    expect(build).toContain('org.opencontainers.image.source=https://example.com/velero')
    expect(JSON.stringify(build)).not.toContain('s3cr3t-value')
    // The runner reads ::add-mask:: and shows that line to no one; it hides the value in every later line.
    expect(run.stdout).toContain('::add-mask::s3cr3t-value')
    // A build arg named like a secret is masked too, and the user is told to use secrets instead.
    expect(run.stdout).toContain('::add-mask::arg-value')
    expect(run.annotations).toContainEqual(expect.stringMatching(/^::warning::build-args NPM_TOKEN look like secrets/))
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(shown.join('\n') + run.stderr + JSON.stringify(run.outputs)).not.toContain('s3cr3t-value')
  })
})

describe('without buildx', () => {
  it('says that buildx must be set up', async () => {
    const emptyConfig = mkdtempSync(path.join(os.tmpdir(), 'no-buildx-'))
    const run = await runAction({ 'output-type': 'tar' }, { workspace: exampleWorkspace(), env: { DOCKER_CONFIG: emptyConfig } })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual(['::error::docker buildx is not installed here; set it up first (in a workflow, with docker/setup-buildx-action)'])
    const post = await runPost(run.state, { workspace: exampleWorkspace(), env: { DOCKER_CONFIG: emptyConfig } })
    expect(post.annotations).toEqual([])
    expect(post.stdout).toContain('No buildx builder')
  })
})

describe('the buildx stand-in behaves like buildx', () => {
  it('pushes an index with an attestation unless provenance and sbom are off, and docker manifest create refuses it', () => {
    const docker = dockerSetup()
    const env = { ...process.env, ...docker.env }
    const config = path.join(docker.configDir, 'buildkitd.toml')
    writeFileSync(config, `[registry."${registry.host}"]\n  http = true\n`)
    execFileSync('docker', ['buildx', 'create', '--name', 'b', '--driver-opt', 'network=host', '--config', config], { env })
    const workspace = exampleWorkspace()
    const ref = `${registry.host}/standin/app:attested`
    execFileSync('docker', ['buildx', 'build', '--builder', 'b', '--platform', 'linux/amd64', '--output', 'type=registry', '-t', ref, '.'], { env, cwd: workspace, stdio: 'ignore' })
    expect(skopeoRaw(ref)?.json.manifests?.map((m) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'unknown', os: 'unknown' }
    ])
    let failure = ''
    try {
      execFileSync('docker', ['manifest', 'create', '--insecure', `${registry.host}/standin/app:list`, ref], { env, stdio: 'pipe' })
    } catch (error) {
      failure = String((error as { stderr: Buffer }).stderr)
    }
    expect(failure).toContain('is a manifest list')
  })

  it('refuses unknown flags and builders that were not created', () => {
    const env = { ...process.env, ...dockerSetup().env }
    const run = (args: string[]): string => {
      try {
        execFileSync('docker', args, { env, stdio: 'pipe', cwd: exampleWorkspace() })
        return ''
      } catch (error) {
        return String((error as { stderr: Buffer }).stderr)
      }
    }
    expect(run(['buildx', 'build', '--builder', 'nope', '.'])).toContain('no builder "nope" found')
    expect(run(['buildx', 'build', '--frobnicate', '.'])).toContain('unknown flag: --frobnicate')
  })

  it('cannot reach a plain-HTTP registry on loopback without host networking and an http config', () => {
    const docker = dockerSetup()
    const env = { ...process.env, ...docker.env }
    execFileSync('docker', ['buildx', 'create', '--name', 'plain'], { env })
    let failure = ''
    try {
      execFileSync('docker', ['buildx', 'build', '--builder', 'plain', '--output', 'type=registry', '--provenance=false', '--sbom=false', '-t', `${registry.host}/standin/x:y`, '.'], { env, stdio: 'pipe', cwd: exampleWorkspace() })
    } catch (error) {
      failure = String((error as { stderr: Buffer }).stderr)
    }
    expect(failure).toContain('connect: connection refused')
  })
})
