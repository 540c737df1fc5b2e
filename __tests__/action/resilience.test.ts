// Nothing half-published, on real buildx and BuildKit: faults injected by a proxy in front of the real registry,
// failing platforms with and without fail-fast, Windows images that must not be published, and a cancelled run.
// BuildKit retries some pushes itself, so these tests assert outcomes, not how many attempts were made.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeOnBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { ACTION_ENTRY, ACTION_NODE, actionMetadata, parseCommandFile, runAction, runPost } from '../helpers/action.js'
import { Buildkit, buildxProcesses, pushBaseImages, startBuildkit, WINDOWS_2022 } from '../helpers/buildkit.js'
import { pushBaseImage, Registry, registryTags, skopeoRaw, startRegistry } from '../helpers/docker.js'
import { FaultProxy, SERVICE_UNAVAILABLE, startFaultProxy, tooManyRequests } from '../helpers/fault-proxy.js'

let registry: Registry
let proxy: FaultProxy
let buildkit: Buildkit

const OWN_BUILDKITD = 'the fault proxy must be named in the config of a buildkitd started by the tests'

/** Publishes through the proxy, on the test's builder; the registry's own address is used only to check what it holds. */
async function publish(repository: string, inputs: Record<string, string> = {}, options: { workspace?: string; through?: string } = {}) {
  const docker = buildkit.docker()
  const workspace = options.workspace ?? appWorkspace(registry)
  const run = await runAction(
    {
      'buildx-instance': buildkit.builder,
      'output-type': 'registry',
      registry: `${options.through ?? proxy.host}/${repository}`,
      'insecure-registry': 'true',
      os: 'linux,windows',
      ...inputs
    },
    { workspace, env: docker.env }
  )
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker }
}

const listDigest = (repository: string, tag = 'main') => skopeoRaw(`${registry.host}/${repository}/velero:${tag}`)?.digest
const listManifestPut = (repository: string, tag = 'main') => new RegExp(`^/v2/${repository}/velero/manifests/${tag}$`)

