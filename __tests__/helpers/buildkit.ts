// Real docker buildx and BuildKit for the tests. Two ways to have them:
// - here (CI, a root shell with runc): the three toolsets of shared/buildkit (newest, current, oldest), unpacked
//   into .cache/toolsets/<pair> by scripts/test-deps.sh; TOOLSET picks one (newest unless told), BUILDKIT_DIR names
//   any other directory holding bin/docker-buildx and bin/buildkitd. Each test file starts its own buildkitd (own
//   root, socket and config, which names the file's plain-HTTP registry and fault proxy) and a remote-driver
//   builder in a temporary DOCKER_CONFIG;
// - elsewhere (GitHub's runners, a laptop): an existing builder named by TEST_BUILDX_BUILDER, which reaches the
//   plain-HTTP registry named by TEST_REGISTRY.
// Without either, the tests that need them skip and say why; with REQUIRE_REAL_BUILDKIT=1 they fail instead.
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startDaemon, stopDaemon, waitUntilReady } from '../../src/system/daemons.js'
import { ROOT } from './action.js'
import { DockerSetup, dockerSetup, pushBaseImage, Registry } from './docker.js'

export const TOOLSET = process.env.TOOLSET || 'newest'
export const BUILDKIT_DIR = process.env.BUILDKIT_DIR || path.join(ROOT, '.cache/toolsets', TOOLSET)
export const DEBS_DIR = process.env.BUSYBOX_DEBS || path.join(ROOT, '.cache/debs')
const BUILDKITD = path.join(BUILDKIT_DIR, 'bin/buildkitd')
const BUILDX = path.join(BUILDKIT_DIR, 'bin/docker-buildx')

/** `[major, minor, patch]` of the first `v1.2.3` a program prints about itself; undefined when it cannot say. */
function programVersion(program: string, args: string[]): [number, number, number] | undefined {
  if (!existsSync(program)) return undefined
  const match = /v(\d+)\.(\d+)\.(\d+)/.exec(execFileSync(program, args).toString())
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined
}

/**
 * The versions of the toolset the tests run on (the programs in BUILDKIT_DIR); undefined with an existing builder,
 * whose versions the tests do not know.
 */
export const TOOLSET_VERSIONS = process.env.TEST_BUILDX_BUILDER
  ? undefined
  : { buildx: programVersion(BUILDX, ['version']), buildkit: programVersion(BUILDKITD, ['--version']) }

const atLeast = (version: [number, number, number] | undefined, minor: number): boolean => version === undefined || version[0] > 0 || version[1] >= minor

/** True unless the tests run on a buildx older than 0.<minor> (an existing builder counts as new). */
export const buildxAtLeast = (minor: number): boolean => atLeast(TOOLSET_VERSIONS?.buildx, minor)
/** True unless the tests run on a BuildKit older than 0.<minor>. */
export const buildkitAtLeast = (minor: number): boolean => atLeast(TOOLSET_VERSIONS?.buildkit, minor)

export const WINDOWS_2022 = '10.0.20348.2700'
export const WINDOWS_2025 = '10.0.26100.1742'

type Availability = { mode: 'local' | 'external'; reason?: undefined } | { mode?: undefined; reason: string }

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(path.join(dir, program)))
}

function busyboxDeb(arch: string): string | undefined {
  const file = existsSync(DEBS_DIR) ? readdirSync(DEBS_DIR).find((name) => name.startsWith('busybox-static_') && name.endsWith(`_${arch}.deb`)) : undefined
  return file && path.join(DEBS_DIR, file)
}

function availability(): Availability {
  if (process.env.TEST_BUILDX_BUILDER) {
    return process.env.TEST_REGISTRY
      ? { mode: 'external' }
      : { reason: 'TEST_BUILDX_BUILDER is set but TEST_REGISTRY (a plain-HTTP registry the builder reaches) is not' }
  }
  const missing = [
    ...(existsSync(BUILDKITD) && existsSync(BUILDX) ? [] : [`buildkitd and docker-buildx in ${BUILDKIT_DIR}/bin`]),
    ...(onPath('runc') ? [] : ['runc']),
    ...(busyboxDeb('amd64') && busyboxDeb('arm64') ? [] : [`the busybox-static .deb files (amd64, arm64) in ${DEBS_DIR}`]),
    ...(process.getuid?.() === 0 ? [] : ['root (buildkitd runs as root)'])
  ]
  if (missing.length === 0) return { mode: 'local' }
  return {
    reason: `no real BuildKit: missing ${missing.join(', ')}. Run scripts/test-deps.sh (as root), or name an existing builder with TEST_BUILDX_BUILDER and its registry with TEST_REGISTRY`
  }
}

