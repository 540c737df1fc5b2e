// Real parts for the tests: Debian's docker-registry on 127.0.0.1, the machine's docker CLI (behind a shim that
// records each call and then runs it), the buildx stand-in as a CLI plugin, and skopeo to read the registry.
import { ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './action.js'

const SUPPORT = path.join(ROOT, '__tests__/support')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface Registry {
  /** `127.0.0.1:<port>` */
  host: string
  stop(): Promise<void>
}

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'registry-'))
  const port = await freePort()
  const config = path.join(dir, 'config.yml')
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${dir}/data`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ''
    ].join('\n')
  )
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const host = `127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`http://${host}/v2/`)).ok) break
    } catch {
      // not listening yet
    }
    if (attempt > 100 || child.exitCode !== null) throw new Error(`docker-registry did not start: ${log}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    host,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

export interface DockerCall {
  args: string[]
  start: number
  end: number
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
  /** Every finished docker command with its start and end (ms since the epoch), in the order they ended. */
  dockerTimings(): DockerCall[]
  /** The builders the stand-in knows. */
  builders(): string[]
}

export function dockerSetup(extra: NodeJS.ProcessEnv = {}): DockerSetup {
  const realDocker = execFileSync('sh', ['-c', 'command -v docker']).toString().trim()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-'))
  const configDir = path.join(dir, 'config')
  const bin = path.join(dir, 'bin')
  mkdirSync(path.join(configDir, 'cli-plugins'), { recursive: true })
  mkdirSync(bin)
  const plugin = path.join(configDir, 'cli-plugins', 'docker-buildx')
  writeFileSync(plugin, `#!/bin/sh\nexec '${process.execPath}' '${path.join(SUPPORT, 'docker-buildx.mjs')}' "$@"\n`)
  chmodSync(plugin, 0o755)
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
      `appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ args: process.argv.slice(2), start, end: Date.now() }) + '\\n')`,
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
      return existsSync(builders) ? execFileSync('ls', [builders]).toString().split('\n').filter(Boolean).map((f) => f.replace(/\.json$/, '')) : []
    }
  }
}

/** Pushes a base image, such as a Windows nanoserver with its os.version, to the test registry. */
export function pushBaseImage(ref: string, osName: string, arch: string, osVersion?: string): string {
  return execFileSync(process.execPath, [path.join(SUPPORT, 'push-image.mjs'), ref, osName, arch, ...(osVersion ? [osVersion] : [])])
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
  }
}

/** What the registry holds for a reference, read by an independent client. */
export function skopeoRaw(ref: string): RawManifest | undefined {
  try {
    const bytes = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`], { stdio: ['ignore', 'pipe', 'pipe'] })
    return { bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, json: JSON.parse(bytes.toString()) }
  } catch {
    return undefined
  }
}

/** The image config of a reference (its platform fields, os.version), read with skopeo. */
export function skopeoConfig(ref: string): Record<string, unknown> {
  return JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--raw', '--tls-verify=false', `docker://${ref}`]).toString())
}
