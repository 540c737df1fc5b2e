// The OCI documents the action reads and writes, defined once: descriptors, image manifests, indexes (and Docker's
// equivalents), with checks that turn a registry's bytes into them. A registry's answer is untrusted: every field
// used is checked for its type, and sizes are bounded by the callers that fetch.
import { createHash } from 'node:crypto'

/** The OCI labels and annotations the action sets on every image (and the default annotations of the lists). */
export const OCI_KEYS = {
  revision: 'org.opencontainers.image.revision',
  source: 'org.opencontainers.image.source',
  version: 'org.opencontainers.image.version',
  created: 'org.opencontainers.image.created',
  description: 'org.opencontainers.image.description',
  licenses: 'org.opencontainers.image.licenses'
} as const

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  /** The config of an artifact that has none (a signature's referrer): the two bytes `{}`. */
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json'
} as const

export const IMAGE_MANIFEST_TYPES: readonly string[] = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]
export const INDEX_TYPES: readonly string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]
/** What a registry is asked for when the action reads a manifest: any of the four. */
export const MANIFEST_ACCEPT = [...INDEX_TYPES, ...IMAGE_MANIFEST_TYPES].join(', ')

/** The largest manifest or index the action reads (the distribution project's own limit is 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
/** The largest image config the action reads. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024

/** The platform of an image as a descriptor or a config carries it. */
export interface PlatformFields {
  architecture: string
  os: string
  variant?: string
  'os.version'?: string
}

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: PlatformFields
  annotations?: Record<string, string>
  /** Of a referrer (a signature, an SBOM): what kind of artifact it is. */
  artifactType?: string
}

export interface ImageManifest {
  mediaType: string
  config: Descriptor
  layers: Descriptor[]
  annotations?: Record<string, string>
}

export interface Index {
  mediaType: string
  manifests: Descriptor[]
  annotations?: Record<string, string>
}

/** What an image config says of the image: its platform and labels. */
export interface ImageConfig {
  platform: PlatformFields
  labels: Record<string, string>
}

/** BuildKit marks an attestation manifest in an index with these annotations (and platform unknown/unknown). */
export const ATTESTATION_TYPE = 'vnd.docker.reference.type'
export const ATTESTATION_REFERS_TO = 'vnd.docker.reference.digest'
export const PREDICATE_TYPE = 'in-toto.io/predicate-type'

export const DIGEST = /^sha256:[0-9a-f]{64}$/

/** The digest of a manifest, an index or a blob, from its exact bytes. */
export const digestOf = (bytes: string | Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A problem with a document, naming where it came from. */
export class DocumentError extends Error {
  constructor(what: string, problem: string) {
    super(`${what} ${problem}`)
    this.name = 'DocumentError'
  }
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DocumentError(what, 'is not a JSON object')
  return value as Record<string, unknown>
}

/** Parses JSON bytes into an object, or throws naming `what`. */
export function jsonObject(bytes: string | Buffer, what: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString())
  } catch (error) {
    throw new DocumentError(what, `is not JSON: ${(error as Error).message}`)
  }
  return object(parsed, what)
}

function text(record: Record<string, unknown>, key: string, what: string, optional = false): string | undefined {
  const value = record[key]
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value.length > 4096) throw new DocumentError(what, `has no string field ${key}`)
  return value
}

function stringMap(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined
  const record = object(value, `${what} annotations`)
  const entries = Object.entries(record)
  if (entries.length > 1000 || entries.some(([, v]) => typeof v !== 'string')) throw new DocumentError(what, 'has annotations that are not strings')
  return record as Record<string, string>
}

function platformOf(value: unknown, what: string): PlatformFields | undefined {
  if (value === undefined || value === null) return undefined
  const record = object(value, `${what} platform`)
  const platform: PlatformFields = { architecture: text(record, 'architecture', `${what} platform`) ?? '', os: text(record, 'os', `${what} platform`) ?? '' }
  const variant = text(record, 'variant', `${what} platform`, true)
  const osVersion = text(record, 'os.version', `${what} platform`, true)
  if (variant) platform.variant = variant
  if (osVersion) platform['os.version'] = osVersion
  return platform
}

export function descriptorOf(value: unknown, what: string): Descriptor {
  const record = object(value, what)
  const digest = text(record, 'digest', what) ?? ''
  if (!DIGEST.test(digest)) throw new DocumentError(what, `names no sha256 digest (${JSON.stringify(digest).slice(0, 80)})`)
  const size = record.size
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new DocumentError(what, 'has no size')
  const descriptor: Descriptor = { mediaType: text(record, 'mediaType', what, true) ?? '', digest, size }
  const platform = platformOf(record.platform, what)
  const annotations = stringMap(record.annotations, what)
  const artifactType = text(record, 'artifactType', what, true)
  if (platform) descriptor.platform = platform
  if (annotations) descriptor.annotations = annotations
  if (artifactType) descriptor.artifactType = artifactType
  return descriptor
}

