// The registry client (system/registry/client.ts) against Debian's docker-registry, with a login where the test
// needs one: blob upload and cross-repository mount, a referrer attached as signing attaches one (the fallback tag,
// which this registry reads, checked with skopeo), and the bounds: a request never answered ends at command-timeout
// and leaves no timer behind. Stand-ins only where the real registry cannot show it: a registry that sends its API
// on to another host whose challenge names a third (the third must hear nothing, signing's path included), and one
// with the referrers API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signDigests } from '../../src/publish/sign.js'
import { digestOf, MEDIA_TYPES } from '../../src/shared/oci.js'
import { DryGitHub } from '../../src/system/dry-run.js'
import { HttpRegistry, RegistryError } from '../../src/system/registry/client.js'
import type { RegistryLogin } from '../../src/system/registry/credentials.js'
import { DrySigstore } from '../../src/system/sigstore.js'
import { Registry, registryTags, skopeoRaw, startRegistry } from '../helpers/docker.js'
import { FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js'
import { recordingLog } from '../helpers/log.js'

const LOGIN: RegistryLogin = { username: 'signer', secret: 's3cret-of-the-test', identityToken: false, from: 'the test' }
const BASIC = `Basic ${Buffer.from(`${LOGIN.username}:${LOGIN.secret}`).toString('base64')}`
const NO_RETRY = { retries: 0, maxWaitSeconds: 0, baseSeconds: 1 }

function client(host: string, options: { login?: RegistryLogin; timeoutSeconds?: number } = {}): HttpRegistry {
  return new HttpRegistry({
    host,
    insecure: true,
    timeoutSeconds: options.timeoutSeconds ?? 30,
    retry: NO_RETRY,
    log: recordingLog(),
    credentials: async () => options.login,
    mask: () => undefined
  })
}

/** An image manifest of one small layer, pushed by digest: something to attach to. */
async function pushImage(registry: HttpRegistry, repository: string, seed: string): Promise<{ digest: string; size: number; bytes: Buffer }> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', seed }))
  const layer = Buffer.from(`layer of ${seed}`)
  await registry.pushBlob(repository, config)
  await registry.pushBlob(repository, layer)
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }]
    })
  )
  const digest = await registry.putManifest(repository, digestOf(bytes), bytes, MEDIA_TYPES.ociManifest)
  return { digest, size: bytes.length, bytes }
}

const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
const artifact = (text: string) => ({ bytes: Buffer.from(text), mediaType: BUNDLE_TYPE, artifactType: BUNDLE_TYPE, annotations: { 'test.kind': 'bundle' } })

