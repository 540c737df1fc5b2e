// The registry's HTTP API, as the action uses it: read a manifest or a blob, put a manifest under a tag or its digest.
// Logins are docker's (credentials.ts); a registry that asks for a token gets the one its challenge names. Every
// request is bounded in time (command-timeout) and every answer in size; what is fetched by digest is checked against
// it; transient faults (429, 5xx, a dropped connection) are tried again as a command's are.
import { splitRepository } from '../../shared/references.js'
import { isDockerHub } from '../../shared/docker-config.js'
import type { Log } from '../../shared/log.js'
import { Descriptor, digestOf, DIGEST, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, MEDIA_TYPES, parseManifest } from '../../shared/oci.js'
import { RetryPolicy, retrying } from '../../shared/retry.js'
import type { Classification } from '../../shared/transient-errors.js'
import type { RegistryLogin } from './credentials.js'

/** A manifest or index as the registry holds it. */
export interface FetchedManifest {
  bytes: Buffer
  digest: string
  /** The Content-Type the registry answered with. */
  contentType: string
}

export interface RegistryClient {
  /** What a tag or digest names; undefined when the registry has nothing under it. */
  getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>
  /** A blob (an image config), checked against its digest. */
  getBlob(repository: string, digest: string, maxBytes: number): Promise<Buffer>
  /** Puts a manifest's exact bytes under a tag or under its digest; returns the digest. */
  putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string>
  /**
   * The artifacts that refer to a digest (signatures): the OCI referrers API, else the `sha256-<hex>` tag that
   * registries without one (GHCR, distribution 2.8) hold them under.
   */
  getReferrers(repository: string, digest: string): Promise<Descriptor[]>
}

/** A registry's refusal or fault, with its status (0: no answer at all). */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** It ran out of time: a PUT may still have been applied. */
    readonly timedOut = false
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

export interface RegistryOptions {
  /** The registry host as image names spell it: `ghcr.io`, `docker.io`, `127.0.0.1:5000`. */
  host: string
  /** The registry speaks plain HTTP (insecure-registry). */
  insecure: boolean
  timeoutSeconds: number
  retry: RetryPolicy
  log: Log
  signal?: AbortSignal
  /** The login docker has for the registry (its configuration, a credential helper), asked once and only when needed. */
  credentials(): Promise<RegistryLogin | undefined>
  /** Hides a value (a token the registry's token service hands out) in every later line of the log. */
  mask(value: string): void
}

/** Where a repository's API is: Docker Hub's names (`velero/velero`, `alpine`) live on registry-1.docker.io. */
export function endpointOf(repository: string): { host: string; apiHost: string; path: string } {
  const { host, path } = splitRepository(repository)
  if (!isDockerHub(host)) return { host, apiHost: host, path }
  return { host, apiHost: 'registry-1.docker.io', path: path.includes('/') ? path : `library/${path}` }
}

/** Reads a response body, refusing one larger than `max` bytes before it is all in memory. */
async function boundedBody(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '')
  if (declared > max) {
    await response.body?.cancel()
    throw new RegistryError(`${what}: the registry answers ${declared} bytes; at most ${max} are read`, response.status)
  }
  if (!response.body) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > max) {
      await response.body.cancel().catch(() => undefined)
      throw new RegistryError(`${what}: the registry answers more than ${max} bytes`, response.status)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}

interface Challenge {
  scheme: 'basic' | 'bearer'
  params: Record<string, string>
}

/** `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(Basic|Bearer)\b\s*(.*)$/i.exec(header)
  if (!match) return undefined
  const params: Record<string, string> = {}
  for (const part of match[2].matchAll(/([A-Za-z]+)="([^"]*)"/g)) params[part[1].toLowerCase()] = part[2]
  return { scheme: match[1].toLowerCase() as Challenge['scheme'], params }
}

const TRANSIENT_STATUSES: Record<number, string> = {
  408: 'timeout (408)',
  429: 'rate limited (429)',
  500: 'registry server error (5xx)',
  502: 'registry server error (5xx)',
  503: 'registry server error (5xx)',
  504: 'registry server error (5xx)'
}

const TLS_FAILURE = /EPROTO|wrong version number|ERR_SSL|ERR_TLS|CERT_|certificate|self.signed/i

/** True when the host answers the registry API over plain HTTP (to name that as the likely cause of a TLS failure). */
async function answersPlainHttp(host: string): Promise<boolean> {
  try {
    // A redirect to HTTPS means the registry does not speak plain HTTP.
    const response = await fetch(`http://${host}/v2/`, { redirect: 'manual', signal: AbortSignal.timeout(3000) })
    await response.body?.cancel()
    return response.status === 200 || response.status === 401
  } catch {
    return false
  }
}

/** The outcome of one HTTP exchange: a response, or the error that stood for one. */
type Exchange = { response: Response; error?: undefined } | { response?: undefined; error: Error; timedOut: boolean }

export class HttpRegistry implements RegistryClient {
  private login?: RegistryLogin | null
  private basic = false
  private readonly tokens = new Map<string, string>()

