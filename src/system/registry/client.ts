// The registry's HTTP API, as the action uses it: read a manifest or a blob, put a manifest under a tag or its digest,
// upload or mount a blob, attach a referrer (a signature). Logins are docker's (credentials.ts) and go to two places
// only: the registry's API host, and the token service that host's own challenge names. Redirects are followed here,
// not by fetch: a request that leaves the API host (blob storage, a proxy) carries no login, and a challenge from
// anywhere but the API host is not answered. Every request and the reading of its answer are bounded in time
// (command-timeout) and every answer in size; what is fetched by digest is checked against it; transient faults
// (429, 5xx, a dropped connection) are tried again as a command's are.
import { splitRepository } from '../../shared/references.js'
import { deadline, isAbort, withinDeadline } from '../../shared/deadline.js'
import { isDockerHub } from '../../shared/docker-config.js'
import type { Log } from '../../shared/log.js'
import {
  Descriptor,
  digestOf,
  DIGEST,
  EMPTY_CONFIG,
  MANIFEST_ACCEPT,
  MAX_MANIFEST_BYTES,
  MEDIA_TYPES,
  parseManifest,
  ReferrerArtifact,
  referrerManifest,
  referrersTag,
  withReferrer
} from '../../shared/oci.js'
import { RetryPolicy, retrying } from '../../shared/retry.js'
import type { Classification } from '../../shared/transient-errors.js'
import { AnswerTooLarge, boundedBody as readBody } from '../http.js'
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
  /** Uploads a blob unless the repository holds it already; returns its digest. */
  pushBlob(repository: string, bytes: Buffer): Promise<string>
  /**
   * Mounts a blob of another repository of the same registry, without its bytes passing through here. False when the
   * registry does not (the blob is not readable there, or it mounts nothing): the caller uploads it instead.
   */
  mountBlob(repository: string, digest: string, from: string): Promise<boolean>
  /**
   * Attaches an artifact to `subject` as its referrer: the artifact's blob, the empty config, the referrer manifest,
   * and where the registry has no referrers API, the entry in the `sha256-<hex>` index. Returns the referrer's digest.
   */
  pushReferrer(repository: string, subject: Descriptor, artifact: ReferrerArtifact): Promise<string>
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

