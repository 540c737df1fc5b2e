import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { INPUTS, InputError } from '../../src/inputs/definitions.js'
import { readActionInputs, readCommandLine } from '../../src/inputs/readers.js'
import { parseSettings } from '../../src/inputs/settings.js'
import { settingsOf } from '../helpers/plan.js'

interface BadInput {
  why: string
  inputs: Record<string, string>
  errors: string[]
  /** Text that must not appear in any error (a secret). */
  secret?: string
}

const corpus = JSON.parse(readFileSync(new URL('../corpus/bad-inputs.json', import.meta.url), 'utf8')) as BadInput[]

function problemsOf(inputs: Record<string, string>): string[] {
  try {
    settingsOf(inputs)
  } catch (error) {
    if (error instanceof InputError) return error.problems
    throw error
  }
  throw new Error(`accepted ${JSON.stringify(inputs)}`)
}

describe('the corpus of bad inputs', () => {
  it.each(corpus.map((entry) => [entry.why, entry] as const))('%s', (_why, entry) => {
    const problems = problemsOf(entry.inputs)
    for (const expected of entry.errors) expect(problems.some((p) => p.includes(expected))).toBe(true)
    if (entry.secret) expect(problems.join('\n')).not.toContain(entry.secret)
    // One problem per mistake, each naming an input the user gave.
    const perProblem = entry.errors.filter((e) => e.startsWith("input '") && (e.endsWith(':') || entry.secret)).length
    expect(problems).toHaveLength(perProblem || 1)
    for (const problem of problems) {
      const named = /^input '([a-z-]+)'/.exec(problem)?.[1]
      expect(Object.keys(entry.inputs)).toContain(named)
    }
  })
})

describe('good inputs', () => {
  it('keeps an output directory whose name starts with two dots', () => {
    expect(settingsOf({ 'output-dir': '..images' }).outputDir).toBe('..images')
  })

  it('takes the defaults of the seed when nothing is given', () => {
    const settings = settingsOf({})
    expect(settings).toMatchObject({
      outputType: 'docker',
      os: ['linux'],
      arch: ['amd64'],
      windowsVersions: ['ltsc2022'],
      image: 'velero/velero',
      registryHost: 'docker.io',
      version: 'main',
      tagLatest: 'false',
      dockerfile: 'Dockerfile',
      windowsDockerfile: 'Dockerfile-Windows',
      maxParallel: 'auto',
      dryRun: false
    })
  })

  it('reads lists separated by commas or newlines, with blanks around', () => {
    const settings = settingsOf({ os: 'linux\nwindows\n', arch: ' amd64 , arm64,\n arm/v7 ' })
    expect(settings.os).toEqual(['linux', 'windows'])
    expect(settings.arch).toEqual(['amd64', 'arm64', 'arm/v7'])
  })

  it('accepts the booleans YAML writes', () => {
    expect(settingsOf({ 'tag-latest': 'True', 'dry-run': 'TRUE', 'insecure-registry': 'false' })).toMatchObject({
      tagLatest: 'true',
      dryRun: true,
      insecureRegistry: false
    })
  })

  it('finds the registry host of the image', () => {
    expect(settingsOf({ registry: '127.0.0.1:5000/team' }).registryHost).toBe('127.0.0.1:5000')
    expect(settingsOf({ image: 'localhost/app' }).registryHost).toBe('localhost')
    expect(settingsOf({ image: 'ghcr.io/org/app' }).registryHost).toBe('ghcr.io')
  })
})

