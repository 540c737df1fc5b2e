// A run split across jobs: each leg (role: build) builds its platforms and hands their results on; the merge
// (role: merge) builds nothing and publishes from those results, after checking them. A leg is the build stage and
// the merge the publish stage of a single run; this file holds what goes between them.
import type { BuildResult } from '../build/run-builds.js'
import type { Settings } from '../inputs/definitions.js'
import type { Plan } from '../plan/plan.js'
import type { BuiltPlatform } from '../publish/pushed-platforms.js'
import { Agreement, checkResults, MergeIdentity, PlatformRecord, PlatformResult, readResults, RunIdentity } from './results.js'
import { RESULT_SCHEMA } from './result-schema.js'

/** What the metadata output and a leg's result say of one build. */
export function platformRecord(build: BuildResult): PlatformRecord {
  return {
    digest: build.target.pushed ? (build.digest ?? null) : null,
    tarball: build.target.tarball ?? null,
    seconds: Math.round(build.seconds * 10) / 10,
    node: build.node ?? null
  }
}

/** What legs and merge must agree on, from the settings of either. */
function agreementOf(settings: Settings): Agreement {
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
 * Which run of which repository this job is, and the commit it builds: from the workflow's environment, each value
 * kept only when it has the shape the result schema allows (empty otherwise, as outside GitHub).
 */
export function runIdentity(env: NodeJS.ProcessEnv, commit: string): RunIdentity {
  const shaped = (value: string | undefined, pattern: RegExp): string => (value !== undefined && pattern.test(value) ? value : '')
  return {
    commit: shaped(commit, /^([0-9a-f]{40}|[0-9a-f]{64})$/),
    repository: shaped(env.GITHUB_REPOSITORY, /^[\w.-]{1,100}\/[\w.-]{1,100}$/),
    runId: shaped(env.GITHUB_RUN_ID, /^\d{1,20}$/),
    runAttempt: shaped(env.GITHUB_RUN_ATTEMPT, /^\d{1,10}$/)
  }
}

/** A leg's result for each platform it built. */
export function legResults(settings: Settings, builds: BuildResult[], buildx: string, identity: RunIdentity): PlatformResult[] {
  return builds.map((build) => ({ schema: RESULT_SCHEMA, platform: build.target.id, ...agreementOf(settings), ...identity, ...platformRecord(build), buildx }))
}

/** What the merge takes from the legs: their results, checked against its own plan, or an error naming every problem. */
export async function mergeIntake(settings: Settings, plan: Plan, identity: MergeIdentity): Promise<{ results: PlatformResult[]; built: BuiltPlatform[] }> {
  const read = await readResults(settings.resultsDir)
  const problems = checkResults(plan, agreementOf(settings), identity, read)
  if (problems.length > 0) {
    throw new Error(`the legs' results in ${settings.resultsDir} do not add up to this merge, so nothing was published:\n- ${problems.join('\n- ')}`)
  }
  const entries = plan.targets.map((target) => read.find((entry) => entry.result.platform === target.id) as (typeof read)[number])
  return {
    results: entries.map((entry) => entry.result),
    built: entries.map((entry) => ({ targetId: entry.result.platform, digest: entry.result.digest ?? '', from: `${entry.file}: field 'digest'` }))
  }
}
