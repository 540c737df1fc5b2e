// Publishes the lists as OCI indexes with `docker buildx imagetools`: the lists of attested images (provenance,
// SBOM), since `docker manifest create` refuses a source that is an index and each attested push is one (the image
// and its attestation manifest), and lists that carry annotations, which Docker manifest lists cannot. A Windows
// entry's os.version is taken from its image's config, whatever BuildKit wrote on the descriptor (BuildKit 0.11
// writes none there). As with `docker manifest`, every list is assembled and checked before any is pushed
// (`--dry-run` prints the index it would push), then pushed and read back.
import { createHash } from 'node:crypto'
import { imagetoolsConfigCommand, imagetoolsCreateCommand, imagetoolsInspectCommand } from '../plan/commands.js'
import type { ManifestList, Plan } from '../plan/plan.js'
import type { WindowsVersion } from '../plan/platforms.js'
import { checkWindowsRelease, publishEach, PublishOptions, PublishRecord, registryCommand, TagGuard, throwIfCancelled } from './publish.js'
import { commandLine } from '../report/report.js'

export interface Descriptor {
  mediaType?: string
  digest: string
  size?: number
  platform?: Record<string, string>
  annotations?: Record<string, string>
}

/** What a platform's push consists of, as the registry holds it and an OCI index takes it. */
export interface IndexedPlatform {
  /** What the build pushed under the platform tags: the index of an attested image, else the image itself. */
  index: string
  /** The image's descriptor as the lists carry it: BuildKit's, a Windows image's with the os.version of its config. */
  image: Descriptor
  /** The attestation manifest of an attested image. */
  attestation?: Descriptor
  /** The predicate types the attestation manifest carries (SLSA provenance, SPDX); empty without one. */
  predicates: string[]
}

const ATTESTATION_TYPE = 'vnd.docker.reference.type'
const ATTESTATION_REFERS_TO = 'vnd.docker.reference.digest'
const PREDICATE_TYPE = 'in-toto.io/predicate-type'

/** The digest of a manifest or index, from its exact bytes. */
export const digestOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`

/** What a registry answered, as a JSON object; anything else is an error naming the command. */
function jsonObject(text: string, args: string[]): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${commandLine('docker', args)} did not print JSON: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${commandLine('docker', args)} did not print a JSON object`)
  return parsed as Record<string, unknown>
}

async function inspectRaw(ref: string, builder: string | undefined, options: PublishOptions): Promise<{ text: string; json: Record<string, unknown> }> {
  const args = imagetoolsInspectCommand(builder, ref)
  options.log.info(commandLine('docker', args))
  const text = (await registryCommand(args, options)).stdout
  return { text, json: jsonObject(text, args) }
}

/**
 * A Windows image's descriptor with the os.version of the image's config, which is what the image is. Windows nodes
 * choose an entry by the descriptor's os.version, and BuildKit does not always write it there. Fails when the
 * config has none, or one of another Windows release.
 */
function withConfigOsVersion(ref: string, image: Descriptor, config: Record<string, unknown>, target: { id: string; windowsVersion: WindowsVersion }, options: PublishOptions): Descriptor {
  const version = typeof config['os.version'] === 'string' ? config['os.version'] : undefined
  checkWindowsRelease(ref, target.id, target.windowsVersion, version)
  const written = image.platform?.['os.version']
  if (written !== version) {
    options.log.info(`[${target.id}] BuildKit wrote ${written ? `os.version ${written}` : 'no os.version'} on the image's descriptor; the lists carry its config's, ${version}`)
  }
  return { ...image, platform: { ...image.platform, 'os.version': version } }
}

async function readConfig(ref: string, builder: string | undefined, options: PublishOptions): Promise<Record<string, unknown>> {
  const args = imagetoolsConfigCommand(builder, ref)
  options.log.info(commandLine('docker', args))
  return jsonObject((await registryCommand(args, options)).stdout, args)
}

const IMAGE_MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']

/**
 * Reads what a platform's build pushed (`containerimage.digest`): the image itself, whose descriptor gets the
 * platform of its config; or, from an attested build, an index of the image and the attestation manifest that
 * refers to it, with the predicates that one carries. A Windows image gets the os.version of its config (see
 * withConfigOsVersion).
 */
