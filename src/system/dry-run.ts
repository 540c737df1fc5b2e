// The dry run is the real pipeline on these edges: a command runner that records every docker command instead of
// running it, and a registry that asks nobody. Both answer from one "dry world" of documents made from the plan:
// each build "pushes" an image of its platform with this run's labels (a Windows one with an os.version of its
// release), every tag is new, and a list is what its sources say. The commands are the real run's by construction;
// the digests and Windows os.versions they name are stand-ins, which the log shows as placeholders.
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import type { Plan } from '../plan/plan.js'
import { WINDOWS_BUILDS, WindowsVersion } from '../shared/platforms.js'
import type { Log } from '../shared/log.js'
import { ATTESTATION_REFERS_TO, ATTESTATION_TYPE, Descriptor, digestOf, MEDIA_TYPES, OCI_KEYS, PREDICATE_TYPE } from '../shared/oci.js'
import type { FetchedManifest, RegistryClient } from './registry/client.js'
import type { CommandRunner, RunOptions, RunResult } from '../shared/command-runner.js'

/** What a dry-run build of one platform "pushes". */
export interface DryImage {
  label: string
  os: string
  architecture: string
  variant?: string
  windowsVersion?: WindowsVersion
  labels: Record<string, string>
  attested: boolean
  oci: boolean
}

/** The documents a dry run's registry holds, and the placeholders that stand for their stand-in values. */
export class DryWorld {
  private readonly documents = new Map<string, { bytes: Buffer; mediaType: string }>()
  /** The bytes of each document stood under a stand-in digest, so that pushing them again names that digest. */
  private readonly standIns = new Map<string, string>()
  /** Stand-in value -> what the log shows instead. */
  readonly placeholders = new Map<string, string>()

  /** A digest no real image has, for the log to show as `<digest of linux/amd64>`. */
  standInDigest(label: string): string {
    const digest = `sha256:${createHash('sha256').update(`velero-multiarch-build dry run: ${label}`).digest('hex')}`
    this.placeholders.set(digest, `<digest of ${label}>`)
    return digest
  }

  store(bytes: Buffer, mediaType: string, label?: string): { digest: string; size: number; mediaType: string } {
    const digest = this.standIns.get(bytes.toString('base64')) ?? digestOf(bytes)
    this.documents.set(digest, { bytes, mediaType })
    if (label && !this.placeholders.has(digest)) this.placeholders.set(digest, `<digest of ${label}>`)
    return { digest, size: bytes.length, mediaType }
  }

  get(digest: string): { bytes: Buffer; mediaType: string } | undefined {
    return this.documents.get(digest)
  }

