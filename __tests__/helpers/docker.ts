// Real parts for the tests: Debian's docker-registry on 127.0.0.1, the machine's docker CLI (behind a shim that
// records each call and then runs it), a buildx CLI plugin (the real one, or the stand-in for the benchmark), and
// skopeo to read the registry.
import { execFileSync, spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startDockerRegistry, stopDaemon } from '../../src/system/daemons.js'
import { ROOT } from './action.js'

const SUPPORT = path.join(ROOT, '__tests__/support')
const STANDIN = 'standin'

export interface Registry {
  /** `127.0.0.1:<port>` */
  host: string
  /** What image names start with: the host, or a namespace of this run's on a registry shared with others. */
  prefix: string
  stop(): Promise<void>
}

/**
 * Debian's docker-registry on a free port of 127.0.0.1; or, with TEST_REGISTRY, that registry under a fresh namespace.
 * With `login`, it refuses anyone without that user and password (htpasswd, basic auth).
 */
export async function startRegistry(options: { login?: { user: string; password: string } } = {}): Promise<Registry> {
  const shared = process.env.TEST_BUILDX_BUILDER && !options.login ? process.env.TEST_REGISTRY : undefined
  if (shared) return { host: shared, prefix: `${shared}/run-${randomUUID().slice(0, 8)}`, stop: async () => undefined }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'registry-'))
  if (options.login) {
    writeFileSync(path.join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', options.login.user, options.login.password]))
  }
  const registry = await startDockerRegistry({
    storage: path.join(dir, 'data'),
    configDir: dir,
    deletes: true,
    ...(options.login ? { auth: ['htpasswd:', '  realm: test', `  path: ${dir}/htpasswd`] } : {})
  })
  return { host: registry.host, prefix: registry.host, stop: registry.stop }
}

/** Stops a daemon the tests started, and waits until it is gone. */
export const stopProcess = stopDaemon

export interface DockerCall {
  args: string[]
  start: number
  end: number
  /** The DOCKER_CONFIG the command ran with. */
  config?: string
}

function readCalls(file: string): DockerCall[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DockerCall)
    : []
}

export interface DockerSetup {
  /** Variables for the action's process: DOCKER_CONFIG and PATH with the recording shim. */
  env: NodeJS.ProcessEnv
  configDir: string
  /** Every docker command run so far, as argument arrays. */
  dockerCalls(): string[][]
  /** Every finished docker command with its start and end (ms since the epoch) and DOCKER_CONFIG, in the order they ended. */
  dockerTimings(): DockerCall[]
  /** The builders the stand-in knows. */
  builders(): string[]
}

/**
 * A fresh DOCKER_CONFIG and the recording shim. `plugin` is the docker-buildx binary to install: the stand-in by
 * default, a path for real buildx, or undefined for none of its own.
 */
export function dockerSetup(extra: NodeJS.ProcessEnv = {}, options: { plugin?: string } = { plugin: STANDIN }): DockerSetup {
  const realDocker = execFileSync('sh', ['-c', 'command -v docker']).toString().trim()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-'))
  const configDir = path.join(dir, 'config')
  const bin = path.join(dir, 'bin')
  mkdirSync(path.join(configDir, 'cli-plugins'), { recursive: true })
  mkdirSync(bin)
  const plugin = path.join(configDir, 'cli-plugins', 'docker-buildx')
  if (options.plugin === STANDIN) {
    writeFileSync(plugin, `#!/bin/sh\nexec '${process.execPath}' '${path.join(SUPPORT, 'docker-buildx.mjs')}' "$@"\n`)
    chmodSync(plugin, 0o755)
  } else if (options.plugin) {
    symlinkSync(options.plugin, plugin)
  }
  const calls = path.join(dir, 'docker-calls.jsonl')
  const shim = path.join(bin, 'docker')
  writeFileSync(
    shim,
    [
      `#!${process.execPath}`,
      "const { appendFileSync } = require('node:fs')",
      "const { spawnSync } = require('node:child_process')",
      // From this process's own start, so that the shim's start-up counts as docker's time, not the action's.
      "const start = Math.round(require('node:perf_hooks').performance.timeOrigin)",
      `const result = spawnSync(${JSON.stringify(realDocker)}, process.argv.slice(2), { stdio: 'inherit' })`,
      `appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ args: process.argv.slice(2), start, end: Date.now(), config: process.env.DOCKER_CONFIG }) + '\\n')`,
      'process.exit(result.status ?? 1)',
      ''
    ].join('\n')
  )
  chmodSync(shim, 0o755)
  return {
    env: { DOCKER_CONFIG: configDir, PATH: `${bin}:${process.env.PATH}`, ...extra },
    configDir,
    dockerCalls: () => readCalls(calls).map((call) => call.args),
    dockerTimings: () => readCalls(calls),
    builders: () => {
      const builders = path.join(configDir, 'buildx-standin', 'builders')
      return existsSync(builders)
        ? execFileSync('ls', [builders])
            .toString()
            .split('\n')
            .filter(Boolean)
            .map((f) => f.replace(/\.json$/, ''))
        : []
    }
  }
}