describe('the registry client on a real registry with a login', () => {
  let registry: Registry
  beforeAll(async () => {
    registry = await startRegistry({ login: { user: LOGIN.username, password: LOGIN.secret } })
  })
  afterAll(async () => {
    await registry?.stop()
  })

  it('uploads a blob once: a second push of the same bytes finds it there', async () => {
    const api = client(registry.host, { login: LOGIN })
    const repository = `${registry.host}/blobs/once`
    const bytes = Buffer.from('the same bytes twice')
    expect(await api.pushBlob(repository, bytes)).toBe(digestOf(bytes))
    expect(await api.pushBlob(repository, bytes)).toBe(digestOf(bytes))
    expect(await api.getBlob(repository, digestOf(bytes), 1024)).toEqual(bytes)
  })

  it('mounts a blob from another repository of the registry, and says so; a blob that is not there is not mounted', async () => {
    const api = client(registry.host, { login: LOGIN })
    const bytes = Buffer.from('a base layer shared by two repositories')
    await api.pushBlob(`${registry.host}/mount/source`, bytes)
    expect(await api.mountBlob(`${registry.host}/mount/target`, digestOf(bytes), `${registry.host}/mount/source`)).toBe(true)
    expect(await api.getBlob(`${registry.host}/mount/target`, digestOf(bytes), 1024)).toEqual(bytes)
    expect(await api.mountBlob(`${registry.host}/mount/elsewhere`, digestOf(Buffer.from('never pushed')), `${registry.host}/mount/source`)).toBe(false)
  })

  it('attaches a referrer under the fallback tag, which an independent client reads, and finds it again', async () => {
    const api = client(registry.host, { login: LOGIN })
    const repository = `${registry.host}/referred/app`
    const image = await pushImage(api, repository, 'referred')
    const subject = { mediaType: MEDIA_TYPES.ociManifest, digest: image.digest, size: image.size }
    const first = await api.pushReferrer(repository, subject, artifact('{"bundle":1}'))
    const second = await api.pushReferrer(repository, subject, artifact('{"bundle":2}'))
    // Attaching the same artifact again adds nothing.
    expect(await api.pushReferrer(repository, subject, artifact('{"bundle":1}'))).toBe(first)
    const tag = image.digest.replace(':', '-')
    const index = skopeoRaw(`${repository}:${tag}`, { user: LOGIN.username, password: LOGIN.secret })
    expect(index?.json.manifests?.map((m) => m.digest)).toEqual([first, second])
    expect((await api.getReferrers(repository, image.digest)).map((r) => [r.digest, r.artifactType])).toEqual([
      [first, BUNDLE_TYPE],
      [second, BUNDLE_TYPE]
    ])
    const manifest = JSON.parse((await api.getManifest(repository, first))?.bytes.toString() ?? '{}') as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(manifest.subject).toEqual(subject)
    expect(manifest.config.mediaType).toBe('application/vnd.oci.empty.v1+json')
    expect((await api.getBlob(repository, manifest.layers[0].digest, 1024)).toString()).toBe('{"bundle":1}')
  })

  it('without the login, says to log in and names where it looked', async () => {
    const error = await client(registry.host)
      .pushBlob(`${registry.host}/anonymous/app`, Buffer.from('x'))
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as Error).message).toContain('asks for a login, and the Docker configuration has none for it; log in first (docker/login-action)')
  })

  describe('bounded in time', () => {
    let proxy: FaultProxy
    beforeAll(async () => {
      proxy = await startFaultProxy(registry.host)
    })
    afterAll(async () => {
      await proxy?.close()
    })

    /** How many timers of `ms` `operation` started, and how many of them it cleared again. */
    async function boundTimers(ms: number, operation: () => Promise<unknown>): Promise<{ started: number; cleared: number }> {
      const [realSet, realClear] = [globalThis.setTimeout, globalThis.clearTimeout]
      const started: unknown[] = []
      const cleared = new Set<unknown>()
      globalThis.setTimeout = ((callback: () => void, delay?: number) => {
        const timer = realSet(callback, delay)
        if (delay === ms) started.push(timer)
        return timer
      }) as typeof setTimeout
      globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
        cleared.add(timer)
        realClear(timer)
      }) as typeof clearTimeout
      try {
        await operation()
      } finally {
        globalThis.setTimeout = realSet
        globalThis.clearTimeout = realClear
      }
      return { started: started.length, cleared: started.filter((timer) => cleared.has(timer)).length }
    }

    it('a list PUT the registry reads and never answers ends at command-timeout, and its bound is let go', async () => {
      const api = client(proxy.host, { login: LOGIN, timeoutSeconds: 2 })
      const repository = `${proxy.host}/held/app`
      const image = await pushImage(api, repository, 'held')
      proxy.rules = [{ method: 'PUT', path: /\/manifests\/main$/, times: 1, fault: 'hang' }]
      let error: unknown
      const timers = await boundTimers(2000, async () => {
        error = await api.putManifest(repository, 'main', image.bytes, MEDIA_TYPES.ociManifest).catch((e: unknown) => e)
      })
      expect(error).toBeInstanceOf(RegistryError)
      expect((error as RegistryError).message).toBe(`pushing ${repository}:main: no answer within command-timeout (2 s)`)
      expect((error as RegistryError).timedOut).toBe(true)
      expect(timers.started).toBeGreaterThan(0)
      expect(timers.cleared).toBe(timers.started)
      expect(registryTags(`${registry.host}/held/app`, { user: LOGIN.username, password: LOGIN.secret })).toEqual([])
    })

    it('a request answered in time lets its bound go at once: no timer of command-timeout keeps a finished run alive', async () => {
      const api = client(proxy.host, { login: LOGIN, timeoutSeconds: 600 })
      proxy.rules = []
      const timers = await boundTimers(600_000, async () => {
        expect(await api.getManifest(`${proxy.host}/held/app`, 'absent')).toBeUndefined()
      })
      expect(timers.started).toBeGreaterThan(0)
      expect(timers.cleared).toBe(timers.started)
    })
  })
})

