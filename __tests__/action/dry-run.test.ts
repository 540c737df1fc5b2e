import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CLI_ENTRY, runAction, runNode } from '../helpers/action.js'
import { exampleWorkspace } from '../helpers/workspace.js'
import { INPUTS } from '../../src/inputs/definitions.js'
import { RESULT_SCHEMA } from '../../src/split/result-schema.js'

// A `docker` that only records that it was called: a dry run or a refused input must never reach it.
let trap: { env: NodeJS.ProcessEnv; calls: string }
beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-trap-'))
  const calls = path.join(dir, 'calls')
  writeFileSync(path.join(dir, 'docker'), `#!/bin/sh\necho "$@" >> '${calls}'\nexit 1\n`)
  chmodSync(path.join(dir, 'docker'), 0o755)
  trap = { env: { PATH: `${dir}:${process.env.PATH}` }, calls }
})

const dockerCalls = (): string => (existsSync(trap.calls) ? readFileSync(trap.calls, 'utf8') : '')

/** The docker commands a dry run printed where a real run runs them (a build's after its platform). */
const dryCommands = (stdout: string): string[] =>
  stdout
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]+\] /, ''))
    .filter((line) => line.startsWith('docker '))

describe('dry run of the action', () => {
  it('prints the plan and every command, runs no docker command, and sets the outputs it knows', async () => {
    const workspace = exampleWorkspace()
    const run = await runAction(
      { 'dry-run': 'true', 'output-type': 'registry', os: 'linux,windows', arch: 'amd64,arm64', registry: 'ghcr.io/org' },
      { workspace, env: trap.env }
    )
    expect(run.exitCode).toBe(0)
    expect(dockerCalls()).toBe('')
    expect(run.stdout).toContain('docker buildx version\n')
    expect(run.stdout).toContain('docker buildx create --name velero-multiarch-')
    expect(run.stdout).toMatch(
      /docker buildx build --builder velero-multiarch-\w+ --platform windows\/amd64 --output type=image,name=ghcr.io\/org\/velero,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true /
    )
    // The list from one descriptor per image, Windows with the os.version its image's config will have.
    expect(run.stdout).toMatch(
      /docker buildx imagetools create --builder velero-multiarch-\w+ --dry-run -t ghcr.io\/org\/velero:main '\{"digest":"<digest of linux\/amd64>".*"os.version":"<os.version of the built image>"\}\}'\n/
    )
    expect(run.stdout).toContain(
      'Would publish ghcr.io/org/velero:main: linux/amd64 <digest of linux/amd64>, linux/arm64 <digest of linux/arm64>, windows/amd64/ltsc2022 <digest of windows/amd64/ltsc2022> (os.version <os.version of the built image>)'
    )
    expect(run.stdout).toContain('Would publish ghcr.io/org/velero:main-windows-ltsc2022-amd64: <digest of windows/amd64/ltsc2022>')
    // Every command, where a real run runs it, in that order; and the closing line says none was run.
    const commands = dryCommands(run.stdout).map((line) => line.split(' ').slice(0, 4).join(' '))
    expect(commands).toEqual([
      'docker buildx version',
      'docker buildx create --name',
      'docker buildx inspect velero-multiarch-' + commands[2].split('velero-multiarch-')[1],
      'docker buildx build --builder',
      'docker buildx build --builder',
      'docker buildx build --builder',
      'docker buildx imagetools create'
    ])
    expect(run.stdout).toContain('Dry run: nothing was run; the commands above are those a real run would run.')
    expect(run.outputs.image).toBe('ghcr.io/org/velero:main')
    expect(JSON.parse(run.outputs.tags)).toEqual(['ghcr.io/org/velero:main'])
    expect(JSON.parse(run.outputs.platforms)).toEqual(['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'])
    expect(JSON.parse(run.outputs['platform-tags'])).toHaveLength(3)
    expect(JSON.parse(run.outputs.tarballs)).toEqual([])
    // Nothing was created, so the post step has nothing to remove.
    expect(run.state.builder).toBeUndefined()
  })

  it('knows the tarballs of a tar build', async () => {
    const run = await runAction({ 'dry-run': 'true', 'output-type': 'tar', os: 'linux,windows' }, { workspace: exampleWorkspace(), env: trap.env })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.tarballs)).toEqual(['_output/velero-main-linux-amd64.tar', '_output/velero-main-windows-ltsc2022-amd64.tar'])
    expect(run.outputs.image).toBe('')
  })
})