describe('the command line', () => {
  it('reads flags in both forms, and bare booleans', () => {
    const read = readCommandLine(['--output-type', 'tar', '--os=linux,windows', '--dry-run', '--arch', 'arm64'], {})
    expect(read.values).toMatchObject({ 'output-type': 'tar', os: 'linux,windows', 'dry-run': 'true', arch: 'arm64' })
    expect([...read.given].sort()).toEqual(['arch', 'dry-run', 'os', 'output-type'])
    expect(read.problems).toEqual([])
  })

  it("reads the seed's environment variables, and lets flags win over them", () => {
    const env = { BUILD_OUTPUT_TYPE: 'tar', BUILD_OS: 'linux,windows', BUILD_ARCH: 'amd64,arm64', VERSION: 'v1' }
    const read = readCommandLine(['--arch', 's390x'], env)
    expect(settingsOf(read.values)).toMatchObject({ outputType: 'tar', os: ['linux', 'windows'], arch: ['s390x'], version: 'v1' })
  })

  it("reads BUILDX_OUTPUT_TYPE, Velero's older spelling, and refuses it when it disagrees with BUILD_OUTPUT_TYPE", () => {
    expect(settingsOf(readCommandLine([], { BUILDX_OUTPUT_TYPE: 'registry' }).values).outputType).toBe('registry')
    expect(readCommandLine([], { BUILDX_OUTPUT_TYPE: 'tar', BUILD_OUTPUT_TYPE: 'tar' }).problems).toEqual([])
    expect(readCommandLine([], { BUILDX_OUTPUT_TYPE: 'tar', BUILD_OUTPUT_TYPE: 'registry' }).problems).toEqual([
      "environment variables BUILD_OUTPUT_TYPE ('registry') and BUILDX_OUTPUT_TYPE ('tar') are both set and differ; BUILDX_OUTPUT_TYPE is Velero's older spelling of BUILD_OUTPUT_TYPE: unset one"
    ])
  })

  it('names the environment variable or the flag a bad value came from', () => {
    const read = readCommandLine(['--arch', 'x86'], { BUILD_OS: 'macos', IMAGE: 'Foo/Bar', BUILDX_OUTPUT_TYPE: 'oci' })
    let problems: string[] = []
    try {
      parseSettings(read.values, { workspace: '/w', defaultResultsDir: '/r' }, read.names)
    } catch (error) {
      problems = (error as InputError).problems
    }
    expect(problems).toEqual([
      "environment variable BUILDX_OUTPUT_TYPE: 'oci' is not allowed; allowed values: docker, tar, registry, auto",
      "environment variable BUILD_OS: 'macos' is not allowed; allowed values: linux, windows",
      "flag --arch: 'x86' is not allowed; allowed values: amd64, arm64, arm/v7, ppc64le, s390x, riscv64, 386",
      "environment variable IMAGE: 'Foo/Bar' is not valid: repository paths must be lower case; did you mean 'foo/bar'?"
    ])
  })

  it('collects every problem of the flags: unknown ones, and one without its value', () => {
    expect(readCommandLine(['--platform', 'linux/amd64', 'stray', '--os'], {}).problems).toEqual([
      expect.stringMatching(/^unknown flag '--platform'; the flags are: --output-type/),
      "unexpected argument 'linux/amd64': inputs are given as --name value",
      "unexpected argument 'stray': inputs are given as --name value",
      "flag '--os' needs a value"
    ])
  })

  it('has a flag for every input but secrets, whose values it refuses on the command line', () => {
    for (const input of INPUTS.filter((i) => i.name !== 'secrets')) expect(readCommandLine([`--${input.name}=x`], {}).values[input.name]).toBe('x')
    for (const argv of [['--secrets', 'token=hunter2'], ['--secrets=token=hunter2']]) {
      const read = readCommandLine([...argv, '--os', 'linux'], {})
      expect(read.values).toEqual({ os: 'linux' })
      expect(read.problems).toEqual([
        "flag --secrets: a secret's value on the command line is seen by ps and kept in shell history, so it is refused; give it as a file (--secret-files id=path) or in the environment (--secret-envs id=VARIABLE)"
      ])
      expect(read.problems.join('\n')).not.toContain('hunter2')
    }
  })
})

describe('in the action', () => {
  it("takes an empty input (an unset workflow expression) as action.yml's default, auto included", () => {
    const read = readActionInputs(() => '')
    expect(read.values).toMatchObject({ version: 'auto', 'tag-latest': 'auto', 'output-type': 'auto', os: '', 'github-token': '' })
    expect(read.given.size).toBe(0)
    expect(readActionInputs((name) => (name === 'version' ? 'v2' : ' ')).given).toEqual(new Set(['version']))
  })

  it('says, for each input given empty where its default is not, that its default is used; never for one whose default is empty', () => {
    const given: Record<string, string> = { image: '', os: '', sign: '', version: '', 'buildx-instance': '', 'github-token': '', arch: 'amd64' }
    const read = readActionInputs(
      (name) => given[name] ?? INPUTS.find((input) => input.name === name)?.actionDefault ?? INPUTS.find((input) => input.name === name)?.default ?? ''
    )
    expect(read.warnings).toEqual([
      "inputs were given empty (an unset expression, a secret that is not there, or ''), so each takes its default: os (linux), version (auto), sign (false)"
    ])
    expect(readActionInputs((name) => (name === 'os' ? '' : 'x')).warnings).toEqual([
      "an input was given empty (an unset expression, a secret that is not there, or ''), so it takes its default: os (linux)"
    ])
  })

  it('says so of an empty flag or seed variable on the command line, which takes its default', () => {
    const read = readCommandLine(['--os='], { BUILD_ARCH: '', IMAGE: '' })
    expect(read.warnings).toEqual([
      "environment variable BUILD_ARCH is empty, so its default, 'amd64', is used",
      "flag --os is empty, so its default, 'linux', is used"
    ])
    expect(read.given.has('os')).toBe(false)
  })

  it('refuses version latest with tag-latest true: the same list would be pushed twice', () => {
    expect(() => settingsOf({ version: 'latest', 'tag-latest': 'true' })).toThrow(
      "input 'tag-latest': true, with version 'latest': the latest list would be pushed twice"
    )
    expect(settingsOf({ version: 'latest', 'tag-latest': 'false' }).version).toBe('latest')
  })
})