/** An HTTP server that records each request (method, path, its Authorization) and answers as `answer` says. */
interface StandIn {
  host: string
  heard: Array<{ method: string; path: string; authorization?: string }>
  close(): Promise<void>
}

async function standIn(answer: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void): Promise<StandIn> {
  const heard: StandIn['heard'] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      heard.push({
        method: request.method ?? '',
        path: request.url ?? '',
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {})
      })
      answer(request, response, Buffer.concat(chunks))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    heard,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe('a registry that sends its API on to another host, whose challenge names a third', () => {
  const config = Buffer.from('{}')
  const image = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: 2 },
      layers: []
    })
  )
  let third: StandIn
  let second: StandIn
  let first: StandIn
  beforeAll(async () => {
    third = await standIn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ token: 'stolen' }))
    })
    second = await standIn((_request, response) => {
      response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${third.host}/token",service="elsewhere"` })
      response.end()
    })
    // The registry: its own challenge (Basic) for /v2/, its manifests answered, and everything else sent on.
    first = await standIn((request, response) => {
      if (!request.headers.authorization) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="the registry"' })
        return void response.end()
      }
      if (request.method === 'GET' && request.url === `/v2/app/manifests/${digestOf(image)}`) {
        response.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest, 'docker-content-digest': digestOf(image) })
        return void response.end(image)
      }
      // No referrers API, and no fallback tag yet: nothing signed it before.
      if (request.method === 'GET' && /\/referrers\/|\/manifests\/sha256-/.test(request.url ?? '')) {
        response.writeHead(404)
        return void response.end()
      }
      response.writeHead(307, { location: `http://${second.host}${request.url}` })
      response.end()
    })
  })
  afterAll(async () => {
    await Promise.all([first, second, third].map((server) => server?.close()))
  })

  it('answers its own challenge with the login, sends the request on without it, and answers no other host', async () => {
    const error = await client(first.host, { login: LOGIN })
      .getBlob(`${first.host}/app`, digestOf(config), 1024)
      .catch((e: Error) => e)
    expect((error as Error).message).toBe(
      `reading blob ${digestOf(config)} of ${first.host}/app: ${first.host} sent the request on to ${second.host}, which asks for a login; a login goes to ${first.host} alone (and the token service its own challenge names), so none was sent. A registry or proxy that redirects its API to another host is not supported: name the registry's own host in image`
    )
    expect(first.heard.some((request) => request.authorization === BASIC)).toBe(true)
    expect(second.heard.length).toBeGreaterThan(0)
    expect(second.heard.filter((request) => request.authorization)).toEqual([])
    expect(third.heard).toEqual([])
  })

  it('signing attaches nothing through it, and the third host hears nothing', async () => {
    const log = recordingLog()
    const github = new DryGitHub({
      env: { GITHUB_REPOSITORY: 'org/app', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: 'c'.repeat(40) },
      runner: { run: async () => Promise.reject(new Error('no process')) }
    })
    const request = {
      image: `${first.host}/app`,
      registry: client(first.host, { login: LOGIN }),
      choice: 'public-good' as const,
      commit: 'c'.repeat(40),
      timeoutSeconds: 30
    }
    const error = await signDigests([{ digest: digestOf(image), of: 'linux/amd64' }], request, { github, sigstore: new DrySigstore(log), log }).catch(
      (e: Error) => e
    )
    expect((error as Error).message).toContain(
      `linux/amd64 (${first.host}/app@${digestOf(image)}): attaching the bundle in the registry failed, so no tag was moved`
    )
    expect((error as Error).message).toContain(`${first.host} sent the request on to ${second.host}, which asks for a login`)
    expect(second.heard.filter((request) => request.authorization)).toEqual([])
    expect(third.heard).toEqual([])
  })
})

