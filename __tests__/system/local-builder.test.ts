import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { takeLocalBuilderFlag } from '../../src/inputs/local-builder-flag.js'
import { buildkitdConfig, localBuilderProblem, readMirror } from '../../src/system/local-builder.js'

describe('the --local-builder flag', () => {
  it.each([
    [['--os', 'linux'], { argv: ['--os', 'linux'], toolsetDir: undefined, problems: [] }],
    [['--local-builder', '--os', 'linux'], { argv: ['--os', 'linux'], toolsetDir: '', problems: [] }],
    [['--os', 'linux', '--local-builder=/opt/toolset'], { argv: ['--os', 'linux'], toolsetDir: '/opt/toolset', problems: [] }]
  ])('%j is read as %j', (argv, read) => {
    expect(takeLocalBuilderFlag(argv)).toEqual(read)
  })

  it('refuses an empty directory and says what to give', () => {
    expect(takeLocalBuilderFlag(['--local-builder=']).problems).toEqual([
      expect.stringMatching(/^flag --local-builder=: the directory is empty; give --local-builder alone .* or --local-builder=DIR/)
    ])
  })
})

describe('the local builder', () => {
  it('keeps its cache, and mirrors docker.io and mcr.microsoft.com through a plain-HTTP registry on 127.0.0.1', () => {
    expect(buildkitdConfig(undefined)).toBe('[worker.oci]\n  gckeepstorage = 10000000000\n')
    expect(buildkitdConfig({ address: '127.0.0.1:5123', hosts: ['docker.io', 'mcr.microsoft.com'] }).split('\n')).toEqual([
      '[worker.oci]',
      '  gckeepstorage = 10000000000',
      '[registry."docker.io"]',
      '  mirrors = ["127.0.0.1:5123"]',
      '[registry."mcr.microsoft.com"]',
      '  mirrors = ["127.0.0.1:5123"]',
      '[registry."127.0.0.1:5123"]',
      '  http = true',
      '  insecure = true',
      ''
    ])
  })

  it('names everything it is missing: the toolset, and root', () => {
    const problem = localBuilderProblem('/nowhere', 1000)
    expect(problem).toContain('missing bin/buildkitd and bin/docker-buildx in /nowhere')
    expect(problem).toContain('root (buildkitd runs as root: use sudo)')
    expect(problem).toContain('Run scripts/setup.sh as root')
  })

  it.each([
    ['not JSON', 'not readable JSON'],
    ['{"hosts": ["docker.io"]}', 'expected {"hosts"'],
    ['{"hosts": ["docker.io\\"]\\n[evil]"], "images": []}', 'expected {"hosts"'],
    ['{"hosts": ["docker.io"], "images": [1]}', 'expected {"hosts"']
  ])('refuses a mirrors.json that is %s, naming the file', (text, message) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mirror-'))
    try {
      writeFileSync(path.join(dir, 'mirrors.json'), text)
      expect(() => readMirror(dir)).toThrow(`${path.join(dir, 'mirrors.json')}: ${message}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
