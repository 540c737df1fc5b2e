// The one codec of a leg's result file: a platform's record, with what every leg must share with the merge and which
// run built it, to the JSON of schema 3 (absent values as null, as that schema has them) and back, checked field by
// field (result-schema.ts) before anything of it is believed.
import type { PlatformRecord } from '../shared/platform-record.js'
import { RESULT_SCHEMA, resultProblems } from './result-schema.js'

/** What every leg's result must share with the merge's own settings. */
export interface Agreement {
  image: string
  version: string
  insecureRegistry: boolean
  outputType: 'registry' | 'tar'
  provenance: string
  sbom: string
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

/** What a leg says of the build of one platform besides its record: what it agreed to, which run it was, its buildx. */
export interface LegFacts {
  agreement: Agreement
  identity: RunIdentity
  /** `docker buildx version` of the leg. */
  buildx: string
}

/** A result file as schema 3 has it. */
export interface ResultDocument extends Agreement, RunIdentity {
  schema: number
  platform: string
  digest: string | null
  tarball: string | null
  seconds: number
  node: string | null
  buildx: string
}

/** The result document of a record (what a leg writes, and its `metadata` output). */
export function encodeResult(record: PlatformRecord, leg: LegFacts): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    platform: record.platform,
    ...leg.agreement,
    ...leg.identity,
    // What a leg pushed; a tarball's image is named by no digest a merge could read.
    digest: leg.agreement.outputType === 'registry' ? (record.digest ?? null) : null,
    tarball: record.tarball ?? null,
    seconds: Math.round(record.seconds * 10) / 10,
    node: record.node ?? null,
    buildx: leg.buildx
  }
}

/** A result file's record and leg facts, or every problem of it (each naming the field); `file` names it. */
export function decodeResult(text: string, file: string): { record: PlatformRecord; leg: LegFacts; document: ResultDocument } | { problems: string[] } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { problems: [`is not JSON: ${(error as Error).message}`] }
  }
  const problems = resultProblems(parsed)
  if (problems.length > 0) return { problems }
  const document = parsed as ResultDocument
  const record: PlatformRecord = {
    platform: document.platform,
    status: 'built',
    seconds: document.seconds,
    from: `${file}: field 'digest'`,
    ...(document.digest !== null ? { digest: document.digest } : {}),
    ...(document.tarball !== null ? { tarball: document.tarball } : {}),
    ...(document.node !== null ? { node: document.node } : {})
  }
  const { image, version, insecureRegistry, outputType, provenance, sbom, commit, repository, runId, runAttempt, buildx } = document
  return {
    record,
    leg: { agreement: { image, version, insecureRegistry, outputType, provenance, sbom }, identity: { commit, repository, runId, runAttempt }, buildx },
    document
  }
}
