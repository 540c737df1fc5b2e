// Debian's docker-registry behind token authentication, as GHCR and Docker Hub are: the registry answers 401 with
// a Bearer challenge naming a token service, which this helper runs on 127.0.0.1. The service signs RS256 JWTs
// with a certificate the registry trusts, for a user with a password (Basic auth on GET, or the OAuth2 password
// grant on POST) or a refresh token (an identity token, as docker login on some registries stores one).
import { execFileSync } from 'node:child_process'
import { createHash, createPrivateKey, randomUUID, sign } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, IncomingMessage } from 'node:http'
import { AddressInfo } from 'node:net'
import { startDockerRegistry } from '../../src/system/daemons.js'
import os from 'node:os'
import path from 'node:path'

export interface TokenRegistry {
  /** The registry's `127.0.0.1:<port>`. */
  host: string
  user: string
  password: string
  /** A refresh token the service takes for `user`, as an identity token. */
  refreshToken: string
  /** `METHOD path grant` of every token request. */
  tokenRequests: string[]
  stop(): Promise<void>
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => resolve(text))
  })
}

export async function startTokenRegistry(user = 'bearer-user', password = 'bearer-s3cret-for-the-test'): Promise<TokenRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'token-registry-'))
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=test token issuer'], {
    stdio: 'ignore'
  })
  const privateKey = createPrivateKey(readFileSync(key))
  const der = Buffer.from(readFileSync(cert, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64')
  const refreshToken = `refresh-${randomUUID()}`
  const service = 'test-registry'
  const issuer = 'test-issuer'
  const tokenRequests: string[] = []

  const jwt = (subject: string, scope: string): string => {
    const now = Math.floor(Date.now() / 1000)
    const access = scope
      .split(' ')
      .filter(Boolean)
      .map((one) => {
        const [type, name, actions] = one.split(':')
        return { type, name, actions: subject ? actions.split(',') : actions.split(',').filter((a) => a === 'pull') }
      })
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] }))
    const claims = base64url(JSON.stringify({ iss: issuer, sub: subject, aud: service, exp: now + 600, nbf: now - 30, iat: now, jti: randomUUID(), access }))
    return `${header}.${claims}.${base64url(sign('sha256', Buffer.from(`${header}.${claims}`), privateKey))}`
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const answer = (status: number, value: object): void => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(value))
    }
    if (url.pathname !== '/token') return answer(404, {})
    if (request.method === 'GET') {
      const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1]
      const [name, secret] = basic ? Buffer.from(basic, 'base64').toString().split(/:(.*)/s) : ['', '']
      // Each scope a parameter of its own, as docker sends them.
      const scopes = url.searchParams.getAll('scope').join(' ')
      tokenRequests.push(`GET ${scopes} ${basic ? 'basic' : 'anonymous'}`)
      if (basic && (name !== user || secret !== password)) return answer(401, { details: 'wrong login' })
      return answer(200, { token: jwt(basic ? user : '', scopes) })
    }
    const form = new URLSearchParams(await body(request))
    const grant = form.get('grant_type') ?? ''
    tokenRequests.push(`POST ${form.get('scope') ?? ''} ${grant}`)
    const good =
      grant === 'refresh_token'
        ? form.get('refresh_token') === refreshToken
        : grant === 'password' && form.get('username') === user && form.get('password') === password
    if (!good) return answer(401, { error: 'invalid_grant' })
    return answer(200, { access_token: jwt(user, form.get('scope') ?? ''), refresh_token: refreshToken })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const tokenPort = (server.address() as AddressInfo).port

  const registry = await startDockerRegistry({
    storage: path.join(dir, 'data'),
    configDir: dir,
    auth: ['token:', `  realm: http://127.0.0.1:${tokenPort}/token`, `  service: ${service}`, `  issuer: ${issuer}`, `  rootcertbundle: ${cert}`]
  })
  const { host } = registry
  return {
    host,
    user,
    password,
    refreshToken,
    tokenRequests,
    stop: async () => {
      await registry.stop()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/** The digest a token service never sees: a stable name for a test's own repository. */
export const repositoryName = (seed: string): string => `team${createHash('sha256').update(seed).digest('hex').slice(0, 6)}`
