// The plan stage: from the policy's decisions (the settings as the run uses them, its tags, its commit and the facts
// read) to what will be done: one build per platform and the manifest lists to publish. Pure.
import path from 'node:path'
import { defaultIndexAnnotations, withDefaults } from '../inputs/annotations.js'
import { isLoopbackHost } from '../shared/references.js'
import { BuilderSpec, buildkitdConfig, BuildSpec, SecretSource } from '../system/buildx.js'
import { CREATED, decideReproducibility, Reproducibility, SOURCE_DATE_EPOCH } from './reproducible.js'
import { isRemoteContext, keepsAttestations } from '../inputs/definitions.js'
import { looksSecret } from '../inputs/secrets.js'
import type { MaxParallel } from '../inputs/definitions.js'
import type { DecidedSettings } from '../policy/auto.js'
import type { RunFacts } from '../policy/facts.js'
import type { PolicyTag } from '../policy/tags.js'
import { signsWhatItPublishes } from '../policy/stage.js'
import type { Policy } from '../policy/stage.js'
import { secretLookingBuildArgs } from '../policy/trust.js'
import { Platform, WindowsVersion, buildxPlatform, platformId, platformSuffix, selectPlatforms } from '../shared/platforms.js'
import { OCI_KEYS } from '../shared/oci.js'

type Settings = DecidedSettings

/** What the plan depends on besides the settings: the facts the policy read, and the run's commit. */
export type PlanFacts = Omit<RunFacts, 'head'> & { gitSha: string }

/** One platform's build: the platform (os, arch, Windows version), named by `platform` everywhere the run speaks of it. */
export type BuildTarget = Platform & {
  /** `linux/arm64`, `windows/amd64/ltsc2022`: the platform's name in the log, the outputs and the result files. */
  platform: string
  dockerfile: string
  tags: string[]
  buildArgs: Array<[string, string]>
  /** Workspace-relative path of the tarball, for the `tar` output. */
  tarball?: string
  /** The image goes to the registry (output-type registry), not to a tarball or this machine's Docker. */
  pushed: boolean
  metadataFile: string
  /** What the `docker buildx build` command is made of (the buildx port makes its arguments); the toolset may change it (build/features.ts). */
  spec: BuildSpec
}

export interface ListEntry {
  platform: string
  /** Set for Windows entries, which carry the full os.version of the built image. */
  windowsVersion?: WindowsVersion
}

/** A tag that names one platform's image: `main-linux-amd64`. It moves exactly when its list's tag moves. */
export interface PlatformTag {
  ref: string
  tag: string
  platform: string
}

export interface ManifestList {
  /** Full reference of the list, `<image>:<tag>`. */
  ref: string
  tag: string
  /** The platforms, in the design's order: Linux in arch order, then Windows in windows-version order. */
  entries: ListEntry[]
  /** The platform tags that go with this list (`<tag>-<os>-<arch>`); none for an alias or another extra tag. */
  platformTags: PlatformTag[]
  /** Why the run writes it (the tag policy's rule). */
  reason: string
  /** It follows the run's ref (policy/tag-guard.ts); an alias in release order does not. */
  followsRef: boolean
}

export interface BuilderPlan extends BuilderSpec {
  /** False when the user named an existing builder: then it is neither created nor removed. */
  create: boolean
}

export interface Plan {
  outputType: Settings['outputType']
  /** The commit this run builds, in every image's revision label; empty when unknown. */
  revision: string
  /** `all` builds and publishes; `build` (a leg) builds and hands its results on; `merge` publishes the legs' results. */
  role: Settings['role']
  /** Files the secrets are written to before the builds (by id); the plan holds no secret value. */
  secretFiles: Array<{ id: string; file: string }>
  image: string
  /** The registry host of the image, for hints about plain HTTP. */
  registryHost: string
  insecure: boolean
  /** The list tags the tag policy decided (policy/tags.ts): the version, `latest`, aliases and other extra tags. */
  tags: string[]
  builder: BuilderPlan
  targets: BuildTarget[]
  /** How many builds run at once (`auto`: see schedule.ts). */
  maxParallel: MaxParallel
  /**
   * Each platform's build carries attestations (provenance, SBOM): a push is then an index of the image and its
   * attestation manifest, and the lists hold both.
   */
  attested: boolean
  /**
   * The lists are OCI indexes (attested images, or lists that carry annotations, whose images are then pushed in OCI
   * media types); otherwise each list has the media types of its images: a Docker manifest list of Docker images,
   * as the design's, wherever BuildKit pushes those.
   */
  ociIndex: boolean
  /** The annotations of every list (then an OCI index): the user's `index:` ones, then the defaults. */
  indexAnnotations: Array<[string, string]>
  /** The run signs every image and list it publishes (a merge signs for its legs). */
  sign: boolean
  /** Which of indexAnnotations are defaults under `default-annotations: auto`, left out when buildx cannot set them. */
  optionalAnnotations: string[]
  lists: ManifestList[]
  /** How reproducible the images are: SOURCE_DATE_EPOCH, rewrite-timestamp, the created time (reproducible.ts). */
  reproducibility: Reproducibility
  warnings: string[]
  /** What the user should know but need not act on (the created time the action set over metadata-action's). */
  notices: string[]
}