describe('a registry with the referrers API', () => {
  it('takes the referrer by its subject, and no fallback tag is written', async () => {
    const stored = new Map<string, { bytes: Buffer; type: string }>()
    const registry = await standIn((request, response, body) => {
      const url = new URL(request.url ?? '/', 'http://x')
      const manifest = /^\/v2\/app\/manifests\/(.+)$/.exec(url.pathname)?.[1]
      if (request.method === 'HEAD' && url.pathname.startsWith('/v2/app/blobs/')) {
        response.writeHead(stored.has(url.pathname.slice('/v2/app/blobs/'.length)) ? 200 : 404)
        return void response.end()
      }
      if (request.method === 'POST' && url.pathname === '/v2/app/blobs/uploads/') {
        response.writeHead(202, { location: '/v2/app/blobs/uploads/session-1' })
        return void response.end()
      }
      if (request.method === 'PUT' && url.pathname === '/v2/app/blobs/uploads/session-1') {
        stored.set(url.searchParams.get('digest') ?? '', { bytes: body, type: 'blob' })
        response.writeHead(201, { 'docker-content-digest': url.searchParams.get('digest') ?? '' })
        return void response.end()
      }
      if (request.method === 'PUT' && manifest) {
        stored.set(manifest, { bytes: body, type: String(request.headers['content-type']) })
        const subject = (JSON.parse(body.toString()) as { subject?: { digest: string } }).subject
        response.writeHead(201, { 'docker-content-digest': digestOf(body), ...(subject ? { 'oci-subject': subject.digest } : {}) })
        return void response.end()
      }
      response.writeHead(404)
      response.end()
    })
    try {
      const subject = { mediaType: MEDIA_TYPES.ociManifest, digest: `sha256:${'a'.repeat(64)}`, size: 100 }
      const referrer = await client(registry.host).pushReferrer(`${registry.host}/app`, subject, artifact('{"bundle":3}'))
      expect(stored.get(referrer)?.type).toBe(MEDIA_TYPES.ociManifest)
      expect(registry.heard.filter((request) => request.method === 'PUT' && request.path.includes('/manifests/')).map((r) => r.path)).toEqual([
        `/v2/app/manifests/${referrer}`
      ])
    } finally {
      await registry.close()
    }
  })
})

describe('a token service the registry names', () => {
  it('over plain HTTP on another host is sent no login, though the registry itself is plain HTTP', async () => {
    const elsewhere = await standIn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ token: 'stolen' }))
    })
    const registry = await standIn((_request, response) => {
      response.writeHead(401, { 'www-authenticate': `Bearer realm="http://localhost:${elsewhere.host.split(':')[1]}/token",service="x"` })
      response.end()
    })
    try {
      const repository = `${registry.host}/app`
      expect(
        await client(registry.host, { login: LOGIN })
          .getManifest(repository, 'main')
          .catch((e: Error) => e.message)
      ).toBe(
        `reading ${repository}:main: ${registry.host} names the token service http://localhost:${elsewhere.host.split(':')[1]}, which is not HTTPS on 127.0.0.1; no login is sent there`
      )
      expect(elsewhere.heard).toEqual([])
    } finally {
      await Promise.all([registry.close(), elsewhere.close()])
    }
  })
})
