// The buildx port: versions and builders as buildx prints them; which buildx the action runs with (missing, too old,
// unreadable); and a builder the action creates itself.
// Versions other than the real v0.28.0 here come from the stand-in, which answers `buildx version` as told.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { builderRunsHere, buildkitVersionOf, parseBuildxVersion } from '../../src/system/buildx.js'
import { parseVersion } from '../../src/shared/versions.js'
import { CLI_ENTRY, runAction, runNode, runPost } from '../helpers/action.js'
import { dockerSetup } from '../helpers/docker.js'
import { exampleWorkspace } from '../helpers/workspace.js'

const inspect = (...nodes: string[]): string =>
  `Name:          b\nDriver:        remote\nLast Activity: 2026-11-28 17:51:40 +0000 UTC\n\nNodes:\n${nodes.map((line, i) => `Name:      b${i}\nEndpoint:  unix:///b${i}.sock\nStatus:    running\n${line}\n`).join('\n')}`

describe('versions as the tools print them', () => {
  it.each([
    ['github.com/docker/buildx v0.36.1 1d8dde89b8ab', [0, 36, 1]],
    ['buildkitd github.com/moby/buildkit v0.11.6 2951a28cd708', [0, 11, 6]],
    ['v0.24.0', [0, 24, 0]],
    ['github.com/docker/buildx v0.0.0+unknown', undefined],
    ['(devel)', undefined]
  ])('%s', (text, version) => {
    expect(parseVersion(text)).toEqual(version)
  })

  it.each([
    ['buildx 0.11 and later', inspect('BuildKit version: v0.32.2'), [0, 32, 2]],
    ['buildx 0.10', inspect('Buildkit:  v0.11.6'), [0, 11, 6]],
    ['two nodes: the older one counts', inspect('BuildKit version: v0.24.0', 'BuildKit version: v0.12.5'), [0, 12, 5]],
    ['a node that has not started says none', inspect('BuildKit version: v0.24.0', ''), undefined],
    ['no node at all', 'Name: b\nDriver: docker-container\n', undefined]
  ])('the BuildKit version of a builder, %s', (_case, output, version) => {
    expect(buildkitVersionOf(output)).toEqual(version)
  })
})

