// The merge trusts only what it checked, a tag never moves back to an older commit, and docker manifest keeps its
// lists in a store of the run's own: the bundled action on real buildx and BuildKit, against Debian's registry (one
// of them behind a login), read back with skopeo.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction, runPost } from './helpers/action.js'
import { Buildkit, pushBaseImages, startBuildkit } from './helpers/buildkit.js'
import { describeOnBuildkit } from './helpers/describe-buildkit.js'
import { Registry, skopeoRaw, startRegistry } from './helpers/docker.js'
import { startTagsApi, TagsApi } from './helpers/github-api.js'
import { appWorkspace } from './helpers/workspace.js'

const EVENTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'events')
const LOGIN = { user: 'tester', password: 's3cret-for-the-test' }

let registry: Registry
let guarded: Registry
let buildkit: Buildkit
let api: TagsApi

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd }).toString().trim()

/** A registry path of its own per test. */
const repo = (name: string): string => `${registry.prefix}/${name}`
const labelsOf = (ref: string): Record<string, string> =>
  JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${ref}`]).toString()).config.Labels ?? {}

/** The main and post steps on the test's builder; `event` makes it a workflow run with the fake GitHub API. */
async function act(inputs: Record<string, string>, workspace: string, env: NodeJS.ProcessEnv = {}) {
  const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
  writeFileSync(summary, '')
  const docker = buildkit.docker({ GITHUB_STEP_SUMMARY: summary, ...env })
  const run = await runAction({ 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', version: 'main', 'github-token': 'test-token', ...inputs }, { workspace, env: docker.env })
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker, summary: readFileSync(summary, 'utf8') }
}

/** A push of main in the repository the fake API answers for, as a runner describes it. */
const onPush = (): NodeJS.ProcessEnv => ({
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: path.join(EVENTS, 'push-branch.json'),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REPOSITORY: 'vmware-tanzu/velero',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: api.url
})

describeOnBuildkit(
  'the merge trusts only what it checked, and tags move only forward, on real buildx and BuildKit',
  () => {
    beforeAll(async () => {
      registry = await startRegistry()
      guarded = await startRegistry({ login: LOGIN })
      buildkit = await startBuildkit([registry.host, guarded.host])
      pushBaseImages(registry, buildkit)
      api = await startTagsApi('vmware-tanzu/velero', [])
    })
    afterAll(async () => {
      await api?.close()
      await buildkit?.stop()
      await guarded?.stop()
      await registry?.stop()
    })

    describe('result files handed to the merge', () => {
      let legDir: string
      let workspace: string
      const image = () => repo('crafted')
      beforeAll(async () => {
        workspace = appWorkspace(registry)
        legDir = mkdtempSync(path.join(os.tmpdir(), 'leg-'))
        const { run } = await act({ role: 'build', registry: image(), os: 'linux', 'results-dir': legDir }, workspace)
        expect(run.exitCode).toBe(0)
      })

      /** The leg's results with one file changed by `craft`, merged: nothing may be published. */
      async function mergeCrafted(craft: (file: string, result: Record<string, unknown>) => void, env: NodeJS.ProcessEnv = {}) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'crafted-'))
        cpSync(legDir, dir, { recursive: true })
        const [name] = readdirSync(dir)
        craft(path.join(dir, name), JSON.parse(readFileSync(path.join(dir, name), 'utf8')))
        const merged = await act({ role: 'merge', registry: image(), os: 'linux', 'results-dir': dir }, workspace, env)
        expect(merged.run.exitCode).toBe(1)
        expect(skopeoRaw(`${image()}/velero:main`)).toBeUndefined()
        expect(merged.docker.dockerCalls().some((args) => args[0] === 'manifest')).toBe(false)
        return { ...merged, name }
      }

      it.each<[string, (file: string, result: Record<string, unknown>) => void, string]>([
        ['a digest that is an option', (file, r) => writeFileSync(file, JSON.stringify({ ...r, digest: '--help' })), `field 'digest' must be a sha256 digest, not "--help"`],
        ['a tarball outside the workspace', (file, r) => writeFileSync(file, JSON.stringify({ ...r, tarball: '../../../etc/passwd' })), `field 'tarball' must be a tarball path inside the workspace, not "../../../etc/passwd"`],
        ['seconds that are not a number', (file, r) => writeFileSync(file, JSON.stringify({ ...r, seconds: 'NaN' })), `field 'seconds' must be a number of seconds from 0 to a week, not "NaN"`],
        ['a key the action never writes', (file, r) => writeFileSync(file, JSON.stringify({ ...r, summary: '| injected |' })), `field 'summary' is not one this version of the action writes`],
        ['null', (file) => writeFileSync(file, 'null'), 'the file must be a JSON object, not null'],
        ['50 MB', (file) => truncateSync(file, 50 * 1024 * 1024), 'is 52428800 bytes; a result file is at most 65536']
      ])('%s: a clear error naming the file and the field, and nothing published', async (_case, craft, problem) => {
        const { run, summary, name } = await mergeCrafted(craft)
        expect(run.annotations.join('\n')).toContain(`${name}${problem.startsWith('is ') ? ' ' : ': '}${problem}`)
        expect(JSON.parse(run.outputs.metadata)).toEqual({})
        expect(summary).toContain('## velero-multiarch-build: failed')
      })

      it('legs of another commit: the merge at this commit publishes nothing', async () => {
        const other = 'b'.repeat(40)
        const { run, name } = await mergeCrafted(() => undefined, { GITHUB_SHA: other, GITHUB_REPOSITORY: 'vmware-tanzu/velero' })
        const built = git(workspace, 'rev-parse', 'HEAD')
        expect(run.annotations.join('\n')).toContain(`${name} was built at commit "${built}", but this merge runs at commit "${other}" (GITHUB_SHA)`)
      })
    })

    describe('newer commits win', () => {
      let child: string
      let parent: string
      let childSha: string
      let parentSha: string
      beforeAll(() => {
        // Two checkouts of one history: the child commit, and its parent.
        child = appWorkspace(registry)
        parentSha = git(child, 'rev-parse', 'HEAD')
        writeFileSync(path.join(child, 'CHANGES'), 'the child commit\n')
        git(child, 'add', '.')
        git(child, 'commit', '-qm', 'child')
        childSha = git(child, 'rev-parse', 'HEAD')
        git(child, 'branch', 'parent', parentSha)
        parent = mkdtempSync(path.join(os.tmpdir(), 'parent-'))
        execFileSync('git', ['clone', '-q', '--no-local', child, parent])
        git(parent, 'checkout', '-q', parentSha)
        // The fake API answers as GitHub does, from the real history.
        api.compare = (base, head) => {
          const isAncestor = (a: string, b: string): boolean => {
            try {
              execFileSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: child, stdio: 'ignore' })
              return true
            } catch {
              return false
            }
          }
          if (base === head) return 'identical'
          return isAncestor(base, head) ? 'ahead' : isAncestor(head, base) ? 'behind' : 'diverged'
        }
      })

      it('every image carries the OCI labels of its commit, repository, version and time', async () => {
        const { run } = await act({ registry: repo('labels'), os: 'linux,windows' }, child, onPush())
        expect(run.exitCode).toBe(0)
        for (const suffix of ['linux-amd64', 'windows-ltsc2022-amd64']) {
          expect(labelsOf(`${repo('labels')}/velero:main-${suffix}`)).toMatchObject({
            'org.opencontainers.image.revision': childSha,
            'org.opencontainers.image.source': 'https://github.com/vmware-tanzu/velero',
            'org.opencontainers.image.version': 'main',
            'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
          })
        }
      })

      it('the child, then the parent: the tag stays on the child, and the parent run says so', async () => {
        const image = `${repo('order1')}/velero`
        expect((await act({ registry: repo('order1') }, child, onPush())).run.exitCode).toBe(0)
        const onChild = skopeoRaw(`${image}:main`)?.digest
        api.requests.length = 0
        const { run, summary } = await act({ registry: repo('order1') }, parent, onPush())
        expect(run.exitCode).toBe(0)
        expect(skopeoRaw(`${image}:main`)?.digest).toBe(onChild)
        const reason = `it holds commit ${childSha}, newer than this run's ${parentSha} (which is its ancestor)`
        expect(run.annotations).toContain(`::warning::${image}:main is left where it is: ${reason}. This run publishes its other tags.`)
        expect(JSON.parse(run.outputs['kept-tags'])).toEqual([{ tag: `${image}:main`, holds: childSha, reason }])
        expect(JSON.parse(run.outputs.tags)).toEqual([])
        expect(run.outputs.digest).toBe('')
        expect(summary).toContain(`| \`${image}:main\` | kept where it was: ${reason} |`)
        // Asked of the GitHub compare API first.
        expect(api.requests).toContainEqual(expect.stringMatching(new RegExp(`^GET /repos/vmware-tanzu/velero/compare/${parentSha}\\.\\.\\.${childSha}`)))
      })

      it('the parent, then the child: the tag moves to the child', async () => {
        const image = `${repo('order2')}/velero`
        expect((await act({ registry: repo('order2') }, parent, onPush())).run.exitCode).toBe(0)
        const { run } = await act({ registry: repo('order2') }, child, onPush())
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`${image}:main moves to this run's images: it holds commit ${parentSha}, older than this run's`)
        expect(skopeoRaw(`${image}:main`)?.digest).toBe(run.outputs.digest)
        expect(labelsOf(`${image}:main`)['org.opencontainers.image.revision']).toBe(childSha)
      })

      it('the same commit twice: the tag moves', async () => {
        const image = `${repo('same')}/velero`
        expect((await act({ registry: repo('same'), 'build-args': 'ROUND=1' }, child, onPush())).run.exitCode).toBe(0)
        const { run } = await act({ registry: repo('same'), 'build-args': 'ROUND=2', 'no-cache': 'true' }, child, onPush())
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`${image}:main moves to this run's images: it holds this run's commit ${childSha}`)
        expect(JSON.parse(run.outputs['kept-tags'])).toEqual([])
      })

      it('without the GitHub API, git in the checkout decides', async () => {
        expect((await act({ registry: repo('git') }, child, onPush())).run.exitCode).toBe(0)
        api.failing = true
        try {
          const { run } = await act({ registry: repo('git') }, parent, onPush())
          expect(run.exitCode).toBe(0)
          expect(JSON.parse(run.outputs['kept-tags'])).toEqual([expect.objectContaining({ tag: `${repo('git')}/velero:main`, holds: childSha })])
        } finally {
          api.failing = false
        }
      })

      it('when neither the API nor a shallow checkout can tell, no list is pushed and the error says what to give', async () => {
        expect((await act({ registry: repo('blind') }, child, onPush())).run.exitCode).toBe(0)
        const onChild = skopeoRaw(`${repo('blind')}/velero:main`)?.digest
        const shallow = mkdtempSync(path.join(os.tmpdir(), 'shallow-'))
        execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'parent', `file://${child}`, shallow])
        api.failing = true
        try {
          const { run } = await act({ registry: repo('blind') }, shallow, onPush())
          expect(run.exitCode).toBe(1)
          expect(run.annotations.join('\n')).toContain(`holds commit ${childSha}, and whether it is newer than this run's ${parentSha} cannot be told`)
          expect(run.annotations.join('\n')).toContain('permissions: contents: read')
          expect(skopeoRaw(`${repo('blind')}/velero:main`)?.digest).toBe(onChild)
        } finally {
          api.failing = false
        }
      })
    })

    describe("docker manifest in a store of the run's own", () => {
      it('publishes to a registry that needs a login, with the logins of config.json, and leaves the user\'s own lists alone', async () => {
        const workspace = appWorkspace(registry)
        const docker = buildkit.docker()
        const auth = Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64')
        writeFileSync(path.join(docker.configDir, 'config.json'), JSON.stringify({ auths: { [guarded.host]: { auth } } }))
        // A list another job of this runner is making, under the same name, in the user's store.
        const list = `${guarded.host}/team/velero:main`
        const busybox = skopeoRaw(`${registry.host}/base/busybox:latest`)?.json.manifests?.[1].digest
        execFileSync('docker', ['manifest', 'create', '--insecure', list, `${registry.host}/base/busybox@${busybox}`], { env: { ...process.env, DOCKER_CONFIG: docker.configDir }, stdio: 'ignore' })
        const theirs = readdirSync(path.join(docker.configDir, 'manifests'))

        const run = await runAction({ 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', registry: `${guarded.host}/team`, os: 'linux,windows' }, { workspace, env: docker.env })
        expect(run.exitCode).toBe(0)
        const raw = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', '--creds', `${LOGIN.user}:${LOGIN.password}`, `docker://${list}`]).toString())
        expect(raw.manifests.map((m: { platform: { os: string } }) => m.platform.os)).toEqual(['linux', 'windows'])
        expect(run.stdout).not.toContain(LOGIN.password)
        // Every docker manifest command ran in the run's own store, gone when the run ended.
        const manifestCalls = docker.dockerTimings().filter((call) => call.args[0] === 'manifest')
        expect(manifestCalls.length).toBeGreaterThan(0)
        for (const call of manifestCalls) expect(call.config).toMatch(/\/velero-multiarch-\w+\/docker-manifest-config$/)
        expect(existsSync(manifestCalls[0].config ?? '')).toBe(false)
        expect(readdirSync(path.join(docker.configDir, 'manifests'))).toEqual(theirs)
      })
    })
  },
  { ownBuildkitd: 'a registry behind a login and a buildkitd that knows it are started by the tests' }
)
