// What a leg (role: build) hands to the merge (role: merge): one small JSON file per platform it built, written
// into results-dir, carried between jobs as artifacts. The merge trusts none of it blindly: checkResults compares
// the files with the merge's own plan before anything is published.
import { randomUUID } from 'node:crypto'
import { lstat, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plan } from '../plan/plan.js'
import { platformSuffix } from '../shared/platforms.js'
import { resultProblems } from './result-schema.js'

/** A result file is a few hundred bytes; larger is not one, and is not read whole. */
export const MAX_RESULT_BYTES = 64 * 1024
/** Nine platforms at most, and a file or two a re-run may have left: more is not a results directory. */
export const MAX_RESULT_FILES = 64

/**
 * What a leg says of one platform it built: the digest it pushed (the image, or with attestations the platform's
 * index) or the tarball it wrote, and how the build went. The merge believes the digest only as a claim: it reads
 * what is under it, and checks that it is an image of this platform and this run's commit.
 */
export interface PlatformRecord {
  digest: string | null
  tarball: string | null
  seconds: number
  /** The builder node that built it. */
  node: string | null
}

/** Which run of which repository built a result, at which commit: legs of another run or commit are refused. */
export interface RunIdentity {
  /** The commit the leg built (git HEAD of its checkout, else GITHUB_SHA); empty when unknown. */
  commit: string
  /** GITHUB_REPOSITORY; empty outside GitHub. */
  repository: string
  /** GITHUB_RUN_ID: the same for every job of a workflow run, and its re-runs. */
  runId: string
  /** GITHUB_RUN_ATTEMPT: re-running failed jobs gives legs different attempts, so it is recorded, not compared. */
  runAttempt: string
}

export interface PlatformResult extends PlatformRecord, Agreement, RunIdentity {
  schema: number
  /** `linux/arm64`, `windows/amd64/ltsc2022`. */
  platform: string
  /** `docker buildx version` of the leg. */
  buildx: string
}

/** The file names of a platform's results: `<suffix>.<id>.json`, unique per leg run so that duplicates show. */
const resultPrefix = (platformId: string, plan: Plan): string => {
  const target = plan.targets.find((t) => t.id === platformId)
  return `${target ? platformSuffix(target.platform) : platformId.replaceAll('/', '-')}.`
}

/**
 * Writes one file per platform. Files of the same platforms left in the directory by an earlier run of this leg
 * (a re-run on the same machine) are removed first: only the newest result of a leg counts.
 */
export async function writeResults(dir: string, plan: Plan, results: PlatformResult[]): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const existing = await readdir(dir)
  const written: string[] = []
  for (const result of results) {
    const prefix = resultPrefix(result.platform, plan)
    for (const old of existing.filter((name) => name.startsWith(prefix) && name.endsWith('.json'))) await rm(path.join(dir, old), { force: true })
    const file = path.join(dir, `${prefix}${randomUUID().slice(0, 8)}.json`)
    // A new file, never one that is there already (a link included).
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`, { flag: 'wx' })
    written.push(file)
  }
  return written
}

export interface ReadResult {
  file: string
  result: PlatformResult
}

/** A file's text, when it is a regular file (never through a link) of at most MAX_RESULT_BYTES. */
async function readResultFile(file: string): Promise<string> {
  const stat = await lstat(file)
  if (!stat.isFile())
    throw new Error(`is not a regular file (${stat.isSymbolicLink() ? 'a symbolic link' : 'a directory or device'}); results are never read through one`)
  if (stat.size > MAX_RESULT_BYTES) throw new Error(`is ${stat.size} bytes; a result file is at most ${MAX_RESULT_BYTES}`)
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(MAX_RESULT_BYTES + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > MAX_RESULT_BYTES) throw new Error(`grew past ${MAX_RESULT_BYTES} bytes while being read`)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/**
 * Reads every `.json` file of the directory, each checked field by field against the schema (result-schema.ts);
 * every problem names its file and field, and any problem fails the read.
 */
export async function readResults(dir: string): Promise<ReadResult[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  } catch {
    throw new Error(`results-dir ${dir} does not exist: download the legs' results into it first (actions/download-artifact with merge-multiple: true)`)
  }
  if (names.length > MAX_RESULT_FILES)
    throw new Error(`results-dir ${dir} holds ${names.length} .json files; the results of a run are at most ${MAX_RESULT_FILES}`)
  const problems: string[] = []
  const read: ReadResult[] = []
  for (const name of names) {
    let parsed: unknown
    try {
      parsed = JSON.parse(await readResultFile(path.join(dir, name)))
    } catch (error) {
      problems.push(`${name} ${error instanceof SyntaxError ? `is not JSON: ${error.message}` : (error as Error).message}`)
      continue
    }
    const found = resultProblems(parsed)
    if (found.length > 0) problems.push(...found.map((problem) => `${name}: ${problem}`))
    else read.push({ file: name, result: parsed as PlatformResult })
  }
  if (problems.length > 0) throw new Error(`the results in ${dir} cannot be used, so nothing was published:\n- ${problems.join('\n- ')}`)
  return read
}

