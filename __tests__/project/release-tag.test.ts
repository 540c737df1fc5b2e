// The project's own release (release.yml runs scripts/move-major-tag.sh): v1 moves only to the highest release of
// major 1, against a real bare repository as GitHub's would be, with real git.
import { describe, expect, it, beforeEach, afterEach } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from '../helpers/action.js'

const SCRIPT = path.join(ROOT, 'scripts/move-major-tag.sh')
let dir: string
let remote: string
let checkout: string

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }
  })
    .toString()
    .trim()

/** A commit tagged `tag` in the checkout, pushed with its tag to the bare repository. */
function release(tag: string): string {
  writeFileSync(path.join(checkout, 'file'), tag)
  git(checkout, 'add', 'file')
  git(checkout, 'commit', '-q', '-m', tag)
  git(checkout, 'tag', tag)
  git(checkout, 'push', '-q', 'origin', 'HEAD:refs/heads/main', `refs/tags/${tag}`)
  return git(checkout, 'rev-parse', 'HEAD')
}

/** Runs the release step as release.yml does, in a fresh clone with every tag (fetch-depth: 0). */
function moveMajorTag(tag: string): { status: number | null; output: string } {
  const clone = mkdtempSync(path.join(dir, 'clone-'))
  git(clone, 'clone', '-q', remote, '.')
  const result = spawnSync(SCRIPT, [tag], { cwd: clone, encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const majorTag = (): string | undefined => {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'refs/tags/v1^{commit}'], { cwd: remote, encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim() : undefined
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'release-'))
  remote = path.join(dir, 'remote.git')
  checkout = path.join(dir, 'work')
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote)
  git(dir, 'init', '-q', checkout)
  git(checkout, 'remote', 'add', 'origin', remote)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('release.yml moves v1 only to the highest release of major 1', () => {
  it('moves v1 to a release higher than every other, and along to the next one', () => {
    const first = release('v1.2.4')
    expect(moveMajorTag('v1.2.4')).toMatchObject({ status: 0, output: expect.stringContaining('moved v1 to v1.2.4') })
    expect(majorTag()).toBe(first)
    const second = release('v1.3.0')
    expect(moveMajorTag('v1.3.0').status).toBe(0)
    expect(majorTag()).toBe(second)
  })

  it('leaves v1 alone for a backport (v1.2.5 after v1.3.0) and says which release it stays at', () => {
    release('v1.2.4')
    const newest = release('v1.3.0')
    expect(moveMajorTag('v1.3.0').status).toBe(0)
    release('v1.2.5')
    const result = moveMajorTag('v1.2.5')
    expect(result.status).toBe(0)
    expect(result.output).toContain('v1 stays at v1.3.0: v1.2.5 is not the highest release of v1 (v1.3.0 is)')
    expect(majorTag()).toBe(newest)
  })

  it('orders releases by number, not by text (v1.10.0 is above v1.9.0)', () => {
    release('v1.9.0')
    const ten = release('v1.10.0')
    expect(moveMajorTag('v1.10.0').status).toBe(0)
    expect(majorTag()).toBe(ten)
    release('v1.9.1')
    expect(moveMajorTag('v1.9.1').output).toContain('(v1.10.0 is)')
    expect(majorTag()).toBe(ten)
  })

  it('counts neither pre-releases nor another major as higher', () => {
    const stable = release('v1.3.0')
    release('v1.4.0-rc.1')
    release('v2.0.0')
    expect(moveMajorTag('v1.3.0').status).toBe(0)
    expect(majorTag()).toBe(stable)
  })

  it('refuses a tag that is not vX.Y.Z, and a tag the checkout does not have, moving nothing', () => {
    release('v1.3.0')
    expect(moveMajorTag('v1.4.0-rc.1')).toMatchObject({ status: 1, output: expect.stringContaining("release tag 'v1.4.0-rc.1' is not vX.Y.Z") })
    expect(moveMajorTag('v1.9.9')).toMatchObject({ status: 1, output: expect.stringContaining('tag v1.9.9 is not in this checkout') })
    expect(majorTag()).toBeUndefined()
  })
})