  constructor(private readonly options: RegistryOptions) {}

  private get scheme(): string {
    return this.options.insecure ? 'http' : 'https'
  }

  /** The login, looked up once and only when the registry asks for one. */
  private async credentials(): Promise<RegistryLogin | undefined> {
    if (this.login === undefined) this.login = (await this.options.credentials()) ?? null
    return this.login ?? undefined
  }

  private basicHeader(login: RegistryLogin): string {
    return `Basic ${Buffer.from(`${login.username}:${login.secret}`).toString('base64')}`
  }

  private async authorization(scope: string): Promise<string | undefined> {
    const token = this.tokens.get(scope)
    if (token) return `Bearer ${token}`
    if (this.basic) {
      const login = await this.credentials()
      return login ? this.basicHeader(login) : undefined
    }
    return undefined
  }

  /** Answers a challenge: Basic takes the login as it is, Bearer a token from the realm it names. */
  private async authenticate(challenge: Challenge, scope: string, what: string): Promise<void> {
    const login = await this.credentials()
    if (challenge.scheme === 'basic') {
      if (!login)
        throw new RegistryError(
          `${what}: ${this.options.host} asks for a login, and the Docker configuration has none for it; log in first (docker/login-action)`,
          401
        )
      this.basic = true
      return
    }
    const realm = challenge.params.realm ?? ''
    let url: URL
    try {
      url = new URL(realm)
    } catch {
      throw new RegistryError(`${what}: ${this.options.host} names a token service that is not a URL (${JSON.stringify(realm).slice(0, 100)})`, 401)
    }
    // A login goes to a token service over HTTPS only, unless the registry itself was declared plain HTTP.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.insecure)) {
      throw new RegistryError(`${what}: ${this.options.host} names the token service ${url.origin}, which is not HTTPS; no login is sent there`, 401)
    }
    const service = challenge.params.service ?? ''
    const signal = this.bound()
    let response: Response
    if (login?.identityToken) {
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.secret, service, scope, client_id: 'velero-multiarch-build' })
      response = await fetch(url, { method: 'POST', body, signal, redirect: 'error' })
    } else {
      if (service) url.searchParams.set('service', service)
      url.searchParams.set('scope', scope)
      response = await fetch(url, { headers: login ? { authorization: this.basicHeader(login) } : {}, signal, redirect: 'error' })
    }
    const text = (await boundedBody(response, 256 * 1024, `${what}: the token service`)).toString()
    if (!response.ok) {
      const who = login ? `the login from ${login.from}` : 'no login (the Docker configuration has none for it)'
      throw new RegistryError(
        `${what}: the token service of ${this.options.host} answered ${response.status} for ${scope}, with ${who}${response.status === 401 ? '; log in first (docker/login-action)' : ''}`,
        response.status
      )
    }
    let token: unknown
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>
      token = parsed.token ?? parsed.access_token
    } catch {
      token = undefined
    }
    if (typeof token !== 'string' || token === '')
      throw new RegistryError(`${what}: the token service of ${this.options.host} answered without a token`, response.status)
    this.options.mask(token)
    this.tokens.set(scope, token)
  }

  /** A signal that ends the request at command-timeout, or when the run is cancelled. */
  private bound(): AbortSignal {
    const timeout = AbortSignal.timeout(this.options.timeoutSeconds * 1000)
    return this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout
  }

  private async exchange(method: string, url: string, scope: string, init: { body?: Buffer; headers?: Record<string, string> }): Promise<Exchange> {
    try {
      const auth = await this.authorization(scope)
      const headers = { ...init.headers, ...(auth ? { authorization: auth } : {}) }
      return { response: await fetch(url, { method, headers, body: init.body, signal: this.bound() }) }
    } catch (error) {
      if (error instanceof RegistryError) throw error
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
      return { error: new Error(cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : (error as Error).message), timedOut }
    }
  }

  /**
   * One request, with the registry's challenge answered once and transient faults retried. Returns the final
   * response (any status); throws a RegistryError when no answer came.
   */
  private async request(
    method: string,
    repository: string,
    route: string,
    init: { body?: Buffer; headers?: Record<string, string>; push?: boolean },
    what: string
  ): Promise<Response> {
    const { apiHost, path } = endpointOf(repository)
    const url = `${this.scheme}://${apiHost}/v2/${path}/${route}`
    const scope = `repository:${path}:${init.push ? 'pull,push' : 'pull'}`
    let challenged = false
    const attempt = async (): Promise<Exchange> => {
      let outcome = await this.exchange(method, url, scope, init)
      if (outcome.response?.status === 401 && !challenged) {
        challenged = true
        const challenge = parseChallenge(outcome.response.headers.get('www-authenticate') ?? '')
        await outcome.response.body?.cancel()
        if (!challenge) throw new RegistryError(`${what}: ${this.options.host} answered 401 without a challenge the action knows (Basic or Bearer)`, 401)
        await this.authenticate(challenge, scope, what)
        outcome = await this.exchange(method, url, scope, init)
      }
      return outcome
    }
    const judge = (outcome: Exchange): Classification | undefined => {
      if (outcome.error) {
        if (this.options.signal?.aborted) return { transient: false, reason: 'the run was cancelled' }
        // A TLS handshake that fails will fail again: a plain-HTTP registry, or a certificate this machine refuses.
        if (TLS_FAILURE.test(outcome.error.message)) return { transient: false, reason: `TLS failed (${outcome.error.message})` }
        return { transient: true, reason: outcome.timedOut ? 'no answer within command-timeout' : `connection failed (${outcome.error.message})` }
      }
      const reason = TRANSIENT_STATUSES[outcome.response.status]
      if (!reason) return undefined
      const after = Number(outcome.response.headers.get('retry-after') ?? '')
      void outcome.response.body?.cancel()
      return { transient: true, reason, ...(Number.isFinite(after) && after > 0 ? { retryAfterSeconds: after } : {}) }
    }
    const { result, attempts } = await retrying(what, attempt, judge, this.options.retry, this.options.log, this.options.signal)
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    if (result.error) {
      const hint =
        !this.options.insecure && TLS_FAILURE.test(result.error.message) && (await answersPlainHttp(apiHost))
          ? ` (${this.options.host} answers plain HTTP: set insecure-registry: true)`
          : ''
      throw new RegistryError(
        `${what}: ${result.timedOut ? `no answer within command-timeout (${this.options.timeoutSeconds} s)` : `the registry could not be reached (${result.error.message})`}${tries}${hint}`,
        0,
        result.timedOut
      )
    }
    if (TRANSIENT_STATUSES[result.response.status])
      throw new RegistryError(`${what}: the registry answered ${result.response.status}${tries}`, result.response.status)
    return result.response
  }

  /** The error of a refused request, with what to do about the common ones. */
  private async refusal(response: Response, what: string): Promise<RegistryError> {
    const body = (await boundedBody(response, 64 * 1024, what).catch(() => Buffer.alloc(0))).toString()
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(body)?.[1]
    const hint =
      response.status === 401
        ? '; log in to the registry first (docker/login-action)'
        : response.status === 403
          ? `; the login ${this.login ? `from ${this.login.from} ` : ''}may not do this (on GHCR: permissions packages: write)`
          : ''
    return new RegistryError(`${what}: the registry answered ${response.status}${code ? ` ${code}` : ''}${hint}`, response.status)
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const what = `reading ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`
    const response = await this.request('GET', repository, `manifests/${reference}`, { headers: { accept: MANIFEST_ACCEPT } }, what)
    if (response.status === 404) {
      await response.body?.cancel()
      return undefined
    }
    if (!response.ok) throw await this.refusal(response, what)
    const bytes = await boundedBody(response, MAX_MANIFEST_BYTES, what)
    const digest = digestOf(bytes)
    if (DIGEST.test(reference) && digest !== reference)
      throw new RegistryError(`${what}: the registry answered a manifest whose digest is ${digest}`, response.status)
    return { bytes, digest, contentType: (response.headers.get('content-type') ?? '').split(';')[0].trim() }
  }

  async getBlob(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    const what = `reading blob ${digest} of ${repository}`
    const response = await this.request('GET', repository, `blobs/${digest}`, {}, what)
    if (!response.ok) throw await this.refusal(response, what)
    const bytes = await boundedBody(response, maxBytes, what)
    if (digestOf(bytes) !== digest) throw new RegistryError(`${what}: the registry answered a blob whose digest is ${digestOf(bytes)}`, response.status)
    return bytes
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const digest = digestOf(bytes)
    const what = `pushing ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`
    const response = await this.request('PUT', repository, `manifests/${reference}`, { body: bytes, headers: { 'content-type': mediaType }, push: true }, what)
    if (response.status !== 201 && response.status !== 200) throw await this.refusal(response, what)
    await response.body?.cancel()
    const answered = response.headers.get('docker-content-digest')
    if (answered && answered !== digest) throw new RegistryError(`${what}: the registry says it stored ${answered}, not ${digest}`, response.status)
    return digest
  }

  async getReferrers(repository: string, digest: string): Promise<Descriptor[]> {
    if (!DIGEST.test(digest)) throw new Error(`internal: ${digest} is not a digest`)
    const what = `reading the referrers of ${repository}@${digest}`
    const response = await this.request('GET', repository, `referrers/${digest}`, { headers: { accept: MEDIA_TYPES.ociIndex } }, what)
    let index: Buffer | undefined
    // A registry without the API answers 404 (GHCR, distribution 2.8) or 400 and another document: the fallback tag.
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith(MEDIA_TYPES.ociIndex))
      index = await boundedBody(response, MAX_MANIFEST_BYTES, what)
    else if (response.ok || response.status === 404 || response.status === 400 || response.status === 405) await response.body?.cancel()
    else throw await this.refusal(response, what)
    if (!index) index = (await this.getManifest(repository, digest.replace(':', '-')))?.bytes
    if (!index) return []
    const parsed = parseManifest(index, what)
    return parsed.kind === 'index' ? parsed.index.manifests : []
  }
}
