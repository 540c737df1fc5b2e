// The action's outputs: what the plan says before anything runs, then what the run did, under the names
// action.yml declares.
import type { BuildResult } from '../build/run-builds.js'
import type { BuildTarget, Plan } from '../plan/plan.js'
import type { PushedPlatform } from '../publish/pushed-platforms.js'
import type { SignedDigest } from '../publish/sign.js'
import type { TagOutcome } from '../publish/tags.js'
import type { PlatformResult } from '../split/results.js'

/** A list tag left where it was, for the `kept-tags` output and the summary. */
export interface KeptTag {
  tag: string
  holds: string
  reason: string
}

/** A tag whose push ran out of time: it may or may not have moved. */
export interface UncertainTag {
  tag: string
  /** What the tag held when read again after the push was stopped. */
  holds: string
}

export interface Outputs {
  image: string
  tags: string[]
  platformTags: string[]
  platforms: string[]
  tarballs: string[]
  /** Digest of the `<image>:<version>` list, once published. */
  digest?: string
  metadata?: Record<string, unknown>
  /** Where a leg wrote its results, or the merge read them; empty for role all. */
  resultsDir: string
  /** List tags left where they were: they hold a newer commit than this run's. */
  keptTags?: KeptTag[]
  /** Tags (lists and platform tags) that hold what this run built already, and were left as they are (a re-run). */
  unchangedTags?: string[]
  /** Tags whose push ran out of time: they may or may not have moved. */
  possiblyMovedTags?: UncertainTag[]
  /** Every digest the run signed (sign: true). */
  attestations?: SignedDigest[]
}

/** The outputs that follow from the plan alone, before anything runs (all a dry run has). */
export function plannedOutputs(plan: Plan, resultsDir: string): Outputs {
  return {
    resultsDir: plan.role === 'all' ? '' : resultsDir,
    image: plan.outputType === 'registry' ? (plan.lists[0]?.ref ?? '') : plan.outputType === 'docker' ? (plan.targets[0]?.tags[0] ?? '') : '',
    tags: plan.lists.map((list) => list.ref),
    platformTags: plan.targets.flatMap((target) => target.tags),
    platforms: plan.targets.map((target) => target.id),
    // The merge writes none: its legs did, on their own runners.
    tarballs: plan.role === 'merge' ? [] : plan.targets.flatMap((target) => (target.tarball ? [target.tarball] : []))
  }
}

/** The outputs under the names action.yml declares. */
export function outputsByName(outputs: Outputs): Record<string, unknown> {
  return {
    image: outputs.image,
    tags: outputs.tags,
    'platform-tags': outputs.platformTags,
    platforms: outputs.platforms,
    tarballs: outputs.tarballs,
    digest: outputs.digest ?? '',
    metadata: outputs.metadata ?? {},
    'results-dir': outputs.resultsDir,
    'kept-tags': outputs.keptTags ?? [],
    'unchanged-tags': outputs.unchangedTags ?? [],
    'possibly-moved-tags': outputs.possiblyMovedTags ?? [],
    attestations: (outputs.attestations ?? []).map((signed) => ({
      subject: signed.subject,
      of: signed.of,
      'attestation-id': signed.attestationId,
      referrer: signed.referrer,
      verify: signed.verify,
      ...(signed.signedBefore ? { 'signed-before': true } : {})
    }))
  }
}

/** The outputs as the action sets them: strings, with lists and objects as JSON. */
export function outputValues(outputs: Outputs): Record<string, string> {
  return Object.fromEntries(Object.entries(outputsByName(outputs)).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]))
}

/** The outputs a publish gives, from what became of each tag. */
export function publishedOutputs(plan: Plan, tags: TagOutcome[]): Pick<Outputs, 'tags' | 'digest' | 'keptTags' | 'unchangedTags' | 'possiblyMovedTags'> {
  const lists = tags.filter((tag) => tag.kind === 'list')
  const published = lists.filter((tag) => tag.state === 'moved' || tag.state === 'unchanged')
  const version = plan.lists[0]?.ref
  return {
    tags: published.map((tag) => tag.ref),
    // What the version's tag holds now: this run's list, or, unchanged, the one it held already.
    digest: published.find((tag) => tag.ref === version)?.digest,
    keptTags: lists.filter((tag) => tag.state === 'kept').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '', reason: tag.reason })),
    unchangedTags: tags.filter((tag) => tag.state === 'unchanged').map((tag) => tag.ref),
    possiblyMovedTags: tags.filter((tag) => tag.state === 'possibly moved').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '' }))
  }
}

/** What the metadata output says of each platform: how its build went, and what the registry holds of it. */
export function platformMetadata(
  targets: BuildTarget[],
  builds: BuildResult[],
  results: PlatformResult[] | undefined,
  platforms: ReadonlyMap<string, PushedPlatform>
): Record<string, unknown> {
  const entries: Array<[string, unknown]> = []
  for (const target of targets) {
    const build = builds.find((b) => b.target.id === target.id)
    const result = results?.find((r) => r.platform === target.id)
    const pushed = platforms.get(target.id)
    const record =
      result ??
      (build
        ? {
            digest: build.target.pushed ? (build.digest ?? null) : null,
            tarball: build.target.tarball ?? null,
            seconds: Math.round(build.seconds * 10) / 10,
            node: build.node ?? null
          }
        : undefined)
    if (!record && !pushed) continue
    entries.push([
      target.id,
      {
        ...record,
        ...(pushed
          ? {
              image: pushed.image.digest,
              'os.version': pushed.image.platform['os.version'] ?? null,
              attestation: pushed.attestation?.digest ?? null,
              predicates: pushed.predicates
            }
          : {})
      }
    ])
  }
  return Object.fromEntries(entries)
}
