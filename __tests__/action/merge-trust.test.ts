// The merge trusts only what it checked, a tag never moves back to an older commit, and a registry's login is found
// where docker finds it: the bundled action on real buildx and BuildKit, against Debian's registry (one of them
// behind a login), read back with skopeo.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { runAction, runPost, EVENTS } from '../helpers/action.js'
import { Buildkit, pushBaseImages, startBuildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, registryTags, skopeoRaw, startRegistry } from '../helpers/docker.js'
import { startTagsApi, TagsApi } from '../helpers/github-api.js'
import { startTokenRegistry, TokenRegistry } from '../helpers/token-registry.js'
import { appWorkspace } from '../helpers/workspace.js'

const LOGIN = { user: 'tester', password: 's3cret-for-the-test' }

let registry: Registry
let guarded: Registry
let bearer: TokenRegistry
let buildkit: Buildkit
let api: TagsApi

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd })
    .toString()
    .trim()

/** A registry path of its own per test. */
const repo = (name: string): string => `${registry.prefix}/${name}`
const labelsOf = (ref: string): Record<string, string> =>
  JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${ref}`]).toString()).config.Labels ?? {}

/** The main and post steps on the test's builder; `event` makes it a workflow run with the fake GitHub API. */
async function act(inputs: Record<string, string>, workspace: string, env: NodeJS.ProcessEnv = {}) {
  const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
  writeFileSync(summary, '')
  const docker = buildkit.docker({ GITHUB_STEP_SUMMARY: summary, ...env })
  const run = await runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', version: 'main', 'github-token': 'test-token', ...inputs },
    { workspace, env: docker.env }
  )
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
      bearer = await startTokenRegistry()
      buildkit = await startBuildkit([registry.host, guarded.host, bearer.host])
      pushBaseImages(registry, buildkit)
      api = await startTagsApi('vmware-tanzu/velero', [])
    })
    afterAll(async () => {
      await api?.close()
      await buildkit?.stop()
      await bearer?.stop()
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
        expect(registryTags(`${image()}/velero`)).toEqual([])
        return { ...merged, name }
      }

      it.each<[string, (file: string, result: Record<string, unknown>) => void, string]>([
        [
          'a digest that is an option',
          (file, r) => writeFileSync(file, JSON.stringify({ ...r, digest: '--help' })),
          `field 'digest' must be a sha256 digest, not "--help"`
        ],
        [
          'a tarball outside the workspace',
          (file, r) => writeFileSync(file, JSON.stringify({ ...r, tarball: '../../../etc/passwd' })),
          `field 'tarball' must be a tarball path inside the workspace, not "../../../etc/passwd"`
        ],
        [
          'seconds that are not a number',
          (file, r) => writeFileSync(file, JSON.stringify({ ...r, seconds: 'NaN' })),
          `field 'seconds' must be a number of seconds from 0 to a week, not "NaN"`
        ],
        [
          'a key the action never writes',
          (file, r) => writeFileSync(file, JSON.stringify({ ...r, summary: '| injected |' })),
          `field 'summary' is not one this version of the action writes`
        ],
        ['null', (file) => writeFileSync(file, 'null'), 'the file must be a JSON object, not null'],
        ['50 MB', (file) => truncateSync(file, 50 * 1024 * 1024), 'is 52428800 bytes; a result file is at most 65536']
      ])('%s: a clear error naming the file and the field, and nothing published', async (_case, craft, problem) => {
        const { run, summary, name } = await mergeCrafted(craft)
        expect(run.annotations.join('\n')).toContain(`${name}${problem.startsWith('is ') ? ' ' : ': '}${problem}`)
        expect(JSON.parse(run.outputs.metadata)).toEqual({})
        expect(summary).toContain('## velero-multiarch-build: failed')
      })

      it("a digest of another commit's image of the same repository: refused, naming the file and the field, and nothing published", async () => {
        // An older image of the same repository (an old release, say), built at another commit.
        const older = appWorkspace(registry)
        writeFileSync(path.join(older, 'CHANGES'), 'an older commit\n')
        git(older, 'add', '.')
        git(older, 'commit', '-qm', 'older')
        const olderDir = mkdtempSync(path.join(os.tmpdir(), 'older-leg-'))
        expect((await act({ role: 'build', registry: image(), os: 'linux', 'results-dir': olderDir }, older)).run.exitCode).toBe(0)
        const [olderFile] = readdirSync(olderDir)
        const olderDigest = JSON.parse(readFileSync(path.join(olderDir, olderFile), 'utf8')).digest
        const { run, name } = await mergeCrafted((file, r) => writeFileSync(file, JSON.stringify({ ...r, digest: olderDigest })))
        expect(run.annotations.join('\n')).toContain(
          `${name}: field 'digest': ${image()}/velero@${olderDigest} is an image with org.opencontainers.image.revision ${git(older, 'rev-parse', 'HEAD')}, not this run's commit ${git(workspace, 'rev-parse', 'HEAD')}; nothing was published`
        )
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
        // GitHub's repository: main points to the child, newest; runs of the parent are late.
        git(child, 'branch', 'main', childSha)
        api.heads['heads/main'] = childSha
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

      it('the child, then the parent: the tag stays on the child, its platform tags with it, and the parent run says so', async () => {
        const image = `${repo('order1')}/velero`
        const platformTags = ['main-linux-amd64', 'main-windows-ltsc2022-amd64']
        expect((await act({ registry: repo('order1'), os: 'linux,windows' }, child, onPush())).run.exitCode).toBe(0)
        const onChild = ['main', ...platformTags].map((tag) => skopeoRaw(`${image}:${tag}`)?.digest)
        api.requests.length = 0
        const { run, summary } = await act({ registry: repo('order1'), os: 'linux,windows' }, parent, onPush())
        expect(run.exitCode).toBe(0)
        // main and its own platform tags agree: all still the child's.
        expect(['main', ...platformTags].map((tag) => skopeoRaw(`${image}:${tag}`)?.digest)).toEqual(onChild)
        expect(labelsOf(`${image}:main-linux-amd64`)['org.opencontainers.image.revision']).toBe(childSha)
        const reason = `it holds commit ${childSha}, newer than this run's ${parentSha} on refs/heads/main (which points to ${childSha})`
        expect(run.annotations).toContain(`::notice::${image}:main is left where it is, and its platform tags with it: ${reason}`)
        expect(JSON.parse(run.outputs['kept-tags'])).toEqual([{ tag: `${image}:main`, holds: childSha, reason }])
        expect(JSON.parse(run.outputs.tags)).toEqual([])
        expect(run.outputs.digest).toBe('')
        expect(summary).toContain(`| \`${image}:main\` | \`sha256:`)
        expect(summary).toContain(`kept where it was: ${reason} |`)
        expect(summary).toContain(`| \`${image}:main-windows-ltsc2022-amd64\` | \``)
        // Asked of the GitHub compare API first.
        expect(api.requests).toContainEqual(expect.stringMatching(new RegExp(`^GET /repos/vmware-tanzu/velero/compare/${parentSha}\\.\\.\\.${childSha}`)))
      })

      it('the parent, then the child: the tag moves to the child', async () => {
        const image = `${repo('order2')}/velero`
        expect((await act({ registry: repo('order2') }, parent, onPush())).run.exitCode).toBe(0)
        const { run } = await act({ registry: repo('order2') }, child, onPush())
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(
          `${image}:main moves to this run's list: it holds commit ${parentSha}; this run's commit ${childSha} is the head of refs/heads/main`
        )
        expect(skopeoRaw(`${image}:main`)?.digest).toBe(run.outputs.digest)
        expect(labelsOf(`${image}:main`)['org.opencontainers.image.revision']).toBe(childSha)
      })

      it('a new build of the same commit (not reproducible): the tag moves to the newest build', async () => {
        const image = `${repo('same')}/velero`
        expect((await act({ registry: repo('same'), reproducible: 'false' }, child, onPush())).run.exitCode).toBe(0)
        // The created label is the run's time, in whole seconds.
        await new Promise((resolve) => setTimeout(resolve, 1100))
        const { run } = await act({ registry: repo('same'), reproducible: 'false', 'no-cache': 'true' }, child, onPush())
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toContain(`${image}:main moves to this run's list: it holds this run's commit ${childSha}`)
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
          expect(run.annotations.join('\n')).toContain(
            `where this run's commit ${parentSha} stands to refs/heads/main (which points to ${childSha}) cannot be told`
          )
          expect(run.annotations.join('\n')).toContain('permissions: contents: read')
          expect(skopeoRaw(`${repo('blind')}/velero:main`)?.digest).toBe(onChild)
        } finally {
          api.failing = false
        }
      })
    })

    describe('a registry behind a login, reached through each form of stored login', () => {
      const basic = Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64')
      /** A credential helper as docker runs one: the server on standard input, the login as JSON on standard output. */
      function helper(bin: string, name: string): string {
        const asked = path.join(bin, `${name}.asked`)
        writeFileSync(
          path.join(bin, `docker-credential-${name}`),
          `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\necho "$server" >> '${asked}'\nif [ "$server" = '${guarded.host}' ]; then printf '{"ServerURL":"%s","Username":"${LOGIN.user}","Secret":"${LOGIN.password}"}' "$server"; else echo 'credentials not found in native keychain'; exit 1; fi\n`,
          { mode: 0o755 }
        )
        return asked
      }
      const binOf = (env: NodeJS.ProcessEnv): string => (env.PATH ?? '').split(':')[0]

      it.each<[string, (config: string, bin: string) => string | undefined]>([
        [
          'auths under the host',
          (config) => (writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [guarded.host]: { auth: basic } } })), undefined)
        ],
        [
          'auths under an https:// key',
          (config) => (
            writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [`https://${guarded.host}/v2/`]: { auth: basic } } })),
            undefined
          )
        ],
        [
          'a credential helper for the host (credHelpers)',
          (config, bin) => (
            writeFileSync(path.join(config, 'config.json'), JSON.stringify({ credHelpers: { [guarded.host]: 'rigtest' } })),
            helper(bin, 'rigtest')
          )
        ],
        [
          'the credential store (credsStore)',
          (config, bin) => (writeFileSync(path.join(config, 'config.json'), JSON.stringify({ credsStore: 'rigstore' })), helper(bin, 'rigstore'))
        ]
      ])('%s: every tag published, the login never in the log', async (_form, store) => {
        const workspace = appWorkspace(registry)
        const docker = buildkit.docker()
        const asked = store(docker.configDir, binOf(docker.env))
        const team = `${guarded.host}/team${Math.random().toString(36).slice(2, 8)}`
        const run = await runAction(
          { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', registry: team, os: 'linux,windows' },
          { workspace, env: docker.env }
        )
        expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
        expect(run.exitCode).toBe(0)
        const creds = ['--creds', `${LOGIN.user}:${LOGIN.password}`]
        const tags = JSON.parse(execFileSync('skopeo', ['list-tags', '--tls-verify=false', ...creds, `docker://${team}/velero`]).toString()).Tags.sort()
        expect(tags).toEqual(['main', 'main-linux-amd64', 'main-windows-ltsc2022-amd64'])
        const raw = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', ...creds, `docker://${team}/velero:main`]).toString())
        expect(raw.manifests.map((m: { platform: { os: string } }) => m.platform.os)).toEqual(['linux', 'windows'])
        // GitHub hides a masked value; nothing else may print it.
        expect(run.stdout.split('\n').filter((line) => line.includes(LOGIN.password) && !line.startsWith('::add-mask::'))).toEqual([])
        if (asked) expect(readFileSync(asked, 'utf8').split('\n')).toContain(guarded.host)
      })

      it.each<[string, () => object]>([
        ['a password', () => ({ auths: { [bearer.host]: { auth: Buffer.from(`${bearer.user}:${bearer.password}`).toString('base64') } } })],
        [
          'an identity token',
          () => ({ auths: { [bearer.host]: { auth: Buffer.from(`${bearer.user}:`).toString('base64'), identitytoken: bearer.refreshToken } } })
        ]
      ])('a registry that hands out Bearer tokens, as GHCR and Docker Hub do, with %s: every tag published', async (_login, config) => {
        const workspace = appWorkspace(registry)
        const docker = buildkit.docker()
        writeFileSync(path.join(docker.configDir, 'config.json'), JSON.stringify(config()))
        const team = `${bearer.host}/team${Math.random().toString(36).slice(2, 8)}`
        const asked = bearer.tokenRequests.length
        const run = await runAction(
          { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', registry: team, os: 'linux,windows' },
          { workspace, env: docker.env }
        )
        expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
        expect(run.exitCode).toBe(0)
        // Not execFileSync: the token service runs in this process, and skopeo asks it.
        const listed = await promisify(execFile)('skopeo', [
          'list-tags',
          '--tls-verify=false',
          '--creds',
          `${bearer.user}:${bearer.password}`,
          `docker://${team}/velero`
        ])
        expect(JSON.parse(listed.stdout).Tags.sort()).toEqual(['main', 'main-linux-amd64', 'main-windows-ltsc2022-amd64'])
        // The action asked for a token that may push to its repository, as its login allows.
        const grant = 'identitytoken' in Object.values((config() as { auths: Record<string, object> }).auths)[0] ? 'refresh_token' : 'basic'
        expect(bearer.tokenRequests.slice(asked)).toContainEqual(
          expect.stringMatching(new RegExp(`^(GET|POST) repository:${team.slice(bearer.host.length + 1)}/velero:pull,push ${grant}$`))
        )
        expect(
          run.stdout.split('\n').filter((line) => (line.includes(bearer.password) || line.includes(bearer.refreshToken)) && !line.startsWith('::add-mask::'))
        ).toEqual([])
      })

      it('no login at all: the registry refuses, and the error says to log in', async () => {
        const workspace = appWorkspace(registry)
        const docker = buildkit.docker()
        const run = await runAction(
          { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', registry: `${guarded.host}/nobody`, os: 'linux' },
          { workspace, env: docker.env }
        )
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toMatch(/log in/)
      })
    })
  },
  { ownBuildkitd: 'a registry behind a login and a buildkitd that knows it are started by the tests' }
)