/**
 * Pushes a base image, such as a Windows nanoserver with its os.version, to the test registry; with `list`, behind a
 * one-entry manifest list whose platform carries the os.version, as Microsoft publishes them.
 */
export function pushBaseImage(ref: string, osName: string, arch: string, osVersion?: string, options: { list?: boolean } = {}): string {
  return execFileSync(process.execPath, [
    path.join(SUPPORT, 'push-image.mjs'),
    ...(options.list ? ['--list'] : []),
    ref,
    osName,
    arch,
    ...(osVersion ? [osVersion] : [])
  ])
    .toString()
    .trim()
}

export interface RawManifest {
  bytes: Buffer
  digest: string
  json: {
    mediaType?: string
    manifests?: Array<{ digest: string; mediaType: string; platform?: Record<string, string> }>
    config?: { digest: string }
    annotations?: Record<string, string>
  }
}

/** What the registry holds for a reference, read by an independent client. */
/** skopeo's flag for a login, where a test registry needs one. */
const credsFlag = (login?: { user: string; password: string }): string[] => (login ? ['--creds', `${login.user}:${login.password}`] : [])

export function skopeoRaw(ref: string, login?: { user: string; password: string }): RawManifest | undefined {
  try {
    const bytes = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', ...credsFlag(login), `docker://${ref}`], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, json: JSON.parse(bytes.toString()) }
  } catch {
    return undefined
  }
}

/** The tags of a repository, read with skopeo, without the referrer tags (sha256-<digest>) that hold signatures. */
export function registryTags(repository: string, login?: { user: string; password: string }): string[] {
  try {
    const listed = JSON.parse(
      execFileSync('skopeo', ['list-tags', '--tls-verify=false', ...credsFlag(login), `docker://${repository}`], { stdio: 'pipe' }).toString()
    ) as {
      Tags: string[]
    }
    return listed.Tags.filter((tag) => !/^sha256-[0-9a-f]{64}$/.test(tag)).sort()
  } catch {
    return []
  }
}

/** The image config of a reference (its platform fields, os.version), read with skopeo. */
export function skopeoConfig(ref: string): Record<string, unknown> {
  return JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--raw', '--tls-verify=false', `docker://${ref}`]).toString())
}

export interface DockerEngine {
  /** DOCKER_HOST for a daemon these tests started; empty for the machine's own. */
  env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

/**
 * A Docker engine for `--output type=docker`: the machine's when `docker info` answers (a second dockerd would
 * delete its docker0 bridge), otherwise Debian's dockerd started here without networking of its own, and stopped
 * afterwards.
 */
export async function dockerEngine(): Promise<DockerEngine> {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 })
    return { env: {}, stop: async () => undefined }
  } catch {
    // none running: start one
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockerd-'))
  const host = `unix://${path.join(dir, 'docker.sock')}`
  let log = ''
  const child = spawn(
    'dockerd',
    [
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '--pidfile',
      path.join(dir, 'pid'),
      '-H',
      host,
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false'
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)))
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync('docker', ['-H', host, 'info'], { stdio: 'ignore' })
      break
    } catch {
      if (attempt > 150 || child.exitCode !== null) throw new Error(`dockerd did not start: ${log}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return {
    env: { DOCKER_HOST: host },
    stop: async () => {
      await stopProcess(child)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A blob or manifest of a plain-HTTP registry, read over its HTTP API (an attestation's in-toto layer, say). */
export async function registryGet(ref: { host: string; repository: string }, kind: 'blobs' | 'manifests', digest: string): Promise<Buffer> {
  const response = await fetch(`http://${ref.host}/v2/${ref.repository}/${kind}/${digest}`, {
    headers: {
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
    }
  })
  if (!response.ok) throw new Error(`GET ${kind} ${digest}: ${response.status}`)
  return Buffer.from(await response.arrayBuffer())
}

/** Pushes a manifest or index as given, over the registry's HTTP API; returns its digest. */
export async function registryPutManifest(ref: { host: string; repository: string }, tag: string, body: string, mediaType: string): Promise<string> {
  const response = await fetch(`http://${ref.host}/v2/${ref.repository}/manifests/${tag}`, { method: 'PUT', body, headers: { 'content-type': mediaType } })
  if (response.status !== 201) throw new Error(`PUT manifest ${tag}: ${response.status} ${await response.text()}`)
  return `sha256:${createHash('sha256').update(body).digest('hex')}`
}