describe('builderRunsHere', () => {
  const inspect = (driver: string, ...endpoints: string[]) =>
    `Name:          b\nDriver:        ${driver}\n\nNodes:\n${endpoints.map((e, i) => `Name:             b${i}\nEndpoint:         ${e}\nStatus:           running\n`).join('\n')}`
  it.each<[string, string, NodeJS.ProcessEnv, boolean]>([
    ['remote on a socket', inspect('remote', 'unix:///tmp/buildkitd.sock'), {}, true],
    ['remote on loopback', inspect('remote', 'tcp://127.0.0.1:1234'), {}, true],
    ['remote on another host', inspect('remote', 'tcp://buildkit.example.com:1234'), {}, false],
    ['two nodes, one elsewhere', inspect('remote', 'unix:///a.sock', 'tcp://10.0.0.5:1234'), {}, false],
    ['docker-container on the default engine', inspect('docker-container', 'unix:///var/run/docker.sock'), {}, true],
    ['docker-container on the default context', inspect('docker-container', 'default'), {}, true],
    ['docker-container, DOCKER_HOST elsewhere', inspect('docker-container', 'default'), { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, false],
    ['docker-container on a named context', inspect('docker-container', 'remote-ctx'), {}, false],
    ['kubernetes', inspect('kubernetes', 'kubernetes:///b?deployment=x'), {}, false],
    ['nothing readable', 'error', {}, false]
  ])('%s', (_case, output, env, expected) => {
    expect(builderRunsHere(output, env)).toBe(expected)
  })
})

describe('parseBuildxVersion', () => {
  it.each([
    ['github.com/docker/buildx v0.28.0 b1281b81bba797b21d9eaf256e6a13eb14419836', [0, 28, 0]],
    ['github.com/docker/buildx v0.9.1 ed00243', [0, 9, 1]],
    ['github.com/docker/buildx 0.12.1+azure-1 8a0b4f6', [0, 12, 1]],
    ['github.com/docker/buildx v0.10.0-rc1 1f3e4a2', [0, 10, 0]],
    ['github.com/docker/buildx v0.0.0+unknown', undefined],
    ['buildx (devel)', undefined],
    ['', undefined]
  ])('%s', (line, version) => {
    expect(parseBuildxVersion(line)).toEqual(version)
  })
})

describe('the buildx version', () => {
  it('older than 0.10.0: fails before any build, naming the version found and the one needed', async () => {
    const docker = dockerSetup({ STANDIN_VERSION: 'v0.9.1' })
    const run = await runAction({ 'output-type': 'tar', os: 'linux' }, { workspace: exampleWorkspace(), env: docker.env })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      '::error::docker buildx 0.9.1 is too old: the action needs buildx 0.10.0 or later (for --provenance and --sbom). Upgrade it (in a workflow, with docker/setup-buildx-action).'
    ])
    expect(docker.dockerCalls()).toEqual([['buildx', 'version']])
    // A run that built nothing names no tarball.
    expect(JSON.parse(run.outputs.tarballs)).toEqual([])
  })

  it('unreadable: a warning, and the builds go on', async () => {
    const docker = dockerSetup({ STANDIN_VERSION: '(devel)' })
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar', os: 'linux' }, { workspace, env: docker.env })
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toEqual([
      "::warning::could not read a version in 'github.com/docker/buildx (devel) 0000000' (docker buildx version); going on, but the action needs buildx 0.10.0 or later"
    ])
    expect(JSON.parse(run.outputs.tarballs)).toEqual(['_output/velero-main-linux-amd64.tar'])
    expect(existsSync(path.join(workspace, '_output/velero-main-linux-amd64.tar'))).toBe(true)
    await runPost(run.state, { workspace, env: docker.env })
  })

  it('missing: says that buildx must be set up, and the post step has nothing to say', async () => {
    const emptyConfig = mkdtempSync(path.join(os.tmpdir(), 'no-buildx-'))
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar' }, { workspace, env: { DOCKER_CONFIG: emptyConfig } })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual(['::error::docker buildx is not installed here; set it up first (in a workflow, with docker/setup-buildx-action)'])
    expect(run.state.builder).toBeUndefined()
    const post = await runPost(run.state, { workspace, env: { DOCKER_CONFIG: emptyConfig } })
    expect(post.stdout.trim()).toBe('')
  })

  it('missing, on the command line: one error, no word of a builder, and nothing but the outputs on stdout', async () => {
    const emptyConfig = mkdtempSync(path.join(os.tmpdir(), 'no-buildx-'))
    const result = await runNode(CLI_ENTRY, ['--output-type', 'tar'], { ...process.env, DOCKER_CONFIG: emptyConfig }, exampleWorkspace())
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('error: docker buildx is not installed here')
    expect(result.stderr).not.toMatch(/remove|Removed/)
    expect(JSON.parse(result.stdout)).toMatchObject({ tarballs: [], tags: [] })
  })
})

// A builder the action creates is a docker-container builder: buildx pulls its BuildKit image (moby/buildkit) from
// Docker Hub, which this machine cannot reach. Where Docker Hub and a Docker engine are reachable (GitHub's
// runners), TEST_OWN_BUILDER=1 runs it.
const OWN_BUILDER = 'a builder the action creates needs the moby/buildkit image from Docker Hub'
const ownBuilder = process.env.TEST_OWN_BUILDER === '1' ? it : it.skip
if (process.env.TEST_OWN_BUILDER !== '1') process.stderr.write(`skipped "the action's own builder": ${OWN_BUILDER} (TEST_OWN_BUILDER=1 runs it)\n`)

describe("the action's own builder", () => {
  ownBuilder(`is created for the run and removed by the post step (skipped unless TEST_OWN_BUILDER=1: ${OWN_BUILDER})`, async () => {
    const config = mkdtempSync(path.join(os.tmpdir(), 'own-builder-'))
    const workspace = exampleWorkspace()
    // TEST_BUILDKIT_IMAGE (ci.yml: the matrix's BuildKit) pins the builder's BuildKit with buildkit-image.
    const image = process.env.TEST_BUILDKIT_IMAGE
    const run = await runAction(
      { 'output-type': 'tar', os: 'linux,windows', ...(image ? { 'buildkit-image': image } : {}) },
      { workspace, env: { DOCKER_CONFIG: config } }
    )
    expect(run.exitCode).toBe(0)
    const builder = run.state.builder
    expect(builder).toMatch(/^velero-multiarch-/)
    if (image) expect(run.stdout).toContain(`BuildKit ${image.replace(/^.*:v/, '')} on builder ${builder} (docker-container driver)`)
    expect(existsSync(path.join(workspace, '_output/velero-main-windows-ltsc2022-amd64.tar'))).toBe(true)
    const post = await runPost(run.state, { workspace, env: { DOCKER_CONFIG: config } })
    expect(post.stdout).toContain(`Removed the buildx builder ${builder} that this action created.`)
    expect(() => execFileSync('docker', ['buildx', 'inspect', builder], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' })).toThrow()
  })
})