/** An answer read whole within `max` bytes; a larger one is a registry's refusal, named. */
async function boundedBody(response: Response, max: number, what: string): Promise<Buffer> {
  return readBody(response, max, what).catch((error: Error) => {
    throw error instanceof AnswerTooLarge ? new RegistryError(error.message, error.status) : error
  })
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

const REDIRECTS = new Set([301, 302, 303, 307, 308])
/** More redirects than this for one request is a loop (storage behind a CDN takes two at most). */
const MAX_REDIRECTS = 5
/** A token service's answer, an error's body: small documents. */
const MAX_TOKEN_BYTES = 256 * 1024
const MAX_SMALL_BYTES = 64 * 1024

const TLS_FAILURE = /EPROTO|wrong version number|ERR_SSL|ERR_TLS|CERT_|certificate|self.signed/i

/** True when the host answers the registry API over plain HTTP (to name that as the likely cause of a TLS failure). */
async function answersPlainHttp(host: string): Promise<boolean> {
  try {
    return await withinDeadline(3000, undefined, async (signal) => {
      // A redirect to HTTPS means the registry does not speak plain HTTP.
      const response = await fetch(`http://${host}/v2/`, { redirect: 'manual', signal })
      await response.body?.cancel()
      return response.status === 200 || response.status === 401
    })
  } catch {
    return false
  }
}

/** A registry's answer, read whole within the request's bound; `url` is where it came from (after any redirect). */
interface Answer {
  status: number
  headers: Headers
  bytes: Buffer
  url: URL
}

/** The outcome of one HTTP exchange: an answer, or the error that stood for one. */
type Exchange = { answer: Answer; error?: undefined } | { answer?: undefined; error: Error; timedOut: boolean }

interface RequestInit {
  body?: Buffer
  headers?: Record<string, string>
  /** The token scope the request needs (`repository:org/app:pull,push`, more than one separated by spaces). */
  scope: string
  /** The largest answer read; a larger one is refused. */
  maxBytes: number
}

export class HttpRegistry implements RegistryClient {
  private login?: RegistryLogin | null
  private basic = false
  private readonly tokens = new Map<string, string>()

  constructor(private readonly options: RegistryOptions) {}

  private get scheme(): string {
    return this.options.insecure ? 'http' : 'https'
  }

  /** The one origin a login is sent to: the registry's API host (registry-1.docker.io for docker.io). */
  private origin(repository: string): string {
    return `${this.scheme}://${endpointOf(repository).apiHost}`
  }

  private url(repository: string, route: string): URL {
    return new URL(`${this.origin(repository)}/v2/${endpointOf(repository).path}/${route}`)
  }

  private scope(repository: string, push: boolean): string {
    return `repository:${endpointOf(repository).path}:${push ? 'pull,push' : 'pull'}`
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

  /** Answers the API host's challenge: Basic takes the login as it is, Bearer a token from the realm it names. */
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
    // A login goes to a token service over HTTPS, on any host the registry names (Docker Hub's is auth.docker.io);
    // over plain HTTP only to the registry's own machine, and only when the registry was declared plain HTTP.
    const registryHostname = new URL(`${this.scheme}://${this.options.host}`).hostname
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.insecure && url.hostname === registryHostname)) {
      throw new RegistryError(
        `${what}: ${this.options.host} names the token service ${url.origin}, which is not HTTPS${this.options.insecure ? ` on ${registryHostname}` : ''}; no login is sent there`,
        401
      )
    }
    const service = challenge.params.service ?? ''
    const answer = await withinDeadline(this.options.timeoutSeconds * 1000, this.options.signal, async (signal) => {
      let response: Response
      if (login?.identityToken) {
        const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.secret, service, scope, client_id: 'velero-multiarch-build' })
        response = await fetch(url, { method: 'POST', body, signal, redirect: 'error' })
      } else {
        if (service) url.searchParams.set('service', service)
        // Each scope a parameter of its own, as docker asks (a mount reads one repository and writes another).
        for (const one of scope.split(' ')) url.searchParams.append('scope', one)
        response = await fetch(url, { headers: login ? { authorization: this.basicHeader(login) } : {}, signal, redirect: 'error' })
      }
      return { status: response.status, ok: response.ok, text: (await boundedBody(response, MAX_TOKEN_BYTES, `${what}: the token service`)).toString() }
    }).catch((error: Error) => {
      if (error instanceof RegistryError) throw error
      const why = isAbort(error) ? `no answer within command-timeout (${this.options.timeoutSeconds} s)` : error.message
      throw new RegistryError(`${what}: the token service of ${this.options.host} (${url.origin}): ${why}`, 0, isAbort(error))
    })
    if (!answer.ok) {
      const who = login ? `the login from ${login.from}` : 'no login (the Docker configuration has none for it)'
      throw new RegistryError(
        `${what}: the token service of ${this.options.host} answered ${answer.status} for ${scope}, with ${who}${answer.status === 401 ? '; log in first (docker/login-action)' : ''}`,
        answer.status
      )
    }
    let token: unknown
    try {
      const parsed = JSON.parse(answer.text) as Record<string, unknown>
      token = parsed.token ?? parsed.access_token
    } catch {
      token = undefined
    }
    if (typeof token !== 'string' || token === '')
      throw new RegistryError(`${what}: the token service of ${this.options.host} answered without a token`, answer.status)
    this.options.mask(token)
    this.tokens.set(scope, token)
  }

  /**
   * One exchange, its redirects followed and its answer read, all within command-timeout. The login goes only to
   * `origin`; a redirect elsewhere is followed without it (blob storage), and never from HTTPS down to plain HTTP.
   */
  private async exchange(method: string, url: URL, origin: string, init: RequestInit, what: string): Promise<Exchange> {
    const bound = deadline(this.options.timeoutSeconds * 1000, this.options.signal)
    try {
      let target = url
      let verb = method
      let body = init.body
      for (let hops = 0; ; hops++) {
        const auth = target.origin === origin ? await this.authorization(init.scope) : undefined
        const headers = { ...init.headers, ...(auth ? { authorization: auth } : {}) }
        const response = await fetch(target, { method: verb, headers, body, signal: bound.signal, redirect: 'manual' })
        const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null
        if (location === null) {
          const bytes = verb === 'HEAD' ? Buffer.alloc(0) : await boundedBody(response, init.maxBytes, what)
          return { answer: { status: response.status, headers: response.headers, bytes, url: target } }
        }
        await response.body?.cancel()
        if (hops >= MAX_REDIRECTS) throw new RegistryError(`${what}: more than ${MAX_REDIRECTS} redirects from ${url.host}`, response.status)
        const next = new URL(location, target)
        if (next.protocol !== 'https:' && !(next.protocol === 'http:' && target.protocol === 'http:'))
          throw new RegistryError(`${what}: ${target.host} redirects to ${next.origin}, which is not HTTPS; it is not followed`, response.status)
        if (response.status === 303) {
          verb = 'GET'
          body = undefined
        }
        target = next
      }
    } catch (error) {
      if (error instanceof RegistryError) throw error
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      return {
        error: new Error(cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : (error as Error).message),
        timedOut: isAbort(error)
      }
    } finally {
      bound.end()
    }
  }

  /**
   * One request, with the API host's challenge answered once and transient faults retried. Returns the final
   * answer (any status); throws a RegistryError when no answer came, or when a host other than the registry's asks
   * for a login.
   */
  private async request(method: string, repository: string, url: URL, init: RequestInit, what: string): Promise<Answer> {
    const { apiHost } = endpointOf(repository)
    const origin = this.origin(repository)
    let challenged = false
    const attempt = async (): Promise<Exchange> => {
      let outcome = await this.exchange(method, url, origin, init, what)
      if (outcome.answer?.status === 401 && !challenged) {
        if (outcome.answer.url.origin !== origin) throw this.foreignChallenge(apiHost, outcome.answer.url, what)
        challenged = true
        const challenge = parseChallenge(outcome.answer.headers.get('www-authenticate') ?? '')
        if (!challenge) throw new RegistryError(`${what}: ${this.options.host} answered 401 without a challenge the action knows (Basic or Bearer)`, 401)
        await this.authenticate(challenge, init.scope, what)
        outcome = await this.exchange(method, url, origin, init, what)
      }
      if (outcome.answer?.status === 401 && outcome.answer.url.origin !== origin) throw this.foreignChallenge(apiHost, outcome.answer.url, what)
      return outcome
    }
    const judge = (outcome: Exchange): Classification | undefined => {
      if (outcome.error) {
        if (this.options.signal?.aborted) return { transient: false, reason: 'the run was cancelled' }
        // A TLS handshake that fails will fail again: a plain-HTTP registry, or a certificate this machine refuses.
        if (TLS_FAILURE.test(outcome.error.message)) return { transient: false, reason: `TLS failed (${outcome.error.message})` }
        return { transient: true, reason: outcome.timedOut ? 'no answer within command-timeout' : `connection failed (${outcome.error.message})` }
      }
      const reason = TRANSIENT_STATUSES[outcome.answer.status]
      if (!reason) return undefined
      const after = Number(outcome.answer.headers.get('retry-after') ?? '')
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
    if (TRANSIENT_STATUSES[result.answer.status])
      throw new RegistryError(`${what}: the registry answered ${result.answer.status}${tries}`, result.answer.status)
    return result.answer
  }

  /** A host the registry sent the request to asks for a login: none is sent anywhere but the registry's API host. */
  private foreignChallenge(apiHost: string, where: URL, what: string): RegistryError {
    return new RegistryError(
      `${what}: ${apiHost} sent the request on to ${where.host}, which asks for a login; a login goes to ${apiHost} alone (and the token service its own challenge names), so none was sent. A registry or proxy that redirects its API to another host is not supported: name the registry's own host in image`,
      401
    )
  }

  /** The error of a refused request, with what to do about the common ones. */
  private refusal(answer: Answer, what: string): RegistryError {
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(answer.bytes.subarray(0, MAX_SMALL_BYTES).toString())?.[1]
    const hint =
      answer.status === 401
        ? '; log in to the registry first (docker/login-action)'
        : answer.status === 403
          ? `; the login ${this.login ? `from ${this.login.from} ` : ''}may not do this (on GHCR: permissions packages: write)`
          : ''
    return new RegistryError(`${what}: the registry answered ${answer.status}${code ? ` ${code}` : ''}${hint}`, answer.status)
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const what = `reading ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`
    const answer = await this.request(
      'GET',
      repository,
      this.url(repository, `manifests/${reference}`),
      { headers: { accept: MANIFEST_ACCEPT }, scope: this.scope(repository, false), maxBytes: MAX_MANIFEST_BYTES },
      what
    )
    if (answer.status === 404) return undefined
    if (answer.status !== 200) throw this.refusal(answer, what)
    const digest = digestOf(answer.bytes)
    if (DIGEST.test(reference) && digest !== reference)
      throw new RegistryError(`${what}: the registry answered a manifest whose digest is ${digest}`, answer.status)
    return { bytes: answer.bytes, digest, contentType: (answer.headers.get('content-type') ?? '').split(';')[0].trim() }
  }

  async getBlob(repository: string, digest: string, maxBytes: number): Promise<Buffer> {
    const what = `reading blob ${digest} of ${repository}`
    const answer = await this.request('GET', repository, this.url(repository, `blobs/${digest}`), { scope: this.scope(repository, false), maxBytes }, what)
    if (answer.status !== 200) throw this.refusal(answer, what)
    if (digestOf(answer.bytes) !== digest)
      throw new RegistryError(`${what}: the registry answered a blob whose digest is ${digestOf(answer.bytes)}`, answer.status)
    return answer.bytes
  }

  /** Puts a manifest; the answer's headers say whether the registry took its subject (OCI-Subject). */
  private async putManifestAnswer(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<Answer> {
    const digest = digestOf(bytes)
    const what = `pushing ${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`
    const answer = await this.request(
      'PUT',
      repository,
      this.url(repository, `manifests/${reference}`),
      { body: bytes, headers: { 'content-type': mediaType }, scope: this.scope(repository, true), maxBytes: MAX_SMALL_BYTES },
      what
    )
    if (answer.status !== 201 && answer.status !== 200) throw this.refusal(answer, what)
    const stored = answer.headers.get('docker-content-digest')
    if (stored && stored !== digest) throw new RegistryError(`${what}: the registry says it stored ${stored}, not ${digest}`, answer.status)
    return answer
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    await this.putManifestAnswer(repository, reference, bytes, mediaType)
    return digestOf(bytes)
  }

  private async hasBlob(repository: string, digest: string): Promise<boolean> {
    const what = `looking for blob ${digest} in ${repository}`
    const answer = await this.request('HEAD', repository, this.url(repository, `blobs/${digest}`), { scope: this.scope(repository, true), maxBytes: 0 }, what)
    if (answer.status === 404) return false
    if (answer.status !== 200) throw this.refusal(answer, what)
    return true
  }

  /** Where an upload session continues: its Location, relative to the API host or absolute (a login goes to the API host only). */
  private uploadLocation(answer: Answer, what: string): URL {
    const location = answer.headers.get('location')
    if (!location) throw new RegistryError(`${what}: the registry opened an upload without saying where it continues (no Location)`, answer.status)
    const url = new URL(location, answer.url)
    if (url.protocol !== answer.url.protocol)
      throw new RegistryError(`${what}: the registry continues the upload at ${url.origin}, another scheme than its own`, answer.status)
    return url
  }

  async pushBlob(repository: string, bytes: Buffer): Promise<string> {
    const digest = digestOf(bytes)
    if (await this.hasBlob(repository, digest)) return digest
    const what = `uploading blob ${digest} to ${repository}`
    const scope = this.scope(repository, true)
    const opened = await this.request('POST', repository, this.url(repository, 'blobs/uploads/'), { scope, maxBytes: MAX_SMALL_BYTES }, what)
    if (opened.status !== 202) throw this.refusal(opened, what)
    const session = this.uploadLocation(opened, what)
    session.searchParams.set('digest', digest)
    const headers = { 'content-type': 'application/octet-stream' }
    const closed = await this.request('PUT', repository, session, { body: bytes, headers, scope, maxBytes: MAX_SMALL_BYTES }, what)
    if (closed.status !== 201) throw this.refusal(closed, what)
    const stored = closed.headers.get('docker-content-digest')
    if (stored && stored !== digest) throw new RegistryError(`${what}: the registry says it stored ${stored}, not ${digest}`, closed.status)
    return digest
  }

  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    if (!DIGEST.test(digest)) throw new Error(`internal: ${digest} is not a digest`)
    if (endpointOf(from).apiHost !== endpointOf(repository).apiHost) return false
    const what = `mounting blob ${digest} of ${from} in ${repository}`
    const url = this.url(repository, 'blobs/uploads/')
    url.searchParams.set('mount', digest)
    url.searchParams.set('from', endpointOf(from).path)
    const scope = `${this.scope(repository, true)} ${this.scope(from, false)}`
    const answer = await this.request('POST', repository, url, { scope, maxBytes: MAX_SMALL_BYTES }, what)
    if (answer.status === 201) return true
    if (answer.status !== 202) throw this.refusal(answer, what)
    // The registry opened an upload instead: it is closed unused, and the caller uploads the bytes.
    await this.request('DELETE', repository, this.uploadLocation(answer, what), { scope, maxBytes: MAX_SMALL_BYTES }, what).catch(() => undefined)
    return false
  }

  async pushReferrer(repository: string, subject: Descriptor, artifact: ReferrerArtifact): Promise<string> {
    await this.pushBlob(repository, artifact.bytes)
    await this.pushBlob(repository, EMPTY_CONFIG)
    const manifest = referrerManifest(subject, artifact)
    const digest = digestOf(manifest)
    const answer = await this.putManifestAnswer(repository, digest, manifest, MEDIA_TYPES.ociManifest)
    // A registry with the referrers API says so by naming the subject it recorded; others need the fallback tag.
    if (answer.headers.get('oci-subject') === subject.digest) return digest
    const entry: Descriptor = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest,
      size: manifest.length,
      artifactType: artifact.artifactType,
      annotations: artifact.annotations
    }
    await this.addToReferrersTag(repository, subject.digest, entry)
    return digest
  }

  /**
   * Adds a referrer to the index under the fallback tag: read, add, put, and read again, since another run may
   * have put its own index in between (the last writer wins); tried a few times before giving up, naming the tag.
   */
  private async addToReferrersTag(repository: string, subject: string, entry: Descriptor): Promise<void> {
    const tag = referrersTag(subject)
    for (let tries = 1; ; tries++) {
      const held = await this.getManifest(repository, tag)
      const index = withReferrer(held?.bytes, entry, `${repository}:${tag}`)
      if (!index) return
      await this.putManifest(repository, tag, index, MEDIA_TYPES.ociIndex)
      if (tries >= 3) {
        const now = await this.getManifest(repository, tag)
        if (!withReferrer(now?.bytes, entry, `${repository}:${tag}`)) return
        throw new RegistryError(`attaching ${entry.digest} under ${repository}:${tag}: another writer replaced the index ${tries} times`, 0)
      }
    }
  }

  async getReferrers(repository: string, digest: string): Promise<Descriptor[]> {
    if (!DIGEST.test(digest)) throw new Error(`internal: ${digest} is not a digest`)
    const what = `reading the referrers of ${repository}@${digest}`
    const answer = await this.request(
      'GET',
      repository,
      this.url(repository, `referrers/${digest}`),
      { headers: { accept: MEDIA_TYPES.ociIndex }, scope: this.scope(repository, false), maxBytes: MAX_MANIFEST_BYTES },
      what
    )
    let index: Buffer | undefined
    // A registry without the API answers 404 (GHCR, distribution 2.8) or 400 and another document: the fallback tag.
    if (answer.status === 200 && (answer.headers.get('content-type') ?? '').startsWith(MEDIA_TYPES.ociIndex)) index = answer.bytes
    else if (!(answer.status === 200 || answer.status === 404 || answer.status === 400 || answer.status === 405)) throw this.refusal(answer, what)
    if (!index) index = (await this.getManifest(repository, referrersTag(digest)))?.bytes
    if (!index) return []
    const parsed = parseManifest(index, what)
    return parsed.kind === 'index' ? parsed.index.manifests : []
  }
}
