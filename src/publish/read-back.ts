// The publish stage's first step: every platform's push read back from the registry and checked, whether this run's
// builds pushed it or a merge's legs say they did. Nothing is trusted that was not read here: the platform and the
// Windows os.version come from the image's config, and the config's revision and source labels must name this
// run's commit and repository, so that no other commit's image (an old release of the same repository, say) can be
// published, or signed, as this run's.
import type { RegistryClient } from '../system/registry/client.js'
import { WINDOWS_BUILDS, WindowsVersion } from '../shared/platforms.js'
import type { BuildTarget } from '../plan/plan.js'
import type { PlatformRecord, PublishedImage } from '../shared/platform-record.js'
import {
  ATTESTATION_REFERS_TO,
  ATTESTATION_TYPE,
  Descriptor,
  describePlatform,
  isAttestation,
  MAX_CONFIG_BYTES,
  OCI_KEYS,
  parseConfig,
  parseManifest,
  PlatformFields,
  PREDICATE_TYPE
} from '../shared/oci.js'
import type { FetchedManifest } from '../system/registry/client.js'

export const REVISION_LABEL = OCI_KEYS.revision
export const SOURCE_LABEL = OCI_KEYS.source
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

/** What a pushed image must be: this run's commit and repository. */
export interface Provenance {
  /** This run's commit; empty when unknown (outside a checkout), then not compared. */
  commit: string
  /** The repository URL the source label carries; empty when unknown, then not compared. */
  source: string
}

/**
 * Fails unless a Windows image carries the os.version of its windows-version (10.0.20348.* for ltsc2022): without
 * one, Windows nodes could not choose it by version; with another release's, that release's nodes would take it.
 */
export function checkWindowsRelease(ref: string, platform: string, windowsVersion: WindowsVersion, version: string | undefined): asserts version is string {
  if (!version) {
    throw new Error(
      `${ref} (${platform}) has no os.version in its image config, so Windows nodes could not choose it by version; nothing was published. Build it FROM a Windows base image such as mcr.microsoft.com/windows/nanoserver:${windowsVersion}.`
    )
  }
  const build = WINDOWS_BUILDS[windowsVersion]
  if (version.split('.')[2] !== build) {
    const actual = Object.entries(WINDOWS_BUILDS).find(([, b]) => b === version.split('.')[2])?.[0] ?? 'another Windows release'
    throw new Error(
      `${ref} (${platform}) has os.version ${version}, which is ${actual}, not ${windowsVersion} (10.0.${build}.*): its base image is for another Windows release, and ${windowsVersion} nodes would find no image; nothing was published.`
    )
  }
}

/** The platform a target's image must have. */
function expectedPlatform(target: BuildTarget): Pick<PlatformFields, 'os' | 'architecture' | 'variant'> {
  const [architecture, variant] = target.arch.split('/')
  return { os: target.os, architecture, ...(variant ? { variant } : {}) }
}

async function fetchManifest(registry: RegistryClient, image: string, digest: string, from: string): Promise<FetchedManifest> {
  const fetched = await registry.getManifest(image, digest)
  if (!fetched) throw new Error(`${from}: ${image}@${digest} is not in the registry (was it deleted, or pushed to another registry?); nothing was published`)
  return fetched
}

/**
 * Reads what a platform's build pushed and checks it against its target and this run: an image of the target's
 * platform (a Windows one with the os.version of its release), or an index of one such image and the attestation
 * manifest that refers to it; the image's config labelled with this run's commit and repository.
 */
