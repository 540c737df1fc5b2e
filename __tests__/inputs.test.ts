import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkFiles, INPUTS, InputError, readCommandLine } from '../src/inputs.js'
import { settingsOf } from './helpers/plan.js'

interface BadInput {
  why: string
  inputs: Record<string, string>
  errors: string[]
  /** Text that must not appear in any error (a secret). */
  secret?: string
}

const corpus = JSON.parse(readFileSync(new URL('./corpus/bad-inputs.json', import.meta.url), 'utf8')) as BadInput[]

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
      tagLatest: false,
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
      tagLatest: true,
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
    const raw = readCommandLine(['--output-type', 'tar', '--os=linux,windows', '--dry-run', '--arch', 'arm64'], {})
    expect(raw).toMatchObject({ 'output-type': 'tar', os: 'linux,windows', 'dry-run': 'true', arch: 'arm64' })
  })

  it("reads the seed's environment variables, and lets flags win over them", () => {
    const env = { BUILD_OUTPUT_TYPE: 'tar', BUILD_OS: 'linux,windows', BUILD_ARCH: 'amd64,arm64', VERSION: 'v1' }
    const raw = readCommandLine(['--arch', 's390x'], env)
    expect(settingsOf(raw)).toMatchObject({ outputType: 'tar', os: ['linux', 'windows'], arch: ['s390x'], version: 'v1' })
  })

  it('refuses an unknown flag and names the flags it knows', () => {
    expect(() => readCommandLine(['--platform', 'linux/amd64'], {})).toThrow(/unknown flag '--platform'; the flags are: --output-type/)
  })

  it('refuses a flag without its value', () => {
    expect(() => readCommandLine(['--os'], {})).toThrow("flag '--os' needs a value")
  })

  it('has a flag for every input', () => {
    for (const input of INPUTS) expect(readCommandLine([`--${input.name}=x`], {})[input.name]).toBe('x')
  })
})

describe('files in the workspace', () => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'ws-'))
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')
  mkdirSync(path.join(workspace, 'src'))

  it('needs the Dockerfile of each system it builds, and a context directory', () => {
    const settings = settingsOf({ context: 'src' })
    expect(() => checkFiles(settings, new Set(['linux']), workspace)).not.toThrow()
    expect(() => checkFiles(settings, new Set(['linux', 'windows']), workspace)).toThrow(
      `input 'windows-dockerfile': 'Dockerfile-Windows' is not a file in the workspace ${workspace}`
    )
    expect(() => checkFiles(settingsOf({ context: 'missing' }), new Set(['linux']), workspace)).toThrow(
      "input 'context': 'missing' is not a directory"
    )
  })

  it('leaves a remote context to buildx', () => {
    const settings = settingsOf({ context: 'https://github.com/org/repo.git#main' })
    expect(() => checkFiles(settings, new Set(['linux']), workspace)).not.toThrow()
  })
})
