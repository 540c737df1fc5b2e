// What the detected buildx and BuildKit can do. A setting that needs more than they have is refused before any
// build, naming the setting and the versions, rather than failing halfway through with a message of buildx's.
// docs/what-it-runs.md ("Tested with") lists the same table.
import type { DecidedSettings as Settings } from '../policy/auto.js'
import type { BuilderFacts } from '../system/buildx.js'
import type { Reproducibility } from '../plan/reproducible.js'
import { formatVersion, isOlder, Version } from '../shared/versions.js'

/** The tools of a run, as far as they are known: buildx is read by `buildx version`, BuildKit by `buildx inspect`. */
export interface Toolset {
  buildx?: Version
  builder?: BuilderFacts
  /** Set when the toolset was not read at all (a dry run), saying why: nothing is checked against it, nothing fitted. */
  unread?: string
}

/** The BuildKit that rewrites the times of files in layers (rewrite-timestamp); older ones accept it and ignore it. */
export const REWRITE_TIMESTAMP_BUILDKIT: Version = [0, 13, 0]
/** The BuildKit that applies SOURCE_DATE_EPOCH at all. */
const SOURCE_DATE_EPOCH_BUILDKIT: Version = [0, 11, 0]

interface Feature {
  /** The setting in the user's words: the input and its value. */
  name: string
  wanted(settings: Settings, builder: BuilderFacts | undefined): boolean
  buildx?: Version
  buildkit?: Version
  /** Where the requirement comes from, for the message. */
  because: string
}

export const FEATURES: readonly Feature[] = [
  {
    name: "input 'provenance' or 'sbom' (attestations)",
    wanted: (settings) => settings.provenance !== 'false' || settings.sbom !== 'false',
    buildkit: [0, 11, 0],
    because: 'BuildKit makes attestations from 0.11'
  },
  {
    name: "input 'annotations' (manifest:)",
    wanted: (settings) => settings.role !== 'merge' && settings.annotations.manifest.length > 0,
    buildx: [0, 12, 0],
    buildkit: [0, 11, 0],
    because: 'buildx sets annotations at build time (--annotation) from 0.12, and BuildKit exports them from 0.11'
  },
  {
    name: "input 'annotations' (index:)",
    wanted: (settings) => settings.role !== 'build' && settings.annotations.index.length > 0,
    buildx: [0, 12, 0],
    because: 'buildx annotates an index (imagetools create --annotation) from 0.12'
  },
  {
    name: "input 'default-annotations': 'true'",
    wanted: (settings) => settings.role !== 'build' && settings.defaultAnnotations === 'true',
    buildx: [0, 12, 0],
    because: 'buildx annotates an index (imagetools create --annotation) from 0.12'
  },
  {
    name: "input 'reproducible': 'true'",
    wanted: (settings) => settings.reproducible === 'true' && settings.role !== 'merge',
    buildkit: REWRITE_TIMESTAMP_BUILDKIT,
    because: 'BuildKit rewrites the times of the files in layers (rewrite-timestamp) from 0.13, and older ones accept the option and ignore it'
  },
  {
    name: "input 'tar-format': 'docker' on a remote-driver builder",
    wanted: (settings, builder) => settings.outputType === 'tar' && settings.tarFormat === 'docker' && builder?.driver === 'remote',
    buildx: [0, 11, 0],
    because: 'buildx writes a docker archive from a remote builder from 0.11'
  }
]

/**
 * Every wanted feature the toolset is known to lack, each as one sentence. Features on unknown versions pass, but
 * for reproducible true, which promises what only the version can tell.
 */
