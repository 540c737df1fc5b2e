// Nothing half-published: faults injected by a proxy in front of the real registry, failing platforms with and
// without fail-fast, and a cancelled run.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ACTION_ENTRY, actionMetadata, parseCommandFile, runAction, runPost } from './helpers/action.js'
import { dockerSetup, pushBaseImage, Registry, skopeoRaw, startRegistry } from './helpers/docker.js'
import { FaultProxy, SERVICE_UNAVAILABLE, startFaultProxy, tooManyRequests } from './helpers/fault-proxy.js'
import { exampleWorkspace } from './helpers/workspace.js'

let registry: Registry
let proxy: FaultProxy

beforeAll(async () => {
  registry = await startRegistry()
  proxy = await startFaultProxy(registry.host)
  pushBaseImage(`${registry.host}/windows/nanoserver:ltsc2022`, 'windows', 'amd64', '10.0.20348.2700')
})

afterAll(async () => {
  await proxy?.close()
  await registry?.stop()
})

/** Publishes through the proxy; the registry's own address is used only to check what it holds. */
async function publish(repository: string, inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}`, ...env })
  const workspace = exampleWorkspace()
  const run = await runAction(
    { 'output-type': 'registry', registry: `${proxy.host}/${repository}`, 'insecure-registry': 'true', os: 'linux,windows', ...inputs },
    { workspace, env: docker.env }
  )
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker }
}

const listDigest = (repository: string, tag = 'main') => skopeoRaw(`${registry.host}/${repository}/velero:${tag}`)?.digest
const listManifestPut = (repository: string, tag = 'main') => new RegExp(`^/v2/${repository}/velero/manifests/${tag}$`)

describe('transient registry faults', () => {
  it('503 on the first two manifest PUTs: published after retries, each retry logged', async () => {
    proxy.rules = [{ method: 'PUT', path: /\/manifests\//, times: 2, fault: SERVICE_UNAVAILABLE }]
    const { run } = await publish('retry503')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/::warning::build for linux\/amd64: registry server error \(5xx\); retry 1 of 3 in \d+\.\d s|::warning::build for windows\/amd64\/ltsc2022: registry server error \(5xx\); retry 1 of 3 in \d+\.\d s/)
    expect(listDigest('retry503')).toBe(run.outputs.digest)
    expect(proxy.requests.filter((r) => r.startsWith('PUT') && r.endsWith(' 503'))).toHaveLength(2)
  })

  it('429 with a retry delay on the list push: waits as asked, then publishes', async () => {
    proxy.rules = [{ method: 'PUT', path: listManifestPut('retry429'), times: 1, fault: tooManyRequests(1) }]
    const { run } = await publish('retry429')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/::warning::docker manifest push: rate limited \(429\); retry 1 of 3 in 1\.0 s \(as the registry asked\)/)
    expect(listDigest('retry429')).toBe(run.outputs.digest)
  })

  it('a connection dropped during a blob upload: the build is retried and publishes', async () => {
    proxy.rules = [{ method: 'PUT', path: /\/blobs\/uploads\//, times: 1, fault: 'drop' }]
    const { run } = await publish('dropped')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/::warning::build for [^:]+: connection dropped; retry 1 of 3/)
    expect(listDigest('dropped')).toBe(run.outputs.digest)
  })

  it('a registry that refuses for good: fails clearly, and the earlier list is untouched', async () => {
    proxy.rules = []
    const first = await publish('refusing')
    expect(first.run.exitCode).toBe(0)
    const before = listDigest('refusing')

    proxy.rules = [{ method: 'PUT', path: listManifestPut('refusing'), times: Infinity, fault: SERVICE_UNAVAILABLE }]
    const { run, post } = await publish('refusing', { 'build-args': 'CHANGED=yes', retries: '2', 'retry-max-wait': '3' })
    expect(run.exitCode).toBe(1)
    expect(run.annotations.join('\n')).toMatch(/docker manifest push exited with code 1 after 3 attempts/)
    expect(listDigest('refusing')).toBe(before)
    expect(post.exitCode).toBe(0)
    proxy.rules = []
  })

  it('authentication errors are not retried', async () => {
    proxy.rules = [
      { method: 'PUT', path: /\/manifests\//, times: Infinity, fault: { status: 401, headers: { 'www-authenticate': 'Basic realm="test"' }, body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }) } }
    ]
    const { run } = await publish('unauthorized', { os: 'linux' })
    proxy.rules = []
    expect(run.exitCode).toBe(1)
    expect(run.stdout).not.toContain('retry 1 of')
    expect(run.annotations.join('\n')).toContain('log in to the registry first')
  })
})

describe('a failing platform', () => {
  it('fail-fast (the default): queued builds do not start, nothing is published, the failed platform is named first', async () => {
    const { run, docker } = await publish('failfast', { arch: 'amd64,arm64', 'max-parallel': '1' }, { STANDIN_FAIL_PLATFORMS: 'linux/amd64' })
    expect(run.exitCode).toBe(1)
    const error = run.annotations.find((a) => a.includes('platform builds failed')) ?? ''
    expect(error).toContain('1 of 3 platform builds failed (linux/amd64); nothing was published. fail-fast stopped linux/arm64 (not started), windows/amd64/ltsc2022 (not started).')
    expect(docker.dockerCalls().filter((args) => args[1] === 'build')).toHaveLength(1)
    expect(listDigest('failfast')).toBeUndefined()
  })

  it('fail-fast false: every platform runs, every failure is reported, nothing is published', async () => {
    const { run, docker } = await publish(
      'nofailfast',
      { arch: 'amd64,arm64', 'max-parallel': '1', 'fail-fast': 'false' },
      { STANDIN_FAIL_PLATFORMS: 'linux/amd64,windows/amd64' }
    )
    expect(run.exitCode).toBe(1)
    const error = run.annotations.find((a) => a.includes('platform builds failed')) ?? ''
    expect(error).toContain('2 of 3 platform builds failed (linux/amd64, windows/amd64/ltsc2022); nothing was published.')
    expect(docker.dockerCalls().filter((args) => args[1] === 'build')).toHaveLength(3)
    expect(skopeoRaw(`${registry.host}/nofailfast/velero:main-linux-arm64`)).toBeDefined()
    expect(listDigest('nofailfast')).toBeUndefined()
  })
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('a cancelled run', () => {
  it('stops every build process promptly, publishes nothing, and the post step removes the builder', async () => {
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}`, STANDIN_BUILD_SECONDS: '60' })
    const workspace = exampleWorkspace()
    const files = mkdtempSync(path.join(os.tmpdir(), 'cancel-'))
    const state = path.join(files, 'state')
    writeFileSync(state, '')
    writeFileSync(path.join(files, 'output'), '')
    const inputs: Record<string, string> = { 'output-type': 'registry', registry: `${registry.host}/cancel`, 'insecure-registry': 'true', os: 'linux,windows', arch: 'amd64,arm64' }
    const env: NodeJS.ProcessEnv = { ...process.env, ...docker.env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STATE: state, GITHUB_OUTPUT: path.join(files, 'output'), RUNNER_TEMP: files }
    for (const [name, spec] of Object.entries(actionMetadata().inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? ''
    const child = spawn(process.execPath, [ACTION_ENTRY], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))

    // Wait until all three builds are running in the stand-in.
    const calls = path.join(docker.configDir, 'buildx-standin', 'calls.jsonl')
    const buildPids = (): number[] =>
      existsSync(calls)
        ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((c) => c.args[0] === 'build').map((c) => c.pid)
        : []
    for (let i = 0; i < 200 && buildPids().length < 3; i++) await new Promise((r) => setTimeout(r, 50))
    expect(buildPids()).toHaveLength(3)

    const signalled = Date.now()
    child.kill('SIGTERM')
    const code = await exited
    expect(Date.now() - signalled).toBeLessThan(10_000)
    expect(code).toBe(1)
    expect(stdout).toContain('received SIGTERM: stopping the builds; nothing will be published')
    expect(stdout).toContain('::error::the run was cancelled')
    for (let i = 0; i < 40 && buildPids().some(alive); i++) await new Promise((r) => setTimeout(r, 50))
    expect(buildPids().filter(alive)).toEqual([])
    expect(docker.dockerCalls().some((args) => args[0] === 'manifest')).toBe(false)
    expect(skopeoRaw(`${registry.host}/cancel/velero:main`)).toBeUndefined()

    const post = await runPost(parseCommandFile(readFileSync(state, 'utf8')), { workspace, env: docker.env })
    expect(post.stdout).toContain('Removed the buildx builder')
    expect(docker.builders()).toEqual([])
  })
})

describe('a plain-HTTP registry not declared insecure', () => {
  it('is named as the likely cause of "no such manifest", which is not retried', async () => {
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}` })
    const config = path.join(docker.configDir, 'buildkitd.toml')
    writeFileSync(config, `[registry."${registry.host}"]\n  http = true\n`)
    const { execFileSync } = await import('node:child_process')
    execFileSync('docker', ['buildx', 'create', '--name', 'http-builder', '--driver-opt', 'network=host', '--config', config], { env: { ...process.env, ...docker.env } })
    const run = await runAction(
      { 'output-type': 'registry', registry: `${registry.host}/plainhttp`, 'buildx-instance': 'http-builder' },
      { workspace: exampleWorkspace(), env: docker.env }
    )
    expect(run.exitCode).toBe(1)
    expect(run.annotations.join('\n')).toContain(`docker manifest create exited with code 1 (${registry.host} answers plain HTTP: set insecure-registry: true)`)
    expect(run.stdout).not.toContain('retry 1 of')
  })
})
