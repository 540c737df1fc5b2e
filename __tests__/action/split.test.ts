// One release across several jobs, on real buildx and BuildKit: legs (role: build) each build their platforms and
// hand their results on as files, the merge (role: merge) checks them and publishes the lists. Artifacts between
// jobs are directories here: each leg writes its own, and the merge's is filled with all their files, as
// actions/download-artifact with merge-multiple does.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, EVENTS } from '../helpers/action.js'
import { Buildkit, buildxAtLeast, WINDOWS_2022 } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { Registry, registryTags, skopeoRaw } from '../helpers/docker.js'

let registry: Registry
let buildkit: Buildkit
let workspace: string

const LEGS = [
  { os: 'linux', arch: 'amd64' },
  { os: 'linux', arch: 'arm64' },
  { os: 'windows', arch: 'amd64' }
]
const WHOLE_SET = { os: 'linux,windows', arch: 'amd64,arm64' }

const newDir = (name: string): string => mkdtempSync(path.join(os.tmpdir(), `${name}-`))

async function act(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const docker = buildkit.docker(env)
  const run = await runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', version: 'v1.16.0', release: 'true', ...inputs },
    { workspace, env: docker.env }
  )
  return { run, docker }
}

/** Runs every leg into a results directory of its own, and returns them. */
async function legs(repository: string, extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const dirs: string[] = []
  for (const leg of LEGS) {
    const dir = newDir('leg')
    const { run } = await act({ role: 'build', registry: repository, 'results-dir': dir, ...leg, ...extra }, env)
    expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['results-dir']).toBe(dir)
    dirs.push(dir)
  }
  return dirs
}

/** What download-artifact with merge-multiple makes of the legs' artifacts: all their files in one directory. */
function downloaded(dirs: string[]): string {
  const dir = newDir('merged')
  for (const leg of dirs) cpSync(leg, dir, { recursive: true })
  return dir
}

const merge = (repository: string, resultsDir: string, extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) =>
  act({ role: 'merge', registry: repository, 'results-dir': resultsDir, ...WHOLE_SET, ...extra }, env)

