// The buildx edge: every `docker buildx` command the action runs (version, create, inspect, rm, build, imagetools
// create), its argument array, its process call and the parsing of its output, here and nowhere else. The argument
// arrays are pure functions, shared with the dry twin (dry-buildx.ts), so that a dry run prints exactly what a real
// run runs. Never a shell string.
import { which } from '@actions/io'
import { readFile, writeFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { CommandError, CommandRunner, RunResult } from '../shared/command-runner.js'
import { commandLine, Log } from '../shared/log.js'
import { formatVersion, isOlder, parseVersion, Version } from '../shared/versions.js'

/** What one `docker buildx build` is made of; the plan makes it, the toolset may change it (build/features.ts). */
export interface BuildSpec {
  builder: string
  platform: string
  /** buildx's --output value, e.g. `type=registry` or `type=tar,dest=_output/x.tar`. */
  output: string
  /** The image exporter clamps the times of files in layers to SOURCE_DATE_EPOCH (BuildKit 0.13 and later). */
  rewriteTimestamp: boolean
  metadataFile: string
  dockerfile: string
  tags: string[]
  buildArgs: Array<[string, string]>
  /** Build args whose names look secret: their values are passed, and printed as `***`. */
  hiddenBuildArgs: string[]
  labels: Array<[string, string]>
  /** OCI annotations of the image manifest (buildx's `manifest:` level). */
  annotations: Array<[string, string]>
  /** Secret ids and the files or environment variables that hold them. */
  secrets: SecretSource[]
  cacheFrom: string[]
  cacheTo: string[]
  noCache: boolean
  /** buildx's --provenance and --sbom values; `false` for both keeps each push a single image, as the design. */
  provenance: string
  sbom: string
  context: string
}

/** Where buildx reads a secret: a file, or a variable of its environment. Never the value itself. */
export type SecretSource = { id: string; file: string } | { id: string; env: string }

export interface BuilderSpec {
  name: string
  /** Host networking lets the builder container reach a registry on the runner's own loopback. */
  hostNetwork: boolean
  /** A buildkitd.toml path, for registries that speak plain HTTP, and what it holds. */
  configFile?: string
  config?: string
  /** The BuildKit image of the builder's container; undefined: buildx's default. */
  image?: string
}

/** What `docker buildx version` said: its first line, and the version in it when there is one. */
export interface BuildxVersion {
  line: string
  version?: Version
  /** Set when the toolset was not read at all (a dry run), saying why: nothing is checked against it then. */
  unread?: string
}

/** What `docker buildx inspect` tells of a builder, read once before the first build. */
export interface BuilderFacts {
  name: string
  driver?: string
  /** Every node runs on this machine (see builderRunsHere). */
  local: boolean
  /** The oldest BuildKit among its nodes; undefined when a node does not say (not started, or unreachable). */
  buildkit?: Version
}

/** What buildx's --metadata-file says of a build: its digest, and the builder node that ran it. */
export interface BuildMetadata {
  digest?: string
  node?: string
}

export interface BuildRunOptions {
  cwd: string
  /** Aborting stops the build and everything it started. */
  signal?: AbortSignal
  /** Each line buildx prints, as it prints it. */
  onLine?(line: string): void
  /** Put before the command line in the log (`[linux/amd64]`). */
  label?: string
}

export interface Buildx {
  /** The name of a builder this run would create. */
  readonly newBuilderName: string
  /** The docker CLI and buildx 0.10 or later, checked; refuses, naming what is missing or too old. */
  version(): Promise<BuildxVersion>
  /** Creates a builder; `bootstrap: false` records it without starting it. The caller retries what is transient. */
  create(builder: BuilderSpec, options: { bootstrap: boolean }): Promise<RunResult>
  /** Removes a builder: true when removed, false when there was none; a problem in words otherwise. */
  remove(name: string): Promise<boolean | string>
  /** Reads a builder; `created`: the action created it (it runs on the local engine). Throws naming the builder. */
  inspect(name: string, created: boolean): Promise<BuilderFacts>
  /** Runs one build to its end (or until stopped) and reads its metadata. */
  build(spec: BuildSpec, options: BuildRunOptions): Promise<{ result: RunResult; metadata: BuildMetadata }>
  /** The value of a variable of the environment buildx runs in (what `--secret id=...,env=VARIABLE` reads). */
  variable(name: string): string | undefined
  /** The index `imagetools create --dry-run` assembles from the sources, as it would push it; throws when it fails. */
  assembleList(builder: string | undefined, list: string, sources: string[], annotations: Array<[string, string]>, cwd: string): Promise<Buffer>
}

export const MINIMUM_BUILDX_VERSION: Version = [0, 10, 0]

const secretFlag = (secret: SecretSource): string => ('file' in secret ? `id=${secret.id},src=${secret.file}` : `id=${secret.id},env=${secret.env}`)

/** The build command as a log shows it: the value of each build arg in `hiddenBuildArgs` is `***`. */
export function shownBuildArgv(spec: BuildSpec): string[] {
  return buildArgv({ ...spec, buildArgs: spec.buildArgs.map(([key, value]) => [key, spec.hiddenBuildArgs.includes(key) ? '***' : value]) })
}

export function buildArgv(spec: BuildSpec): string[] {
  return [
    'buildx',
    'build',
    '--builder',
    spec.builder,
    '--platform',
    spec.platform,
    '--output',
    spec.rewriteTimestamp ? `${spec.output},rewrite-timestamp=true` : spec.output,
    // With both false, as the design has them, each push is a single image; otherwise buildx pushes an index of
    // the image and its attestation manifest.
    `--provenance=${spec.provenance}`,
    `--sbom=${spec.sbom}`,
    '--pull',
    '--metadata-file',
    spec.metadataFile,
    '-f',
    spec.dockerfile,
    ...spec.tags.flatMap((tag) => ['-t', tag]),
    ...spec.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    ...spec.labels.flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    ...spec.annotations.flatMap(([key, value]) => ['--annotation', `manifest:${key}=${value}`]),
    ...spec.secrets.flatMap((secret) => ['--secret', secretFlag(secret)]),
    ...spec.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
    ...spec.cacheTo.flatMap((cache) => ['--cache-to', cache]),
    ...(spec.noCache ? ['--no-cache'] : []),
    spec.context
  ]
}

export function createArgv(spec: BuilderSpec, bootstrap = true): string[] {
  return [
    'buildx',
    'create',
    '--name',
    spec.name,
    '--driver',
    'docker-container',
    ...(spec.hostNetwork ? ['--driver-opt', 'network=host'] : []),
    ...(spec.image ? ['--driver-opt', `image=${spec.image}`] : []),
    ...(spec.configFile ? ['--config', spec.configFile] : []),
    ...(bootstrap ? ['--bootstrap'] : [])
  ]
}

export const inspectArgv = (name: string): string[] => ['buildx', 'inspect', name]
/** A builder on a BuildKit that is running already (`unix://...`): the command line's --local-builder. */
export const createRemoteArgv = (name: string, endpoint: string): string[] => ['buildx', 'create', '--name', name, '--driver', 'remote', endpoint]
export const bootstrapArgv = (name: string): string[] => ['buildx', 'inspect', '--bootstrap', name]
export const versionArgv = (): string[] => ['buildx', 'version']
export const removeArgv = (name: string): string[] => ['buildx', 'rm', name]

/**
 * The list imagetools assembles from these sources, printed and never pushed (`--dry-run`): the publish stage checks
 * those bytes and pushes them itself, so no tag moves before the list is checked.
 */
export function assembleArgv(builder: string | undefined, list: string, sources: string[], annotations: Array<[string, string]> = []): string[] {
  return [
    'buildx',
    'imagetools',
    'create',
    ...(builder ? ['--builder', builder] : []),
    '--dry-run',
    ...annotations.flatMap(([key, value]) => ['--annotation', `index:${key}=${value}`]),
    '-t',
    list,
    ...sources
  ]
}

/** buildkitd's configuration that marks one registry as plain HTTP. */
export function buildkitdConfig(registryHost: string): string {
  return `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`
}

/** The version in `docker buildx version` output; a build without version information has none. */
export function parseBuildxVersion(output: string): Version | undefined {
  return parseVersion(output.split('\n')[0] ?? '')
}

/** An endpoint on this machine: a socket, or TCP on loopback. */
function isLocalEndpoint(endpoint: string): boolean {
  return /^(unix|npipe):\/\//.test(endpoint) || /^tcp:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\/?$/.test(endpoint)
}

/**
 * Whether every node of a builder runs on this machine, from `docker buildx inspect`: the docker drivers on a local
 * engine, the remote driver on a socket or loopback. Kubernetes, other hosts and docker contexts by name count as
 * elsewhere.
 */
export function builderRunsHere(inspectOutput: string, env: NodeJS.ProcessEnv = {}): boolean {
  const driver = /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1]
  const endpoints = [...inspectOutput.matchAll(/^Endpoint:\s*(\S+)/gm)].map((match) => match[1])
  if (!driver || endpoints.length === 0) return false
  if (driver === 'docker' || driver === 'docker-container') {
    return endpoints.every((endpoint) => isLocalEndpoint(endpoint) || (endpoint === 'default' && (!env.DOCKER_HOST || isLocalEndpoint(env.DOCKER_HOST))))
  }
  return driver === 'remote' && endpoints.every(isLocalEndpoint)
}

