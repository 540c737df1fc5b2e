// The pipeline in-process, every stage entered in order, on dry and known ports: no process is started. Each case
// asserts the stages' results: every tag decided with its rule, every command the buildx port was asked for, what
// the registry holds afterwards, and what the report hands back. (The same pipeline on real buildx, BuildKit and a
// registry is __tests__/action/.)
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../src/inputs/definitions.js'
import { readActionInputs, readCommandLine } from '../src/inputs/readers.js'
import { runPipeline, RunResults } from '../src/pipeline.js'
import { MEDIA_TYPES } from '../src/shared/oci.js'
import { EVENTS, actionMetadata } from './helpers/action.js'
import { COMMIT, dryRegistry, Registry, testRun, TestRun } from './helpers/ports.js'

/** Runs the pipeline of the command line with these flags; returns the run's results and what it handed back. */
async function commandLine(flags: string[], options: { registry?: Registry; run?: TestRun } = {}): Promise<{ results: RunResults; run: TestRun }> {
  const run = options.run ?? testRun({ ...(options.registry ? { registry: options.registry } : {}) })
  const results = await runPipeline(readCommandLine(flags, {}), run.edges)
  return { results, run }
}

/** The buildx commands the run asked for, as `buildx build <platform> <output>`, `buildx imagetools create <list>`. */
function asked(run: TestRun): string[] {
  return run.buildx.commands.map((args) => {
    const value = (flag: string): string => args[args.indexOf(flag) + 1]
    if (args[1] === 'build') return `buildx build ${value('--platform')} ${value('--output').split(',')[0]}`
    if (args[1] === 'imagetools') return `buildx imagetools create ${value('-t')}`
    return args.slice(0, 2).join(' ')
  })
}

/** What the dry registry holds under a tag: the platforms of a list, or one image's. */
async function held(registry: Registry, repository: string, tag: string): Promise<Array<Record<string, string>> | undefined> {
  const found = await registry.registries.open('docker.io', false).getManifest(repository, tag)
  if (!found) return undefined
  const manifest = JSON.parse(found.bytes.toString()) as { manifests?: Array<{ platform: Record<string, string> }> }
  return manifest.manifests?.map((entry) => entry.platform) ?? [{ image: found.digest }]
}

const WINDOWS = { architecture: 'amd64', os: 'windows', 'os.version': expect.stringMatching(/^10\.0\.20348\.\d+$/) }

describe("the design's samples, in-process", () => {
  it("make container: this machine's Linux image loaded into Docker, tagged with its suffix; nothing published", async () => {
    const { results, run } = await commandLine([])
    expect(results.policy?.decisions.map((d) => `${d.name} ${d.value}`)).toEqual(['version main', 'output-type docker', 'push no', 'tag main'])
    expect(asked(run)).toEqual(['buildx version', 'buildx create', 'buildx inspect', 'buildx build linux/amd64 type=docker'])
    expect(results.publication?.tags).toEqual([])
    expect(run.outputs()).toMatchObject({ image: 'velero/velero:main-linux-amd64', platforms: ['linux/amd64'], tags: [] })
  })

  it.each([
    ['amd64', ['linux/amd64', 'windows/amd64'], ['velero-main-linux-amd64.tar', 'velero-main-windows-ltsc2022-amd64.tar']],
    [
      'amd64,arm64',
      ['linux/amd64', 'linux/arm64', 'windows/amd64'],
      ['velero-main-linux-amd64.tar', 'velero-main-linux-arm64.tar', 'velero-main-windows-ltsc2022-amd64.tar']
    ]
  ])('tar, os linux,windows, arch %s: one build per platform, each to its tarball in _output', async (arch, platforms, tarballs) => {
    const { results, run } = await commandLine(['--output-type', 'tar', '--os', 'linux,windows', '--arch', arch])
    expect(results.plan?.targets.map((t) => t.tarball)).toEqual(tarballs.map((file) => `_output/${file}`))
    expect(asked(run).filter((c) => c.startsWith('buildx build'))).toEqual(platforms.map((platform) => `buildx build ${platform} type=tar`))
    expect(results.plan?.lists).toEqual([])
  })

  it.each([
    ['linux,windows', 'amd64', ['main', 'main-linux-amd64', 'main-windows-ltsc2022-amd64']],
    ['linux,windows', 'amd64,arm64', ['main', 'main-linux-amd64', 'main-linux-arm64', 'main-windows-ltsc2022-amd64']]
  ])('registry, os %s, arch %s: the platform images by digest, then one list under main, Windows with its os.version', async (osList, arch, tags) => {
    const registry = dryRegistry()
    const { results, run } = await commandLine(['--output-type', 'registry', '--os', osList, '--arch', arch], { registry })
    // Every tag decided with its rule, and what became of it.
    expect(results.policy?.tags.tags.map((t) => [t.tag, t.reason])).toEqual([['main', 'the version (the default)']])
    expect(results.publication?.tags.map((t) => [t.tag, t.state])).toEqual(tags.map((tag) => [tag, 'moved']))
    // The builds push by digest alone; imagetools assembles the list; no other command.
    const builds = asked(run).filter((c) => c.startsWith('buildx build'))
    expect(builds.every((c) => c.endsWith('type=image'))).toBe(true)
    expect(asked(run).slice(builds.length + 3)).toEqual(['buildx imagetools create velero/velero:main'])
    // What the registry holds: the list of every platform, in the design's order, and each platform's image.
    const linux = arch.split(',').map((a) => ({ architecture: a, os: 'linux' }))
    expect(await held(registry, 'velero/velero', 'main')).toEqual([...linux, WINDOWS])
    for (const tag of tags.slice(1)) expect(await held(registry, 'velero/velero', tag)).toHaveLength(1)
    // The report: outputs and the job summary say what was published.
    expect(run.outputs()).toMatchObject({ image: 'velero/velero:main', tags: ['velero/velero:main'], digest: expect.stringMatching(/^sha256:/) })
    expect(run.summary()).toContain('## velero-multiarch-build: succeeded')
    expect(run.summary()).toContain('| `velero/velero:main` |')
  })
})

