// A BuildKit of the command line's own (`--local-builder`), for a machine with no builder set up: buildkitd and the
// buildx plugin from a toolset directory (scripts/setup.sh unpacks one into .cache/toolsets/newest), started as the
// tests start them (root, its own socket, root directory and config), a remote-driver builder on it in a temporary
// DOCKER_CONFIG, and, where scripts/setup.sh made the example's base images locally (an offline machine), Debian's
// docker-registry serving them as BuildKit's registry mirror for docker.io and mcr.microsoft.com. Everything it
// started is stopped and removed by stop().
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CommandError, CommandRunner } from '../shared/command-runner.js'
import type { Log } from '../shared/log.js'
import { BuildxCli } from './buildx.js'
import { Daemon, DockerRegistry, startDaemon, startDockerRegistry, stopDaemon, waitUntilReady } from './daemons.js'

/** The builder's name in the temporary DOCKER_CONFIG. */
export const LOCAL_BUILDER_NAME = 'velero-local'
/** What scripts/setup.sh writes next to the mirror's storage: which hosts it mirrors and what it holds. */
export const MIRROR_FILE = 'mirrors.json'

export interface LocalBuilderOptions {
  /** A directory with bin/buildkitd and bin/docker-buildx. */
  toolsetDir: string
  /** A directory written by scripts/setup.sh (mirrors.json and registry/), or undefined for none. */
  mirrorDir?: string
  /** The DOCKER_CONFIG whose config.json (logins, credential helpers) the builder's DOCKER_CONFIG starts from. */
  dockerConfig: string
  /** Runs buildkitd --version and docker buildx create/inspect (bounded). */
  runner: CommandRunner
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
  const names = (value: unknown, pattern: RegExp): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string' && pattern.test(item))
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
    ...(existsSync(path.join(toolsetDir, 'bin/buildkitd')) && existsSync(path.join(toolsetDir, 'bin/docker-buildx'))
      ? []
      : [`bin/buildkitd and bin/docker-buildx in ${toolsetDir}`]),
    ...(onPath('runc') ? [] : ['runc on PATH']),
    ...(uid === 0 ? [] : ['root (buildkitd runs as root: use sudo)'])
  ]
  if (missing.length === 0) return undefined
  return `--local-builder: cannot start a BuildKit here: missing ${missing.join(', ')}. Run scripts/setup.sh as root in a checkout (it installs runc and the toolsets), name a directory holding them with --local-builder=DIR, or set up a builder (docker buildx create) and name it with --buildx-instance`
}

/** Runs a command of the start-up; its failure names it. */
async function run(runner: CommandRunner, program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runner.run(program, args, { env })
  if (result.exitCode !== 0) throw new CommandError(program, args, result, '; the local builder did not start')
  return result.stdout
}

export async function startLocalBuilder(options: LocalBuilderOptions): Promise<LocalBuilder> {
  const problem = localBuilderProblem(options.toolsetDir)
  if (problem) throw new Error(problem)
  const mirror = options.mirrorDir ? readMirror(options.mirrorDir) : undefined
  const dir = mkdtempSync(path.join(os.tmpdir(), 'velero-local-builder-'))
  let registry: DockerRegistry | undefined
  let buildkitd: Daemon | undefined
  const stop = async (): Promise<void> => {
    // buildkitd first: it unmounts its snapshots on SIGTERM, after which its root can be removed.
    if (buildkitd) await stopDaemon(buildkitd.child)
    await registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    if (mirror && options.mirrorDir) {
      // Read-only: BuildKit pulls through it and never pushes, so the base images stay as scripts/setup.sh made them.
      registry = await startDockerRegistry({ storage: path.join(options.mirrorDir, 'registry'), configDir: dir, readOnly: true })
      options.log.info(`local builder: base images ${mirror.images.join(', ')} served from ${options.mirrorDir} as the mirror of ${mirror.hosts.join(', ')}`)
    }
    const program = path.join(options.toolsetDir, 'bin/buildkitd')
    const config = path.join(dir, 'buildkitd.toml')
    writeFileSync(config, buildkitdConfig(registry && mirror ? { address: registry.host, hosts: mirror.hosts } : undefined))
    const socket = path.join(dir, 'buildkitd.sock')
    // Its own OpenTelemetry socket, or it would take /run/buildkit/otel-grpc.sock of another daemon; 0.11 opens none.
    const minor = Number(/v0\.(\d+)\./.exec(await run(options.runner, program, ['--version'], process.env))?.[1] ?? 0)
    const otel = minor >= 13 ? ['--otel-socket-path', path.join(dir, 'otel.sock')] : []
    buildkitd = startDaemon(program, ['--root', path.join(dir, 'root'), '--addr', `unix://${socket}`, '--config', config, ...otel])
    await waitUntilReady(`buildkitd (${program})`, buildkitd, async () => existsSync(socket))

    const dockerConfig = path.join(dir, 'docker')
    mkdirSync(path.join(dockerConfig, 'cli-plugins'), { recursive: true })
    symlinkSync(path.join(options.toolsetDir, 'bin/docker-buildx'), path.join(dockerConfig, 'cli-plugins/docker-buildx'))
    // The user's logins and credential helpers, so that a push from this builder is as theirs would be.
    const userConfig = path.join(options.dockerConfig, 'config.json')
    if (existsSync(userConfig)) copyFileSync(userConfig, path.join(dockerConfig, 'config.json'))
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig }
    await new BuildxCli({ runner: options.runner, buildRunner: options.runner, log: options.log, env }).createRemote(LOCAL_BUILDER_NAME, `unix://${socket}`)
    options.log.info(`local builder: buildkitd ${program} on ${socket}, builder ${LOCAL_BUILDER_NAME} (removed when the run ends)`)
    return { name: LOCAL_BUILDER_NAME, dockerConfig, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
