// Daemons a run (the command line's --local-builder) or a test starts and stops itself: Debian's docker-registry
// and buildkitd. Each is started with an argument array, waited for within a bound, and stopped with SIGTERM, then
// SIGKILL when it does not go.
import { ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000

/**
 * A TCP port of 127.0.0.1 that nothing listens on now, for a daemon that must be told its address before it starts
 * (docker-registry takes no port 0). Another process may take it in between: the daemon's start check then fails.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port on 127.0.0.1'))))
    })
  })
}

/** A daemon as it runs: the process, whether it is gone (exited, or could not be started), and its last words. */
export interface Daemon {
  child: ChildProcess
  gone(): boolean
  log(): string
}

/** Starts a daemon, keeping the end of what it writes to standard error (for the error when it does not come up). */
export function startDaemon(program: string, args: string[]): Daemon {
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let text = ''
  let failed = false
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4000)))
  // A program that cannot be started is reported by waitUntilReady, not as an unhandled error.
  child.on('error', (error) => {
    failed = true
    text += `\n${error.message}`
  })
  return { child, gone: () => failed || child.exitCode !== null || child.signalCode !== null, log: () => text.trim() }
}

/** Waits until `ready` says so; fails, with the daemon's last words, when it is gone first or takes too long. */
export async function waitUntilReady(what: string, daemon: Daemon, ready: () => Promise<boolean>): Promise<void> {
  const started = Date.now()
  while (!(await ready())) {
    if (daemon.gone()) throw new Error(`${what} exited before it was ready: ${daemon.log() || 'no output'}`)
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`${what} was not ready within ${START_TIMEOUT_MS / 1000} s: ${daemon.log() || 'no output'}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Stops a daemon and waits until it is gone: SIGTERM, and SIGKILL when it is still there a while later. */
export async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

export interface DockerRegistryOptions {
  /** Where it keeps what it holds. */
  storage: string
  /** Where its config file is written. */
  configDir: string
  /** It serves pulls only (a mirror): no push, no delete. */
  readOnly?: boolean
  /** It takes DELETE requests. */
  deletes?: boolean
  /** The config's `auth:` section, its lines indented under it (htpasswd, token). */
  auth?: string[]
}

export interface DockerRegistry {
  /** `127.0.0.1:<port>` */
  host: string
  child: ChildProcess
  stop(): Promise<void>
}

/** docker-registry's configuration: plain HTTP on 127.0.0.1, filesystem storage, no access log. */
export function dockerRegistryConfig(options: DockerRegistryOptions, host: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${options.storage}`,
    ...(options.deletes ? ['  delete:', '    enabled: true'] : []),
    ...(options.readOnly ? ['  maintenance:', '    readonly:', '      enabled: true'] : []),
    'http:',
    `  addr: ${host}`,
    ...(options.auth ? ['auth:', ...options.auth.map((line) => `  ${line}`)] : []),
    ''
  ].join('\n')
}

/** Debian's docker-registry on a free port of 127.0.0.1, once `/v2/` answers (200, or 401 behind a login). */
export async function startDockerRegistry(options: DockerRegistryOptions): Promise<DockerRegistry> {
  const host = `127.0.0.1:${await freePort()}`
  const config = path.join(options.configDir, 'registry.yml')
  writeFileSync(config, dockerRegistryConfig(options, host))
  const daemon = startDaemon('docker-registry', ['serve', config])
  const answers = options.auth ? [401] : [200]
  try {
    await waitUntilReady(`docker-registry on ${host}`, daemon, async () =>
      answers.includes((await fetch(`http://${host}/v2/`).catch(() => undefined))?.status ?? 0)
    )
  } catch (error) {
    await stopDaemon(daemon.child)
    throw error
  }
  return { host, child: daemon.child, stop: () => stopDaemon(daemon.child) }
}