  /** Stands an image of `image`'s platform under `digest` (what its build said it pushed). */
  assume(digest: string, image: DryImage): void {
    if (this.documents.has(digest)) return
    const osVersion = image.windowsVersion ? `10.0.${WINDOWS_BUILDS[image.windowsVersion]}.99999` : undefined
    if (osVersion) this.placeholders.set(osVersion, '<os.version of the built image>')
    const config = {
      architecture: image.architecture,
      os: image.os,
      ...(image.variant ? { variant: image.variant } : {}),
      ...(osVersion ? { 'os.version': osVersion } : {}),
      config: { Labels: image.labels },
      rootfs: { type: 'layers', diff_ids: [] }
    }
    const configType = image.oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json'
    const stored = this.store(Buffer.from(JSON.stringify(config)), configType)
    const manifestType = image.oci || image.attested ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config: { mediaType: configType, digest: stored.digest, size: stored.size }, layers: [] })
    )
    if (!image.attested) {
      this.standAt(digest, manifest, manifestType)
      return
    }
    const imageDescriptor = this.store(manifest, manifestType, `the image of ${image.label}`)
    const statement = this.store(Buffer.from('{}'), 'application/vnd.in-toto+json')
    const attestation = this.store(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA_TYPES.ociManifest,
          config: { mediaType: configType, digest: stored.digest, size: stored.size },
          layers: [
            {
              mediaType: 'application/vnd.in-toto+json',
              digest: statement.digest,
              size: statement.size,
              annotations: { [PREDICATE_TYPE]: 'https://slsa.dev/provenance/v1' }
            }
          ]
        })
      ),
      MEDIA_TYPES.ociManifest,
      `the attestation of ${image.label}`
    )
    const platform = {
      architecture: image.architecture,
      os: image.os,
      ...(image.variant ? { variant: image.variant } : {}),
      ...(osVersion ? { 'os.version': osVersion } : {})
    }
    const index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [
        { ...imageDescriptor, platform },
        {
          ...attestation,
          platform: { architecture: 'unknown', os: 'unknown' },
          annotations: { [ATTESTATION_TYPE]: 'attestation-manifest', [ATTESTATION_REFERS_TO]: imageDescriptor.digest }
        }
      ]
    }
    this.standAt(digest, Buffer.from(JSON.stringify(index)), MEDIA_TYPES.ociIndex)
  }

  private standAt(digest: string, bytes: Buffer, mediaType: string): void {
    this.documents.set(digest, { bytes, mediaType })
    this.standIns.set(bytes.toString('base64'), digest)
  }

  /** A log line with every stand-in value replaced by its placeholder. */
  show(line: string): string {
    let shown = line
    for (const [value, placeholder] of this.placeholders) shown = shown.replaceAll(value, placeholder)
    return shown
  }

  /** The log, with stand-in values shown as placeholders. */
  log(log: Log): Log {
    return {
      info: (message) => log.info(this.show(message)),
      notice: (message) => log.notice(this.show(message)),
      warning: (message) => log.warning(this.show(message)),
      error: (message) => log.error(this.show(message)),
      group: (title, body) => log.group(this.show(title), body)
    }
  }
}

/**
 * Stands, under each digest a build (or a leg) said it pushed, an image of its target's platform with this run's
 * revision and source labels: what the publish stage then reads back and checks, as in a real run.
 */
export function assumeBuilt(world: DryWorld, plan: Plan, built: Array<{ targetId: string; digest: string }>, labels: { commit: string; source: string }): void {
  for (const claim of built) {
    const target = plan.targets.find((t) => t.id === claim.targetId)
    if (!target) continue
    const [architecture, variant] = target.platform.arch.split('/')
    const windowsVersion = target.platform.os === 'windows' ? target.platform.windowsVersion : undefined
    world.assume(claim.digest, {
      label: target.id,
      os: target.platform.os,
      architecture,
      ...(variant ? { variant } : {}),
      ...(windowsVersion ? { windowsVersion } : {}),
      labels: { [OCI_KEYS.revision]: labels.commit, [OCI_KEYS.source]: labels.source },
      attested: plan.attested,
      oci: plan.ociIndex
    })
  }
}

/** The value after a flag in an argument array. */
const flagValue = (args: string[], flag: string): string | undefined => {
  const at = args.indexOf(flag)
  return at >= 0 ? args[at + 1] : undefined
}

/**
 * Records every docker command and answers it as the dry world would; git, which only reads the checkout, runs for
 * real (through `passThrough`).
 */
export class RecordingRunner implements CommandRunner {
  readonly commands: Array<{ program: string; args: string[] }> = []

  constructor(
    private readonly world: DryWorld,
    private readonly passThrough: CommandRunner
  ) {}

  async run(program: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    if (program === 'git') return this.passThrough.run(program, args, options)
    this.commands.push({ program, args })
    if (program !== 'docker') return { exitCode: 0, stdout: '', stderr: '' }
    if (args[0] === 'buildx' && args[1] === 'build') return this.build(args)
    if (args[0] === 'buildx' && args[1] === 'inspect') return { exitCode: 0, stdout: `Name: ${args[2]}\nDriver: (dry run: not inspected)\n`, stderr: '' }
    if (args[0] === 'buildx' && args[1] === 'imagetools' && args[2] === 'create') return this.assemble(args)
    return { exitCode: 0, stdout: '', stderr: '' }
  }

