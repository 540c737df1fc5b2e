// A BuildKit of the command line's own (`--local-builder`), for a machine with no builder set up: buildkitd and the
// buildx plugin from a toolset directory (scripts/setup.sh unpacks one into .cache/toolsets/newest), started as the
// tests start them (root, its own socket, root directory and config), a remote-driver builder on it in a temporary
// DOCKER_CONFIG, and, where scripts/setup.sh made the example's base images locally (an offline machine), Debian's
// docker-registry serving them as BuildKit's registry mirror for docker.io and mcr.microsoft.com. Everything it
// started is stopped and removed by stop().
import { ChildProcess, execFile, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Log } from '../shared/log.js'
import { freePort } from './free-port.js'

/** The builder's name in the temporary DOCKER_CONFIG. */
export const LOCAL_BUILDER_NAME = 'velero-local'
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000
/** What scripts/setup.sh writes next to the mirror's storage: which hosts it mirrors and what it holds. */
export const MIRROR_FILE = 'mirrors.json'

export interface LocalBuilderOptions {
  /** A directory with bin/buildkitd and bin/docker-buildx. */
  toolsetDir: string
  /** A directory written by scripts/setup.sh (mirrors.json and registry/), or undefined for none. */
  mirrorDir?: string
  /** The DOCKER_CONFIG whose config.json (logins, credential helpers) the builder's DOCKER_CONFIG starts from. */
  dockerConfig: string
  log: Log
}

export interface LocalBuilder {
  name: string
  /** The DOCKER_CONFIG that holds the buildx plugin and the builder. */
  dockerConfig: string
  stop(): Promise<void>
}

interface Mirror {
  hosts: string[]
  images: string[]
}