/**
 * The BuildKit version of a builder: the oldest of its nodes', from `BuildKit version: v0.24.0` (buildx 0.11 and
 * later) or `Buildkit: v0.11.6` (before). Undefined when any node gives none.
 */
export function buildkitVersionOf(inspectOutput: string): Version | undefined {
  const nodes = inspectOutput.split(/^Name:/m).slice(2)
  const versions = nodes.map((node) => parseVersion(/^(?:BuildKit version|Buildkit):\s*(\S+)/im.exec(node)?.[1] ?? ''))
  if (versions.length === 0 || versions.some((version) => version === undefined)) return undefined
  return (versions as Version[]).reduce((oldest, version) => (isOlder(version, oldest) ? version : oldest))
}

/** What buildx's --metadata-file holds: `containerimage.digest`, and the node in `<builder>/<node>/<build id>`. */
export function parseBuildMetadata(text: string): BuildMetadata {
  try {
    const metadata = JSON.parse(text) as Record<string, unknown>
    const digest = metadata['containerimage.digest']
    const ref = metadata['buildx.build.ref']
    return {
      ...(typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? { digest } : {}),
      ...(typeof ref === 'string' && ref.split('/')[1] ? { node: ref.split('/')[1] } : {})
    }
  } catch {
    return {}
  }
}

