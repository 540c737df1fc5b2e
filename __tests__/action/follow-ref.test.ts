// A tag follows its ref: the bundled action on real buildx and BuildKit, in a repository with a bare origin (git
// ls-remote) and the fake GitHub API (commits/{ref}, compare), both answering from the same real history. Rollbacks
// move the tag, a discarded commit's late run moves nothing, and a ref nobody can read moves nothing either.
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, EVENTS } from '../helpers/action.js'
import { Buildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, registryTags, skopeoRaw } from '../helpers/docker.js'
import { startTagsApi, TagsApi } from '../helpers/github-api.js'
import { appWorkspace, pointRef } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit
let api: TagsApi

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim()
const revisionOf = (ref: string): string | undefined =>
  JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${ref}`]).toString()).config.Labels?.[
    'org.opencontainers.image.revision'
  ]

/** A commit on top of `parent` (which is checked out first), with a file of its own. */
function commit(workspace: string, parent: string, name: string): string {
  git(workspace, 'checkout', '-q', parent)
  writeFileSync(path.join(workspace, 'CHANGES'), `${name}\n`)
  git(workspace, 'add', '.')
  git(workspace, 'commit', '-qm', name)
  return git(workspace, 'rev-parse', 'HEAD')
}

/** main of the origin and of the fake API now point to `sha`, as after a push (a force-push when it goes back). */
function pointMain(workspace: string, sha: string): void {
  pointRef(workspace, 'refs/heads/main', sha)
  api.heads['heads/main'] = sha
}

/** A run for a push of main at `sha`, checked out at it, as a runner runs it. */
async function runAt(workspace: string, sha: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  git(workspace, 'checkout', '-q', sha)
  const docker = buildkit.docker({
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: path.join(EVENTS, 'push-branch.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: 'vmware-tanzu/velero',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api.url,
    ...env
  })
  return runAction(
    {
      'buildx-instance': buildkit.builder,
      'insecure-registry': 'true',
      'output-type': 'registry',
      version: 'main',
      os: 'linux',
      'github-token': 'test-token',
      ...inputs
    },
    { workspace, env: docker.env }
  )
}

const kept = (run: { outputs: Record<string, string> }): Array<{ tag: string; holds: string; reason: string }> => JSON.parse(run.outputs['kept-tags'])

describeOnBuildkit('a tag follows its ref, on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(async () => {
    api = await startTagsApi('vmware-tanzu/velero', [])
  })
  afterAll(async () => {
    await api?.close()
  })

  let workspace: string
  let C1: string
  beforeEach(() => {
    // One history per test: C1, the commit every test starts from, and the API's compare read from it.
    workspace = appWorkspace(registry)
    C1 = git(workspace, 'rev-parse', 'HEAD')
    api.compare = (base, head) => {
      const isAncestor = (a: string, b: string): boolean => {
        try {
          execFileSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: workspace, stdio: 'ignore' })
          return true
        } catch {
          return false
        }
      }
      if (base === head) return 'identical'
      return isAncestor(base, head) ? 'ahead' : isAncestor(head, base) ? 'behind' : 'diverged'
    }
    api.failing = false
    api.heads = {}
  })

  it('a rollback: main force-pushed back from C2 to C1, the run of C1 moves main back to C1', async () => {
    const image = `${registry.prefix}/rollback/velero`
    const C2 = commit(workspace, C1, 'a bad commit')
    pointMain(workspace, C2)
    expect((await runAt(workspace, C2, { image })).exitCode).toBe(0)
    expect(revisionOf(`${image}:main`)).toBe(C2)
    pointMain(workspace, C1)
    const run = await runAt(workspace, C1, { image })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`refs/heads/main points to ${C1}, this run's commit`)
    expect(run.stdout).toContain(`${image}:main moves to this run's list: it holds commit ${C2}; this run's commit ${C1} is the head of refs/heads/main`)
    expect(revisionOf(`${image}:main`)).toBe(C1)
    expect(revisionOf(`${image}:main-linux-amd64`)).toBe(C1)
    expect(kept(run)).toEqual([])
    expect(run.annotations.filter((a) => a.startsWith('::warning'))).toEqual([])
  })

  it("a discarded commit: X force-pushed away for Y, X's late run moves nothing of main, succeeds with a warning and lists the tags in kept-tags", async () => {
    const image = `${registry.prefix}/discarded/velero`
    const X = commit(workspace, C1, 'X, soon discarded')
    const Y = commit(workspace, C1, 'Y, its replacement')
    pointMain(workspace, Y)
    expect((await runAt(workspace, Y, { image })).exitCode).toBe(0)
    const before = ['main', 'main-linux-amd64'].map((tag) => skopeoRaw(`${image}:${tag}`)?.digest)
    const run = await runAt(workspace, X, { image })
    expect(run.exitCode).toBe(0)
    const reason = `this run's commit ${X} is not on refs/heads/main, which points to ${Y} (it was force-pushed away): nothing of refs/heads/main moves`
    expect(run.annotations).toContain(`::warning::${image}:main is left where it is, and its platform tags with it: ${reason}`)
    expect(kept(run)).toEqual([{ tag: `${image}:main`, holds: Y, reason }])
    expect(JSON.parse(run.outputs.tags)).toEqual([])
    expect(['main', 'main-linux-amd64'].map((tag) => skopeoRaw(`${image}:${tag}`)?.digest)).toEqual(before)
  })

  it('a late run of an ancestor: main on C2 stays, the run of C1 succeeds with a notice', async () => {
    const image = `${registry.prefix}/late/velero`
    const C2 = commit(workspace, C1, 'C2')
    pointMain(workspace, C2)
    expect((await runAt(workspace, C2, { image })).exitCode).toBe(0)
    const run = await runAt(workspace, C1, { image })
    expect(run.exitCode).toBe(0)
    const reason = `it holds commit ${C2}, newer than this run's ${C1} on refs/heads/main (which points to ${C2})`
    expect(run.annotations).toContain(`::notice::${image}:main is left where it is, and its platform tags with it: ${reason}`)
    expect(run.annotations.filter((a) => a.startsWith('::warning'))).toEqual([])
    expect(revisionOf(`${image}:main`)).toBe(C2)
  })

  it('a run behind the head whose tag holds an older commit moves the tag', async () => {
    const image = `${registry.prefix}/behind/velero`
    const C2 = commit(workspace, C1, 'C2')
    const C3 = commit(workspace, C2, 'C3')
    pointMain(workspace, C1)
    expect((await runAt(workspace, C1, { image })).exitCode).toBe(0)
    // main went on to C3 while the run of C2 was queued; C3's own run has not published yet.
    pointMain(workspace, C3)
    const run = await runAt(workspace, C2, { image })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      `${image}:main moves to this run's list: it holds commit ${C1}, an older commit of refs/heads/main; this run's commit is on refs/heads/main, behind its head ${C3}`
    )
    expect(revisionOf(`${image}:main`)).toBe(C2)
  })

  it('the ref unreadable (the API refuses, the origin lacks it): the run fails and moves nothing', async () => {
    const image = `${registry.prefix}/unreadable/velero`
    api.failing = true
    const run = await runAt(workspace, C1, { image })
    expect(run.exitCode).toBe(1)
    const error = run.annotations.find((a) => a.startsWith('::error')) ?? ''
    expect(error).toContain('where refs/heads/main points now cannot be read (the GitHub API: ')
    expect(error).toContain(`git ls-remote origin refs/heads/main in ${workspace} found nothing`)
    expect(error).toContain('no tag moved')
    expect(error).toContain('permissions: contents: read')
    expect(registryTags(`${image}`)).toEqual([])
  })

  it("without the API, git ls-remote of the checkout's origin says where the ref points", async () => {
    const image = `${registry.prefix}/origin/velero`
    const C2 = commit(workspace, C1, 'C2')
    pointRef(workspace, 'refs/heads/main', C2)
    api.failing = true
    const late = await runAt(workspace, C1, { image })
    expect(late.exitCode).toBe(0)
    expect(late.stdout).toContain(`refs/heads/main points to ${C2}`)
    expect(JSON.parse(late.outputs.tags)).toContain(`${image}:main`)
  })

  it('a merge job with no checkout and no API access fails and moves nothing, naming the permission', async () => {
    const image = `${registry.prefix}/merge/velero`
    pointMain(workspace, C1)
    const merged = mkdtempSync(path.join(os.tmpdir(), 'merged-'))
    for (const platform of ['linux', 'windows']) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
      expect((await runAt(workspace, C1, { image, role: 'build', os: platform, 'results-dir': dir })).exitCode).toBe(0)
      cpSync(dir, merged, { recursive: true })
    }
    api.failing = true
    const run = await runAt(workspace, C1, { image, role: 'merge', os: 'linux,windows', 'results-dir': merged })
    expect(run.exitCode).toBe(1)
    const error = run.annotations.find((a) => a.startsWith('::error')) ?? ''
    expect(error).toContain('where refs/heads/main points now cannot be read')
    expect(error).toContain('there is no checkout whose origin git could ask (a merge job has none)')
    expect(error).toContain('permissions: contents: read')
    expect(registryTags(image)).toEqual([])
    // With the API, the same merge publishes.
    api.failing = false
    const again = await runAt(workspace, C1, { image, role: 'merge', os: 'linux,windows', 'results-dir': merged })
    expect(again.exitCode).toBe(0)
    expect(registryTags(image)).toEqual(['main', 'main-linux-amd64', 'main-windows-ltsc2022-amd64'])
  })
})
