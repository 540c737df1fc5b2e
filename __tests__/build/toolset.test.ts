// What the detected buildx and BuildKit can do: their versions as the tools print them, the table of settings that
// need more, and a refusal before any build, through dist/ with the stand-in saying which versions it is.
import { describe, expect, it } from '@jest/globals'
import { buildkitVersionOf } from '../../src/build/builder.js'
import { describeToolset, unsupportedFeatures } from '../../src/build/features.js'
import { parseVersion } from '../../src/shared/versions.js'
import { runAction, runPost } from '../helpers/action.js'
import { dockerSetup } from '../helpers/docker.js'
import { settingsOf } from '../helpers/plan.js'
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

describe('settings the toolset cannot do', () => {
  const builder = (driver: string, buildkit?: [number, number, number]) => ({ name: 'b', driver, local: true, buildkit })
  it.each<[string, Record<string, string>, Parameters<typeof unsupportedFeatures>[1], string[]]>([
    [
      'provenance on BuildKit 0.10',
      { provenance: 'true' },
      { buildx: [0, 10, 5], builder: builder('remote', [0, 10, 4]) },
      ["input 'provenance' or 'sbom' (attestations) needs BuildKit 0.11.0 (builder b runs 0.10.4) or later: BuildKit makes attestations from 0.11."]
    ],
    [
      'sbom on BuildKit 0.10',
      { sbom: 'true' },
      { buildx: [0, 28, 0], builder: builder('docker-container', [0, 10, 4]) },
      ["input 'provenance' or 'sbom' (attestations) needs BuildKit 0.11.0"]
    ],
    ['provenance on BuildKit 0.11', { provenance: 'true' }, { buildx: [0, 10, 5], builder: builder('remote', [0, 11, 6]) }, []],
    ['provenance on a BuildKit of unknown version', { provenance: 'true' }, { buildx: [0, 10, 5], builder: builder('remote') }, []],
    [
      'tar-format docker on a remote builder with buildx 0.10',
      { 'output-type': 'tar', 'tar-format': 'docker' },
      { buildx: [0, 10, 5], builder: builder('remote', [0, 11, 6]) },
      [
        "input 'tar-format': 'docker' on a remote-driver builder needs buildx 0.11.0 (found 0.10.5) or later: buildx writes a docker archive from a remote builder from 0.11."
      ]
    ],
    [
      'tar-format docker on a docker-container builder with buildx 0.10',
      { 'output-type': 'tar', 'tar-format': 'docker' },
      { buildx: [0, 10, 5], builder: builder('docker-container', [0, 11, 6]) },
      []
    ],
    [
      'tar-format docker on a remote builder with buildx 0.11',
      { 'output-type': 'tar', 'tar-format': 'docker' },
      { buildx: [0, 11, 0], builder: builder('remote', [0, 11, 6]) },
      []
    ],
    ['nothing special', {}, { buildx: [0, 10, 0], builder: builder('remote', [0, 9, 0]) }, []]
  ])('%s', (_case, inputs, toolset, expected) => {
    const problems = unsupportedFeatures(settingsOf(inputs), toolset)
    expect(problems).toHaveLength(expected.length)
    expected.forEach((text, i) => expect(problems[i]).toContain(text))
  })

  it('names both tools in one line for the log and the summary', () => {
    expect(describeToolset({ buildx: [0, 36, 1], builder: builder('remote', [0, 32, 2]) })).toBe('buildx 0.36.1, BuildKit 0.32.2 on builder b (remote driver)')
    expect(describeToolset({ buildx: [0, 10, 5] })).toBe('buildx 0.10.5')
  })
})

describe('a setting the builder cannot do, through dist/', () => {
  it('is refused before any build, naming the setting and both versions; the builder the action made is removed', async () => {
    const docker = dockerSetup({ STANDIN_VERSION: 'v0.10.5', STANDIN_BUILDKIT_VERSION: 'v0.10.4' })
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar', os: 'linux,windows', provenance: 'true' }, { workspace, env: docker.env })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      expect.stringMatching(
        /^::error::input 'provenance' or 'sbom' \(attestations\) needs BuildKit 0\.11\.0 \(builder velero-multiarch-\w+ runs 0\.10\.4\) or later/
      )
    ])
    expect(run.stdout).toMatch(/Using buildx 0\.10\.5, BuildKit 0\.10\.4 on builder velero-multiarch-\w+ \(docker-container driver\)/)
    expect(docker.dockerCalls().map((args) => args.slice(0, 2).join(' '))).toEqual(['buildx version', 'buildx create', 'buildx inspect'])
    const post = await runPost(run.state, { workspace, env: docker.env })
    expect(post.stdout).toContain(`Removed the buildx builder ${run.state.builder} that this action created.`)
  })
})

describe('creating the builder', () => {
  it('is tried again after a transient fault, removing what the failed attempt left', async () => {
    const docker = dockerSetup({ STANDIN_CREATE_FAILURES: '2' })
    const workspace = exampleWorkspace()
    const run = await runAction({ 'output-type': 'tar', os: 'linux', 'retry-max-wait': '10' }, { workspace, env: docker.env })
    expect(run.exitCode).toBe(0)
    expect(
      docker
        .dockerCalls()
        .map((args) => args.slice(0, 2).join(' '))
        .slice(0, 7)
    ).toEqual(['buildx version', 'buildx create', 'buildx rm', 'buildx create', 'buildx rm', 'buildx create', 'buildx inspect'])
    expect(run.annotations).toEqual([
      expect.stringMatching(/^::warning::docker buildx create velero-multiarch-\w+: registry server error \(5xx\); retry 1 of 3 in \d+\.\d s$/),
      expect.stringMatching(/^::warning::docker buildx create velero-multiarch-\w+: registry server error \(5xx\); retry 2 of 3 in \d+\.\d s$/)
    ])
    await runPost(run.state, { workspace, env: docker.env })
  })

  it('fails, naming the attempts, when the fault outlasts the retries', async () => {
    const docker = dockerSetup({ STANDIN_CREATE_FAILURES: '9' })
    const run = await runAction({ 'output-type': 'tar', os: 'linux', retries: '1', 'retry-max-wait': '5' }, { workspace: exampleWorkspace(), env: docker.env })
    expect(run.exitCode).toBe(1)
    expect(run.annotations.at(-1)).toMatch(
      /^::error::docker buildx create exited with code 1 after 2 attempts:%0AERROR: failed to bootstrap builder: failed to pull moby\/buildkit/
    )
  })
})
