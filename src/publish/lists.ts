// Every list a run publishes is written by `docker buildx imagetools create --dry-run` from one descriptor per
// platform (its digest and the platform of its config, os.version included), and checked before anything is
// pushed: the same entries, in the design's order (Linux in arch order, then Windows in windows-version order),
// with their platforms, digests, os.version and the plan's annotations. imagetools keeps the media types of the
// images: a Docker manifest list of Docker images, as the design's, an OCI index otherwise. The action then pushes
// these very bytes (tags.ts), so what was checked is what the registry gets.
import type { ManifestList, Plan } from '../plan/plan.js'
import { CREATED } from '../plan/reproducible.js'
import type { PublishedImage } from '../shared/platform-record.js'
import type { Buildx } from '../system/buildx.js'
import {
  describePlatform,
  Descriptor,
  digestOf,
  IMAGE_MANIFEST_TYPES,
  INDEX_TYPES,
  isAttestation,
  MEDIA_TYPES,
  parseManifest,
  PlatformFields,
  samePlatform
} from '../shared/oci.js'
import type { HeldList } from './held-tags.js'

/** A list as it will be pushed. */
export interface AssembledList {
  list: ManifestList
  bytes: Buffer
  digest: string
  mediaType: string
}

/**
 * The sources of a list: per platform, a descriptor of what its build pushed when that is an index (imagetools then
 * takes the image and its attestation manifest from it), and a descriptor of the image with its platform, which
 * gives the entry the platform and os.version read from its config. No media type is named, so buildx fetches each
 * by its digest in the list's repository (buildx 0.10 to today).
 */
export function listSources(list: ManifestList, platforms: ReadonlyMap<string, PublishedImage>): string[] {
  return list.entries.flatMap((entry) => {
    const platform = platforms.get(entry.platform)
    if (!platform) throw new Error(`internal: no pushed platform ${entry.platform}`)
    const image = JSON.stringify({ digest: platform.image.digest, size: platform.image.size, platform: platform.image.platform })
    return platform.attestation ? [JSON.stringify({ digest: platform.pushed.digest, size: platform.pushed.bytes.length }), image] : [image]
  })
}

/**
 * What the list must hold, in order: each platform's image with its platform, followed by its attestation manifest
 * when it has one.
 */
export function expectedEntries(
  list: ManifestList,
  platforms: ReadonlyMap<string, PublishedImage>
): Array<{ platform: string; descriptor: Descriptor; attestationOf?: string }> {
  return list.entries.flatMap((entry) => {
    const platform = platforms.get(entry.platform)
    if (!platform) throw new Error(`internal: no pushed platform ${entry.platform}`)
    return [
      { platform: entry.platform, descriptor: platform.image },
      ...(platform.attestation ? [{ platform: entry.platform, descriptor: platform.attestation, attestationOf: platform.image.digest }] : [])
    ]
  })
}

/**
 * Whether the list is the design's Docker manifest list: imagetools writes one over Docker images without
 * attestations when the list carries no annotations; anything else is an OCI index.
 */
function isDockerList(list: ManifestList, platforms: ReadonlyMap<string, PublishedImage>, annotations: Array<[string, string]>): boolean {
  return (
    annotations.length === 0 &&
    list.entries.every((entry) => {
      const platform = platforms.get(entry.platform)
      return platform !== undefined && !platform.attestation && platform.image.mediaType === MEDIA_TYPES.dockerManifest
    })
  )
}

/**
 * Compares a list with what it must hold (see expectedEntries) and the plan's annotations. Returns the
 * differences, each in words; empty when the list is exactly that.
 */
export function compareList(
  list: ManifestList,
  platforms: ReadonlyMap<string, PublishedImage>,
  annotations: Array<[string, string]>,
  found: { mediaType: string; manifests: Descriptor[]; annotations?: Record<string, string> },
  /** An attestation manifest of another build of the same image will do (a list a re-run finds in the registry). */
  anyAttestation = false
): string[] {
  const want = expectedEntries(list, platforms)
  const differences: string[] = []
  for (const [index, expected] of want.entries()) {
    const entry = found.manifests[index]
    const name = expected.attestationOf ? `${expected.platform}'s attestation manifest` : expected.platform
    if (!entry) {
      differences.push(`${name} (${expected.descriptor.digest}) is missing at entry ${index + 1}`)
      continue
    }
    if (anyAttestation && expected.attestationOf && isAttestation(entry)) {
      if (entry.annotations?.['vnd.docker.reference.digest'] !== expected.attestationOf) differences.push(`${name} does not refer to its image`)
      continue
    }
    if (entry.digest !== expected.descriptor.digest) {
      const elsewhere = found.manifests.findIndex((m) => m.digest === expected.descriptor.digest)
      differences.push(
        elsewhere >= 0
          ? `${name} is entry ${elsewhere + 1}, not ${index + 1}`
          : `entry ${index + 1} is ${entry.digest}, not ${name} (${expected.descriptor.digest})`
      )
      continue
    }
    if (!expected.attestationOf && !samePlatform(entry.platform, expected.descriptor.platform)) {
      differences.push(`${name} has platform ${describePlatform(entry.platform)}, not ${describePlatform(expected.descriptor.platform)}`)
    }
    if (expected.attestationOf && entry.annotations?.['vnd.docker.reference.digest'] !== expected.attestationOf)
      differences.push(`${name} does not refer to its image`)
  }
  for (const extra of found.manifests.slice(want.length)) differences.push(`unexpected entry ${extra.digest} (${describePlatform(extra.platform)})`)
  for (const [key, value] of annotations) {
    const held = found.annotations?.[key]
    if (held !== value) differences.push(`annotation ${key} is ${held === undefined ? 'missing' : JSON.stringify(held)}, not ${JSON.stringify(value)}`)
  }
  if (isDockerList(list, platforms, annotations) && found.mediaType !== MEDIA_TYPES.dockerList) {
    differences.push(`it is ${found.mediaType}, not a Docker manifest list of its Docker images`)
  }
  if (!INDEX_TYPES.includes(found.mediaType)) differences.push(`it is ${found.mediaType}, not a list`)
  if (found.manifests.some((m) => !IMAGE_MANIFEST_TYPES.includes(m.mediaType))) differences.push('an entry is not an image manifest')
  return differences
}

