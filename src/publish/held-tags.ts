// What a tag holds now, read from the registry: its digest, its content (for a re-run that finds what it built
// already) and the revision label of each of its images (for the tag guard, policy/tag-guard.ts).
import type { RegistryClient } from '../system/registry/client.js'
import { Descriptor, isAttestation, MAX_CONFIG_BYTES, OCI_KEYS, parseConfig, parseManifest } from '../shared/oci.js'
import type { HeldTag } from '../policy/tag-guard.js'

/** A manifest under a tag as a re-run compares it: its entries, its images in order (not their attestations), and its annotations. */
export interface HeldContent {
  bytes: Buffer
  mediaType: string
  /** Every entry of an index, in order; empty for an image manifest. */
  manifests: Descriptor[]
  images: Descriptor[]
  attestations: Descriptor[]
  annotations?: Record<string, string>
}

/** What a tag holds now, with its content; undefined content when the tag is not there. */
export interface HeldList extends HeldTag {
  content?: HeldContent
}

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/
/** More images than this under one tag is not a list this action made: their revisions are not all read. */
const MAX_IMAGES_READ = 32

/** What a tag holds, read from the registry: its digest and content (one request); undefined when it is not there. */
export async function readHeldContent(
  registry: RegistryClient,
  image: string,
  tag: string
): Promise<{ digest: string; content: HeldContent; config?: string } | undefined> {
  const fetched = await registry.getManifest(image, tag)
  if (!fetched) return undefined
  const parsed = parseManifest(fetched.bytes, `${image}:${tag}`, fetched.contentType)
  const content: HeldContent =
    parsed.kind === 'image'
      ? {
          bytes: fetched.bytes,
          mediaType: parsed.manifest.mediaType,
          manifests: [],
          images: [{ mediaType: parsed.manifest.mediaType, digest: fetched.digest, size: fetched.bytes.length }],
          attestations: []
        }
      : {
          bytes: fetched.bytes,
          mediaType: parsed.index.mediaType,
          manifests: parsed.index.manifests,
          images: parsed.index.manifests.filter((m) => !isAttestation(m)),
          attestations: parsed.index.manifests.filter((m) => isAttestation(m)),
          ...(parsed.index.annotations ? { annotations: parsed.index.annotations } : {})
        }
  return { digest: fetched.digest, content, ...(parsed.kind === 'image' ? { config: parsed.manifest.config.digest } : {}) }
}

/** What a tag holds now, read from the registry: its digest, its content, and the revision label of each of its images. */
export async function readHeld(registry: RegistryClient, image: string, tag: string): Promise<HeldList> {
  const held = await readHeldContent(registry, image, tag)
  if (!held) return { revisions: [], versions: [] }
  const configs: string[] = held.config ? [held.config] : []
  for (const entry of held.config ? [] : held.content.images.slice(0, MAX_IMAGES_READ)) {
    const inner = await registry.getManifest(image, entry.digest)
    const manifest = inner && parseManifest(inner.bytes, `${image}@${entry.digest}`, inner.contentType)
    if (manifest?.kind === 'image') configs.push(manifest.manifest.config.digest)
  }
  const revisions = new Set<string>()
  const versions = new Set<string>()
  for (const digest of new Set(configs)) {
    const { labels } = parseConfig(await registry.getBlob(image, digest, MAX_CONFIG_BYTES), `the config ${digest} of ${image}:${tag}`)
    const revision = labels[OCI_KEYS.revision]
    if (revision !== undefined && COMMIT.test(revision)) revisions.add(revision)
    const version = labels[OCI_KEYS.version]
    if (version !== undefined && version.length <= 128) versions.add(version)
  }
  return { digest: held.digest, revisions: [...revisions], versions: [...versions], content: held.content }
}
