// The action's outputs, from the stages' results, under the names action.yml declares: what the plan says, then
// what the run did, as far as it got.
import type { Plan } from '../plan/plan.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import type { SignedDigest } from '../publish/sign.js'
import type { TagOutcome } from '../publish/apply-tags.js'
import { encodeResult, LegFacts } from '../split/result-codec.js'

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
  /** List tags whose move dropped platforms they held, and which. */
  droppedPlatforms?: Array<{ tag: string; platforms: string[] }>
}

/** The outputs that follow from the plan alone, before anything runs (all a dry run has). */
export function plannedOutputs(plan: Plan, resultsDir: string): Outputs {
  return {
    resultsDir: plan.role === 'all' ? '' : resultsDir,
    image: plan.outputType === 'registry' ? (plan.lists[0]?.ref ?? '') : plan.outputType === 'docker' ? (plan.targets[0]?.tags[0] ?? '') : '',
    tags: plan.lists.map((list) => list.ref),
    platformTags: plan.targets.flatMap((target) => target.tags),
    platforms: plan.targets.map((target) => target.platform),
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
    'dropped-platforms': outputs.droppedPlatforms ?? [],
    attestations: (outputs.attestations ?? []).map((signed) => ({
      subject: signed.subject,
      of: signed.of,
      'attestation-id': signed.attestationId,
      referrer: signed.referrer,
      verify: signed.verify,
      ...(signed.signedBefore ? { 'signed-before': true } : {}),
      ...(signed.completed ? { completed: signed.completed } : {})
    }))
  }
}

/** The outputs a publish gives, from what became of each tag. */
export function publishedOutputs(plan: Plan, tags: TagOutcome[]): Pick<Outputs, 'tags' | 'digest' | 'keptTags' | 'unchangedTags' | 'possiblyMovedTags'> {
  const lists = tags.filter((tag) => tag.kind === 'list')
  const published = lists.filter((tag) => tag.state === 'moved' || tag.state === 'unchanged')
  const version = plan.lists[0]?.ref
  return {
    tags: published.map((tag) => tag.ref),
    // What the version's tag holds now: this run's list, or, unchanged, the one it held already.
    ...(published.find((tag) => tag.ref === version) ? { digest: published.find((tag) => tag.ref === version)?.digest } : {}),
    keptTags: lists.filter((tag) => tag.state === 'kept').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '', reason: tag.reason })),
    unchangedTags: tags.filter((tag) => tag.state === 'unchanged').map((tag) => tag.ref),
    possiblyMovedTags: tags.filter((tag) => tag.state === 'possibly moved').map((tag) => ({ tag: tag.ref, holds: tag.holds ?? '' }))
  }
}

/**
 * What the metadata output says of each platform: for a leg and a merge, its result as the result file has it; for
 * a single run, its build (digest, tarball, seconds, node); and, once read back, what the registry holds of it.
 */
export function platformMetadata(plan: Plan, records: PlatformRecord[], legs: ReadonlyMap<string, LegFacts>): Record<string, unknown> {
  const entries: Array<[string, unknown]> = []
  for (const target of plan.targets) {
    const record = records.find((r) => r.platform === target.platform)
    if (!record) continue
    const leg = legs.get(target.platform)
    const built = leg
      ? encodeResult(record, leg)
      : {
          digest: plan.outputType === 'registry' ? (record.digest ?? null) : null,
          tarball: record.tarball ?? null,
          seconds: Math.round(record.seconds * 10) / 10,
          node: record.node ?? null
        }
    const published = record.published
    entries.push([
      target.platform,
      {
        ...built,
        ...(published
          ? {
              image: published.image.digest,
              'os.version': published.image.platform['os.version'] ?? null,
              attestation: published.attestation?.digest ?? null,
              predicates: published.predicates
            }
          : {})
      }
    ])
  }
  return Object.fromEntries(entries)
}
