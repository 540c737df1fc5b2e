// Which tag moves is decided only from facts the action checked: the bundled action on real buildx and BuildKit,
// driven as a runner drives it (empty inputs included), fed event payloads, read back from the registry with skopeo.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CLI_ENTRY, runAction, runNode, runPost, EVENTS } from '../helpers/action.js'
import { Buildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, skopeoConfig, skopeoRaw } from '../helpers/docker.js'
import { startTagsApi, TagsApi } from '../helpers/github-api.js'
import { appWorkspace, pointRef } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit
let api: TagsApi

const registryTags = (repository: string): string[] => {
  try {
    // Referrer tags (sha256-<digest>, signatures) are not the images' tags.
    return (JSON.parse(execFileSync('skopeo', ['list-tags', '--tls-verify=false', `docker://${repository}`], { stdio: 'pipe' }).toString()).Tags as string[])
      .filter((tag) => !/^sha256-[0-9a-f]{64}$/.test(tag))
      .sort()
  } catch {
    return []
  }
}

/** The warning a run gives of the inputs given empty: said once, in its own line, and set aside by the tests below. */
const EMPTIED =
  "::warning::inputs were given empty (an unset expression, a secret that is not there, or ''), so each takes its default: output-type (auto), os (linux), arch (amd64), windows-version (ltsc2022), registry (velero), version (auto), tag-latest (auto), provenance (false), sbom (false), role (all)"

/** The annotations of a run but the warning of its empty inputs. */
const besides = (annotations: string[]): string[] => annotations.filter((annotation) => !annotation.startsWith('::warning::inputs were given empty'))

/** Every input empty, as a runner passes unset workflow expressions, but for those given. */
function emptyInputs(given: Record<string, string>): Record<string, string> {
  const names = ['output-type', 'version', 'tag-latest', 'os', 'arch', 'windows-version', 'registry', 'image', 'role', 'results-dir', 'provenance', 'sbom']
  return { ...Object.fromEntries(names.map((name) => [name, ''])), ...given }
}

/** The main step and the post step, on the test's builder, for an event. */
async function onEvent(
  event: { name: string; file: string; ref: string; baseRef?: string; sha?: string },
  inputs: Record<string, string>,
  workspace = appWorkspace(registry)
) {
  // The repository has the event's ref, at the commit checked out: the run's tags follow it.
  if (/^refs\/(heads|tags)\//.test(event.ref)) pointRef(workspace, event.ref)
  const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
  writeFileSync(summary, '')
  const docker = buildkit.docker({
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: path.join(EVENTS, event.file),
    GITHUB_REF: event.ref,
    GITHUB_BASE_REF: event.baseRef ?? '',
    ...(event.sha ? { GITHUB_SHA: event.sha } : {}),
    GITHUB_REPOSITORY: 'vmware-tanzu/velero',
    GITHUB_API_URL: api.url,
    GITHUB_STEP_SUMMARY: summary
  })
  const run = await runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'github-token': 'test-token', ...inputs },
    { workspace, env: docker.env }
  )
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker, workspace, summary: readFileSync(summary, 'utf8') }
}

const push = (ref: string) => ({ name: 'push', file: ref.startsWith('refs/tags/') ? 'push-tag.json' : 'push-branch.json', ref })