/**
 * The builder whose registry configuration `buildx imagetools` uses, since imagetools has no --insecure of its own:
 * the run's builder. A merge builds nothing and has none unless buildx-instance names one; for a plain-HTTP registry
 * it creates one without starting it (`createUnstarted`), only to hold that registry's configuration.
 */
export function registryConfigBuilder(plan: Plan): { name?: string; createUnstarted: boolean } {
  if (plan.role !== 'merge' || !plan.builder.create) return { name: plan.builder.name, createUnstarted: false }
  return plan.insecure ? { name: plan.builder.name, createUnstarted: true } : { createUnstarted: false }
}

/** `auto` with more than one build watches the CPUs, when the builder is on this machine. */
export function schedulesByLoad(plan: Plan): boolean {
  return plan.maxParallel === 'auto' && plan.targets.length > 1
}

function standardBuildArgs(settings: Settings, facts: PlanFacts, platform: Platform, reproducibility: Reproducibility): Array<[string, string]> {
  const args: Array<[string, string]> = [
    ['GOPROXY', facts.goproxy],
    ['PKG', settings.pkg],
    ['BIN', settings.bin],
    ['VERSION', settings.version],
    ['GIT_SHA', facts.gitSha],
    ['GIT_TREE_STATE', facts.gitTreeState],
    ['REGISTRY', settings.registry]
  ]
  if (platform.os === 'windows') args.push(['OS_VERSION', platform.windowsVersion])
  // As a build argument, so that the logged command shows it (buildx passes it on to BuildKit as the frontend's).
  if (reproducibility.epoch !== undefined) args.push([SOURCE_DATE_EPOCH, String(reproducibility.epoch)])
  const overridden = new Set(settings.buildArgs.map(([key]) => key))
  return [...args.filter(([key]) => !overridden.has(key)), ...settings.buildArgs]
}

/**
 * The labels and annotations the action decides itself, whatever the user gives: what an image was built from (its
 * commit and repository), and when the images are reproducible, its time: the commit's.
 */
interface OwnValues {
  revision: string
  source: string
  /**
   * The run's version, for the images' label: an alias is placed in release order by it when it is about to move
   * (policy/tag-guard.ts). Set for the labels only: the annotations' version is the user's to give.
   */
  version?: string
  /** Set for reproducible images only. */
  created?: string
}

/** Where the plan's messages go: warnings (the user should act), notices (the user should know). */
interface Messages {
  warnings: string[]
  notices: string[]
}

const REVISION = OCI_KEYS.revision
const SOURCE = OCI_KEYS.source
const VERSION = OCI_KEYS.version

/**
 * The OCI labels every image gets, so that a registry, a user and the next run can tell what an image was built from
 * (the publish stage refuses an image whose revision and source are not this run's), then the user's.
 */
function imageLabels(settings: Settings, own: OwnValues, created: string, messages: Messages): Array<[string, string]> {
  const ours: Array<[string, string]> = [
    [REVISION, own.revision],
    [SOURCE, own.source],
    [OCI_KEYS.version, settings.version],
    [CREATED, created]
  ]
  return withOwnValues(ours, settings.labels, "input 'labels'", own, messages).filter(([, value]) => value !== '')
}

/**
 * `ours`, then the user's entries. For a key the action decides (OwnValues) its value wins, and a different one of
 * the user's is dropped: a revision or source with a warning naming both (docker/metadata-action writes GITHUB_SHA
 * there), a version or a created time with a notice (metadata-action writes its version and its run's time there;
 * an image carries the run's version, and a reproducible image its commit's time). Elsewhere the user's value wins.
 */
