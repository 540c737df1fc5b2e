// The dry twins of the edges that act: buildx, the registries and the result files a leg writes. A dry run is the
// real pipeline on them (and on the real git, workspace and clock, which it only reads): each command is logged as a
// real run logs it and answered from one "dry world" of documents: a build "pushes" an image of its platform with the
// labels its command gives it (a Windows one with an os.version of its release), a leg's result file stands for the
// image its leg pushed, every tag is new, and a list is what its sources say. The digests and Windows os.versions
// it makes are stand-ins, which the log shows as placeholders.
import { createHash, randomUUID } from 'node:crypto'
import { WINDOWS_BUILDS, WINDOWS_VERSIONS, WindowsVersion } from '../shared/platforms.js'
import type { Log } from '../shared/log.js'
import { commandLine } from '../shared/log.js'
import {
  ATTESTATION_REFERS_TO,
  ATTESTATION_TYPE,
  Descriptor,
  digestOf,
  MEDIA_TYPES,
  OCI_KEYS,
  PREDICATE_TYPE,
  ReferrerArtifact,
  referrerManifest
} from '../shared/oci.js'
import type { RunResult } from '../shared/command-runner.js'
import {
  assembleArgv,
  buildArgv,
  shownBuildArgv,
  BuilderFacts,
  BuilderSpec,
  Buildx,
  BuildxVersion,
  BuildMetadata,
  BuildRunOptions,
  BuildSpec,
  createArgv,
  inspectArgv,
  versionArgv
} from './buildx.js'
import type { SerializedBundle } from '@sigstore/bundle'
import type { FetchedManifest, RegistryClient } from './registry/client.js'
import type { Registries } from './registry/registries.js'
import { LocalResultFiles, ResultFile, ResultFiles } from './result-files.js'
import { GitHubApi, GitHubPort, NotAsked, RepositoryTag, RunContext } from './github.js'

/** What a dry-run build of one platform "pushes". */
interface DryImage {
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

