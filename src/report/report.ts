// What the user sees: the log (with groups), the plan as text, and the outputs.
import type { SignedDigest } from '../publish/sign-published.js'
import type { Plan } from '../plan/plan.js'
import type { UncertainTag } from '../publish/publish.js'
import type { KeptTag } from '../publish/revision-guard.js'

export interface Log {
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  /** Folds the lines logged inside into one group in the Actions log. */
  group<T>(title: string, body: () => Promise<T>): Promise<T>
}

export interface Outputs {
  image: string
  tags: string[]
  platformTags: string[]
  platforms: string[]
  tarballs: string[]
  /** Digest of the `<image>:<version>` list, once pushed. */
  digest?: string
  metadata?: Record<string, unknown>
  /** Where a leg wrote its results, or the merge read them; empty for role all. */
  resultsDir: string
  /** List tags left where they were: they hold a newer commit than this run's. */
  keptTags?: KeptTag[]
  /** List tags whose push ran out of time: they may or may not have moved. */
  possiblyMovedTags?: UncertainTag[]
  /** Every digest the run signed (sign: true). */
  attestations?: SignedDigest[]
}

/** The outputs that follow from the plan alone, before anything runs (all a dry run has). */
export function plannedOutputs(plan: Plan, resultsDir: string): Outputs {
  return {
    resultsDir: plan.role === 'all' ? '' : resultsDir,
    image:
      plan.outputType === 'registry'
        ? (plan.lists[0]?.ref ?? '')
        : plan.outputType === 'docker'
          ? (plan.targets[0]?.tags[0] ?? '')
          : '',
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
    'possibly-moved-tags': outputs.possiblyMovedTags ?? [],
    attestations: (outputs.attestations ?? []).map((signed) => ({ subject: signed.subject, of: signed.of, 'attestation-id': signed.attestationId, referrer: signed.referrer, verify: signed.verify }))
  }
}

/** The outputs as the action sets them: strings, with lists and objects as JSON. */
export function outputValues(outputs: Outputs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(outputsByName(outputs)).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)])
  )
}

/** Quotes an argument only where a reader pasting the line into a shell would need it. */
export function quoteArgument(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

export function commandLine(program: string, args: string[]): string {
  return [program, ...args].map(quoteArgument).join(' ')
}

/** The plan in words: what is built, where it goes, and which lists are published. */
export function describePlan(plan: Plan): string[] {
  const lines = [
    plan.role === 'merge'
      ? `Output: ${plan.outputType}; role: merge (builds nothing: publishes the legs' results)`
      : `Output: ${plan.outputType}; role: ${plan.role}; builder: ${plan.builder.name}${plan.builder.create ? ' (created for this run)' : ' (given)'}; max-parallel: ${plan.maxParallel}`,
    `Platforms (${plan.targets.length}):`
  ]
  for (const target of plan.targets) {
    const where = target.tarball ? ` -> ${target.tarball}` : ''
    lines.push(`  ${target.id}: ${target.tags.join(', ')}${where}  [${target.dockerfile}]`)
  }
  if (plan.lists.length > 0) {
    const kind = plan.ociIndex ? 'OCI indexes, made with docker buildx imagetools' : 'made with docker manifest'
    const annotations = plan.indexAnnotations.length > 0 ? `; annotations: ${plan.indexAnnotations.map(([key]) => key).join(', ')}` : ''
    lines.push(`Manifest lists (${plan.lists.length}; ${kind}${annotations}):`)
    for (const list of plan.lists) {
      const entries = plan.role === 'merge' ? `${list.entries.map((e) => e.targetId).join(', ')} (each by the digest its leg built)` : list.entries.map((e) => e.ref).join(', ')
      lines.push(`  ${list.ref} <- ${entries}`)
    }
  }
  return lines
}

/** Placeholders for what is only known once the images are built. */
export const OS_VERSION_PLACEHOLDER = '<os.version of the built image>'
export const digestPlaceholder = (targetId: string): string => `<digest of ${targetId}>`

/** The log of a GitHub Actions step: annotations for warnings and errors, folded groups. */
export function actionLog(core: typeof import('@actions/core')): Log {
  return {
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    error: (message) => core.error(message),
    group: (title, body) => core.group(title, body)
  }
}

/** The command line's log: plain lines, warnings and errors marked, groups as headings. */
export function consoleLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Log {
  return {
    info: (message) => write(message),
    warning: (message) => write(`warning: ${message}`),
    error: (message) => write(`error: ${message}`),
    group: async (title, body) => {
      write(`== ${title}`)
      return body()
    }
  }
}
