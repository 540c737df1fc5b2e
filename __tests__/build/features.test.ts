// What the detected buildx and BuildKit can do: the table of settings that need more, what a BuildKit keeps of a
// reproducible plan, and a refusal before any build, through dist/ with the stand-in saying which versions it is.
import { describe, expect, it } from '@jest/globals'
import { describeToolset, fitReproducibility, unsupportedFeatures } from '../../src/build/features.js'
import { fitToToolset } from '../../src/build/stage.js'
import type { BuilderFacts } from '../../src/system/buildx.js'
import type { Version } from '../../src/shared/versions.js'
import { runAction, runPost } from '../helpers/action.js'
import { dockerSetup } from '../helpers/docker.js'
import { recordingLog } from '../helpers/log.js'
import { planOf, settingsOf, withCommands } from '../helpers/plan.js'
import { exampleWorkspace } from '../helpers/workspace.js'

const COMMIT_TIME = 1764590400 // 2025-12-01T12:00:00Z
const outputOf = (command: string[]): string => command[command.indexOf('--output') + 1]
const argsOf = (command: string[], flag: string): string[] => command.flatMap((arg, i) => (command[i - 1] === flag ? [arg] : []))
const builder = (buildkit?: Version): BuilderFacts => ({ name: 'b', driver: 'docker-container', local: true, ...(buildkit ? { buildkit } : {}) })
const quiet = recordingLog()

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

describe("what the builder's BuildKit keeps of it", () => {
  const reproducible = planOf({ 'output-type': 'registry' }, { commitTime: COMMIT_TIME }).reproducibility

  it.each<[string, Version | undefined, boolean, RegExp | undefined]>([
    ['0.32.2', [0, 32, 2], true, undefined],
    ['0.13.0', [0, 13, 0], true, undefined],
    [
      '0.11.6: accepts the option and ignores it',
      [0, 11, 6],
      false,
      /^reproducible auto: BuildKit 0\.11\.6 applies SOURCE_DATE_EPOCH to the image config and history, but cannot rewrite the times of the files a build writes into layers \(BuildKit 0\.13\.0 can\)/
    ],
    ['0.10.6: ignores SOURCE_DATE_EPOCH', [0, 10, 6], false, /^reproducible auto: BuildKit 0\.10\.6 ignores SOURCE_DATE_EPOCH/],
    ['unknown', undefined, true, /^reproducible auto: the BuildKit version of builder b is unknown/]
  ])('BuildKit %s', (_case, buildkit, rewrites, note) => {
    const fitted = fitReproducibility(reproducible, builder(buildkit))
    expect(fitted.rewriteTimestamps).toBe(rewrites)
    if (note) expect(fitted.note).toMatch(note)
    else expect(fitted.note).toBeUndefined()
  })

  it('drops rewrite-timestamp from every command where BuildKit would ignore it, and keeps SOURCE_DATE_EPOCH', () => {
    const plan = planOf({ 'output-type': 'registry', os: 'linux,windows' }, { commitTime: COMMIT_TIME })
    const fitted = withCommands(fitToToolset(plan, { buildx: [0, 10, 5], builder: builder([0, 11, 6]) }, quiet))
    for (const target of fitted.targets) {
      expect(outputOf(target.command)).not.toContain('rewrite-timestamp')
      expect(argsOf(target.command, '--build-arg')).toContain(`SOURCE_DATE_EPOCH=${COMMIT_TIME}`)
    }
    expect(fitted.reproducibility.rewriteTimestamps).toBe(false)
  })

  it.each<[string, string, Version | undefined, RegExp | undefined]>([
    [
      'true on 0.11.6: refused, naming the version needed',
      'true',
      [0, 11, 6],
      /^input 'reproducible': 'true' needs BuildKit 0\.13\.0 \(builder b runs 0\.11\.6\) or later: BuildKit rewrites the times of the files in layers/
    ],
    [
      'true on an unknown version: refused',
      'true',
      undefined,
      /^input 'reproducible': 'true' needs BuildKit 0\.13\.0 or later, and the BuildKit version of builder b cannot be read/
    ],
    ['true on 0.13.0', 'true', [0, 13, 0], undefined],
    ['auto on 0.11.6', 'auto', [0, 11, 6], undefined],
    ['true for a merge, which builds nothing', 'true', [0, 11, 6], undefined]
  ])('%s', (name, mode, buildkit, problem) => {
    const settings = settingsOf({ 'output-type': 'registry', reproducible: mode, ...(name.includes('merge') ? { role: 'merge' } : {}) })
    const problems = unsupportedFeatures(settings, { buildx: [0, 36, 1], builder: builder(buildkit) })
    if (problem) expect(problems).toEqual([expect.stringMatching(problem)])
    else expect(problems).toEqual([])
  })
})