  /**
   * A digest no real image has, for the log to show as `<digest of linux/amd64>`; `content` tells apart what differs
   * (another commit's build), and the same content gives the same digest (a re-run).
   */
  standInDigest(label: string, content = ''): string {
    const digest = `sha256:${createHash('sha256').update(`velero-multiarch-build dry run: ${label}\n${content}`).digest('hex')}`
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

  /** Stands an image of `image`'s platform under `digest` (what its build, or its leg, said it pushed). */
  stand(digest: string, image: DryImage): void {
    if (this.documents.has(digest)) return
    const osVersion = image.windowsVersion ? `10.0.${WINDOWS_BUILDS[image.windowsVersion]}.99999` : undefined
    if (osVersion) this.placeholders.set(osVersion, '<os.version of the built image>')
    const platform = {
      architecture: image.architecture,
      os: image.os,
      ...(image.variant ? { variant: image.variant } : {}),
      ...(osVersion ? { 'os.version': osVersion } : {})
    }
    const config = { ...platform, config: { Labels: image.labels }, rootfs: { type: 'layers', diff_ids: [] } }
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

/** `linux/arm/v7` -> its os, architecture and variant; a Windows platform id's version (`windows/amd64/ltsc2022`). */
function platformParts(platform: string): Pick<DryImage, 'os' | 'architecture' | 'variant' | 'windowsVersion'> {
  const [os = 'linux', architecture = 'amd64', third] = platform.split('/')
  if (os === 'windows')
    return { os, architecture, ...((WINDOWS_VERSIONS as readonly string[]).includes(third ?? '') ? { windowsVersion: third as WindowsVersion } : {}) }
  return { os, architecture, ...(third ? { variant: third } : {}) }
}

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '' }

/** buildx as a dry run has it: each command logged as a real run logs it, none run, each answered from the world. */
export class DryBuildx implements Buildx {
  /** Every command it was asked for, as the real port would run it (`buildx build ...`), in order. */
  readonly commands: string[][] = []

  constructor(
    private readonly world: DryWorld,
    private readonly log: Log,
    /** The environment a real run's buildx would have (for the secrets it reads from it). */
    private readonly env: NodeJS.ProcessEnv,
    readonly newBuilderName = `velero-multiarch-${randomUUID().slice(0, 8)}`
  ) {}

  variable(name: string): string | undefined {
    return this.env[name]
  }

  /** Logs a command as the real port does, and keeps it. */
  private asked(args: string[], label?: string, shown = args): void {
    this.commands.push(args)
    this.log.info(`${label ? `${label} ` : ''}${commandLine('docker', shown)}`)
  }

  async version(): Promise<BuildxVersion> {
    this.asked(versionArgv())
    return { line: '', unread: 'a dry run runs no command, so it reads no toolset' }
  }

  async create(builder: BuilderSpec, options: { bootstrap: boolean }): Promise<RunResult> {
    this.asked(createArgv(builder, options.bootstrap))
    return OK
  }

  async remove(): Promise<boolean> {
    return true
  }

  async inspect(name: string): Promise<BuilderFacts> {
    this.asked(inspectArgv(name))
    return { name, local: true }
  }

  /** Stands what the build would push (its platform, its labels, its attestations) under a stand-in digest. */
  async build(spec: BuildSpec, options: BuildRunOptions): Promise<{ result: RunResult; metadata: BuildMetadata }> {
    this.asked(buildArgv(spec), options.label, shownBuildArgv(spec))
    const osVersion = spec.buildArgs.find(([key]) => key === 'OS_VERSION')?.[1]
    const parts = platformParts(osVersion ? `${spec.platform}/${osVersion}` : spec.platform)
    const label = osVersion ? `${spec.platform}/${osVersion}` : spec.platform
    const digest = this.world.standInDigest(label, JSON.stringify([spec.labels, spec.buildArgs.filter(([key]) => key !== 'SOURCE_DATE_EPOCH')]))
    this.world.stand(digest, {
      label,
      ...parts,
      labels: Object.fromEntries(spec.labels),
      attested: spec.provenance !== 'false' || spec.sbom !== 'false',
      oci: spec.output.includes('oci-mediatypes=true')
    })
    return { result: OK, metadata: { digest } }
  }

  /** What `imagetools create --dry-run` would print: a list of the descriptors it was given, each from the world. */
  async assembleList(builder: string | undefined, list: string, sources: string[], annotations: Array<[string, string]>): Promise<Buffer> {
    this.asked(assembleArgv(builder, list, sources, annotations))
    const manifests: Array<Record<string, unknown>> = []
    for (const source of sources.map((text) => JSON.parse(text) as { digest: string; size: number; platform?: Record<string, string> })) {
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
    const docker = annotations.length === 0 && manifests.every((m) => m.mediaType === MEDIA_TYPES.dockerManifest)
    const index = {
      schemaVersion: 2,
      mediaType: docker ? MEDIA_TYPES.dockerList : MEDIA_TYPES.ociIndex,
      manifests,
      ...(annotations.length > 0 ? { annotations: Object.fromEntries(annotations) } : {})
    }
    const bytes = Buffer.from(JSON.stringify(index, null, 2))
    this.world.store(bytes, index.mediaType, `the list ${list}`)
    return bytes
  }
}

/** A registry that asks nobody: what the dry world holds, and no tag but those the dry run itself "pushed". */
export class DryRegistry implements RegistryClient {
  private readonly tags = new Map<string, string>()
  private readonly referrers = new Map<string, Descriptor[]>()

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

  /** What was attached to a digest (by a test's run on these ports; a dry run of the action attaches nothing real). */
  async getReferrers(repository: string, digest: string): Promise<Descriptor[]> {
    return [...(this.referrers.get(`${repository}@${digest}`) ?? [])]
  }

  async pushBlob(_repository: string, bytes: Buffer): Promise<string> {
    return this.world.store(bytes, 'application/octet-stream').digest
  }

  async mountBlob(_repository: string, digest: string): Promise<boolean> {
    return this.world.get(digest) !== undefined
  }

  async pushReferrer(repository: string, subject: Descriptor, artifact: ReferrerArtifact): Promise<string> {
    await this.pushBlob(repository, artifact.bytes)
    const manifest = referrerManifest(subject, artifact)
    const { digest, size } = this.world.store(manifest, MEDIA_TYPES.ociManifest, "a signature's referrer")
    const held = this.referrers.get(`${repository}@${subject.digest}`) ?? []
    if (!held.some((entry) => entry.digest === digest))
      held.push({ mediaType: MEDIA_TYPES.ociManifest, digest, size, artifactType: artifact.artifactType, annotations: artifact.annotations })
    this.referrers.set(`${repository}@${subject.digest}`, held)
    return digest
  }

  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const { digest } = this.world.store(bytes, mediaType)
    if (!reference.startsWith('sha256:')) this.tags.set(`${repository}:${reference}`, digest)
    return digest
  }
}

/** The registries of a dry run: one dry registry per host, and no login (a dry run sends no request). */
export class DryRegistries implements Registries {
  private readonly opened = new Map<string, DryRegistry>()

  constructor(private readonly world: DryWorld) {}

  open(host: string): RegistryClient {
    let registry = this.opened.get(host)
    if (!registry) {
      registry = new DryRegistry(this.world)
      this.opened.set(host, registry)
    }
    return registry
  }
}

/**
 * The result files of a dry run: read as a merge reads them, and nothing written. Each leg's result stands, in the
 * dry world, for the image it says its leg pushed (its platform, labelled with its commit and `source`), so that the
 * merge's dry run checks and assembles as a real merge does.
 */
export class DryResultFiles implements ResultFiles {
  private readonly files = new LocalResultFiles()

  constructor(
    private readonly world: DryWorld,
    /** The repository's URL the images' source label carries (the run's); empty when unknown. */
    private readonly source: string
  ) {}

  async read(dir: string): Promise<ResultFile[]> {
    const files = await this.files.read(dir)
    for (const file of files) {
      if (!('text' in file)) continue
      let claim: Record<string, unknown>
      try {
        claim = JSON.parse(file.text) as Record<string, unknown>
      } catch {
        continue
      }
      const { platform, digest, commit, provenance, sbom } = claim ?? {}
      if (typeof platform !== 'string' || typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) continue
      this.world.stand(digest, {
        label: platform,
        ...platformParts(platform),
        labels: {
          ...(typeof commit === 'string' && commit ? { [OCI_KEYS.revision]: commit } : {}),
          ...(this.source ? { [OCI_KEYS.source]: this.source } : {})
        },
        attested: (provenance !== undefined && provenance !== 'false') || (sbom !== undefined && sbom !== 'false'),
        oci: false
      })
    }
    return files
  }

  async write(): Promise<string[]> {
    return []
  }
}

/**
 * The GitHub API as a dry run has it: it asks nothing. The repository's tags are not asked (git in the checkout may
 * still tell them), the run's ref is taken to point to this run's commit, no two commits can be compared, and
 * nothing is recorded.
 */
export class DryGitHubApi implements GitHubApi {
  readonly name = 'the GitHub API (a dry run asks it nothing)'

  constructor(
    private readonly context: RunContext,
    private readonly log: Log,
    /** This run's commit as the checkout has it, where there is a checkout git can read. */
    private readonly checkoutHead: () => Promise<string | undefined>
  ) {}

  async listTags(): Promise<RepositoryTag[]> {
    throw new NotAsked("the repository's tags were not asked of the GitHub API")
  }

  /** Where a ref points is taken to be this run's commit: the checkout's HEAD, else the event's (GITHUB_SHA). */
  async commitOf(ref: string): Promise<string> {
    const head = (await this.checkoutHead()) ?? (this.context.sha || undefined)
    if (!head) throw new Error("a dry run asks no API, and neither the checkout's HEAD nor GITHUB_SHA is there")
    this.log.info(`dry run: the GitHub API is not asked where ${ref} points: taken to be this run's commit, ${head}`)
    return head
  }

  async compare(): Promise<{ reason: string }> {
    return { reason: 'a dry run asks no API' }
  }

  async recordAttestation(): Promise<string> {
    return ''
  }

  async attestationsFor(): Promise<SerializedBundle[]> {
    return []
  }
}

/** The GitHub edge of a dry run: the run's context as it is, the dry API, and a stand-in OIDC token (nothing is signed). */
export class DryGitHub extends GitHubPort {
  async idToken(): Promise<string> {
    const claims = {
      job_workflow_ref:
        this.context.workflowRef || `${this.context.repository || 'owner/repository'}/.github/workflows/dry-run.yml@${this.context.ref || 'refs/heads/main'}`
    }
    return `dry-run.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.dry-run`
  }

  async trustedRoots(): Promise<string> {
    return ''
  }
}