export const BUILDKIT = availability()

/** What a test needs from a running BuildKit: a fresh DOCKER_CONFIG with a builder on it, for each run. */
export interface Buildkit {
  /** The builder's name in every DockerSetup this hands out. */
  builder: string
  /** buildkitd's address, for builders with several nodes (`unix://...`); empty for an existing builder. */
  address: string
  /** A fresh DOCKER_CONFIG with the real buildx plugin and the builder, and the recording docker shim. */
  docker(extra?: NodeJS.ProcessEnv): DockerSetup
  /** Removes every cache record of the builder, so that the next build starts cold. */
  prune(): void
  stop(): Promise<void>
}

/**
 * Starts buildkitd as the BuildKit README here says: its own root, socket and config (the plain-HTTP hosts it may
 * push to are known only at start), with the OCI worker. Elsewhere, hands out the builder TEST_BUILDX_BUILDER.
 */
export async function startBuildkit(plainHttpHosts: string[], options: { platforms?: string[] } = {}): Promise<Buildkit> {
  if (BUILDKIT.mode === 'external') return externalBuildkit(process.env.TEST_BUILDX_BUILDER ?? '')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'buildkitd-'))
  const config = path.join(dir, 'buildkitd.toml')
  writeFileSync(
    config,
    [
      '[worker.oci]',
      // Bytes: a small number would prune the cache after every build.
      '  gckeepstorage = 10000000000',
      // What the worker says it builds for; buildx sends each platform's build to a node that has it.
      ...(options.platforms ? [`  platforms = [${options.platforms.map((p) => `"${p}"`).join(', ')}]`] : []),
      ...plainHttpHosts.flatMap((host) => [`[registry."${host}"]`, '  http = true', '  insecure = true'])
    ].join('\n') + '\n'
  )
  const socket = path.join(dir, 'buildkitd.sock')
  // Without its own OpenTelemetry socket, buildkitd 0.13 and later would share /run/buildkit/otel-grpc.sock with
  // every other daemon here; 0.11 opens none, and refuses the flag.
  const otel = buildkitAtLeast(13) ? ['--otel-socket-path', path.join(dir, 'otel.sock')] : []
  const daemon = startDaemon(BUILDKITD, ['--root', path.join(dir, 'root'), '--addr', `unix://${socket}`, '--config', config, ...otel])
  await waitUntilReady('buildkitd', daemon, async () => existsSync(socket))
  const { child } = daemon
  // A daemon that dies under the tests fails them with buildx's "error reading from server: EOF": say why it died.
  let stopping = false
  child.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`buildkitd of ${dir} exited while the tests used it (exit code ${code}, signal ${signal}); its last words:\n${daemon.log()}\n`)
  })
  const builder = 'rig'
  const setups: DockerSetup[] = []
  const buildkit: Buildkit = {
    builder,
    address: `unix://${socket}`,
    docker: (extra = {}) => {
      const setup = dockerSetup(extra, { plugin: BUILDX })
      // Around the recording shim: the calls recorded are the action's own.
      execFileSync('docker', ['buildx', 'create', '--name', builder, '--driver', 'remote', `unix://${socket}`], {
        env: { ...process.env, DOCKER_CONFIG: setup.configDir },
        stdio: 'ignore'
      })
      setups.push(setup)
      return setup
    },
    prune: () => {
      const setup = setups[0] ?? buildkit.docker()
      execFileSync('docker', ['buildx', 'prune', '--builder', builder, '--all', '--force'], { env: { ...process.env, ...setup.env }, stdio: 'ignore' })
    },
    stop: async () => {
      stopping = true
      await stopDaemon(child)
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return buildkit
}

/** An existing builder of the user's docker configuration, copied into each fresh DOCKER_CONFIG. */
function externalBuildkit(builder: string): Buildkit {
  const home = process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
  const docker = (extra: NodeJS.ProcessEnv = {}): DockerSetup => {
    const setup = dockerSetup(extra, { plugin: undefined })
    for (const part of ['cli-plugins', path.join('buildx', 'instances')]) {
      if (existsSync(path.join(home, part))) cpSync(path.join(home, part), path.join(setup.configDir, part), { recursive: true })
    }
    return setup
  }
  return {
    builder,
    address: '',
    docker,
    prune: () => execFileSync('docker', ['buildx', 'prune', '--builder', builder, '--all', '--force'], { stdio: 'ignore' }),
    stop: async () => undefined
  }
}

/**
 * The base images the fixture's Dockerfiles start from, in the test registry: busybox for linux/amd64 and
 * linux/arm64 (Debian's static busybox on scratch, built by the same BuildKit; with an existing builder and no
 * .deb files, Docker Hub's busybox), and Windows nanoserver stand-ins for ltsc2022 and ltsc2025 (a Windows config
 * with os.version, published as a one-entry list as Microsoft does).
 */
export function pushBaseImages(registry: Registry, buildkit: Buildkit): void {
  const context = mkdtempSync(path.join(os.tmpdir(), 'busybox-'))
  if (busyboxDeb('amd64') && busyboxDeb('arm64')) {
    for (const arch of ['amd64', 'arm64']) busyboxRootfs(context, arch)
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY rootfs-${TARGETARCH}/ /\nCMD ["/bin/sh"]\n')
  } else {
    writeFileSync(path.join(context, 'Dockerfile'), 'FROM busybox:1.36\n')
  }
  const docker = buildkit.docker()
  execFileSync(
    'docker',
    [
      'buildx',
      'build',
      '--builder',
      buildkit.builder,
      '--platform',
      'linux/amd64,linux/arm64',
      '--provenance=false',
      '--sbom=false',
      '--output',
      'type=registry',
      '-t',
      `${registry.prefix}/base/busybox:latest`,
      context
    ],
    { env: { ...process.env, ...docker.env }, stdio: 'pipe' }
  )
  rmSync(context, { recursive: true, force: true })
  pushBaseImage(`${registry.prefix}/windows/nanoserver:ltsc2022`, 'windows', 'amd64', WINDOWS_2022, { list: true })
  pushBaseImage(`${registry.prefix}/windows/nanoserver:ltsc2025`, 'windows', 'amd64', WINDOWS_2025, { list: true })
}

/** The root filesystem of Debian's busybox-static for one architecture: the binary and a link per applet. */
function busyboxRootfs(context: string, arch: string): void {
  const unpacked = path.join(context, `deb-${arch}`)
  execFileSync('dpkg-deb', ['-x', busyboxDeb(arch) ?? '', unpacked])
  const rootfs = path.join(context, `rootfs-${arch}`)
  mkdirSync(path.join(rootfs, 'bin'), { recursive: true })
  mkdirSync(path.join(rootfs, 'tmp'))
  cpSync(path.join(unpacked, 'bin/busybox'), path.join(rootfs, 'bin/busybox'))
  // The applets are named by the amd64 busybox, the only one this machine can run; both have the same.
  const amd64 = path.join(context, 'deb-amd64/bin/busybox')
  if (!existsSync(amd64)) execFileSync('dpkg-deb', ['-x', busyboxDeb('amd64') ?? '', path.join(context, 'deb-amd64')])
  for (const applet of execFileSync(amd64, ['--list-full']).toString().split('\n').filter(Boolean)) {
    const link = path.join(rootfs, applet)
    mkdirSync(path.dirname(link), { recursive: true })
    if (!existsSync(link)) symlinkSync('/bin/busybox', link)
  }
}

/** The processes of the buildx plugin started under a DOCKER_CONFIG, wherever they were re-parented to. */
export function buildxProcesses(configDir: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (!command.includes('docker-buildx')) continue
      const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      if (environment.includes(`DOCKER_CONFIG=${configDir}`)) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

/** A unique name, for repositories of a registry that outlives the test run (TEST_REGISTRY). */
export const runId = (): string => randomUUID().slice(0, 8)