export function unsupportedFeatures(settings: Settings, toolset: Toolset): string[] {
  const problems: string[] = []
  if (toolset.unread) return problems
  if (settings.reproducible === 'true' && settings.role !== 'merge' && toolset.builder && !toolset.builder.buildkit) {
    problems.push(
      `input 'reproducible': 'true' needs BuildKit ${formatVersion(REWRITE_TIMESTAMP_BUILDKIT)} or later, and the BuildKit version of builder ${toolset.builder.name} cannot be read (docker buildx inspect names none), so it cannot be promised. Use a builder that reports its version, or set reproducible to auto.`
    )
  }
  for (const feature of FEATURES.filter((f) => f.wanted(settings, toolset.builder))) {
    const missing = [
      feature.buildx && toolset.buildx && isOlder(toolset.buildx, feature.buildx)
        ? `buildx ${formatVersion(feature.buildx)} (found ${formatVersion(toolset.buildx)})`
        : undefined,
      feature.buildkit && toolset.builder?.buildkit && isOlder(toolset.builder.buildkit, feature.buildkit)
        ? `BuildKit ${formatVersion(feature.buildkit)} (builder ${toolset.builder.name} runs ${formatVersion(toolset.builder.buildkit)})`
        : undefined
    ].filter((text): text is string => text !== undefined)
    if (missing.length > 0) {
      problems.push(
        `${feature.name} needs ${missing.join(' and ')} or later: ${feature.because}. Upgrade (docker/setup-buildx-action's version and driver-opts image=moby/buildkit:<version>, or this action's buildkit-image), or turn the setting off.`
      )
    }
  }
  return problems
}

/** The toolset in one line, for the log and the job summary. */
export function describeToolset(toolset: Toolset): string {
  if (toolset.unread) return `not read (${toolset.unread})`
  const buildx = toolset.buildx ? `buildx ${formatVersion(toolset.buildx)}` : 'buildx (version unknown)'
  if (!toolset.builder) return buildx
  const buildkit = toolset.builder.buildkit ? `BuildKit ${formatVersion(toolset.builder.buildkit)}` : 'BuildKit (version unknown)'
  return `${buildx}, ${buildkit} on builder ${toolset.builder.name} (${toolset.builder.driver ?? 'unknown'} driver)`
}

/**
 * What the builder's BuildKit keeps of a reproducible plan: whether rewrite-timestamp stays, and the line for the log
 * when something cannot be promised. A BuildKit older than 0.13 accepts the option and ignores it, so the version
 * decides (reproducible true refused such a BuildKit already: unsupportedFeatures).
 */
export function fitReproducibility(reproducibility: Reproducibility, builder: BuilderFacts | undefined): { rewriteTimestamps: boolean; note?: string } {
  const { mode } = reproducibility
  if (reproducibility.epoch === undefined || !builder) return { rewriteTimestamps: reproducibility.rewriteTimestamps }
  const buildkit = builder.buildkit
  if (!buildkit) {
    return {
      rewriteTimestamps: reproducibility.rewriteTimestamps,
      note: `reproducible ${mode}: the BuildKit version of builder ${builder.name} is unknown, so whether it rewrites the times of files in layers (BuildKit ${formatVersion(REWRITE_TIMESTAMP_BUILDKIT)} or later) cannot be told: two builds of one commit may differ`
    }
  }
  if (isOlder(buildkit, SOURCE_DATE_EPOCH_BUILDKIT)) {
    return {
      rewriteTimestamps: false,
      note: `reproducible ${mode}: BuildKit ${formatVersion(buildkit)} ignores SOURCE_DATE_EPOCH (${formatVersion(SOURCE_DATE_EPOCH_BUILDKIT)} applies it): the images are not reproducible`
    }
  }
  if (reproducibility.rewriteTimestamps && isOlder(buildkit, REWRITE_TIMESTAMP_BUILDKIT)) {
    return {
      rewriteTimestamps: false,
      note: `reproducible ${mode}: BuildKit ${formatVersion(buildkit)} applies SOURCE_DATE_EPOCH to the image config and history, but cannot rewrite the times of the files a build writes into layers (BuildKit ${formatVersion(REWRITE_TIMESTAMP_BUILDKIT)} can): two builds of one commit may differ, a no-cache one among them`
    }
  }
  return { rewriteTimestamps: reproducibility.rewriteTimestamps }
}

/** The buildx that annotates an index: `default-annotations: auto` adds none with an older one. */
export const INDEX_ANNOTATIONS_BUILDX: Version = [0, 12, 0]