describe("a merge's dry run", () => {
  const COMMIT = 'c'.repeat(40)
  const digest = (c: string): string => `sha256:${c.repeat(64)}`
  const env = (): NodeJS.ProcessEnv => ({ ...trap.env, GITHUB_SHA: COMMIT, GITHUB_REPOSITORY: 'org/app', GITHUB_RUN_ID: '77' })
  /** The results two legs (Linux, Windows) would hand on, in a directory of their own. */
  function legResults(changes: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'merge-preview-'))
    const platforms: Array<[string, string]> = [
      ['linux/amd64', 'a'],
      ['windows/amd64/ltsc2022', 'b']
    ]
    for (const [platform, c] of platforms) {
      const suffix = platform === 'linux/amd64' ? 'linux-amd64' : 'windows-ltsc2022-amd64'
      const result = {
        schema: RESULT_SCHEMA,
        platform,
        image: 'ghcr.io/org/velero',
        version: 'main',
        insecureRegistry: false,
        outputType: 'registry',
        provenance: 'false',
        sbom: 'false',
        commit: COMMIT,
        repository: 'org/app',
        runId: '77',
        runAttempt: '1',
        digest: digest(c),
        tarball: null,
        seconds: 12,
        node: null,
        buildx: 'github.com/docker/buildx v0.36.1 abc',
        ...(platform === 'windows/amd64/ltsc2022' ? changes : {})
      }
      writeFileSync(path.join(dir, `${suffix}.leg.json`), JSON.stringify(result))
    }
    return dir
  }
  const mergeInputs = (dir: string): Record<string, string> => ({
    'dry-run': 'true',
    role: 'merge',
    'output-type': 'registry',
    os: 'linux,windows',
    registry: 'ghcr.io/org',
    'results-dir': dir
  })

  it("reads and checks the legs' results, and says what it would publish with their digests, running no docker command", async () => {
    const run = await runAction(mergeInputs(legResults()), { workspace: exampleWorkspace(), env: env() })
    expect(run.exitCode).toBe(0)
    expect(dockerCalls()).toBe('')
    expect(run.stdout).toContain('The results of all 2 platforms are here and agree.')
    // What the legs pushed is not read in a dry run: the digests are the legs', the os.version a placeholder.
    expect(run.stdout).toContain(
      `Would publish ghcr.io/org/velero:main: linux/amd64 ${digest('a')}, windows/amd64/ltsc2022 ${digest('b')} (os.version <os.version of the built image>)`
    )
    expect(run.stdout).toContain(`Would publish ghcr.io/org/velero:main-windows-ltsc2022-amd64: ${digest('b')}`)
    expect(run.stdout).toMatch(new RegExp(`docker buildx imagetools create --dry-run -t ghcr.io/org/velero:main '\\{"digest":"${digest('a')}"`))
    expect(Object.keys(JSON.parse(run.outputs.metadata))).toEqual(['linux/amd64', 'windows/amd64/ltsc2022'])
  })

  it('fails as the merge would on results that do not add up, naming the file', async () => {
    const run = await runAction(mergeInputs(legResults({ commit: 'b'.repeat(40) })), { workspace: exampleWorkspace(), env: env() })
    expect(run.exitCode).toBe(1)
    expect(dockerCalls()).toBe('')
    expect(run.stdout).toContain(`windows-ltsc2022-amd64.leg.json was built at commit "${'b'.repeat(40)}"`)
    expect(run.stdout).not.toContain('Would publish')
  })
})