function withOwnValues(
  ours: Array<[string, string]>,
  given: Array<[string, string]>,
  input: string,
  own: OwnValues,
  messages: Messages
): Array<[string, string]> {
  const kept: Array<[string, string]> = []
  for (const [key, value] of given) {
    if ((key === REVISION && own.revision) || (key === SOURCE && own.source)) {
      const mine = key === REVISION ? own.revision : own.source
      if (value !== mine)
        messages.warnings.push(
          `${input} sets ${key} to ${value}, but the action sets it to ${mine} (this run's ${key === REVISION ? 'commit' : 'repository'}), and its value wins`
        )
      continue
    }
    if (key === VERSION && own.version) {
      if (value !== own.version) {
        messages.notices.push(
          `${input} sets ${VERSION} to ${value} (docker/metadata-action writes its version there), but the images carry this run's version, ${own.version}, which places them in release order: that is what they get`
        )
      }
      continue
    }
    if (key === CREATED && own.created) {
      if (value !== own.created)
        messages.notices.push(
          `${input} sets ${CREATED} to ${value} (docker/metadata-action writes its run's time there), but reproducible images carry their commit's time, ${own.created}: that is what they get`
        )
      continue
    }
    kept.push([key, value])
  }
  const givenKeys = new Set(kept.map(([key]) => key))
  return [...ours.filter(([key]) => !givenKeys.has(key)), ...kept]
}

// The seed's tar is BuildKit's root filesystem tarball; docker and oci are image archives that tools can load.
const TAR_EXPORTERS = { rootfs: 'tar', docker: 'docker', oci: 'oci' } as const

/**
 * buildx's --output value. The registry output pushes the image by its digest alone: no tag moves while the builds
 * run; the publish stage moves every tag once everything is checked. `ociTypes`: the image and its annotations in
 * OCI media types (BuildKit refuses annotations in Docker ones).
 */
function outputFlag(settings: Settings, tarball: string | undefined, ociTypes: boolean): string {
  const types = ociTypes && !(settings.outputType === 'tar' && settings.tarFormat !== 'docker') ? ',oci-mediatypes=true' : ''
  if (settings.outputType === 'registry') return `type=image,name=${settings.image},push-by-digest=true,name-canonical=true,push=true${types}`
  return settings.outputType === 'tar' ? `type=${TAR_EXPORTERS[settings.tarFormat]},dest=${tarball}${types}` : `type=docker${types}`
}

/**
 * The annotations of the lists, and which of them may be left out: the user's `index:` ones, then the defaults
 * under the keys they do not give, on lists that are OCI indexes anyway (`auto`) or on every list (`true`).
 */
function listAnnotations(
  settings: Settings,
  facts: PlanFacts,
  own: OwnValues,
  created: string,
  attested: boolean,
  messages: Messages
): Pick<Plan, 'ociIndex' | 'indexAnnotations' | 'optionalAnnotations'> {
  const given = ownAnnotations(settings.annotations.index, own, "input 'annotations' (index:)", messages)
  const ociIndex = attested || given.length > 0 || settings.defaultAnnotations === 'true'
  const defaults =
    ociIndex && settings.defaultAnnotations !== 'false'
      ? defaultIndexAnnotations({
          sourceUrl: own.source,
          revision: own.revision,
          version: settings.version,
          created,
          description: facts.description,
          licenses: facts.licenses
        })
      : []
  const indexAnnotations = withDefaults(given, defaults)
  const optional = settings.defaultAnnotations === 'auto' ? indexAnnotations.slice(given.length).map(([key]) => key) : []
  return { ociIndex, indexAnnotations, optionalAnnotations: optional }
}

/** Annotations the user gives, with the action's values where the user set its keys otherwise (see withOwnValues). */
function ownAnnotations(given: Array<[string, string]>, own: OwnValues, input: string, messages: Messages): Array<[string, string]> {
  const ours: Array<[string, string]> = [[REVISION, own.revision], [SOURCE, own.source], ...(own.created ? [[CREATED, own.created] as [string, string]] : [])]
  const corrected = withOwnValues(ours, given, input, own, messages)
  // Only the keys the user gave: the defaults are added elsewhere, where the plan asks for them.
  return corrected.filter(([key]) => given.some(([k]) => k === key))
}

/** The plan without rewrite-timestamp, for a BuildKit that ignores it (build/features.ts says so in the log). */
export function withoutTimestampRewrite(plan: Plan): Plan {
  const targets = plan.targets.map((target) => ({ ...target, spec: { ...target.spec, rewriteTimestamp: false } }))
  return { ...plan, targets, reproducibility: { ...plan.reproducibility, rewriteTimestamps: false } }
}

/**
 * The plan without the default annotations `auto` added, for a buildx that cannot set them (before 0.12): the
 * lists are then made as they were before there were defaults.
 */