/**
 * The annotations of a merge's lists: a merge has no checkout and builds nothing, so with reproducible images its
 * lists take the created time their images carry (their commit's, set by the legs) when they all carry the same one,
 * as a single run's lists do. Elsewhere, the plan's.
 */
export function mergedListAnnotations(plan: Plan, platforms: ReadonlyMap<string, PublishedImage>): { annotations: Array<[string, string]>; note?: string } {
  const created = plan.indexAnnotations.findIndex(([key]) => key === CREATED)
  if (plan.role !== 'merge' || plan.reproducibility.mode === 'false' || created < 0) return { annotations: plan.indexAnnotations }
  const times = new Set([...platforms.values()].map((platform) => platform.created ?? ''))
  const [time] = [...times]
  if (times.size !== 1 || !time)
    return {
      annotations: plan.indexAnnotations,
      note: `the images carry ${times.size > 1 ? 'different created times' : 'no created time'}, so the lists' ${CREATED} is this merge's time, and not reproducible`
    }
  const annotations = plan.indexAnnotations.map(([key, value]): [string, string] => (key === CREATED ? [key, time] : [key, value]))
  return { annotations, note: `the lists' ${CREATED} is ${time}, the time their images carry` }
}

/**
 * The list a tag holds already, when it is the list this run would assemble: the same images in the same order with
 * the same platforms and annotations, in the media type imagetools would write, with attestation manifests of
 * earlier builds of the same images allowed (a re-run). imagetools is then not run for it: nothing of it would move.
 */
export function heldAsThisRunsList(
  list: ManifestList,
  platforms: ReadonlyMap<string, PublishedImage>,
  annotations: Array<[string, string]>,
  held: HeldList
): AssembledList | undefined {
  const { content, digest } = held
  if (!content || !digest || content.manifests.length === 0) return undefined
  if (compareList(list, platforms, annotations, content, true).length > 0) return undefined
  // imagetools writes exactly these annotations, no more; and an index of its images' kind.
  if (Object.keys(content.annotations ?? {}).length !== annotations.length) return undefined
  if (content.mediaType !== (isDockerList(list, platforms, annotations) ? MEDIA_TYPES.dockerList : MEDIA_TYPES.ociIndex)) return undefined
  return { list, bytes: content.bytes, digest, mediaType: content.mediaType }
}

/** Assembles a list with `imagetools create --dry-run` (the buildx port), checks it, and returns it as it will be pushed. */
export async function assembleList(
  list: ManifestList,
  platforms: ReadonlyMap<string, PublishedImage>,
  annotations: Array<[string, string]>,
  context: { buildx: Buildx; builder?: string; cwd: string }
): Promise<AssembledList> {
  const bytes = await context.buildx.assembleList(context.builder, list.ref, listSources(list, platforms), annotations, context.cwd)
  const parsed = parseManifest(bytes, `the list imagetools assembled for ${list.ref}`)
  if (parsed.kind !== 'index') throw new Error(`imagetools assembled an image, not a list, for ${list.ref}; no list was pushed`)
  const differences = compareList(list, platforms, annotations, parsed.index)
  if (differences.length > 0) throw new Error(`${list.ref} would not hold what this run built, so no tag moved: ${differences.join('; ')}`)
  return { list, bytes, digest: digestOf(bytes), mediaType: parsed.index.mediaType }
}

/** A platform as a node chooses it: os, architecture, variant, and a Windows image's build (its release). */
function platformKey(platform: PlatformFields | undefined): string {
  if (!platform) return ''
  const build = platform.os === 'windows' ? platform['os.version']?.split('.')[2] : undefined
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}${build ? ` (build ${build})` : ''}`
}

/**
 * The platforms a list tag holds now that this run's list does not: what moving it would drop (an empty `os`
 * replacing a list with Windows entries by a Linux-only one), each as describePlatform words it.
 */
export function droppedPlatforms(held: HeldList, assembled: AssembledList): string[] {
  if (!held.content) return []
  const parsed = parseManifest(assembled.bytes, `the list of ${assembled.list.ref}`, assembled.mediaType)
  const kept = new Set((parsed.kind === 'index' ? parsed.index.manifests.filter((m) => !isAttestation(m)) : []).map((m) => platformKey(m.platform)))
  return held.content.images.filter((image) => image.platform && !kept.has(platformKey(image.platform))).map((image) => describePlatform(image.platform))
}
