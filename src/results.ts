// What a leg (role: build) hands to the merge (role: merge): one small JSON file per platform it built, written
// into results-dir, carried between jobs as artifacts. The merge trusts none of it blindly: checkResults compares
// the files with the merge's own plan before anything is published.
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Plan } from './plan.js'
import { platformSuffix } from './platforms.js'

/** The version of the file format; the merge refuses files of another. */
export const RESULT_SCHEMA = 1

/** One manifest a platform's push consists of: the image, and (with attestations) the attestation manifest. */
export interface ResultManifest {
  kind: 'image' | 'attestation'
  digest: string
  /** The image's platform as the registry holds it, os.version included for Windows. */
  platform?: Record<string, string>
  /** What an attestation manifest carries: `https://slsa.dev/provenance/v0.2`, `https://spdx.dev/Document`. */
  predicates?: string[]
}

/** What the `metadata` output says of each platform, in every role; a leg's result files hold the same and more. */
export interface PlatformRecord {
  tags: string[]
  /** What the platform tags point to: the image, or with attestations the index of the image and its attestation. */
  digest: string | null
  'os.version': string | null
  tarball: string | null
  seconds: number
  /** The builder node that built it. */
  node: string | null
  manifests: ResultManifest[]
}

export interface PlatformResult extends PlatformRecord, Agreement {
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
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
    written.push(file)
  }
  return written
}

export interface ReadResult {
  file: string
  result: PlatformResult
}

/** Reads every `.json` file of the directory; a file that is not a result of this schema is an error naming it. */
export async function readResults(dir: string): Promise<ReadResult[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  } catch {
    throw new Error(`results-dir ${dir} does not exist: download the legs' results into it first (actions/download-artifact with merge-multiple: true)`)
  }
  const problems: string[] = []
  const read: ReadResult[] = []
  for (const name of names) {
    const file = path.join(dir, name)
    let parsed: Partial<PlatformResult>
    try {
      parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<PlatformResult>
    } catch (error) {
      problems.push(`${name} is not JSON: ${(error as Error).message}`)
      continue
    }
    if (parsed.schema !== RESULT_SCHEMA) {
      problems.push(`${name} has schema ${JSON.stringify(parsed.schema)}; this version of the action reads schema ${RESULT_SCHEMA} (legs and merge must use the same version of the action)`)
    } else if (typeof parsed.platform !== 'string' || !Array.isArray(parsed.manifests) || !Array.isArray(parsed.tags)) {
      problems.push(`${name} lacks platform, tags or manifests`)
    } else {
      read.push({ file: name, result: parsed as PlatformResult })
    }
  }
  if (problems.length > 0) throw new Error(`the results in ${dir} cannot be read: ${problems.join('; ')}`)
  return read
}

/** What every leg's result must share with the merge's own settings. */
export interface Agreement {
  image: string
  version: string
  tagLatest: boolean
  insecureRegistry: boolean
  outputType: 'registry' | 'tar'
  provenance: string
  sbom: string
}

const AGREED: Array<[keyof Agreement, string]> = [
  ['image', 'image'],
  ['version', 'version'],
  ['tagLatest', 'tag-latest'],
  ['insecureRegistry', 'insecure-registry'],
  ['outputType', 'output-type'],
  ['provenance', 'provenance'],
  ['sbom', 'sbom']
]

/**
 * Compares the legs' results with the merge's plan: every platform of the whole set once, nothing outside it, and
 * every leg built what the merge would publish (same image, version, tag-latest, insecure-registry and output
 * type as the merge decided them). Returns the problems, each naming what is wrong; empty when all is well.
 */
export function checkResults(plan: Plan, expected: Agreement, read: ReadResult[]): string[] {
  const problems: string[] = []
  const byPlatform = new Map<string, ReadResult[]>()
  for (const entry of read) byPlatform.set(entry.result.platform, [...(byPlatform.get(entry.result.platform) ?? []), entry])
  for (const target of plan.targets) {
    const found = byPlatform.get(target.id) ?? []
    if (found.length === 0) problems.push(`${target.id} has no result: its leg did not run, failed, or its results were not downloaded into results-dir`)
    if (found.length > 1) problems.push(`${target.id} has ${found.length} results (${found.map((f) => f.file).join(', ')}): two legs built it`)
  }
  for (const [platform, entries] of byPlatform) {
    if (!plan.targets.some((target) => target.id === platform)) {
      problems.push(`${entries.map((e) => e.file).join(', ')}: ${platform} is not in the merge's platform set (${plan.targets.map((t) => t.id).join(', ')}); give the merge the same os, arch and windows-version as all the legs together`)
    }
  }
  for (const { file, result } of read) {
    for (const [field, input] of AGREED) {
      if (result[field] !== expected[field]) {
        problems.push(`${file} was built with ${input} ${JSON.stringify(result[field])}, but the merge has ${JSON.stringify(expected[field])}`)
      }
    }
    if (result.outputType === 'registry' && expected.outputType === 'registry' && !result.manifests.some((m) => m.kind === 'image')) {
      problems.push(`${file} names no image digest`)
    }
  }
  return problems
}