export async function readIndexedPlatform(
  ref: string,
  target: { id: string; windowsVersion?: WindowsVersion },
  builder: string | undefined,
  options: PublishOptions
): Promise<IndexedPlatform> {
  const repository = ref.slice(0, ref.indexOf('@'))
  const index = ref.slice(ref.indexOf('@') + 1)
  const pushed = await inspectRaw(ref, builder, options)
  if (typeof pushed.json.mediaType === 'string' && IMAGE_MANIFEST_TYPES.includes(pushed.json.mediaType)) {
    const config = await readConfig(ref, builder, options)
    const platform = Object.fromEntries(
      (['architecture', 'os', 'variant'] as const).flatMap((key) => (typeof config[key] === 'string' && config[key] !== '' ? [[key, config[key] as string]] : []))
    )
    const image: Descriptor = { mediaType: pushed.json.mediaType, digest: index, size: Buffer.byteLength(pushed.text), platform }
    const windowsVersion = target.windowsVersion
    return { index, image: windowsVersion ? withConfigOsVersion(ref, image, config, { id: target.id, windowsVersion }, options) : image, predicates: [] }
  }
  const manifests = (pushed.json.manifests ?? []) as Descriptor[]
  const images = manifests.filter((m) => m.platform?.os !== 'unknown' && m.annotations?.[ATTESTATION_TYPE] === undefined)
  if (images.length !== 1) {
    throw new Error(`${target.id}: ${ref} should hold one image and its attestation manifest, but holds ${manifests.length} manifests (${images.length} images); nothing was published`)
  }
  const attestation = manifests.find((m) => m.annotations?.[ATTESTATION_TYPE] === 'attestation-manifest' && m.annotations?.[ATTESTATION_REFERS_TO] === images[0].digest)
  if (!attestation) throw new Error(`${target.id}: ${ref} holds no attestation manifest referring to its image ${images[0].digest}; nothing was published`)
  const windowsVersion = target.windowsVersion
  const imageRef = `${repository}@${images[0].digest}`
  const image = windowsVersion ? withConfigOsVersion(imageRef, images[0], await readConfig(imageRef, builder, options), { id: target.id, windowsVersion }, options) : images[0]
  const layers = ((await inspectRaw(`${repository}@${attestation.digest}`, builder, options)).json.layers ?? []) as Descriptor[]
  const predicates = layers.map((layer) => layer.annotations?.[PREDICATE_TYPE]).filter((p): p is string => p !== undefined)
  return { index, image, attestation, predicates }
}

/**
 * The sources of a list: each platform's index by digest (imagetools keeps their order), each Windows one followed
 * by its image's descriptor as JSON. imagetools lets a later descriptor of the same digest replace the platform it
 * took from the index (buildx 0.10 to today), and this is how the entry gets the os.version of the image's config.
 * The descriptor names no media type: buildx would then look the image up by a tag.
 */
export function indexSources(list: ManifestList, image: string, platforms: ReadonlyMap<string, Pick<IndexedPlatform, 'index' | 'image'>>): string[] {
  return list.entries.flatMap((entry) => {
    const platform = platforms.get(entry.targetId)
    if (!platform) throw new Error(`internal: no pushed platform ${entry.targetId}`)
    const index = `${image}@${platform.index}`
    if (entry.windowsVersion === undefined) return [index]
    return [index, JSON.stringify({ digest: platform.image.digest, size: platform.image.size, platform: platform.image.platform })]
  })
}

/** Two platforms are the same whatever order their fields come in. */
function samePlatform(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const entries = (p: Record<string, string> | undefined): string => JSON.stringify(Object.entries(p ?? {}).sort(([x], [y]) => x.localeCompare(y)))
  return entries(a) === entries(b)
}

/**
 * Compares an index with the plan: each planned platform's image once, with its digest and platform (Windows
 * with its os.version), its attestation manifest referring to it, nothing else, and the plan's annotations.
 */
