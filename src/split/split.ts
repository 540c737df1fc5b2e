// A run split across jobs: each leg (role: build) builds its platforms and hands their results on; the merge
// (role: merge) builds nothing and publishes the lists from those results, after checking them. Both ends run the
// same stages as a single run; this file holds what differs: the leg's records, and the merge's intake.
import type { BuildResult } from '../build/run-builds.js'
import { manifestInspectCommand } from '../plan/commands.js'
import type { Settings } from '../inputs/definitions.js'
import type { BuildTarget, Plan } from '../plan/plan.js'
import { buildxPlatform } from '../plan/platforms.js'
import { checkWindowsRelease, PublishOptions, registryCommand } from '../publish/publish.js'
import { commandLine } from '../report/report.js'
import type { IndexedPlatform } from '../publish/publish-index.js'
import { Agreement, checkResults, MergeIdentity, PlatformRecord, PlatformResult, readResults, RESULT_SCHEMA, ResultManifest, RunIdentity } from './results.js'

function platformFields(target: BuildTarget, osVersion: string | undefined): Record<string, string> {
  const [os, architecture, variant] = buildxPlatform(target.platform).split('/')
  return { architecture, os, ...(variant ? { variant } : {}), ...(osVersion ? { 'os.version': osVersion } : {}) }
}

export function platformRecord(build: BuildResult, osVersion: string | undefined, indexed?: IndexedPlatform): PlatformRecord {
  const pushed = build.target.pushed && build.digest !== undefined
  const manifests: ResultManifest[] = indexed
    ? [
        { kind: 'image', digest: indexed.image.digest, platform: indexed.image.platform },
        ...(indexed.attestation ? [{ kind: 'attestation' as const, digest: indexed.attestation.digest, predicates: indexed.predicates }] : [])
      ]
    : pushed
      ? [{ kind: 'image', digest: build.digest ?? '', platform: platformFields(build.target, osVersion) }]
      : []
  return {
    tags: build.target.tags,
    digest: build.digest ?? null,
    'os.version': osVersion ?? null,
    tarball: build.target.tarball ?? null,
    seconds: Math.round(build.seconds * 10) / 10,
    node: build.node ?? null,
    manifests
  }
}

/**
 * The registry must hold, under each leg's digest, the image (and attestation) the leg reported, and a Windows
 * image's config the os.version its leg read.
 */
export function checkIndexedResults(results: PlatformResult[], platforms: ReadonlyMap<string, IndexedPlatform>): void {
  const problems: string[] = []
  for (const result of results) {
    const read = platforms.get(result.platform)
    for (const kind of ['image', 'attestation'] as const) {
      const reported = result.manifests.find((m) => m.kind === kind)?.digest
      const found = read?.[kind]?.digest
      if (reported !== found) problems.push(`${result.platform}: its leg reported ${kind} ${reported ?? '(none)'}, but its index in the registry holds ${found ?? '(none)'}`)
    }
    const osVersion = read?.image.platform?.['os.version']
    if (result['os.version'] !== null && result['os.version'] !== osVersion) {
      problems.push(`${result.platform}: its leg reported os.version ${result['os.version']}, but the image's config in the registry has ${osVersion ?? 'none'}`)
    }
  }
  if (problems.length > 0) throw new Error(`the registry does not hold what the legs reported, so nothing was published: ${problems.join('; ')}`)
}

interface InspectedImage {
  Descriptor?: { digest?: string; platform?: Record<string, string> }
}

/**
 * The os.version of each Windows image a leg pushed, read from the registry (docker takes it from the image's
 * config) and checked against its windows-version, as a single run checks it before publishing; each recorded in
 * `osVersions` as it is read.
 */
export async function readPushedOsVersions(plan: Plan, builds: BuildResult[], options: PublishOptions, osVersions: Map<string, string>): Promise<void> {
  for (const build of builds) {
    if (build.target.platform.os !== 'windows' || !build.digest) continue
    const args = manifestInspectCommand(`${plan.image}@${build.digest}`, plan.insecure, true)
    options.log.info(commandLine('docker', args))
    const inspected = JSON.parse((await registryCommand(args, options)).stdout) as InspectedImage
    const version = inspected.Descriptor?.platform?.['os.version']
    checkWindowsRelease(build.target.tags[0], build.target.id, build.target.platform.windowsVersion, version)
    options.log.info(`[${build.target.id}] os.version ${version}`)
    osVersions.set(build.target.id, version)
  }
}

/** What legs and merge must agree on, from the settings of either. */
function agreementOf(settings: Settings): Agreement {
  return {
    image: settings.image,
    version: settings.version,
    tagLatest: settings.tagLatest,
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
export function legResults(
  settings: Settings,
  builds: BuildResult[],
  osVersions: ReadonlyMap<string, string>,
  attested: ReadonlyMap<string, IndexedPlatform> | undefined,
  buildx: string,
  identity: RunIdentity
): PlatformResult[] {
  return builds.map((build) => ({
    schema: RESULT_SCHEMA,
    platform: build.target.id,
    ...agreementOf(settings),
    ...identity,
    ...platformRecord(build, osVersions.get(build.target.id), attested?.get(build.target.id)),
    buildx
  }))
}

/** What the merge takes from the legs: their results, checked against its own plan, or an error naming every problem. */
export async function mergeIntake(settings: Settings, plan: Plan, identity: MergeIdentity): Promise<PlatformResult[]> {
  const read = await readResults(settings.resultsDir)
  const problems = checkResults(plan, agreementOf(settings), identity, read)
  if (problems.length > 0) {
    throw new Error(`the legs' results in ${settings.resultsDir} do not add up to this merge, so nothing was published:\n- ${problems.join('\n- ')}`)
  }
  return plan.targets.map((target) => read.find((entry) => entry.result.platform === target.id)?.result as PlatformResult)
}

/** The image digest of each platform, from the merge's results. */
export function resultDigests(results: PlatformResult[]): Map<string, string> {
  return new Map(results.map((result) => [result.platform, result.manifests.find((m) => m.kind === 'image')?.digest ?? result.digest ?? '']))
}

/**
 * Compares the os.version docker read for each Windows entry with what its leg reported: they name the same
 * image, so a difference means the registry holds something else than the leg built.
 */
export function checkReportedOsVersions(results: PlatformResult[], read: ReadonlyMap<string, string>): void {
  for (const result of results) {
    const reported = result['os.version']
    if (reported && read.get(result.platform) !== reported) {
      throw new Error(`${result.platform}: its leg reported os.version ${reported}, but the registry's image has ${read.get(result.platform) ?? 'none'}; nothing was published`)
    }
  }
}