/** mirrors.json of a mirror directory, checked: hosts are registry host names, images are names. */
export function readMirror(dir: string): Mirror {
  const file = path.join(dir, MIRROR_FILE)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${(error as Error).message}); run scripts/setup.sh again`)
  }
  const record = parsed as Partial<Mirror> | null
  const names = (value: unknown, pattern: RegExp): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string' && pattern.test(item))
  if (!record || !names(record.hosts, /^[a-z0-9.-]+$/) || !names(record.images, /^[a-z0-9./_-]+(:[\w.-]+)?$/)) {
    throw new Error(`${file}: expected {"hosts": [registry host names], "images": [image names]}; run scripts/setup.sh again`)
  }
  return { hosts: record.hosts, images: record.images }
}

/** The buildkitd.toml of the local builder: a cache that is kept, and the mirror (plain HTTP on 127.0.0.1). */
export function buildkitdConfig(mirror: { address: string; hosts: string[] } | undefined): string {
  const lines = ['[worker.oci]', '  gckeepstorage = 10000000000']
  if (mirror) {
    for (const host of mirror.hosts) lines.push(`[registry."${host}"]`, `  mirrors = ["${mirror.address}"]`)
    lines.push(`[registry."${mirror.address}"]`, '  http = true', '  insecure = true')
  }
  return `${lines.join('\n')}\n`
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, program)))
}

/** Why a local builder cannot start here, naming what is missing; undefined when it can. */
export function localBuilderProblem(toolsetDir: string, uid: number | undefined = process.getuid?.()): string | undefined {
  const missing = [
    ...(existsSync(path.join(toolsetDir, 'bin/buildkitd')) && existsSync(path.join(toolsetDir, 'bin/docker-buildx')) ? [] : [`bin/buildkitd and bin/docker-buildx in ${toolsetDir}`]),
    ...(onPath('runc') ? [] : ['runc on PATH']),
    ...(uid === 0 ? [] : ['root (buildkitd runs as root: use sudo)'])
  ]
  if (missing.length === 0) return undefined
  return `--local-builder: cannot start a BuildKit here: missing ${missing.join(', ')}. Run scripts/setup.sh as root (it installs runc and the toolsets), or set up a builder (docker buildx create) and name it with --buildx-instance`
}

/** A daemon's last words, for the error when it does not come up. */
function tail(child: ChildProcess): () => string {
  let text = ''
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-2000)))
  return () => text.trim()
}

async function waitUntil(what: string, child: ChildProcess, ready: () => Promise<boolean>, log: () => string): Promise<void> {
  const started = Date.now()
  while (!(await ready())) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it was ready: ${log() || 'no output'}`)
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`${what} was not ready within ${START_TIMEOUT_MS / 1000} s: ${log() || 'no output'}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env, timeout: START_TIMEOUT_MS }, (error, stdout, stderr) =>
      error ? reject(new Error(`${program} ${args.join(' ')}: ${String(stderr).trim() || error.message}`)) : resolve(String(stdout))
    )
  })
}

/** The minor version of a buildkitd (0.<minor>), to know whether it takes --otel-socket-path (0.13 and later). */
async function buildkitdMinor(buildkitd: string): Promise<number> {
  const match = /v0\.(\d+)\./.exec(await run(buildkitd, ['--version'], process.env))
  return match ? Number(match[1]) : 0
}

export async function startLocalBuilder(options: LocalBuilderOptions): Promise<LocalBuilder> {
  const problem = localBuilderProblem(options.toolsetDir)
  if (problem) throw new Error(problem)
  const mirror = options.mirrorDir ? readMirror(options.mirrorDir) : undefined
  const dir = mkdtempSync(path.join(os.tmpdir(), 'velero-local-builder-'))
  const daemons: ChildProcess[] = []
  const stop = async (): Promise<void> => {
    // buildkitd first: it unmounts its snapshots on SIGTERM, after which its root can be removed.
    for (const daemon of [...daemons].reverse()) await stopDaemon(daemon)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    let mirrorAddress: string | undefined
    if (mirror && options.mirrorDir) {
      mirrorAddress = `127.0.0.1:${await freePort()}`
      const config = path.join(dir, 'registry.yml')
      // Read-only: BuildKit pulls through it and never pushes, so the base images stay as scripts/setup.sh made them.
      writeFileSync(
        config,
        ['version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(options.mirrorDir, 'registry')}`, '  maintenance:', '    readonly:', '      enabled: true', 'http:', `  addr: ${mirrorAddress}`, ''].join('\n')
      )
      const registry = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
      daemons.push(registry)
      const registryLog = tail(registry)
      const address = mirrorAddress
      await waitUntil('docker-registry (the base images mirror)', registry, async () => (await fetch(`http://${address}/v2/`).catch(() => undefined))?.status === 200, registryLog)
      options.log.info(`local builder: base images ${mirror.images.join(', ')} served from ${options.mirrorDir} as the mirror of ${mirror.hosts.join(', ')}`)
    }
    const buildkitd = path.join(options.toolsetDir, 'bin/buildkitd')
    const config = path.join(dir, 'buildkitd.toml')
    writeFileSync(config, buildkitdConfig(mirrorAddress ? { address: mirrorAddress, hosts: mirror?.hosts ?? [] } : undefined))
    const socket = path.join(dir, 'buildkitd.sock')
    // Its own OpenTelemetry socket, or it would take /run/buildkit/otel-grpc.sock of another daemon; 0.11 opens none.
    const otel = (await buildkitdMinor(buildkitd)) >= 13 ? ['--otel-socket-path', path.join(dir, 'otel.sock')] : []
    const daemon = spawn(buildkitd, ['--root', path.join(dir, 'root'), '--addr', `unix://${socket}`, '--config', config, ...otel], { stdio: ['ignore', 'ignore', 'pipe'] })
    daemons.push(daemon)
    await waitUntil(`buildkitd (${buildkitd})`, daemon, async () => existsSync(socket), tail(daemon))

    const dockerConfig = path.join(dir, 'docker')
    mkdirSync(path.join(dockerConfig, 'cli-plugins'), { recursive: true })
    symlinkSync(path.join(options.toolsetDir, 'bin/docker-buildx'), path.join(dockerConfig, 'cli-plugins/docker-buildx'))
    // The user's logins and credential helpers, so that a push from this builder is as theirs would be.
    const userConfig = path.join(options.dockerConfig, 'config.json')
    if (existsSync(userConfig)) copyFileSync(userConfig, path.join(dockerConfig, 'config.json'))
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig }
    await run('docker', ['buildx', 'create', '--name', LOCAL_BUILDER_NAME, '--driver', 'remote', `unix://${socket}`], env)
    await run('docker', ['buildx', 'inspect', '--bootstrap', LOCAL_BUILDER_NAME], env)
    options.log.info(`local builder: buildkitd ${buildkitd} on ${socket}, builder ${LOCAL_BUILDER_NAME} (removed when the run ends)`)
    return { name: LOCAL_BUILDER_NAME, dockerConfig, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