export function compareIndex(
  list: ManifestList,
  platforms: ReadonlyMap<string, IndexedPlatform>,
  annotations: Array<[string, string]>,
  index: { manifests?: Descriptor[]; annotations?: Record<string, string> }
): string[] {
  const found = [...(index.manifests ?? [])]
  const differences: string[] = []
  const take = (digest: string): Descriptor | undefined => {
    const at = found.findIndex((m) => m.digest === digest)
    return at < 0 ? undefined : found.splice(at, 1)[0]
  }
  for (const entry of list.entries) {
    const want = platforms.get(entry.targetId)
    if (!want) throw new Error(`internal: no attested platform ${entry.targetId}`)
    const image = take(want.image.digest)
    if (!image) {
      differences.push(`${entry.targetId}: its image ${want.image.digest} is missing`)
    } else if (!samePlatform(image.platform, want.image.platform)) {
      differences.push(`${entry.targetId}: its image has platform ${JSON.stringify(image.platform)}, expected ${JSON.stringify(want.image.platform)}`)
    }
    if (!want.attestation) continue
    const attestation = take(want.attestation.digest)
    if (!attestation) differences.push(`${entry.targetId}: its attestation manifest ${want.attestation.digest} is missing`)
    else if (attestation.annotations?.[ATTESTATION_REFERS_TO] !== want.image.digest) differences.push(`${entry.targetId}: its attestation manifest does not refer to its image`)
  }
  for (const extra of found) differences.push(`unexpected entry ${extra.digest} (${JSON.stringify(extra.platform ?? {})})`)
  for (const [key, value] of annotations) {
    const held = index.annotations?.[key]
    if (held !== value) differences.push(`annotation ${key} is ${held === undefined ? 'missing' : JSON.stringify(held)}, expected ${JSON.stringify(value)}`)
  }
  return differences
}

/** Assembles every list with `imagetools create --dry-run` and checks it; returns each list's index as it will be pushed. */
export async function assembleIndexes(plan: Plan, platforms: ReadonlyMap<string, IndexedPlatform>, builder: string | undefined, options: PublishOptions): Promise<Map<string, string>> {
  throwIfCancelled(options.signal, 'no list was made or pushed')
  const assembled = new Map<string, string>()
  await options.log.group('Assemble the manifest lists (OCI indexes, with buildx imagetools)', async () => {
    for (const list of plan.lists) {
      const args = imagetoolsCreateCommand(builder, list.ref, indexSources(list, plan.image, platforms), true, plan.indexAnnotations)
      options.log.info(commandLine('docker', args))
      // imagetools prints the index and a newline; the index alone is what it pushes.
      const text = (await registryCommand(args, options)).stdout.replace(/\n$/, '')
      const differences = compareIndex(list, platforms, plan.indexAnnotations, jsonObject(text, args))
      if (differences.length > 0) throw new Error(`${list.ref} would not hold what this run built, so no list was pushed: ${differences.join('; ')}`)
      const attestations = plan.attested ? ' and their attestation manifests' : ''
      const annotations = plan.indexAnnotations.length > 0 ? `, ${plan.indexAnnotations.length} annotations` : ''
      options.log.info(`${list.ref}: ${list.entries.length} images${attestations}, each the one built${annotations} (${digestOf(text)})`)
      assembled.set(list.ref, text)
    }
  })
  return assembled
}

/** Pushes the lists assembleIndexes checked whose tags may move, reading each back: the registry must hold the very index checked. */
export async function pushIndexes(
  plan: Plan,
  platforms: ReadonlyMap<string, IndexedPlatform>,
  assembled: ReadonlyMap<string, string>,
  builder: string | undefined,
  guard: TagGuard,
  options: PublishOptions,
  record: PublishRecord
): Promise<void> {
  const expected = (list: ManifestList): string => digestOf(assembled.get(list.ref) ?? '')
  await publishEach(plan.lists, guard, options, record, {
    push: async (list) => {
      const args = imagetoolsCreateCommand(builder, list.ref, indexSources(list, plan.image, platforms), false, plan.indexAnnotations)
      options.log.info(commandLine('docker', args))
      await registryCommand(args, options, { repeatable: false })
      return expected(list)
    },
    verify: async (list, digest) => {
      const readBack = await inspectRaw(list.ref, builder, options)
      const differences = compareIndex(list, platforms, plan.indexAnnotations, readBack.json)
      if (digestOf(readBack.text) !== digest) differences.push(`the registry holds ${digestOf(readBack.text)}, not the index checked before the push (${digest})`)
      if (differences.length > 0) throw new Error(`the registry holds an index that differs from the plan: ${differences.join('; ')}`)
      options.log.info(`${list.ref}@${digest}: ${list.entries.length} platforms${plan.attested ? ' with their attestations' : ''}, checked`)
    },
    reread: async (list) => {
      const read = digestOf((await inspectRaw(list.ref, builder, options)).text)
      return read === expected(list) ? `this run's index (${read})` : `another index (${read})`
    }
  })
}
