// Small images made and pushed with the registry's HTTP API, for the buildx stand-in and the tests.
// Plain JavaScript, so the stand-in runs as a CLI plugin without a compile step.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  inToto: 'application/vnd.in-toto+json'
}

export const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A ustar archive of regular files: [{ name, content }]. */
export function tarOf(files) {
  const blocks = []
  for (const file of files) {
    const content = Buffer.from(file.content)
    const header = Buffer.alloc(512)
    header.write(file.name, 0, 100)
    header.write('0000644\0', 100)
    header.write('0000000\0', 108)
    header.write('0000000\0', 116)
    header.write(content.length.toString(8).padStart(11, '0') + '\0', 124)
    header.write('00000000000\0', 136)
    header.write('        ', 148)
    header.write('0', 156)
    header.write('ustar\0', 257)
    header.write('00', 263)
    let sum = 0
    for (const byte of header) sum += byte
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
    blocks.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

/** Splits `host:port/path:tag` (or `@digest`). */
export function parseReference(ref) {
  const slash = ref.indexOf('/')
  const host = ref.slice(0, slash)
  let rest = ref.slice(slash + 1)
  let reference = 'latest'
  const at = rest.indexOf('@')
  if (at >= 0) {
    reference = rest.slice(at + 1)
    rest = rest.slice(0, at)
  } else if (rest.lastIndexOf(':') > 0) {
    reference = rest.slice(rest.lastIndexOf(':') + 1)
    rest = rest.slice(0, rest.lastIndexOf(':'))
  }
  return { host, repository: rest, reference }
}

/**
 * An image as bytes: one gzipped layer with the given files, and a config that carries the platform (with
 * os.version for Windows when given), labels and history.
 */
export function makeImage({ os, architecture, variant, osVersion, files, labels = {}, history = [], oci = false }) {
  const tar = tarOf(files)
  const layer = gzipSync(tar)
  const config = Buffer.from(
    JSON.stringify({
      architecture,
      os,
      ...(variant ? { variant } : {}),
      ...(osVersion ? { 'os.version': osVersion } : {}),
      config: { Labels: labels },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: history.map((created_by) => ({ created_by, comment: 'buildkit.dockerfile.v0' }))
    })
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: oci ? MEDIA.ociManifest : MEDIA.dockerManifest,
      config: { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, digest: sha256(config), size: config.length },
      layers: [{ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, digest: sha256(layer), size: layer.length }]
    })
  )
  return { tar, layer, config, manifest, mediaType: oci ? MEDIA.ociManifest : MEDIA.dockerManifest }
}

const STATUS_TEXT = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

/** Fails the way containerd's resolver (inside buildx) words it. */
async function unexpected(method, url, response) {
  await response.text()
  throw new Error(`unexpected status from ${method} request to ${url}: ${response.status} ${STATUS_TEXT[response.status] ?? ''}`.trim())
}

async function request(url, init = {}) {
  try {
    return await fetch(url, init)
  } catch (error) {
    const cause =
      error.cause?.code === 'ECONNREFUSED' ? 'connect: connection refused' : error.cause?.code === 'ECONNRESET' ? 'read: connection reset by peer' : 'EOF'
    throw new Error(`failed to do request: ${(init.method ?? 'GET')[0]}${(init.method ?? 'GET').slice(1).toLowerCase()} "${url}": ${cause}`)
  }
}

export class RegistryClient {
  /** `scheme` is http or https, as the caller's configuration says the host speaks. */
  constructor(host, scheme = 'http') {
    this.base = `${scheme}://${host}/v2`
  }

  async pushBlob(repository, bytes) {
    const digest = sha256(bytes)
    const head = await request(`${this.base}/${repository}/blobs/${digest}`, { method: 'HEAD' })
    if (head.ok) return digest
    const startUrl = `${this.base}/${repository}/blobs/uploads/`
    const start = await request(startUrl, { method: 'POST' })
    if (start.status !== 202) await unexpected('POST', startUrl, start)
    const location = new URL(start.headers.get('location'), this.base)
    location.searchParams.set('digest', digest)
    const put = await request(location, {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) }
    })
    if (put.status !== 201) await unexpected('PUT', location, put)
    return digest
  }

  async pushManifest(repository, reference, bytes, mediaType) {
    const url = `${this.base}/${repository}/manifests/${reference}`
    const put = await request(url, { method: 'PUT', body: bytes, headers: { 'content-type': mediaType } })
    if (put.status !== 201) await unexpected('PUT', url, put)
    return sha256(bytes)
  }

  async getManifest(repository, reference) {
    const response = await request(`${this.base}/${repository}/manifests/${reference}`, {
      headers: { accept: [MEDIA.dockerManifest, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.ociIndex].join(', ') }
    })
    if (!response.ok) return undefined
    return JSON.parse(await response.text())
  }

  async getBlob(repository, digest) {
    const response = await request(`${this.base}/${repository}/blobs/${digest}`)
    if (!response.ok) throw new Error(`blob ${digest}: ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }

  /** Pushes an image made by makeImage under each reference; returns the manifest digest. */
  async pushImage(repository, references, image) {
    await this.pushBlob(repository, image.layer)
    await this.pushBlob(repository, image.config)
    let digest
    for (const reference of references) digest = await this.pushManifest(repository, reference, image.manifest, image.mediaType)
    return digest
  }
}