/** The media type a manifest declares, or the one its shape implies (an older document may declare none). */
function mediaTypeOf(record: Record<string, unknown>, declared: string | undefined): string {
  const inside = typeof record.mediaType === 'string' ? record.mediaType : undefined
  return inside ?? declared ?? (Array.isArray(record.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest)
}

export type Manifest = { kind: 'image'; manifest: ImageManifest } | { kind: 'index'; index: Index }

/** An image manifest or an index, from a registry's bytes; `contentType` is what the registry said it was. */
export function parseManifest(bytes: Buffer | string, what: string, contentType?: string): Manifest {
  const record = jsonObject(bytes, what)
  const mediaType = mediaTypeOf(record, contentType)
  if (INDEX_TYPES.includes(mediaType)) {
    if (!Array.isArray(record.manifests) || record.manifests.length > 1000) throw new DocumentError(what, 'is an index without a list of manifests')
    const manifests = record.manifests.map((entry, index) => descriptorOf(entry, `${what} manifests[${index}]`))
    return { kind: 'index', index: { mediaType, manifests, ...optionalAnnotations(record, what) } }
  }
  if (IMAGE_MANIFEST_TYPES.includes(mediaType)) {
    const config = descriptorOf(record.config, `${what} config`)
    if (!Array.isArray(record.layers) || record.layers.length > 1000) throw new DocumentError(what, 'is an image manifest without a list of layers')
    const layers = record.layers.map((entry, index) => descriptorOf(entry, `${what} layers[${index}]`))
    return { kind: 'image', manifest: { mediaType, config, layers, ...optionalAnnotations(record, what) } }
  }
  throw new DocumentError(what, `has the media type ${JSON.stringify(mediaType).slice(0, 100)}, which is neither an image manifest nor an index`)
}

function optionalAnnotations(record: Record<string, unknown>, what: string): { annotations?: Record<string, string> } {
  const annotations = stringMap(record.annotations, what)
  return annotations ? { annotations } : {}
}

/** The platform and labels of an image config. */
export function parseConfig(bytes: Buffer | string, what: string): ImageConfig {
  const record = jsonObject(bytes, what)
  const platform = platformOf(
    { architecture: record.architecture, os: record.os, variant: record.variant || undefined, 'os.version': record['os.version'] || undefined },
    what
  )
  const inner = record.config === undefined || record.config === null ? {} : object(record.config, `${what} config`)
  const labels = stringMap(inner.Labels, `${what} labels`) ?? {}
  return { platform: platform ?? { architecture: '', os: '' }, labels }
}

/** `linux/arm/v7`, `windows/amd64 (os.version 10.0.20348.2700)`. */
export function describePlatform(platform: PlatformFields | undefined): string {
  if (!platform) return 'no platform'
  const name = [platform.os, platform.architecture, ...(platform.variant ? [platform.variant] : [])].join('/')
  return platform['os.version'] ? `${name} (os.version ${platform['os.version']})` : name
}

/** Two platforms are the same whatever order their fields come in. */
export function samePlatform(a: PlatformFields | undefined, b: PlatformFields | undefined): boolean {
  const fields = (p: PlatformFields | undefined): string => JSON.stringify([p?.os ?? '', p?.architecture ?? '', p?.variant ?? '', p?.['os.version'] ?? ''])
  return fields(a) === fields(b)
}

/** Whether an index entry is an attestation manifest (BuildKit's), rather than an image. */
export const isAttestation = (descriptor: Descriptor): boolean =>
  descriptor.annotations?.[ATTESTATION_TYPE] !== undefined || descriptor.platform?.os === 'unknown'

/** The tag that stands for the referrers API where a registry has none: `sha256-<hex>` (the OCI referrers tag schema). */
export const referrersTag = (digest: string): string => digest.replace(':', '-')

/** An artifact that refers to an image: its one layer's bytes and type, and what kind of artifact it is. */
export interface ReferrerArtifact {
  bytes: Buffer
  mediaType: string
  artifactType: string
  annotations: Record<string, string>
}

/** The empty config of an artifact (its digest is that of `{}`). */
export const EMPTY_CONFIG = Buffer.from('{}')

/** The OCI image manifest of a referrer: the artifact as its only layer, the empty config, and its subject. */
export function referrerManifest(subject: Descriptor, artifact: ReferrerArtifact): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType: artifact.artifactType,
      config: { mediaType: MEDIA_TYPES.ociEmpty, digest: digestOf(EMPTY_CONFIG), size: EMPTY_CONFIG.length },
      layers: [{ mediaType: artifact.mediaType, digest: digestOf(artifact.bytes), size: artifact.bytes.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations: artifact.annotations
    })
  )
}

/**
 * The referrers index under the fallback tag with `referrer` in it: the index the tag holds (undefined: none yet)
 * with the entry added. Undefined when it is there already.
 */
export function withReferrer(held: Buffer | undefined, referrer: Descriptor, what: string): Buffer | undefined {
  const manifests = held ? (jsonObject(held, what).manifests as unknown[] | undefined) : []
  if (!Array.isArray(manifests)) throw new DocumentError(what, 'is not a referrers index')
  if (manifests.some((entry) => (entry as { digest?: unknown })?.digest === referrer.digest)) return undefined
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [...manifests, referrer] }))
}