/** What every leg's result must share with the merge's own settings. */
export interface Agreement {
  image: string
  version: string
  insecureRegistry: boolean
  outputType: 'registry' | 'tar'
  provenance: string
  sbom: string
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
function identityProblems(identity: MergeIdentity, read: ReadResult[]): string[] {
  const problems: string[] = []
  for (const [field, what, variable] of IDENTITY) {
    const expected = identity[field] || read[0]?.result[field] || ''
    for (const { file, result } of read.filter((entry) => entry.result[field] !== expected)) {
      problems.push(
        `${file} was built ${what} ${JSON.stringify(result[field])}, but ${identity[field] ? `this merge runs ${what} ${JSON.stringify(expected)} (${variable})` : `${read[0].file} ${what} ${JSON.stringify(expected)}`}`
      )
    }
  }
  return problems
}

/**
 * Compares the legs' results with the merge's plan: every platform of the whole set once, nothing outside it, every
 * leg of this run and commit, and every leg built what the merge would publish (same image, version, tag-latest,
 * insecure-registry and output type as the merge decided them). Returns the problems, each naming what is wrong;
 * empty when all is well.
 */
export function checkResults(plan: Plan, expected: Agreement, identity: MergeIdentity, read: ReadResult[]): string[] {
  const problems: string[] = identityProblems(identity, read)
  const byPlatform = new Map<string, ReadResult[]>()
  for (const entry of read) byPlatform.set(entry.result.platform, [...(byPlatform.get(entry.result.platform) ?? []), entry])
  for (const target of plan.targets) {
    const found = byPlatform.get(target.id) ?? []
    if (found.length === 0) problems.push(`${target.id} has no result: its leg did not run, failed, or its results were not downloaded into results-dir`)
    if (found.length > 1) problems.push(`${target.id} has ${found.length} results (${found.map((f) => f.file).join(', ')}): two legs built it`)
  }
  for (const [platform, entries] of byPlatform) {
    if (!plan.targets.some((target) => target.id === platform)) {
      problems.push(
        `${entries.map((e) => e.file).join(', ')}: ${platform} is not in the merge's platform set (${plan.targets.map((t) => t.id).join(', ')}); give the merge the same os, arch and windows-version as all the legs together`
      )
    }
  }
  for (const { file, result } of read) {
    for (const [field, input] of AGREED) {
      if (result[field] !== expected[field]) {
        problems.push(`${file} was built with ${input} ${JSON.stringify(result[field])}, but the merge has ${JSON.stringify(expected[field])}`)
      }
    }
    if (result.outputType === 'registry' && expected.outputType === 'registry' && result.digest === null)
      problems.push(`${file} names no digest: its leg pushed nothing`)
  }
  return problems
}