export function withoutOptionalAnnotations(plan: Plan): Plan {
  const indexAnnotations = plan.indexAnnotations.filter(([key]) => !plan.optionalAnnotations.includes(key))
  return { ...plan, indexAnnotations, optionalAnnotations: [] }
}

const PLATFORM_PLACEHOLDER = '{platform}'

/** The list tags of a run as the tag policy decided them (policy/tags.ts). */
export type DecidedTag = Pick<PolicyTag, 'tag' | 'reason' | 'platformTags' | 'followsRef'>

/** What the plan is made from: the policy's decisions. */
export type PlanInput = Pick<Policy, 'settings' | 'facts' | 'commit'> & { tags: Pick<Policy['tags'], 'tags'> }

export function makePlan(policy: PlanInput): Plan {
  return planOf(policy.settings, { ...policy.facts, gitSha: policy.commit.commit }, policy.tags.tags)
}

function planOf(settings: Settings, facts: PlanFacts, decided: DecidedTag[]): Plan {
  const warnings: string[] = [...facts.warnings]
  let platforms = selectPlatforms(settings.os, settings.arch, settings.windowsVersions)
  if (settings.outputType === 'docker') {
    const host: Platform = { os: 'linux', arch: facts.hostArch }
    const ignored = platforms.map(platformId).filter((id) => id !== platformId(host))
    if (ignored.length > 0) {
      warnings.push(
        `output-type docker builds only this machine's platform, ${platformId(host)}; ignored: ${ignored.join(', ')}. Use output-type tar or registry to build them.`
      )
    }
    platforms = [host]
  }

  const secretLooking = secretLookingBuildArgs(settings)
  if (secretLooking.length > 0) {
    warnings.push(
      `build-args ${secretLooking.join(', ')} look like secrets: build arguments stay in the image history for anyone who pulls it. Pass secrets with secrets, secret-files or secret-envs (buildx --secret) instead, or name them in public-build-args if they are not secret.`
    )
  }

  // BuildKit's docker exporter (output docker, tar-format docker) refuses an image with attestations ("does not
  // support exporting manifest lists"): there they are dropped, and the user told. Elsewhere buildx keeps them: in
  // the pushed index, in an OCI archive, or as files at the root of a rootfs tarball.
  const attested = keepsAttestations(settings)
  if (!attested && (settings.provenance !== 'false' || settings.sbom !== 'false')) {
    warnings.push(
      `provenance and sbom are dropped: ${settings.outputType === 'docker' ? 'output-type docker' : 'tar-format docker'} writes a Docker image, which cannot carry attestations. Use tar-format oci (or output-type registry) to keep them.`
    )
  }
  if (attested && settings.provenance === 'mode=max') {
    warnings.push(
      'provenance mode=max records the value of every build argument (the standard ones and build-args) in the published provenance, readable by anyone who can pull the image; pass secrets with secrets, secret-files or secret-envs, never as build-args.'
    )
  }

  if (settings.outputType === 'tar' && settings.tarFormat === 'rootfs' && settings.annotations.manifest.length > 0) {
    warnings.push(
      'annotations are dropped: tar-format rootfs writes a root filesystem, which has no image manifest to carry them. Use tar-format oci or docker to keep them.'
    )
  }
  if (settings.sign && settings.outputType !== 'registry') {
    warnings.push(`sign is true, but output-type ${settings.outputType} publishes nothing, so nothing is signed`)
  }
  const reproducibility = decideReproducibility(settings, {
    commitTime: facts.commitTime,
    runTime: facts.created,
    gitTreeState: facts.gitTreeState,
    remoteContext: isRemoteContext(settings.context)
  })
  warnings.push(...reproducibility.warnings)
  const messages: Messages = { warnings, notices: [] }
  const own: OwnValues = {
    revision: facts.gitSha,
    source: facts.sourceUrl,
    ...(reproducibility.epoch !== undefined ? { created: reproducibility.created } : {})
  }
  const annotated = listAnnotations(settings, facts, own, reproducibility.created, attested, messages)
  const labels = imageLabels(settings, { ...own, version: settings.version }, reproducibility.created, messages)
  const manifestAnnotations = ownAnnotations(settings.annotations.manifest, own, "input 'annotations' (manifest:)", messages)
  const ociTypes = settings.annotations.manifest.length > 0 || (annotated.ociIndex && !attested)

  // The tag policy decided every list tag; those with platform tags name each platform's image too.
  const tags = decided.map((tag) => tag.tag)
  const withPlatformTags = decided.filter((tag) => tag.platformTags).map((tag) => tag.tag)
  const builder: BuilderPlan = settings.buildxInstance
    ? { name: settings.buildxInstance, create: false, hostNetwork: false }
    : {
        name: facts.builderName,
        create: true,
        hostNetwork: isLoopbackHost(settings.registryHost),
        ...(settings.buildkitImage ? { image: settings.buildkitImage } : {}),
        ...(settings.insecureRegistry ? { configFile: path.join(facts.tempDir, 'buildkitd.toml'), config: buildkitdConfig(settings.registryHost) } : {})
      }

  // Values of the secrets input go to files of the run's own; secret-files are read by buildx where they are, and
  // secret-envs from its environment.
  const secretFiles = settings.secrets.map(([id]) => ({ id, file: path.join(facts.tempDir, 'secrets', id) }))
  const secretSources: SecretSource[] = [
    ...secretFiles,
    ...settings.secretFiles.map(([id, file]) => ({ id, file })),
    ...settings.secretEnvs.map(([id, env]) => ({ id, env }))
  ]

  const targets = platforms.map((platform): BuildTarget => {
    const id = platformId(platform)
    const suffix = platformSuffix(platform)
    const tarball =
      settings.outputType === 'tar'
        ? path.posix.join(settings.outputDir.split(path.sep).join('/'), `${settings.bin}-${settings.version}-${suffix}.tar`)
        : undefined
    const dockerfile = platform.os === 'windows' ? settings.windowsDockerfile : settings.dockerfile
    const platformTags = withPlatformTags.map((tag) => `${settings.image}:${tag}-${suffix}`)
    const buildArgs = standardBuildArgs(settings, facts, platform, reproducibility)
    const metadataFile = path.join(facts.tempDir, `metadata-${suffix}.json`)
    const spec: BuildSpec = {
      builder: builder.name,
      platform: buildxPlatform(platform),
      output: outputFlag(settings, tarball, ociTypes),
      rewriteTimestamp: reproducibility.rewriteTimestamps,
      metadataFile,
      dockerfile,
      // Loaded into Docker or written to a tarball, the image carries its name; pushed, it is named by digest.
      tags: settings.outputType === 'registry' ? [] : platformTags,
      buildArgs,
      hiddenBuildArgs: buildArgs.map(([key]) => key).filter(looksSecret),
      labels,
      annotations: settings.outputType === 'tar' && settings.tarFormat === 'rootfs' ? [] : manifestAnnotations,
      secrets: secretSources,
      cacheFrom: settings.cacheFrom.map((cache) => cache.replaceAll(PLATFORM_PLACEHOLDER, suffix)),
      cacheTo: settings.cacheTo.map((cache) => cache.replaceAll(PLATFORM_PLACEHOLDER, suffix)),
      noCache: settings.noCache,
      provenance: attested ? settings.provenance : 'false',
      sbom: attested ? settings.sbom : 'false',
      context: settings.context
    }
    return { ...platform, platform: id, dockerfile, tags: platformTags, buildArgs, tarball, pushed: settings.outputType === 'registry', metadataFile, spec }
  })

  // A leg of a split run publishes no list: the merge does, from every leg's results.
  const entries: ListEntry[] = targets.map((target) => ({
    platform: target.platform,
    ...(target.os === 'windows' ? { windowsVersion: target.windowsVersion } : {})
  }))
  const platformTagsOf = (tag: string): PlatformTag[] =>
    targets.map((target) => ({ ref: `${settings.image}:${tag}-${platformSuffix(target)}`, tag: `${tag}-${platformSuffix(target)}`, platform: target.platform }))
  const lists =
    settings.outputType !== 'registry' || settings.role === 'build'
      ? []
      : [
          ...decided.map((tag): ManifestList => ({
            ref: `${settings.image}:${tag.tag}`,
            tag: tag.tag,
            entries,
            platformTags: tag.platformTags ? platformTagsOf(tag.tag) : [],
            reason: tag.reason,
            followsRef: tag.followsRef
          }))
        ]

  return {
    outputType: settings.outputType,
    revision: facts.gitSha,
    role: settings.role,
    secretFiles,
    image: settings.image,
    registryHost: settings.registryHost,
    insecure: settings.insecureRegistry,
    tags,
    builder,
    targets,
    maxParallel: settings.maxParallel,
    attested,
    ...annotated,
    sign: signsWhatItPublishes(settings),
    lists,
    reproducibility,
    warnings,
    notices: messages.notices
  }
}
