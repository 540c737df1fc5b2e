// The command line as someone outside this checkout gets it: `npm pack` of this repository, installed into an empty
// directory with no network (the bundle in dist/ needs no package of its own), then run by its bin name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
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