  /** Writes the build's metadata as buildx would, with a stand-in digest for what it pushed. */
  private build(args: string[]): RunResult {
    const metadataFile = flagValue(args, '--metadata-file')
    const platform = flagValue(args, '--platform') ?? 'linux/amd64'
    const osVersion = args.find((arg, i) => args[i - 1] === '--build-arg' && arg.startsWith('OS_VERSION='))?.slice('OS_VERSION='.length)
    const label = osVersion ? `${platform}/${osVersion}` : platform
    if (metadataFile) writeFileSync(metadataFile, JSON.stringify({ 'containerimage.digest': this.world.standInDigest(label) }))
    return { exitCode: 0, stdout: '', stderr: '' }
  }

  /** What `imagetools create --dry-run` would print: a list of the descriptors it was given, each from the dry world. */
  private assemble(args: string[]): RunResult {
    const sources = args
      .filter((arg) => arg.startsWith('{'))
      .map((arg) => JSON.parse(arg) as { digest: string; size: number; platform?: Record<string, string> })
    const annotations = Object.fromEntries(
      args.flatMap((arg, i) => (args[i - 1] === '--annotation' && arg.startsWith('index:') ? [arg.slice('index:'.length).split(/=(.*)/s).slice(0, 2)] : []))
    )
    const manifests: Array<Record<string, unknown>> = []
    for (const source of sources) {
      const found = this.world.get(source.digest)
      if (found && (found.mediaType === MEDIA_TYPES.ociIndex || found.mediaType === MEDIA_TYPES.dockerList)) {
        for (const entry of (JSON.parse(found.bytes.toString()) as { manifests: Array<Record<string, unknown>> }).manifests) manifests.push(entry)
        continue
      }
      const existing = manifests.find((m) => m.digest === source.digest)
      if (existing) existing.platform = source.platform
      else
        manifests.push({
          mediaType: found?.mediaType ?? MEDIA_TYPES.ociManifest,
          digest: source.digest,
          size: source.size,
          ...(source.platform ? { platform: source.platform } : {})
        })
    }
    const docker = Object.keys(annotations).length === 0 && manifests.every((m) => m.mediaType === MEDIA_TYPES.dockerManifest)
    const list = {
      schemaVersion: 2,
      mediaType: docker ? MEDIA_TYPES.dockerList : MEDIA_TYPES.ociIndex,
      manifests,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {})
    }
    const bytes = Buffer.from(JSON.stringify(list, null, 2))
    this.world.store(bytes, list.mediaType, `the list ${flagValue(args, '-t') ?? ''}`)
    return { exitCode: 0, stdout: `${bytes.toString()}\n`, stderr: '' }
  }
}

/** A registry that asks nobody: what the dry world holds, and no tag but those the dry run itself "pushed". */
export class DryRegistry implements RegistryClient {
  private readonly tags = new Map<string, string>()

  constructor(private readonly world: DryWorld) {}

  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const digest = reference.startsWith('sha256:') ? reference : this.tags.get(`${repository}:${reference}`)
    const found = digest && this.world.get(digest)
    return digest && found ? { bytes: found.bytes, digest, contentType: found.mediaType } : undefined
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const found = this.world.get(digest)
    if (!found) throw new Error(`dry run: ${repository}@${digest} is not a document of this dry run`)
    return found.bytes
  }

  /** A dry run signs nothing, so nothing refers to its digests. */
  async getReferrers(): Promise<Descriptor[]> {
    return []
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const { digest } = this.world.store(bytes, mediaType)
    if (!reference.startsWith('sha256:')) this.tags.set(`${repository}:${reference}`, digest)
    return digest
  }
}