describeOnBuildkit(
  'resilience on real buildx and BuildKit',
  () => {
    beforeAll(async () => {
      registry = await startRegistry()
      proxy = await startFaultProxy(registry.host)
      buildkit = await startBuildkit([registry.host, proxy.host])
      pushBaseImages(registry, buildkit)
    })

    afterAll(async () => {
      await buildkit?.stop()
      await proxy?.close()
      await registry?.stop()
    })

    describe('transient registry faults', () => {
      it('503 on the first two manifest PUTs: published, the list checked against what was built', async () => {
        proxy.rules = [{ method: 'PUT', path: /\/manifests\//, times: 2, fault: SERVICE_UNAVAILABLE }]
        const { run } = await publish('retry503')
        expect(run.exitCode).toBe(0)
        expect(proxy.requests.filter((r) => r.startsWith('PUT') && r.endsWith(' 503'))).toHaveLength(2)
        expect(listDigest('retry503')).toBe(run.outputs.digest)
        expect(skopeoRaw(`${registry.host}/retry503/velero:main`)?.json.manifests?.map((m) => m.platform)).toEqual([
          { architecture: 'amd64', os: 'linux' },
          { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
        ])
      })

      it('429 with a retry delay on the list push: waits as asked, then publishes', async () => {
        proxy.rules = [{ method: 'PUT', path: listManifestPut('retry429'), times: 1, fault: tooManyRequests(1) }]
        const { run } = await publish('retry429')
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toMatch(/::warning::pushing [^ ]+\/retry429\/velero:main: rate limited \(429\); retry 1 of 3 in 1\.0 s \(as the registry asked\)/)
        expect(listDigest('retry429')).toBe(run.outputs.digest)
      })

      it('a connection dropped during a blob upload: published', async () => {
        proxy.rules = [{ method: 'PUT', path: /\/blobs\/uploads\//, times: 1, fault: 'drop' }]
        const { run } = await publish('dropped')
        expect(run.exitCode).toBe(0)
        expect(proxy.requests.some((r) => r.endsWith(' dropped'))).toBe(true)
        expect(listDigest('dropped')).toBe(run.outputs.digest)
      })

      it('with attestations, the list push gets the same retries: 503s, then published', async () => {
        proxy.rules = [{ method: 'PUT', path: listManifestPut('attested'), times: 2, fault: SERVICE_UNAVAILABLE }]
        const { run } = await publish('attested', { provenance: 'true' })
        expect(run.exitCode).toBe(0)
        expect(run.stdout).toMatch(/::warning::pushing [^ ]+\/attested\/velero:main: registry server error \(5xx\); retry 1 of 3 in \d+\.\d s/)
        expect(listDigest('attested')).toBe(run.outputs.digest)
        expect(skopeoRaw(`${registry.host}/attested/velero:main`)?.json.manifests).toHaveLength(4)
      })

      it('a 503 on a platform push, after a log line with 3.401 and "errors" in it, is retried as a 503', async () => {
        // BuildKit 0.32 tries a push 4 times itself, 1 s, 2 s and 4 s apart, with two PUTs each: 8 faults reach buildx.
        // The build pushes by digest; what faults remain reach the action's own push of the list by its digest.
        proxy.rules = [{ method: 'PUT', path: /^\/v2\/say401\/velero\/manifests\/sha256:/, times: 8, fault: SERVICE_UNAVAILABLE }]
        const { run } = await publish('say401', {
          os: 'linux',
          'build-args': 'SAY=3.401 go: downloading github.com/pkg/errors v0.9.1',
          retries: '5',
          'retry-max-wait': '30'
        })
        proxy.rules = []
        expect(run.stdout).toContain('3.401 go: downloading github.com/pkg/errors')
        expect(run.stdout).toMatch(/::warning::build for linux\/amd64: registry server error \(5xx\); retry 1 of 5/)
        expect(run.stdout).not.toContain('not authorized')
        expect(run.exitCode).toBe(0)
        expect(listDigest('say401')).toBe(run.outputs.digest)
      })

      it('a registry that takes the list push and never answers: stopped at its bound, the tag read again and reported possibly moved', async () => {
        proxy.rules = [{ method: 'PUT', path: listManifestPut('hung'), times: Infinity, fault: 'hang' }]
        const started = Date.now()
        const { run, post } = await publish('hung', { os: 'linux', 'command-timeout': '5', retries: '0' })
        proxy.rules = []
        const ref = `${proxy.host}/hung/velero:main`
        expect(run.exitCode).toBe(1)
        expect(run.annotations).toContain(
          `::error::${ref} may have moved: its push did not finish within command-timeout and was stopped; read again, the tag holds nothing: the tag is not there. No further tag was moved.`
        )
        expect(JSON.parse(run.outputs['possibly-moved-tags'])).toEqual([{ tag: ref, holds: 'nothing: the tag is not there' }])
        expect(JSON.parse(run.outputs.tags)).toEqual([])
        expect(proxy.requests).toContainEqual(`PUT /v2/hung/velero/manifests/main hung`)
        // The push was stopped at 5 s: the run does not wait on the registry.
        expect(Date.now() - started).toBeLessThan(45_000)
        expect(post.exitCode).toBe(0)
      })

      it('a read-back that fails after a good push: the list is reported published, and the run fails saying so', async () => {
        proxy.rules = [
          {
            method: 'GET',
            path: listManifestPut('unread'),
            times: Infinity,
            fault: SERVICE_UNAVAILABLE,
            after: { method: 'PUT', path: listManifestPut('unread') }
          }
        ]
        const { run } = await publish('unread', { os: 'linux', retries: '1', 'retry-max-wait': '2' })
        proxy.rules = []
        const ref = `${proxy.host}/unread/velero:main`
        expect(run.exitCode).toBe(1)
        expect(JSON.parse(run.outputs.tags)).toEqual([ref])
        expect(run.outputs.digest).toBe(listDigest('unread'))
        expect(run.annotations.join('\n')).toContain(
          `${ref} was pushed (${listDigest('unread')}), but reading it back failed: reading ${ref}: the registry answered 503 after 2 attempts`
        )
      })

      it('a registry that refuses the list for good: fails clearly, the earlier list is untouched, and the summary says which tags moved', async () => {
        proxy.rules = []
        // One checkout: the second run is of the same commit, so its list may replace the first's.
        const workspace = appWorkspace(registry)
        const first = await publish('refusing', {}, { workspace })
        expect(first.run.exitCode).toBe(0)
        const before = listDigest('refusing')

        proxy.rules = [{ method: 'PUT', path: listManifestPut('refusing'), times: Infinity, fault: SERVICE_UNAVAILABLE }]
        // Another label: other images, so the tags move (the same inputs would build the same images, and move nothing).
        const { run, post } = await publish('refusing', { labels: 'test.changed=yes', retries: '2', 'retry-max-wait': '3' }, { workspace })
        proxy.rules = []
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toMatch(/pushing [^ ]+\/refusing\/velero:main: the registry answered 503 after 3 attempts/)
        expect(listDigest('refusing')).toBe(before)
        // The platform tags move first, the list last: the ones that moved are said to have.
        expect(run.stdout).toMatch(/refusing\/velero:main-linux-amd64 -> sha256:/)
        expect(post.exitCode).toBe(0)
      })

      it('authentication errors are not retried, and say to log in', async () => {
        proxy.rules = [
          {
            method: 'PUT',
            path: /\/manifests\//,
            times: Infinity,
            fault: {
              status: 401,
              headers: { 'www-authenticate': 'Basic realm="test"' },
              body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] })
            }
          }
        ]
        const { run } = await publish('unauthorized', { os: 'linux' })
        proxy.rules = []
        expect(run.exitCode).toBe(1)
        expect(run.stdout).not.toContain('retry 1 of')
        expect(run.annotations.join('\n')).toContain('log in to the registry first')
        expect(listDigest('unauthorized')).toBeUndefined()
      })
    })

    describe('a failing platform', () => {
      it('fail-fast (the default): queued builds do not start, nothing is published, the failed platform is named first', async () => {
        const { run, docker } = await publish('failfast', { arch: 'amd64,arm64', 'max-parallel': '1', 'build-args': 'FAIL_PLATFORMS=linux/amd64' })
        expect(run.exitCode).toBe(1)
        const error = run.annotations.find((a) => a.includes('platform builds failed')) ?? ''
        expect(error).toContain(
          '1 of 3 platform builds failed (linux/amd64); no tag moved. The images the other builds pushed are in the registry by digest only, untagged. fail-fast stopped linux/arm64 (not started), windows/amd64/ltsc2022 (not started).'
        )
        expect(error).toContain('compile failed for linux/amd64')
        expect(docker.dockerCalls().filter((args) => args[1] === 'build')).toHaveLength(1)
        expect(registryTags(`${registry.host}/failfast/velero`)).toEqual([])
      })

      it('fail-fast false: every platform runs, every failure is reported, and no tag moves, the platform that built included', async () => {
        const first = await publish('nofailfast', { arch: 'amd64,arm64' })
        expect(first.run.exitCode).toBe(0)
        const tags = ['main', 'main-linux-amd64', 'main-linux-arm64', 'main-windows-ltsc2022-amd64']
        const before = tags.map((tag) => skopeoRaw(`${registry.host}/nofailfast/velero:${tag}`)?.digest)

        const { run, docker } = await publish('nofailfast', {
          arch: 'amd64,arm64',
          'max-parallel': '1',
          'fail-fast': 'false',
          'build-args': 'FAIL_PLATFORMS=linux/amd64,windows/amd64\nCHANGED=1'
        })
        expect(run.exitCode).toBe(1)
        const error = run.annotations.find((a) => a.includes('platform builds failed')) ?? ''
        expect(error).toContain('2 of 3 platform builds failed (linux/amd64, windows/amd64/ltsc2022); no tag moved.')
        expect(docker.dockerCalls().filter((args) => args[1] === 'build')).toHaveLength(3)
        // linux/arm64 built and pushed its image by digest, and its tag stayed where it was, as every other.
        expect(tags.map((tag) => skopeoRaw(`${registry.host}/nofailfast/velero:${tag}`)?.digest)).toEqual(before)
        expect(JSON.parse(run.outputs.tags)).toEqual([])
        expect(run.outputs.digest).toBe('')
      })
    })

    describe('Windows images that must not be published', () => {
      it('without os.version: nothing published, and the error says why', async () => {
        pushBaseImage(`${registry.host}/bare/nanoserver:ltsc2022`, 'windows', 'amd64', undefined, { list: true })
        const workspace = appWorkspace(registry, (text) => text.replace('/windows/nanoserver', '/bare/nanoserver'))
        const { run, docker, post } = await publish('noversion', {}, { workspace })
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toMatch(
          /\/noversion\/velero@sha256:[0-9a-f]{64} \(windows\/amd64\/ltsc2022\) has no os\.version in its image config/
        )
        // Read back before any list was made: no tag at all.
        expect(registryTags(`${registry.host}/noversion/velero`)).toEqual([])
        expect(docker.dockerCalls().some((args) => args[1] === 'imagetools')).toBe(false)
        expect(post.exitCode).toBe(0)
      })

      it('built from the base of another Windows release: ltsc2025 nodes would find no image, so nothing is published', async () => {
        pushBaseImage(`${registry.host}/mixed/nanoserver:ltsc2025`, 'windows', 'amd64', WINDOWS_2022, { list: true })
        const workspace = appWorkspace(registry, (text) => text.replace('/windows/nanoserver', '/mixed/nanoserver'))
        const { run } = await publish('mixed', { os: 'windows', 'windows-version': 'ltsc2025' }, { workspace })
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toContain(`(windows/amd64/ltsc2025) has os.version ${WINDOWS_2022}, which is ltsc2022, not ltsc2025 (10.0.26100.*)`)
        expect(listDigest('mixed')).toBeUndefined()
      })
    })

    describe('a plain-HTTP registry not declared insecure', () => {
      it('is named as the likely cause of the failure, which is not retried', async () => {
        const { run } = await publish('plainhttp', { 'insecure-registry': 'false', os: 'linux' }, { through: registry.host })
        expect(run.exitCode).toBe(1)
        expect(run.annotations.join('\n')).toContain(`(${registry.host} answers plain HTTP: set insecure-registry: true)`)
        expect(run.stdout).not.toContain('retry 1 of')
      })
    })

    describe('a cancelled run', () => {
      it('stops every build, leaves no buildx process, publishes nothing, and the post step cleans up', async () => {
        const docker = buildkit.docker()
        const workspace = appWorkspace(registry)
        const files = mkdtempSync(path.join(os.tmpdir(), 'cancel-'))
        const state = path.join(files, 'state')
        writeFileSync(state, '')
        writeFileSync(path.join(files, 'output'), '')
        const inputs: Record<string, string> = {
          'buildx-instance': buildkit.builder,
          'output-type': 'registry',
          registry: `${registry.host}/cancel`,
          'insecure-registry': 'true',
          os: 'linux,windows',
          arch: 'amd64,arm64',
          'build-args': 'DELAY=60',
          // All at once: under auto, when the next build starts depends on how busy this machine is.
          'max-parallel': '0'
        }
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          ...docker.env,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_STATE: state,
          GITHUB_OUTPUT: path.join(files, 'output'),
          RUNNER_TEMP: files
        }
        for (const [name, spec] of Object.entries(actionMetadata().inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? ''
        const child = spawn(ACTION_NODE, [ACTION_ENTRY], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] })
        let stdout = ''
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
        const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))

        // Wait until every platform's compile step (sleeping 60 s) is running in BuildKit.
        const sleeping = () =>
          ['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'].every((id) => new RegExp(`^\\[${id}\\] #\\d+ \\[build 3/3\\] RUN`, 'm').test(stdout))
        for (let i = 0; i < 300 && !sleeping(); i++) await new Promise((resolve) => setTimeout(resolve, 100))
        expect(sleeping()).toBe(true)
        expect(buildxProcesses(docker.configDir).length).toBeGreaterThanOrEqual(3)

        const signalled = Date.now()
        child.kill('SIGTERM')
        const code = await exited
        expect(Date.now() - signalled).toBeLessThan(10_000)
        expect(code).toBe(1)
        expect(stdout).toContain('received SIGTERM: stopping the builds; nothing will be published')
        expect(stdout).toContain('::error::the run was cancelled')
        for (let i = 0; i < 50 && buildxProcesses(docker.configDir).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100))
        expect(buildxProcesses(docker.configDir)).toEqual([])
        expect(registryTags(`${registry.host}/cancel/velero`)).toEqual([])

        const post = await runPost(parseCommandFile(readFileSync(state, 'utf8')), { workspace, env: docker.env })
        expect(post.exitCode).toBe(0)
        expect(post.annotations).toEqual([])
        // Nothing of the run is left behind: its private directory (secrets, metadata files) is gone.
        expect(readdirSync(files).filter((name) => name.startsWith('velero-multiarch-'))).toEqual([])
        expect(existsSync(path.join(workspace, '_output'))).toBe(false)
      })
    })
  },
  { ownBuildkitd: OWN_BUILDKITD }
)