describe('the standard build args', () => {
  it('carry the commit and tree state of the checkout', async () => {
    const workspace = exampleWorkspace()
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
    writeFileSync(path.join(workspace, 'main.go'), '// changed\n')
    const run = await runAction({ 'dry-run': 'true', 'output-type': 'tar' }, { workspace, env: trap.env })
    expect(run.stdout).toContain(`--build-arg GIT_SHA=${sha} --build-arg GIT_TREE_STATE=dirty`)
    expect(run.annotations).toEqual([])
  })

  it('say so when the context is not a git checkout', async () => {
    const run = await runAction(
      { 'dry-run': 'true', 'output-type': 'tar' },
      { workspace: exampleWorkspace({ git: false }), env: { ...trap.env, GITHUB_SHA: 'abc123' } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toEqual([expect.stringMatching(/^::warning::git could not read the repository of the context .*: GIT_TREE_STATE is unknown$/)])
    expect(run.stdout).toContain("commit: abc123 (GITHUB_SHA); the checkout's own commit could not be read")
    expect(run.stdout).toContain('--build-arg GIT_SHA=abc123 --build-arg GIT_TREE_STATE=unknown')
  })
})

describe('refused inputs', () => {
  it('fail the step with one error per problem, before any docker command', async () => {
    const run = await runAction({ os: 'linux,macos', 'max-parallel': 'many' }, { workspace: exampleWorkspace(), env: trap.env })
    expect(run.exitCode).toBe(1)
    expect(dockerCalls()).toBe('')
    expect(run.annotations).toEqual([
      "::error::input 'os': 'macos' is not allowed; allowed values: linux, windows",
      "::error::input 'max-parallel': 'many' is not allowed; allowed values: auto, or a whole number of builds at once (0: all)"
    ])
  })

  it('name a missing Dockerfile', async () => {
    const run = await runAction(
      { 'output-type': 'tar', os: 'windows', 'windows-dockerfile': 'nope/Dockerfile' },
      { workspace: exampleWorkspace(), env: trap.env }
    )
    expect(run.exitCode).toBe(1)
    expect(run.annotations[0]).toMatch(/^::error::input 'windows-dockerfile': 'nope\/Dockerfile' is not a file in the workspace/)
    expect(dockerCalls()).toBe('')
  })
})

describe('the command line', () => {
  it('reads the seed variables and flags, and prints the outputs as JSON', async () => {
    const workspace = exampleWorkspace()
    const result = await runNode(
      CLI_ENTRY,
      ['--dry-run', '--arch', 'amd64,arm64'],
      { ...process.env, ...trap.env, BUILD_OUTPUT_TYPE: 'tar', BUILD_OS: 'linux,windows' },
      workspace
    )
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout).tarballs).toEqual([
      '_output/velero-main-linux-amd64.tar',
      '_output/velero-main-linux-arm64.tar',
      '_output/velero-main-windows-ltsc2022-amd64.tar'
    ])
    expect(result.stderr).toContain('--output type=tar,dest=_output/velero-main-linux-arm64.tar')
    expect(dockerCalls()).toBe('')
  })

  it('exits 2 with the problem and a hint for a bad flag value', async () => {
    const result = await runNode(CLI_ENTRY, ['--output-type', 'push'], { ...process.env, ...trap.env }, exampleWorkspace())
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain("error: flag --output-type: 'push' is not allowed; allowed values: docker, tar, registry")
    expect(result.stderr).toContain('--help')
  })

  it('lists every input in --help', async () => {
    const result = await runNode(CLI_ENTRY, ['--help'], process.env, exampleWorkspace())
    expect(result.exitCode).toBe(0)
    for (const input of INPUTS) expect(result.stdout).toContain(`--${input.name}`)
  })
})

describe('what cannot work is refused before building', () => {
  it('a Windows or macOS runner', async () => {
    for (const runnerOs of ['Windows', 'macOS']) {
      const run = await runAction({ 'output-type': 'tar' }, { workspace: exampleWorkspace(), env: { ...trap.env, RUNNER_OS: runnerOs } })
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([expect.stringContaining(`this job runs on a ${runnerOs} runner, where BuildKit`)])
    }
    expect(dockerCalls()).toBe('')
  })

  it('no docker CLI on PATH', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'no-docker-'))
    const run = await runAction({ 'output-type': 'tar' }, { workspace: exampleWorkspace(), env: { PATH: empty } })
    expect(run.exitCode).toBe(1)
    // git is not on that PATH either, which is only a warning.
    expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([expect.stringMatching(/^::error::the docker CLI is not on PATH/)])
  })

  it('a Windows Dockerfile whose final stage runs a command', async () => {
    const workspace = exampleWorkspace()
    writeFileSync(
      path.join(workspace, 'Dockerfile-Windows'),
      'FROM golang AS build\nRUN go build\n\n# final stage\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /out /app\nRUN \\\n  echo hi\n'
    )
    const run = await runAction({ 'output-type': 'tar', os: 'linux,windows' }, { workspace, env: trap.env })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      "::error::input 'windows-dockerfile': 'Dockerfile-Windows' has a RUN step at line 7, in the final stage; BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
    ])
    expect(dockerCalls()).toBe('')
  })
})