export async function readPushedPlatform(
  registry: RegistryClient,
  image: string,
  target: BuildTarget,
  built: PlatformRecord,
  provenance: Provenance,
  note: (line: string) => void = () => undefined
): Promise<PublishedImage> {
  if (!built.digest) throw new Error(`${built.from}: ${target.platform} names no digest, so what it pushed cannot be read; nothing was published`)
  const ref = `${image}@${built.digest}`
  const pushed = await fetchManifest(registry, image, built.digest, built.from)
  const parsed = parseManifest(pushed.bytes, ref, pushed.contentType)
  let imageDescriptor: Descriptor
  let imageManifest: FetchedManifest
  let attestation: Descriptor | undefined
  let predicates: string[] = []
  if (parsed.kind === 'image') {
    imageDescriptor = { mediaType: parsed.manifest.mediaType, digest: pushed.digest, size: pushed.bytes.length }
    imageManifest = pushed
  } else {
    const images = parsed.index.manifests.filter((m) => !isAttestation(m))
    if (images.length !== 1) {
      throw new Error(
        `${built.from}: ${ref} should hold one image and its attestation manifest, but holds ${parsed.index.manifests.length} manifests (${images.length} images); nothing was published`
      )
    }
    imageDescriptor = images[0]
    attestation = parsed.index.manifests.find(
      (m) => m.annotations?.[ATTESTATION_TYPE] === 'attestation-manifest' && m.annotations?.[ATTESTATION_REFERS_TO] === imageDescriptor.digest
    )
    if (!attestation)
      throw new Error(`${built.from}: ${ref} holds no attestation manifest referring to its image ${imageDescriptor.digest}; nothing was published`)
    imageManifest = await fetchManifest(registry, image, imageDescriptor.digest, built.from)
    const attested = parseManifest((await fetchManifest(registry, image, attestation.digest, built.from)).bytes, `${image}@${attestation.digest}`)
    predicates =
      attested.kind === 'image' ? attested.manifest.layers.map((layer) => layer.annotations?.[PREDICATE_TYPE]).filter((p): p is string => p !== undefined) : []
  }
  const manifest = parseManifest(imageManifest.bytes, `${image}@${imageDescriptor.digest}`, imageManifest.contentType)
  if (manifest.kind !== 'image')
    throw new Error(`${built.from}: ${image}@${imageDescriptor.digest} is an index inside an index, not an image; nothing was published`)
  const config = parseConfig(
    await registry.getBlob(image, manifest.manifest.config.digest, MAX_CONFIG_BYTES),
    `the config of ${image}@${imageDescriptor.digest}`
  )

  const want = expectedPlatform(target)
  const found = config.platform
  if (found.os !== want.os || found.architecture !== want.architecture || (found.variant ?? '') !== (want.variant ?? '')) {
    throw new Error(`${built.from}: ${ref} is an image for ${describePlatform(found)}, not ${target.platform}; nothing was published`)
  }
  const platform: PlatformFields = { ...want }
  if (target.os === 'windows') {
    checkWindowsRelease(ref, target.platform, target.windowsVersion, found['os.version'])
    platform['os.version'] = found['os.version']
    // BuildKit 0.11 writes none on an attested image's descriptor: the lists carry the config's, which is what the image is.
    const written = imageDescriptor.platform?.['os.version']
    if (parsed.kind === 'index' && written !== found['os.version'])
      note(
        `[${target.platform}] BuildKit wrote ${written ? `os.version ${written}` : 'no os.version'} on the image's descriptor; the lists carry its config's, ${found['os.version']}`
      )
  }
  checkLabel(config.labels, REVISION_LABEL, provenance.commit, 'commit', built, ref)
  checkLabel(config.labels, SOURCE_LABEL, provenance.source, 'repository', built, ref)
  const created = config.labels[OCI_KEYS.created]
  return {
    pushed: { bytes: pushed.bytes, digest: pushed.digest, mediaType: parsed.kind === 'image' ? parsed.manifest.mediaType : parsed.index.mediaType },
    image: { mediaType: imageDescriptor.mediaType || manifest.manifest.mediaType, digest: imageDescriptor.digest, size: imageDescriptor.size, platform },
    ...(attestation ? { attestation } : {}),
    predicates,
    ...(created !== undefined && RFC3339.test(created) ? { created } : {})
  }
}

function checkLabel(labels: Record<string, string>, label: string, expected: string, what: string, built: PlatformRecord, ref: string): void {
  if (expected === '' || labels[label] === expected) return
  const held = labels[label] === undefined ? `no ${label} label` : `${label} ${labels[label]}`
  throw new Error(`${built.from}: ${ref} is an image with ${held}, not this run's ${what} ${expected}; nothing was published`)
}
