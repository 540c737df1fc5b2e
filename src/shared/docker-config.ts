// The Docker configuration (config.json) as docker reads it for a registry login: a credential helper for the
// host (`credHelpers`), else the configured store (`credsStore`), else `auths` under any key docker uses for that
// registry. Nothing here runs a helper (system/registry/credentials.ts does) and nothing is ever logged.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DOCKER_HUB } from './references.js'

/** The configuration directory docker uses: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
}

/** A config.json larger than this is not one docker login wrote. */
export const MAX_CONFIG_BYTES = 1024 * 1024

/** The keys under which docker may keep Docker Hub's login. */
export const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'] as const
/** What Docker Hub's credential helpers are asked for. */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/'

/** Where a login is kept: a helper program to ask, or the config itself. */
export type StoredLogin =
  | { kind: 'helper'; helper: string; serverUrl: string; from: string }
  | { kind: 'password'; username: string; password: string; from: string }
  | { kind: 'identity-token'; token: string; from: string }

export const isDockerHub = (host: string): boolean => (DOCKER_HUB_KEYS as readonly string[]).includes(host)

/** `https://ghcr.io/v2/` -> `ghcr.io`, as docker turns an auths key into a host. */
export function keyHost(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? ''
}

/** Reads config.json, bounded and never through anything but a regular file; undefined when there is none. */
export function readDockerConfig(env: NodeJS.ProcessEnv): { file: string; config: Record<string, unknown> } | undefined {
  const file = path.join(dockerConfigDir(env), 'config.json')
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`the Docker configuration ${file} cannot be read: ${(error as Error).message}`)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new Error(`the Docker configuration ${file} is not a regular file`)
    if (stat.size > MAX_CONFIG_BYTES) throw new Error(`the Docker configuration ${file} is ${stat.size} bytes; at most ${MAX_CONFIG_BYTES} are read`)
    const buffer = Buffer.alloc(stat.size)
    readSync(fd, buffer, 0, stat.size, 0)
    let parsed: unknown
    try {
      parsed = JSON.parse(buffer.toString('utf8'))
    } catch {
      // Never quote it: it holds passwords.
      throw new Error(`the Docker configuration ${file} is not JSON`)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`the Docker configuration ${file} is not a JSON object`)
    return { file, config: parsed as Record<string, unknown> }
  } finally {
    closeSync(fd)
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

/** The keys of the config that may name `host`: all of Docker Hub's for it, the host itself for others. */
function candidateHosts(host: string): string[] {
  return isDockerHub(host) || host === DOCKER_HUB ? [...DOCKER_HUB_KEYS] : [host]
}

/** A helper's name as docker runs it: `docker-credential-<name>`, a plain word. */
const HELPER_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/

/**
 * Where docker keeps the login of `host` (a registry host as image names spell it: `ghcr.io`, `docker.io`,
 * `127.0.0.1:5000`), in docker's order; undefined when there is none.
 */
export function storedLogin(config: Record<string, unknown>, file: string, host: string): StoredLogin | undefined {
  const hosts = candidateHosts(host)
  const serverUrl = hosts.length > 1 ? DOCKER_HUB_SERVER : host
  const helpers = record(config.credHelpers) ?? {}
  for (const [key, name] of Object.entries(helpers)) {
    if (!hosts.includes(keyHost(key)) && !hosts.includes(key)) continue
    if (typeof name !== 'string' || !HELPER_NAME.test(name))
      throw new Error(`${file}: credHelpers names '${String(name).slice(0, 40)}' for ${key}, which is not a helper name`)
    return { kind: 'helper', helper: name, serverUrl, from: `${file}: credHelpers["${key}"]` }
  }
  const store = config.credsStore
  if (typeof store === 'string' && store !== '') {
    if (!HELPER_NAME.test(store)) throw new Error(`${file}: credsStore '${store.slice(0, 40)}' is not a helper name`)
    return { kind: 'helper', helper: store, serverUrl, from: `${file}: credsStore` }
  }
  return loginInAuths(config, file, host)
}

/** The login `auths` holds for `host`, under any key docker uses for it. */
export function loginInAuths(config: Record<string, unknown>, file: string, host: string): StoredLogin | undefined {
  const hosts = candidateHosts(host)
  const auths = record(config.auths) ?? {}
  // Docker's own key first, then the others, in the config's order.
  const keys = Object.keys(auths).sort((a, b) => Number(keyHost(b) === hosts[0] || b === hosts[0]) - Number(keyHost(a) === hosts[0] || a === hosts[0]))
  for (const key of keys) {
    if (!hosts.includes(key) && !hosts.includes(keyHost(key))) continue
    const entry = record(auths[key]) ?? {}
    const from = `${file}: auths["${key}"]`
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { kind: 'identity-token', token: entry.identitytoken, from }
    if (typeof entry.auth === 'string' && entry.auth !== '') {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon < 0) throw new Error(`${from}: its auth is not base64 of user:password`)
      return { kind: 'password', username: decoded.slice(0, colon), password: decoded.slice(colon + 1), from }
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string')
      return { kind: 'password', username: entry.username, password: entry.password, from }
  }
  return undefined
}