/** Without the plugin, docker reads `buildx` as an unknown command. */
const BUILDX_MISSING = /'buildx' is not a docker command|unknown command:? "?(docker )?buildx|unknown flag: --name/

/** What buildx prints when there is no such builder to remove (a run that failed while creating it). */
const NO_BUILDER = /no builder .* found|unknown command: docker buildx|'buildx' is not a docker command/

export interface BuildxCliOptions {
  /** Runs every command but the builds (bounded by command-timeout). */
  runner: CommandRunner
  /** Runs the builds, which only a cancellation stops. */
  buildRunner: CommandRunner
  log: Log
  env: NodeJS.ProcessEnv
  /** Told the name of every builder created, before it is created, for removal later (post step, the CLI's exit). */
  onCreate?(name: string): void
}

/** docker buildx itself. */
export class BuildxCli implements Buildx {
  readonly newBuilderName = `velero-multiarch-${randomUUID().slice(0, 8)}`

  constructor(private readonly options: BuildxCliOptions) {}

  private run(args: string[], cwd?: string): Promise<RunResult> {
    this.options.log.info(commandLine('docker', args))
    return this.options.runner.run('docker', args, { env: this.options.env, ...(cwd ? { cwd } : {}) })
  }

  async version(): Promise<BuildxVersion> {
    if (!(await which('docker', false))) {
      throw new Error('the docker CLI is not on PATH; the action runs docker buildx (GitHub-hosted Ubuntu runners have it)')
    }
    const args = versionArgv()
    const result = await this.run(args)
    if (result.exitCode !== 0) {
      if (BUILDX_MISSING.test(result.stderr + result.stdout))
        throw new Error('docker buildx is not installed here; set it up first (in a workflow, with docker/setup-buildx-action)')
      throw new CommandError('docker', args, result)
    }
    const line = result.stdout.trim().split('\n')[0] ?? ''
    const version = parseBuildxVersion(line)
    const needed = formatVersion(MINIMUM_BUILDX_VERSION)
    if (version === undefined) {
      this.options.log.warning(`could not read a version in '${line}' (docker buildx version); going on, but the action needs buildx ${needed} or later`)
    } else if (isOlder(version, MINIMUM_BUILDX_VERSION)) {
      throw new Error(
        `docker buildx ${formatVersion(version)} is too old: the action needs buildx ${needed} or later (for --provenance and --sbom). Upgrade it (in a workflow, with docker/setup-buildx-action).`
      )
    }
    return { line, ...(version ? { version } : {}) }
  }

