// The shape of a leg's result file, checked field by field before the merge believes any of it: a file handed on
// by another job may hold anything. Every problem names the field and what it must be.
import { checkImageReference, checkRepository, checkTag } from '../shared/references.js'

/** Says what is wrong with a value, or undefined when it is fine. */
type Check = (value: unknown) => string | undefined

const DIGEST = /^sha256:[0-9a-f]{64}$/

const describe = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const matching =
  (pattern: RegExp, what: string): Check =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? undefined : `must be ${what}, not ${describe(value)}`

const valid =
  (check: (text: string) => string | undefined, what: string, max = 512): Check =>
  (value) => {
    if (typeof value !== 'string' || value.length > max) return `must be ${what}, not ${describe(value)}`
    const problem = check(value)
    return problem === undefined ? undefined : `must be ${what}, not ${describe(value)}: ${problem}`
  }

const literal =
  (...allowed: unknown[]): Check =>
  (value) =>
    allowed.includes(value) ? undefined : `must be ${allowed.map((a) => JSON.stringify(a)).join(' or ')}, not ${describe(value)}`

const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? undefined : check(value)

const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : `must be true or false, not ${describe(value)}`)

const seconds: Check = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 7 * 24 * 3600
    ? undefined
    : `must be a number of seconds from 0 to a week, not ${describe(value)}`

/** An object with exactly these fields (those in `optional` may be missing), each checked; problems named by path. */
function object(fields: Record<string, Check>, optional: string[] = []): (value: unknown, at: string) => string[] {
  return (value, at) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at || 'the file'} must be a JSON object, not ${describe(value)}`]
    const record = value as Record<string, unknown>
    const problems = Object.keys(record)
      .filter((key) => !(key in fields))
      .map((key) => `field '${at}${key}' is not one this version of the action writes`)
    for (const [key, check] of Object.entries(fields)) {
      if (!(key in record)) {
        if (!optional.includes(key)) problems.push(`field '${at}${key}' is missing`)
        continue
      }
      const problem = check(record[key])
      if (problem !== undefined) problems.push(`field '${at}${key}' ${problem}`)
    }
    return problems
  }
}

/** The schema of the results a leg writes; a merge reads no other. */
export const RESULT_SCHEMA = 3

/** The fields of a result, of RESULT_SCHEMA. */
export const RESULT_FIELDS: Record<string, Check> = {
  schema: literal(RESULT_SCHEMA),
  platform: matching(/^(linux\/[a-z0-9]{1,16}(\/v\d{1,2})?|windows\/amd64\/[a-z0-9]{1,16})$/, 'a platform such as linux/arm64 or windows/amd64/ltsc2022'),
  image: valid(checkRepository, 'a repository'),
  version: valid(checkTag, 'a tag', 128),
  insecureRegistry: boolean,
  outputType: literal('registry', 'tar'),
  provenance: literal('false', 'mode=min', 'mode=max'),
  sbom: (value) =>
    value === 'false' || value === 'true'
      ? undefined
      : valid(
          (text) => (text.startsWith('generator=') ? checkImageReference(text.slice(10)) : 'not generator=<image>'),
          'false, true or generator=<image>'
        )(value),
  commit: matching(/^([0-9a-f]{40}|[0-9a-f]{64})?$/, 'a commit (40 or 64 hex digits), or empty'),
  repository: matching(/^([\w.-]{1,100}\/[\w.-]{1,100})?$/, 'a repository such as owner/name, or empty'),
  runId: matching(/^(\d{1,20})?$/, 'a run id (digits), or empty'),
  runAttempt: matching(/^(\d{1,10})?$/, 'a run attempt (digits), or empty'),
  digest: nullable(matching(DIGEST, 'a sha256 digest')),
  // Relative, inside the workspace: never `..`, never absolute.
  tarball: nullable(matching(/^(?!\/)(?!(.*\/)?\.\.(\/|$))[\w./-]{1,250}\.tar$/, 'a tarball path inside the workspace')),
  seconds,
  node: nullable(matching(/^[\w.-]{1,128}$/, 'a builder node name')),
  buildx: matching(/^[\x20-\x7e]{0,200}$/, 'the line of docker buildx version')
}

/** Every problem of a parsed result file, each naming the field; empty when it is a result of schema 3. */
export function resultProblems(value: unknown): string[] {
  const schema = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).schema : undefined
  if (schema !== undefined && schema !== 3) {
    return [`has schema ${describe(schema)}; this version of the action reads schema 3 (legs and merge must use the same version of the action)`]
  }
  return object(RESULT_FIELDS)(value, '')
}
