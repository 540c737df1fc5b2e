// What the merge checks of the legs' results before it believes any of them: every platform of the whole set once,
// nothing outside it, every leg of this run and commit, and every leg built what the merge would publish.
import type { Plan } from '../plan/plan.js'
import type { DecidedSettings } from '../policy/auto.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import { platformSuffix } from '../shared/platforms.js'
import type { RunContext } from '../system/github.js'
import type { Agreement, LegFacts, RunIdentity } from './result-codec.js'

/** A leg's result as the merge read it. */
export interface LegResult {
  /** The file's name in results-dir, for messages. */
  file: string
  record: PlatformRecord
  leg: LegFacts
}

/** What legs and merge must agree on, from the settings of either. */
export function agreementOf(settings: DecidedSettings): Agreement {
  return {
    image: settings.image,
    version: settings.version,
    insecureRegistry: settings.insecureRegistry,
    outputType: settings.outputType === 'registry' ? 'registry' : 'tar',
    provenance: settings.provenance,
    sbom: settings.sbom
  }
}

/**
 * Which run of which repository this job is, and the commit it builds: from the run's context, each value kept only
 * when it has the shape the result schema allows (empty otherwise, as outside GitHub).
 */
export function runIdentity(context: Pick<RunContext, 'repository' | 'runId' | 'runAttempt'>, commit: string): RunIdentity {
  const shaped = (value: string, pattern: RegExp): string => (pattern.test(value) ? value : '')
  return {
    commit: shaped(commit, /^([0-9a-f]{40}|[0-9a-f]{64})$/),
    repository: shaped(context.repository, /^[\w.-]{1,100}\/[\w.-]{1,100}$/),
    runId: shaped(context.runId, /^\d{1,20}$/),
    runAttempt: shaped(context.runAttempt, /^\d{1,10}$/)
  }
}

/** The file-name prefix of a platform's results: `<suffix>.`, then a unique part per leg run, so that duplicates show. */
export function resultPrefix(platform: string, plan: Plan): string {
  const target = plan.targets.find((t) => t.platform === platform)
  return `${target ? platformSuffix(target) : platform.replaceAll('/', '-')}.`
}

const AGREED: Array<[keyof Agreement, string]> = [
  ['image', 'image'],
  ['version', 'version'],
  ['insecureRegistry', 'insecure-registry'],
  ['outputType', 'output-type'],
  ['provenance', 'provenance'],
  ['sbom', 'sbom']
]

/** Where the merge runs: GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_RUN_ID; empty outside GitHub. */
export type MergeIdentity = Pick<RunIdentity, 'commit' | 'repository' | 'runId'>

const IDENTITY: Array<[keyof MergeIdentity, string, string]> = [
  ['commit', 'at commit', 'GITHUB_SHA'],
  ['repository', 'in repository', 'GITHUB_REPOSITORY'],
  ['runId', 'in workflow run', 'GITHUB_RUN_ID']
]

/**
 * Every leg must come from the merge's own run: the same commit (GITHUB_SHA), repository and run id (the attempt may
 * differ: re-running failed jobs re-runs only some legs). Outside GitHub the legs must agree among themselves.
 */
function identityProblems(identity: MergeIdentity, read: LegResult[]): string[] {
  const problems: string[] = []
  for (const [field, what, variable] of IDENTITY) {
    const expected = identity[field] || read[0]?.leg.identity[field] || ''
    for (const { file, leg } of read.filter((entry) => entry.leg.identity[field] !== expected)) {
      const merge = identity[field]
        ? `this merge runs ${what} ${JSON.stringify(expected)} (${variable})`
        : `${read[0].file} ${what} ${JSON.stringify(expected)}`
      problems.push(`${file} was built ${what} ${JSON.stringify(leg.identity[field])}, but ${merge}`)
    }
  }
  return problems
}

/**
 * Compares the legs' results with the merge's plan: every platform of the whole set once, nothing outside it, every
 * leg of this run and commit, and every leg built what the merge would publish (same image, version,
 * insecure-registry, output type and attestations as the merge decided them). Returns the problems, each naming
 * what is wrong; empty when all is well.
 */
export function checkResults(plan: Plan, expected: Agreement, identity: MergeIdentity, read: LegResult[]): string[] {
  const problems: string[] = identityProblems(identity, read)
  const byPlatform = new Map<string, LegResult[]>()
  for (const entry of read) byPlatform.set(entry.record.platform, [...(byPlatform.get(entry.record.platform) ?? []), entry])
  for (const target of plan.targets) {
    const found = byPlatform.get(target.platform) ?? []
    if (found.length === 0) problems.push(`${target.platform} has no result: its leg did not run, failed, or its results were not downloaded into results-dir`)
    if (found.length > 1) problems.push(`${target.platform} has ${found.length} results (${found.map((f) => f.file).join(', ')}): two legs built it`)
  }
  for (const [platform, entries] of byPlatform) {
    if (!plan.targets.some((target) => target.platform === platform)) {
      problems.push(
        `${entries.map((e) => e.file).join(', ')}: ${platform} is not in the merge's platform set (${plan.targets.map((t) => t.platform).join(', ')}); give the merge the same os, arch and windows-version as all the legs together`
      )
    }
  }
  for (const { file, record, leg } of read) {
    for (const [field, input] of AGREED) {
      if (leg.agreement[field] !== expected[field]) {
        problems.push(`${file} was built with ${input} ${JSON.stringify(leg.agreement[field])}, but the merge has ${JSON.stringify(expected[field])}`)
      }
    }
    if (leg.agreement.outputType === 'registry' && expected.outputType === 'registry' && record.digest === undefined)
      problems.push(`${file} names no digest: its leg pushed nothing`)
  }
  return problems
}