describe('a merge of three legs, in-process', () => {
  it("publishes the list of the three platforms its legs built, by their digests, in the design's order", async () => {
    const registry = dryRegistry()
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    const legs: Array<[string, string]> = [
      ['linux', 'amd64'],
      ['linux', 'arm64'],
      ['windows', 'amd64']
    ]
    const legDigests: string[] = []
    for (const [osName, arch] of legs) {
      const { results, run } = await commandLine(
        ['--role', 'build', '--output-type', 'registry', '--os', osName, '--arch', arch, '--results-dir', resultsDir],
        { registry }
      )
      // A leg builds and pushes by digest, and moves no tag.
      expect(asked(run).filter((c) => c.startsWith('buildx imagetools'))).toEqual([])
      expect(results.platforms?.written).toHaveLength(1)
      legDigests.push(results.platforms?.records[0].digest ?? '')
    }
    expect(await held(registry, 'velero/velero', 'main')).toBeUndefined()
    const { results, run } = await commandLine(
      ['--role', 'merge', '--output-type', 'registry', '--os', 'linux,windows', '--arch', 'amd64,arm64', '--results-dir', resultsDir],
      {
        registry
      }
    )
    expect(asked(run)).toEqual(['buildx version', 'buildx imagetools create velero/velero:main'])
    expect(results.platforms?.commit).toBe(COMMIT)
    expect(results.platforms?.records.map((r) => r.digest)).toEqual(legDigests)
    expect(await held(registry, 'velero/velero', 'main')).toEqual([{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm64', os: 'linux' }, WINDOWS])
    expect(results.publication?.tags.filter((t) => t.state === 'moved').map((t) => t.tag)).toEqual([
      'main',
      'main-linux-amd64',
      'main-linux-arm64',
      'main-windows-ltsc2022-amd64'
    ])
    // The metadata output of a merge is each leg's result.
    const metadata = run.outputs()?.metadata as Record<string, { schema: number; digest: string }>
    expect(Object.values(metadata).map((m) => [m.schema, m.digest])).toEqual(legDigests.map((d) => [3, d]))
  })
})

describe('a refused run, in-process', () => {
  it('a bad input: every problem named, no buildx command, no output', async () => {
    const run = testRun()
    await expect(runPipeline(readCommandLine(['--os', 'linux,macos', '--max-parallel', 'many'], {}), run.edges)).rejects.toEqual(
      new InputError([
        "flag --os: 'macos' is not allowed; allowed values: linux, windows",
        "flag --max-parallel: 'many' is not allowed; allowed values: auto, or a whole number of builds at once (0: all)"
      ])
    )
    expect(run.buildx.commands).toEqual([])
    expect(run.outputs()).toBeUndefined()
    expect(run.summary()).toContain('## velero-multiarch-build: failed')
  })

  it("a fork's pull request asking for registry, with a secret: tarballs instead, no secret in any build, nothing pushed", async () => {
    const registry = dryRegistry()
    const run = testRun({
      registry,
      env: {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path.join(EVENTS, 'pull-request-fork.json'),
        GITHUB_REF: 'refs/pull/43/merge',
        GITHUB_BASE_REF: 'release-1.16',
        GITHUB_REPOSITORY: 'vmware-tanzu/velero',
        GITHUB_SHA: COMMIT
      }
    })
    const inputs: Record<string, string> = { 'output-type': 'registry', os: 'linux,windows', secrets: 'token=s3cr3t-value', 'github-token': 'token' }
    const defaults = actionMetadata().inputs
    const results = await runPipeline(
      readActionInputs((name) => inputs[name] ?? (defaults[name]?.default?.startsWith('${{') ? '' : (defaults[name]?.default ?? ''))),
      run.edges
    )
    expect(results.policy?.decisions.map((d) => [d.name, d.value, d.source])).toEqual([
      ['version', 'pr-43', 'event'],
      ['output-type', 'tar', 'event'],
      ['push', 'no', 'event'],
      ['tag', 'pr-43', 'event']
    ])
    expect(run.log.warnings).toContainEqual(expect.stringContaining("this run builds a fork's code, so the secrets token are withheld"))
    expect(run.buildx.commands.filter((args) => args[1] === 'build').flatMap((args) => args.filter((_arg, i) => args[i - 1] === '--secret'))).toEqual([])
    expect(run.masked).toContain('s3cr3t-value')
    expect(await held(registry, 'velero/velero', 'pr-43')).toBeUndefined()
  })
})

describe('a re-run, in-process', () => {
  it('leaves every tag unchanged when it built the same images', async () => {
    const registry = dryRegistry()
    const flags = ['--output-type', 'registry', '--os', 'linux,windows']
    const first = await commandLine(flags, { registry })
    expect(first.results.publication?.tags.every((t) => t.state === 'moved')).toBe(true)
    const again = await commandLine(flags, { registry })
    expect(again.results.publication?.tags.map((t) => [t.tag, t.state])).toEqual([
      ['main', 'unchanged'],
      ['main-linux-amd64', 'unchanged'],
      ['main-windows-ltsc2022-amd64', 'unchanged']
    ])
    expect(again.run.log.lines).toContain("velero/velero:main holds what this run built already, and is left as it is: it holds this run's commit " + COMMIT)
    expect(again.run.outputs()?.['unchanged-tags']).toEqual([
      'velero/velero:main',
      'velero/velero:main-linux-amd64',
      'velero/velero:main-windows-ltsc2022-amd64'
    ])
    // The list is the first run's.
    const list = await registry.registries.open('docker.io', false).getManifest('velero/velero', 'main')
    expect(list?.contentType).toBe(MEDIA_TYPES.dockerList)
  })
})

describe('every tag decided from what holds when it moves, in-process', () => {
  const [C1, C2] = ['c1', 'c2'].map((c) => c.padEnd(40, '0'))
  const IMAGE = 'ghcr.io/org/app'
  const repository = 'ghcr.io'
  const tagPush = (tag: string, commit: string): NodeJS.ProcessEnv => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: path.join(EVENTS, 'push-tag.json'),
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_REPOSITORY: 'org/app',
    GITHUB_SHA: commit
  })
  /** A tag push's run: its checkout at `commit`, knowing the tags `known` (name and commit) and nothing newer. */
  async function release(tag: string, commit: string, known: Array<[string, string]>, registry: Registry, extra: Record<string, string> = {}) {
    const run = testRun({
      registry,
      env: tagPush(tag, commit),
      checkout: {
        head: commit,
        commitTime: 1_780_000_000,
        treeState: 'clean',
        shallow: false,
        tags: known.map(([name, at]) => ({ name, commit: at })),
        remote: { [`refs/tags/${tag}`]: commit },
        parents: { [C2]: C1 }
      }
    })
    const defaults = actionMetadata().inputs
    const inputs: Record<string, string> = { image: IMAGE, os: 'linux', 'github-token': 'token', 'extra-tags': `${IMAGE}:1.16\n${IMAGE}:1`, ...extra }
    const results = await runPipeline(
      readActionInputs((name) => inputs[name] ?? (defaults[name]?.default?.startsWith('${{') ? '' : (defaults[name]?.default ?? ''))),
      run.edges
    )
    return { results, run }
  }
  const holds = async (registry: Registry, tag: string): Promise<string | undefined> =>
    (await registry.registries.open(repository, false).getManifest('ghcr.io/org/app', tag))?.digest

  it.each([
    ['without labels', {}],
    ["with docker/metadata-action's labels (its version, 1.16.0, replaced by the run's)", { labels: 'org.opencontainers.image.version=1.16.0' }]
  ])('two release runs ending in either order leave every alias on the higher release (%s)', async (_case, labels) => {
    // The newer release first, then the older one, whose checkout knows no newer tag: its aliases stay.
    const registry = dryRegistry()
    const newer = await release(
      'v1.16.1',
      C2,
      [
        ['v1.16.0', C1],
        ['v1.16.1', C2]
      ],
      registry,
      labels
    )
    const newest = await holds(registry, 'latest')
    expect(newer.results.publication?.tags.filter((t) => t.kind === 'list').map((t) => [t.tag, t.state])).toEqual([
      ['v1.16.1', 'moved'],
      ['latest', 'moved'],
      ['1.16', 'moved'],
      ['1', 'moved']
    ])
    const older = await release('v1.16.0', C1, [['v1.16.0', C1]], registry, labels)
    expect(older.results.policy?.tags.tags.map((t) => t.tag)).toEqual(['v1.16.0', 'latest', '1.16', '1'])
    expect(older.results.publication?.tags.filter((t) => t.kind === 'list').map((t) => [t.tag, t.state])).toEqual([
      ['v1.16.0', 'moved'],
      ['latest', 'kept'],
      ['1.16', 'kept'],
      ['1', 'kept']
    ])
    expect(older.run.outputs()?.['kept-tags']).toEqual(
      ['latest', '1.16', '1'].map((tag) => ({
        tag: `${IMAGE}:${tag}`,
        holds: 'v1.16.1',
        reason: expect.stringMatching(/it holds 1\.16\.1 \(its images' version label 1\.16\.1\), a higher release than this run's 1\.16\.0/)
      }))
    )
    expect(older.run.log.notices).toContainEqual(expect.stringContaining(`${IMAGE}:latest is left where it is, and its platform tags with it`))
    for (const alias of ['latest', '1.16', '1']) expect(await holds(registry, alias)).toBe(alias === 'latest' ? newest : await holds(registry, alias))
    expect(await holds(registry, 'latest-linux-amd64')).toBe(newer.results.publication?.platforms[0].digest)
    // The other order: both move, and every alias ends on the newer.
    const again = dryRegistry()
    await release('v1.16.0', C1, [['v1.16.0', C1]], again, labels)
    const later = await release(
      'v1.16.1',
      C2,
      [
        ['v1.16.0', C1],
        ['v1.16.1', C2]
      ],
      again,
      labels
    )
    expect(later.results.publication?.tags.filter((t) => t.kind === 'list').every((t) => t.state === 'moved')).toBe(true)
    expect(await holds(again, 'latest')).toBe(await holds(again, 'v1.16.1'))
  })

  it('reads each alias again just before the move, and keeps it where a higher release came meanwhile', async () => {
    const registry = dryRegistry()
    await release(
      'v1.16.1',
      C2,
      [
        ['v1.16.0', C1],
        ['v1.16.1', C2]
      ],
      registry
    )
    const newest = await holds(registry, 'latest')
    // The older run sees no alias until it pushes its first list by digest: another release's run moves them then.
    let moved = false
    const hiding: Registry = {
      world: registry.world,
      registries: {
        open: (host, insecure) => {
          const inner = registry.registries.open(host, insecure)
          return {
            getManifest: async (repo, ref) => (!moved && ['latest', '1', '1.16'].includes(ref) ? undefined : inner.getManifest(repo, ref)),
            getBlob: (repo, digest, max) => inner.getBlob(repo, digest, max),
            getReferrers: (repo, digest) => inner.getReferrers(repo, digest),
            pushBlob: (repo, bytes) => inner.pushBlob(repo, bytes),
            mountBlob: (repo, digest, from) => inner.mountBlob(repo, digest, from),
            pushReferrer: (repo, subject, artifact) => inner.pushReferrer(repo, subject, artifact),
            putManifest: async (repo, ref, bytes, type) => {
              if (ref.startsWith('sha256:')) moved = true
              return inner.putManifest(repo, ref, bytes, type)
            }
          }
        }
      }
    }
    const older = await release('v1.16.0', C1, [['v1.16.0', C1]], hiding)
    expect(older.run.log.lines).toContain(`group: Which tags move`)
    expect(older.run.log.lines).toContainEqual(expect.stringMatching(/ghcr\.io\/org\/app:latest moves to this run's list: the tag is new/))
    expect(older.run.log.lines).toContainEqual(
      expect.stringMatching(/ghcr\.io\/org\/app:latest stays where it is: read again just before the move, it holds 1\.16\.1/)
    )
    expect(older.results.publication?.tags.filter((t) => t.kind === 'list').map((t) => [t.tag, t.state])).toEqual([
      ['v1.16.0', 'moved'],
      ['latest', 'kept'],
      ['1.16', 'kept'],
      ['1', 'kept']
    ])
    expect(await holds(registry, 'latest')).toBe(newest)
  })

  it('refuses a version shaped like an alias, whatever gave it: a tag push of refs/tags/v1.15', async () => {
    const run = testRun({ env: tagPush('v1.15', C1), checkout: { head: C1, commitTime: 1, treeState: 'clean', shallow: false, tags: [] } })
    const inputs: Record<string, string> = { image: IMAGE, os: 'linux', 'github-token': 'token' }
    const defaults = actionMetadata().inputs
    await expect(
      runPipeline(
        readActionInputs((name) => inputs[name] ?? (defaults[name]?.default?.startsWith('${{') ? '' : (defaults[name]?.default ?? ''))),
        run.edges
      )
    ).rejects.toThrow("input 'version': 'v1.15' (from the event: tag v1.15: the tag) has the shape of an alias")
    expect(run.buildx.commands).toEqual([])
    // The summary still says what was decided before the refusal.
    expect(run.summary()).toContain('| `version` | `v1.15` | the event: tag v1.15: the tag |')
  })

  it('an issue_comment run that checks out another commit gets no secret, no secret-looking build argument, no cache export', async () => {
    const run = testRun({
      env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'issue_comment', GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'org/app', GITHUB_SHA: C1 },
      checkout: { head: C2, commitTime: 1, treeState: 'clean' }
    })
    const inputs: Record<string, string> = {
      image: IMAGE,
      os: 'linux',
      secrets: 'deploy=s3cr3t',
      'build-args': 'MY_TOKEN=abc\nPLAIN=1',
      'cache-to': `type=registry,ref=${IMAGE}-cache:{platform},mode=max`,
      'fork-secrets': 'true'
    }
    const defaults = actionMetadata().inputs
    const results = await runPipeline(
      readActionInputs((name) => inputs[name] ?? (defaults[name]?.default?.startsWith('${{') ? '' : (defaults[name]?.default ?? ''))),
      run.edges
    )
    expect(results.policy?.commit).toMatchObject({ commit: C2, eventCommit: C1, untrusted: true })
    const [build] = run.buildx.commands.filter((args) => args[1] === 'build')
    expect(build.filter((_arg, i) => ['--secret', '--cache-to'].includes(build[i - 1]))).toEqual([])
    expect(build).toContain('PLAIN=1')
    expect(build.join(' ')).not.toContain('MY_TOKEN')
    expect(run.log.warnings).toContainEqual(
      expect.stringContaining(`this run builds a commit the event is not about (${C2}), so the secrets deploy are withheld from its build`)
    )
  })

  it('publishes a list that drops platforms its tag holds with a warning naming them, in the log, the summary and an output', async () => {
    const registry = dryRegistry()
    await commandLine(['--output-type', 'registry', '--os', 'linux,windows'], { registry })
    const { run, results } = await commandLine(['--output-type', 'registry', '--os', ''], { registry })
    expect(run.log.warnings).toContain("flag --os is empty, so its default, 'linux', is used")
    const dropped = [{ tag: 'velero/velero:main', platforms: [expect.stringMatching(/^windows\/amd64 \(os\.version 10\.0\.20348\.\d+\)$/)] }]
    expect(results.publication?.dropped).toEqual(dropped)
    expect(run.outputs()?.['dropped-platforms']).toEqual(dropped)
    expect(run.log.warnings).toContainEqual(
      expect.stringMatching(/^velero\/velero:main holds windows\/amd64 .* now, which this run's list does not: moving it drops them/)
    )
    expect(run.summary()).toContain('**Dropped platforms:** `velero/velero:main` held windows/amd64')
  })
})