describeOnBuildkit('which tag moves, on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(async () => {
    api = await startTagsApi('vmware-tanzu/velero', ['v1.15.2', 'v1.16.0'])
  })
  afterAll(async () => {
    await api?.close()
  })

  it("a tag push with every input empty publishes the tag's list and latest, and never :main", async () => {
    const repository = `${registry.prefix}/empty/velero`
    const { run, summary } = await onEvent(push('refs/tags/v1.16.0'), emptyInputs({ image: repository, os: 'linux,windows' }))
    expect(run.exitCode).toBe(0)
    expect(registryTags(repository)).toEqual([
      'latest',
      'latest-linux-amd64',
      'latest-windows-ltsc2022-amd64',
      'v1.16.0',
      'v1.16.0-linux-amd64',
      'v1.16.0-windows-ltsc2022-amd64'
    ])
    // Each decided value once in the log with where it came from, and in the summary.
    expect(run.stdout).toMatch(/^version: v1\.16\.0 \(from the event: tag v1\.16\.0: the tag\)$/m)
    expect(run.stdout).toMatch(/^output-type: registry \(from the event: push event: publish\)$/m)
    expect(run.stdout).toMatch(
      /^tag latest \(and its platform tags\): asked by tag-latest: auto: v1\.16\.0 is the highest release of every release \(of 2 among the repository's tags and this one\)$/m
    )
    expect(run.stdout).toMatch(/^push: yes \(from the event: output-type registry: the images by digest, then the platform tags, then the lists\)$/m)
    expect(summary).toContain('| `version` | `v1.16.0` | the event: tag v1.16.0: the tag |')
    expect(summary).toMatch(/\| `tag` \| `latest` \| the event: asked by tag-latest: auto: v1\.16\.0 is the highest release of every release/)
    expect(summary).toContain('| `push` | `yes` | the event: output-type registry: the images by digest, then the platform tags, then the lists |')
  })

  it.each(['latest', 'v1.16.0'])('a push of a branch named %s publishes nothing, and says what to set instead', async (branch) => {
    const repository = `${registry.prefix}/branch-${branch.replace(/\./g, '')}/velero`
    const { run, docker } = await onEvent(push(`refs/heads/${branch}`), emptyInputs({ image: repository }))
    expect(run.exitCode).toBe(1)
    expect(besides(run.annotations)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::version is auto, and the branch '${branch.replace(/\./g, '\\.')}' would give the version .* Rename the branch, or set the version input for it`
        )
      )
    ])
    expect(docker.dockerCalls()).toEqual([])
    expect(registryTags(repository)).toEqual([])
  })

  it('pushes of feature/x and feature-x publish two lists, neither overwriting the other', async () => {
    const repository = `${registry.prefix}/features/velero`
    const slash = await onEvent(push('refs/heads/feature/x'), emptyInputs({ image: repository }))
    const dash = await onEvent(push('refs/heads/feature-x'), emptyInputs({ image: repository }))
    expect(slash.run.exitCode).toBe(0)
    expect(dash.run.exitCode).toBe(0)
    const hashed = `feature-x-${createHash('sha256').update('feature/x').digest('hex').slice(0, 12)}`
    expect(registryTags(repository)).toEqual(['feature-x', 'feature-x-linux-amd64', hashed, `${hashed}-linux-amd64`].sort())
    expect(skopeoRaw(`${repository}:${hashed}`)?.digest).toBe(slash.run.outputs.digest)
    expect(skopeoRaw(`${repository}:feature-x`)?.digest).toBe(dash.run.outputs.digest)
  })

  it('version latest with tag-latest true publishes nothing: refused before any command', async () => {
    const repository = `${registry.prefix}/twice/velero`
    const { run, docker } = await onEvent(push('refs/heads/main'), { 'output-type': 'registry', image: repository, version: 'latest', 'tag-latest': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      "::error::input 'tag-latest': true, with version 'latest': the latest list would be pushed twice; set tag-latest to false, or give another version"
    ])
    expect(docker.dockerCalls()).toEqual([])
    expect(registryTags(repository)).toEqual([])
  })

  it('an empty github-token (an unset expression) fails before any docker command, naming the input and what needs it', async () => {
    const repository = `${registry.prefix}/tokenless/velero`
    const { run, docker } = await onEvent(push('refs/tags/v1.16.0'), { 'output-type': 'registry', image: repository, 'github-token': '' })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toEqual([
      "::error::input 'github-token' is empty (an unset expression, or a secret that is not there), and this run needs it for the repository's release tags (the order of latest and the aliases), and where the run's ref points and how two commits stand (which tags move). Leave github-token out (its default is the job's token, ${{ github.token }}), or give a token that may read the repository (permissions: contents: read)."
    ])
    expect(docker.dockerCalls()).toEqual([])
    expect(registryTags(repository)).toEqual([])
  })

  it('an empty github-token is no problem where nothing needs the API: a pull request builds its tarballs', async () => {
    const { run } = await onEvent({ name: 'pull_request', file: 'pull-request.json', ref: 'refs/pull/42/merge', baseRef: 'main' }, { 'github-token': '' })
    expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
    expect(run.exitCode).toBe(0)
  })

  describe("a fork's pull_request_target with secrets", () => {
    const event = { name: 'pull_request_target', file: 'pull-request-fork.json', ref: 'refs/heads/release-1.16', baseRef: 'release-1.16' }
    const secret = 'fork-must-not-see-this-7d1e'
    const sha256 = createHash('sha256').update(secret).digest('hex')

    it('builds tarballs of version pr-<number>, withholds the secret and a secret-looking build arg, and pushes nothing', async () => {
      const repository = `${registry.prefix}/fork/velero`
      const { run, docker, workspace, summary } = await onEvent(
        event,
        emptyInputs({ image: repository, secrets: `token=${secret}`, 'build-args': 'API_TOKEN=fork-token-9c2f', 'output-type': 'registry' })
      )
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.tarballs)).toEqual(['_output/velero-pr-43-linux-amd64.tar'])
      const files = execFileSync('tar', ['-tf', path.join(workspace, '_output/velero-pr-43-linux-amd64.tar')]).toString()
      expect(files).toContain('app/build-info')
      expect(files).not.toContain('app/token.sha256')
      expect(run.annotations).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^::warning::output-type registry was asked for, but this pull_request_target run was caused by a pull request from a fork/),
          "::warning::this run builds a fork's code, so the secrets token are withheld from its build (fork-secrets: true would give them)",
          "::warning::this run builds a fork's code, so the build-args API_TOKEN are withheld: their names look secret. Name them in public-build-args if they are not."
        ])
      )
      const build = docker.dockerCalls().find((args) => args[1] === 'build') ?? []
      expect(build).not.toContain('--secret')
      expect(build.join(' ')).not.toContain('API_TOKEN')
      // `::add-mask::` lines are commands the runner takes in (to hide the value) and never shows.
      const shown = run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
      for (const text of [shown, run.stderr, JSON.stringify(run.outputs), summary]) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain('fork-token-9c2f')
      }
      expect(registryTags(repository)).toEqual([])
    })

    it('gives the secret with fork-secrets true, saying what it exposes', async () => {
      // BuildKit keeps no secret in its cache key: a cached RUN would not see it.
      const { run, workspace } = await onEvent(event, emptyInputs({ secrets: `token=${secret}`, 'fork-secrets': 'true', 'no-cache': 'true' }))
      expect(run.exitCode).toBe(0)
      expect(run.annotations).toContain(
        "::warning::fork-secrets is true: the secrets token reach the build of a fork's code, which can read them and send them anywhere"
      )
      expect(
        execFileSync('tar', ['-xOf', path.join(workspace, '_output/velero-pr-43-linux-amd64.tar'), 'app/token.sha256'])
          .toString()
          .trim()
      ).toBe(sha256)
    })
  })

  it("a workflow_run caused by a fork's pull request, with output-type registry, publishes nothing, not even :main", async () => {
    const repository = `${registry.prefix}/run/velero`
    const { run, docker, workspace } = await onEvent(
      { name: 'workflow_run', file: 'workflow-run-fork.json', ref: 'refs/heads/main' },
      emptyInputs({ image: repository, 'output-type': 'registry' })
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/^version: fork-444444444444 \(from the event: a fork's commit 4{40} \(the event names no pull request\): fork-<commit>\)$/m)
    expect(run.stdout).toMatch(/^push: no \(from the event: output-type tar\)$/m)
    expect(existsSync(path.join(workspace, '_output/velero-fork-444444444444-linux-amd64.tar'))).toBe(true)
    expect(docker.dockerCalls().some((args) => args[0] === 'manifest' || args.includes('type=registry'))).toBe(false)
    expect(registryTags(repository)).toEqual([])
  })

  describe("the tag policy, with the repository's tags from the API (v1.15.2, v1.16.0)", () => {
    const metadataTags = (repository: string, version: string): string => {
      const [major, minor] = version.replace(/^v/, '').split('.')
      return [version.replace(/^v/, ''), `${major}.${minor}`, major, 'latest'].map((tag) => `${repository}:${tag}`).join('\n')
    }

    it("a backport (v1.15.9) with metadata-action's tags moves its own line's aliases, and leaves latest and 1 on v1.16.0 with a notice", async () => {
      const repository = `${registry.prefix}/backport/velero`
      // The release before: v1.16.0 with its aliases, as the registry holds them.
      const newer = await onEvent(push('refs/tags/v1.16.0'), emptyInputs({ image: repository, 'extra-tags': metadataTags(repository, 'v1.16.0') }))
      expect(newer.run.exitCode).toBe(0)
      const before = Object.fromEntries(['latest', '1', 'latest-linux-amd64'].map((tag) => [tag, skopeoRaw(`${repository}:${tag}`)?.digest]))
      const { run, summary } = await onEvent(push('refs/tags/v1.15.9'), emptyInputs({ image: repository, 'extra-tags': metadataTags(repository, 'v1.15.9') }))
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs.tags)).toEqual([`${repository}:v1.15.9`, `${repository}:1.15.9`, `${repository}:1.15`])
      expect(Object.fromEntries(['latest', '1', 'latest-linux-amd64'].map((tag) => [tag, skopeoRaw(`${repository}:${tag}`)?.digest]))).toEqual(before)
      expect(skopeoRaw(`${repository}:1.15`)?.digest).toBe(skopeoRaw(`${repository}:v1.15.9`)?.digest)
      expect(run.annotations).toEqual(
        expect.arrayContaining([
          "::notice::latest is asked for and stays where it is: 1.16.0 is a higher release of every release than this run's 1.15.9",
          "::notice::1 is asked for and stays where it is: 1.16.0 is a higher release of the releases 1.x than this run's 1.15.9"
        ])
      )
      expect(summary).toMatch(/\| `not moved` \| `latest` \| the input: 1\.16\.0 is a higher release/)
    })

    it('a pre-release (v1.17.0-rc.1) with latest in extra-tags moves no alias', async () => {
      const repository = `${registry.prefix}/prerelease/velero`
      const { run } = await onEvent(
        push('refs/tags/v1.17.0-rc.1'),
        emptyInputs({ image: repository, 'extra-tags': `${repository}:latest\n${repository}:1.17` })
      )
      expect(run.exitCode).toBe(0)
      expect(registryTags(repository)).toEqual(['v1.17.0-rc.1', 'v1.17.0-rc.1-linux-amd64'])
      expect(run.annotations).toContain('::notice::latest is asked for and stays where it is: v1.17.0-rc.1 is a pre-release, and a pre-release moves no alias')
    })

    it('a release event marked pre-release moves no alias, whatever its tag says', async () => {
      const repository = `${registry.prefix}/marked/velero`
      const { run } = await onEvent({ name: 'release', file: 'release-published.json', ref: 'refs/tags/v1.17.0' }, emptyInputs({ image: repository }))
      expect(run.exitCode).toBe(0)
      expect(registryTags(repository)).toEqual(['v1.17.0', 'v1.17.0-linux-amd64'])
      expect(run.annotations).toContain(
        '::notice::latest is asked for and stays where it is: the release v1.17.0 is marked a pre-release (release.prerelease), and a pre-release moves no alias'
      )
    })

    it('a release event that was deleted builds nothing, and says why', async () => {
      const repository = `${registry.prefix}/deleted/velero`
      const { run, docker } = await onEvent({ name: 'release', file: 'release-deleted.json', ref: 'refs/tags/v1.16.0' }, emptyInputs({ image: repository }))
      expect(run.exitCode).toBe(0)
      expect(run.annotations).toContain(EMPTIED)
      expect(besides(run.annotations)).toEqual([
        "::notice::this release event is 'deleted', which publishes nothing (only published, released, prereleased build): nothing was built"
      ])
      expect(docker.dockerCalls()).toEqual([])
      expect(registryTags(repository)).toEqual([])
    })

    it('a tag push whose tags the API cannot give, from a shallow checkout, fails before any build, naming what to give', async () => {
      const shallow = mkdtempSync(path.join(os.tmpdir(), 'shallow-'))
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${appWorkspace(registry)}`, shallow])
      api.failing = true
      try {
        const { run, docker } = await onEvent(push('refs/tags/v1.16.1'), emptyInputs({ image: `${registry.prefix}/blind/velero` }), shallow)
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toContain(
          "the repository's tags are needed to tell whether v1.16.1 is the highest release of the lines it asks aliases of, but the GitHub API did not answer"
        )
        expect(run.annotations.join('\n')).toContain('the checkout is shallow')
        expect(docker.dockerCalls()).toEqual([])
      } finally {
        api.failing = false
      }
    })
  })

  it.each(['latest-linux-amd64', 'main-linux-amd64'])(
    'a push of branch %s publishes under a hashed version, and leaves the tag of that name alone',
    async (branch) => {
      const repository = `${registry.prefix}/suffix-${branch.split('-')[0]}/velero`
      // The tag a branch of that name would take: another version's platform tag.
      const owner = await onEvent(push(branch.startsWith('latest') ? 'refs/tags/v1.16.0' : 'refs/heads/main'), emptyInputs({ image: repository }))
      expect(owner.run.exitCode).toBe(0)
      const held = skopeoRaw(`${repository}:${branch}`)?.digest
      expect(held).toBeDefined()
      const { run } = await onEvent(push(`refs/heads/${branch}`), emptyInputs({ image: repository }))
      expect(run.exitCode).toBe(0)
      const [list] = JSON.parse(run.outputs.tags) as string[]
      expect(list).toMatch(new RegExp(`:${branch}-[0-9a-f]{12}$`))
      expect(skopeoRaw(`${repository}:${branch}`)?.digest).toBe(held)
    }
  )

  it("a fork's pull_request_target with cache-to writes no cache: nothing reaches the registry", async () => {
    const event = { name: 'pull_request_target', file: 'pull-request-fork.json', ref: 'refs/heads/release-1.16', baseRef: 'release-1.16' }
    const cache = `${registry.prefix}/cache/velero`
    const { run, docker } = await onEvent(
      event,
      emptyInputs({ 'cache-to': `type=registry,ref=${cache}:{platform},mode=max`, 'cache-from': `type=registry,ref=${cache}:{platform}` })
    )
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::warning::this run builds a fork's code, so it writes no cache that trusted builds read: cache-to type=registry/)
    )
    const build = docker.dockerCalls().find((args) => args[1] === 'build') ?? []
    expect(build).not.toContain('--cache-to')
    expect(build).toContain('--cache-from')
    expect(registryTags(cache)).toEqual([])
  })

  describe("the run's commit", () => {
    const other = 'c'.repeat(40)
    it("a checkout of another commit than the event's pushes nothing, and the error names both", async () => {
      const repository = `${registry.prefix}/othercommit/velero`
      const workspace = appWorkspace(registry)
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      const { run, docker } = await onEvent({ ...push('refs/heads/main'), sha: other }, emptyInputs({ image: repository }), workspace)
      expect(run.exitCode).toBe(1)
      expect(besides(run.annotations)).toEqual([
        expect.stringContaining(`::error::the checkout holds commit ${head}, but this run is for GITHUB_SHA ${other}; nothing was pushed.`)
      ])
      expect(besides(run.annotations)[0]).toContain('allow-other-commit: true')
      expect(docker.dockerCalls().some((args) => args[1] === 'build')).toBe(false)
      expect(registryTags(repository)).toEqual([])
    })

    it('allow-other-commit: true publishes the checkout, and the log names both commits', async () => {
      const repository = `${registry.prefix}/rebuild/velero`
      const workspace = appWorkspace(registry)
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      const { run } = await onEvent({ ...push('refs/heads/main'), sha: other }, emptyInputs({ image: repository, 'allow-other-commit': 'true' }), workspace)
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`commit: ${head}, the checkout's HEAD, not GITHUB_SHA ${other}: allow-other-commit is true`)
      expect(registryTags(repository)).toEqual(['main', 'main-linux-amd64'])
      const labels = JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${repository}:main-linux-amd64`]).toString())
        .config.Labels
      expect(labels['org.opencontainers.image.revision']).toBe(head)
    })
  })

  it("BUILDX_OUTPUT_TYPE=tar, Velero's older spelling, on the command line builds tarballs", async () => {
    const workspace = appWorkspace(registry)
    const docker = buildkit.docker()
    const result = await runNode(
      CLI_ENTRY,
      ['--buildx-instance', buildkit.builder, '--os', 'linux,windows'],
      { ...process.env, ...docker.env, BUILDX_OUTPUT_TYPE: 'tar' },
      workspace
    )
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toMatch(/^output-type: tar \(from the input\)$/m)
    expect(JSON.parse(result.stdout).tarballs).toEqual(['_output/velero-main-linux-amd64.tar', '_output/velero-main-windows-ltsc2022-amd64.tar'])
    for (const tarball of JSON.parse(result.stdout).tarballs) expect(existsSync(path.join(workspace, tarball))).toBe(true)
  })

  it.each([
    ['without labels', ''],
    ["with docker/metadata-action's version label (replaced by the run's)", 'org.opencontainers.image.version=1.16.0']
  ])('two release runs whose moves interleave (the older one moving after the newer) leave latest, 1 and 1.16 on the newer, %s', async (_case, labels) => {
    const repository = `${registry.prefix}/interleave${labels ? '-labelled' : ''}/velero`
    const inputs = { image: repository, os: 'linux', 'extra-tags': `${repository}:1.16\n${repository}:1`, ...(labels ? { labels } : {}) }
    try {
      // The newer release's run ends first.
      api.tags = ['v1.15.2', 'v1.16.0', 'v1.16.1']
      const newer = await onEvent(push('refs/tags/v1.16.1'), inputs)
      expect(newer.run.exitCode).toBe(0)
      const newest = skopeoRaw(`${repository}:latest`)?.digest
      // The older one read the release order before v1.16.1 existed (it is the highest there), and moves after.
      api.tags = ['v1.15.2', 'v1.16.0']
      const older = await onEvent(push('refs/tags/v1.16.0'), inputs)
      expect(older.run.exitCode).toBe(0)
      expect(older.run.stdout).toMatch(/^tag latest \(and its platform tags\): asked by tag-latest: auto: v1\.16\.0 is the highest release of every release/m)
      for (const alias of ['latest', '1.16', '1']) {
        expect(older.run.annotations).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^::notice::${repository.replace(/[.]/g, '\\.')}:${alias.replace('.', '\\.')} is left where it is, .*it holds 1\\.16\\.1 \\(its images' version label 1\\.16\\.1\\), a higher release than this run's 1\\.16\\.0`
            )
          )
        )
      }
      expect(JSON.parse(older.run.outputs['kept-tags']).map((kept: { tag: string }) => kept.tag)).toEqual(
        ['latest', '1.16', '1'].map((alias) => `${repository}:${alias}`)
      )
      expect(skopeoRaw(`${repository}:latest`)?.digest).toBe(newest)
      expect(skopeoRaw(`${repository}:1.16`)?.digest).toBe(newest)
      expect(skopeoRaw(`${repository}:1`)?.digest).toBe(newest)
      expect(skopeoRaw(`${repository}:v1.16.0`)?.digest).toBe(older.run.outputs.digest)
      // The images carry the run's version, whatever the labels said.
      expect((skopeoConfig(`${repository}:v1.16.0`) as { config: { Labels: Record<string, string> } }).config.Labels['org.opencontainers.image.version']).toBe(
        'v1.16.0'
      )
      if (labels)
        expect(older.run.annotations).toContainEqual(expect.stringContaining("::notice::input 'labels' sets org.opencontainers.image.version to 1.16.0"))
    } finally {
      api.tags = ['v1.15.2', 'v1.16.0']
    }
  })
})