  async create(builder: BuilderSpec, options: { bootstrap: boolean }): Promise<RunResult> {
    if (builder.configFile && builder.config) await writeFile(builder.configFile, builder.config)
    this.options.onCreate?.(builder.name)
    return this.run(createArgv(builder, options.bootstrap))
  }

  async remove(name: string): Promise<boolean | string> {
    const args = removeArgv(name)
    try {
      const result = await this.options.runner.run('docker', args, { env: this.options.env })
      if (result.exitCode === 0) return true
      if (NO_BUILDER.test(result.stderr)) return false
      return (result.stderr || result.stdout).trim()
    } catch (error) {
      return (error as Error).message
    }
  }

  async inspect(name: string, created: boolean): Promise<BuilderFacts> {
    const args = inspectArgv(name)
    const result = await this.run(args)
    if (result.exitCode !== 0) {
      const named = created ? `the builder ${name} the action created` : `input 'buildx-instance': the builder '${name}'`
      throw new Error(`${named} cannot be inspected, so nothing was built: ${new CommandError('docker', args, result).message}`)
    }
    const host = this.options.env.DOCKER_HOST
    const local = created ? !host || isLocalEndpoint(host) : builderRunsHere(result.stdout, this.options.env)
    const driver = /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1]
    const buildkit = buildkitVersionOf(result.stdout)
    return { name, ...(driver ? { driver } : {}), local, ...(buildkit ? { buildkit } : {}) }
  }

  async build(spec: BuildSpec, options: BuildRunOptions): Promise<{ result: RunResult; metadata: BuildMetadata }> {
    const args = buildArgv(spec)
    this.options.log.info(`${options.label ? `${options.label} ` : ''}${commandLine('docker', shownBuildArgv(spec))}`)
    const result = await this.options.buildRunner.run('docker', args, {
      cwd: options.cwd,
      env: this.options.env,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onLine ? { onLine: options.onLine } : {})
    })
    const metadata = result.exitCode === 0 ? parseBuildMetadata(await readFile(spec.metadataFile, 'utf8').catch(() => '')) : {}
    return { result, metadata }
  }

  variable(name: string): string | undefined {
    return this.options.env[name]
  }

  /** Creates a builder on a BuildKit that runs already, and starts it; throws naming the command that failed. */
  async createRemote(name: string, endpoint: string): Promise<void> {
    for (const args of [createRemoteArgv(name, endpoint), bootstrapArgv(name)]) {
      const result = await this.options.runner.run('docker', args, { env: this.options.env })
      if (result.exitCode !== 0) throw new CommandError('docker', args, result, '; the local builder did not start')
    }
  }

  async assembleList(builder: string | undefined, list: string, sources: string[], annotations: Array<[string, string]>, cwd: string): Promise<Buffer> {
    const args = assembleArgv(builder, list, sources, annotations)
    const result = await this.run(args, cwd)
    if (result.exitCode !== 0) throw new CommandError('docker', args, result, '; no list was pushed')
    // imagetools prints the index and a newline; the index alone is what it would push.
    return Buffer.from(result.stdout.replace(/\n$/, ''))
  }
}