const resultOf = (dirs: string[], platform: string) =>
  dirs.flatMap((dir) => readdirSync(dir).map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')))).find((r) => r.platform === platform)

describeOnBuildkit('legs and a merge on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(() => {
    workspace = appWorkspace(registry)
  })

  describe('three legs, then the merge', () => {
    let dirs: string[]
    let merged: Awaited<ReturnType<typeof merge>>
    let single: Awaited<ReturnType<typeof act>>
    let tagsAfterLegs: string[]
    const repository = () => `${registry.prefix}/split`
    beforeAll(async () => {
      dirs = await legs(repository(), { 'tag-latest': 'true' })
      tagsAfterLegs = registryTags(`${repository()}/velero`)
      merged = await merge(repository(), downloaded(dirs), { 'tag-latest': 'true' })
      single = await act({ registry: `${registry.prefix}/single`, ...WHOLE_SET, 'tag-latest': 'true' })
    })

    it('each leg pushed its images by digest alone, moved no tag, and wrote one result per platform with that digest', () => {
      expect(tagsAfterLegs).toEqual([])
      const windows = resultOf(dirs, 'windows/amd64/ltsc2022')
      expect(windows).toMatchObject({
        schema: 3,
        image: `${repository()}/velero`,
        version: 'v1.16.0',
        outputType: 'registry',
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/)
      })
      expect(windows.buildx).toMatch(/^github\.com\/docker\/buildx v0\.\d+/)
      // The merge then gave each platform tag the very digest its leg pushed.
      expect(skopeoRaw(`${repository()}/velero:v1.16.0-windows-ltsc2022-amd64`)?.digest).toBe(windows.digest)
      expect(skopeoRaw(`${repository()}/velero:latest-windows-ltsc2022-amd64`)?.digest).toBe(windows.digest)
      expect(skopeoRaw(`${repository()}/velero:v1.16.0`)?.digest).toBe(merged.run.outputs.digest)
      expect(registryTags(`${repository()}/velero`)).toEqual([
        'latest',
        'latest-linux-amd64',
        'latest-linux-arm64',
        'latest-windows-ltsc2022-amd64',
        'v1.16.0',
        'v1.16.0-linux-amd64',
        'v1.16.0-linux-arm64',
        'v1.16.0-windows-ltsc2022-amd64'
      ])
    })

    it("the merge publishes the lists from the legs' digests, as a single run publishes them", () => {
      expect(merged.run.exitCode).toBe(0)
      expect(single.run.exitCode).toBe(0)
      for (const tag of ['v1.16.0', 'latest']) {
        const list = skopeoRaw(`${repository()}/velero:${tag}`)
        const alone = skopeoRaw(`${registry.prefix}/single/velero:${tag}`)
        // In the design's order, as a single run's.
        const entries = (raw: typeof list) => raw?.json.manifests ?? []
        expect(entries(list).map((m) => m.digest)).toEqual(['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'].map((p) => resultOf(dirs, p).digest))
        expect(entries(list).map((m) => [m.mediaType, m.platform])).toEqual(entries(alone).map((m) => [m.mediaType, m.platform]))
        expect(entries(list)[2].platform).toEqual({ architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 })
        expect(list?.json.mediaType).toBe(alone?.json.mediaType)
      }
      expect(JSON.parse(merged.run.outputs.tags)).toEqual([`${repository()}/velero:v1.16.0`, `${repository()}/velero:latest`])
    })

    it("the merge builds nothing, and assembles each list from the legs' digests, each Windows entry with its os.version", () => {
      const calls = merged.docker.dockerCalls()
      expect(calls.map((args) => args.slice(0, 3).join(' '))).toEqual(['buildx version', 'buildx imagetools create', 'buildx imagetools create'])
      const windows = JSON.parse(calls[1][calls[1].length - 1])
      expect(windows).toEqual({
        digest: resultOf(dirs, 'windows/amd64/ltsc2022').digest,
        size: expect.any(Number),
        platform: { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
      })
    })

    it("the merge's job summary has a row for every platform from the legs' results, and the lists", async () => {
      const summary = path.join(newDir('summary'), 'summary.md')
      writeFileSync(summary, '')
      const again = await merge(repository(), downloaded(dirs), { 'tag-latest': 'true' }, { GITHUB_STEP_SUMMARY: summary })
      expect(again.run.exitCode).toBe(0)
      const text = readFileSync(summary, 'utf8')
      for (const platform of ['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022']) {
        expect(text).toContain(`| \`${platform}\` |`)
        expect(text).toContain(resultOf(dirs, platform).digest)
      }
      expect(text).toContain('built by its leg')
      expect(text).toContain(`| \`${repository()}/velero:latest\` | \`sha256:`)
    })
  })

  // buildx before 0.12 cannot annotate (annotations.test.ts shows the refusal).
  ;(buildxAtLeast(12) ? it : it.skip)(
    'with index annotations, the merge publishes an OCI index under every extra tag, each Windows entry with its os.version',
    async () => {
      const repository = `${registry.prefix}/split-annotated`
      const annotations = { annotations: 'manifest:org.example.team=storage\nindex:org.opencontainers.image.description=Velero' }
      const dirs = await legs(repository, annotations)
      const { run } = await merge(repository, downloaded(dirs), { ...annotations, 'extra-tags': `${repository}/velero:v1.16` })
      expect(run.exitCode).toBe(0)
      const index = skopeoRaw(`${repository}/velero:v1.16.0`)
      expect(index?.json.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      expect(index?.json.annotations).toMatchObject({ 'org.opencontainers.image.description': 'Velero', 'org.opencontainers.image.version': 'v1.16.0' })
      const windows = (index?.json.manifests ?? []).find((m: { platform?: Record<string, string> }) => m.platform?.os === 'windows')
      expect(windows).toMatchObject({ digest: resultOf(dirs, 'windows/amd64/ltsc2022').digest, platform: { 'os.version': WINDOWS_2022 } })
      expect(skopeoRaw(`${repository}/velero:v1.16`)?.digest).toBe(index?.digest)
      // A release run of the highest release: latest too (tag-latest: auto).
      expect(JSON.parse(run.outputs.tags)).toEqual([`${repository}/velero:v1.16.0`, `${repository}/velero:latest`, `${repository}/velero:v1.16`])
    }
  )

  it('a leg run again into the same results-dir (a re-run) leaves one result, and the merge takes it', async () => {
    const repository = `${registry.prefix}/rerun`
    const dirs = await legs(repository)
    const again = await act({ role: 'build', registry: repository, 'results-dir': dirs[1], ...LEGS[1], 'build-args': 'CHANGED=1' })
    expect(again.run.exitCode).toBe(0)
    expect(readdirSync(dirs[1])).toHaveLength(1)
    const { run } = await merge(repository, downloaded(dirs))
    expect(run.exitCode).toBe(0)
    expect(skopeoRaw(`${repository}/velero:v1.16.0`)?.json.manifests?.map((m) => m.digest)).toContain(resultOf([dirs[1]], 'linux/arm64').digest)
  })

  describe('the merge refuses, and moves no list tag', () => {
    let dirs: string[]
    let before: string | undefined
    const repository = () => `${registry.prefix}/refuse`
    beforeAll(async () => {
      dirs = await legs(repository())
      expect((await merge(repository(), downloaded(dirs))).run.exitCode).toBe(0)
      before = skopeoRaw(`${repository()}/velero:v1.16.0`)?.digest
    })

    const refused = async (resultsDir: string, problem: string, extra: Record<string, string> = {}) => {
      const tags = registryTags(`${repository()}/velero`).map((tag) => [tag, skopeoRaw(`${repository()}/velero:${tag}`)?.digest])
      const { run } = await merge(repository(), resultsDir, extra)
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toContain(problem)
      expect(skopeoRaw(`${repository()}/velero:v1.16.0`)?.digest).toBe(before)
      expect(registryTags(`${repository()}/velero`).map((tag) => [tag, skopeoRaw(`${repository()}/velero:${tag}`)?.digest])).toEqual(tags)
    }

    it('a missing leg', async () => {
      await refused(downloaded(dirs.slice(0, 2)), 'windows/amd64/ltsc2022 has no result')
    })

    it('a duplicated result', async () => {
      const dir = downloaded(dirs)
      const [file] = readdirSync(dirs[0])
      cpSync(path.join(dirs[0], file), path.join(dir, file.replace(/\.\w+\.json$/, '.copy.json')))
      await refused(dir, 'linux/amd64 has 2 results')
    })

    it('a leg with another version', async () => {
      const other = newDir('leg')
      expect((await act({ role: 'build', registry: repository(), 'results-dir': other, ...LEGS[2], version: 'v1.16.1' })).run.exitCode).toBe(0)
      await refused(downloaded([dirs[0], dirs[1], other]), 'was built with version "v1.16.1", but the merge has "v1.16.0"')
    })

    it('a result whose digest is not in the registry', async () => {
      const dir = downloaded(dirs)
      const file = readdirSync(dir).find((name) => name.startsWith('linux-arm64.')) ?? ''
      const result = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
      const missing = `sha256:${'0'.repeat(64)}`
      result.digest = missing
      writeFileSync(path.join(dir, file), JSON.stringify(result))
      await refused(dir, `${file}: field 'digest': ${repository()}/velero@${missing} is not in the registry`)
    })
  })

  it('a platform tag moved by someone else between leg and merge cannot slip into the list, and the merge puts it back', async () => {
    const repository = `${registry.prefix}/moved`
    const dirs = await legs(repository)
    const tag = `${repository}/velero:v1.16.0-linux-amd64`
    // Someone pushes other content under the leg's platform tag.
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${registry.prefix}/base/busybox:latest`,
      `docker://${tag}`,
      '--override-arch',
      'amd64'
    ])
    const foreign = skopeoRaw(tag)?.digest
    expect(foreign).not.toBe(resultOf(dirs, 'linux/amd64').digest)
    const { run } = await merge(repository, downloaded(dirs))
    expect(run.exitCode).toBe(0)
    const entries = skopeoRaw(`${repository}/velero:v1.16.0`)?.json.manifests?.map((m) => m.digest)
    expect(entries).toContain(resultOf(dirs, 'linux/amd64').digest)
    expect(entries).not.toContain(foreign)
    expect(skopeoRaw(tag)?.digest).toBe(resultOf(dirs, 'linux/amd64').digest)
  })

  it('on a fork pull request, legs build tarballs and the merge checks them, publishes nothing, and succeeds', async () => {
    const repository = `${registry.prefix}/forkpr`
    const env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path.join(EVENTS, 'pull-request-fork.json'),
      GITHUB_REF: 'refs/pull/43/merge',
      GITHUB_BASE_REF: 'release-1.16',
      GITHUB_REPOSITORY: 'vmware-tanzu/velero'
    }
    const auto = { 'output-type': 'auto', version: 'auto', 'tag-latest': 'auto' }
    const dirs = await legs(repository, auto, env)
    expect(resultOf(dirs, 'linux/arm64')).toMatchObject({ outputType: 'tar', version: 'pr-43', tarball: '_output/velero-pr-43-linux-arm64.tar' })
    const { run, docker } = await merge(repository, downloaded(dirs), auto, env)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('The results of all 3 platforms are here and agree.')
    expect(run.stdout).toContain('output-type is tar, so nothing is published.')
    expect(docker.dockerCalls()).toEqual([])
    expect(skopeoRaw(`${repository}/velero:pr-43`)).toBeUndefined()
  })
})
