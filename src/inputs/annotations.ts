// OCI annotations: the `annotations` input's lines, as docker/metadata-action writes them, and the annotations an
// index gets when the user gives none of a key. Pure.
import { OCI_KEYS } from '../shared/oci.js'

/** An annotation's key and value. */
export type Annotation = [string, string]

/** Where an annotation goes: on every image manifest (set at build time) or on every published index. */
export interface Annotations {
  manifest: Annotation[]
  index: Annotation[]
}

/** The levels of buildx's annotation prefixes this action places; buildx knows more (see refusedLevel). */
const LEVELS = ['manifest', 'index'] as const
/** Reverse-DNS keys as the OCI image spec has them (`org.opencontainers.image.description`). */
const KEY = /^[A-Za-z0-9][\w.-]*$/
/** A value on one line: buildx carries it in one argument; GHCR shows at most 512 characters of a description. */
const MAX_VALUE_LENGTH = 1024
const MAX_ANNOTATIONS = 100

/** Why a prefix buildx knows is not taken here, or undefined for the two this action places. */
function refusedLevel(prefix: string): string | undefined {
  if ((LEVELS as readonly string[]).includes(prefix)) return undefined
  const known = /^(manifest|index)(-descriptor)?(\[.*\])?$/.test(prefix)
  return known
    ? `the prefix '${prefix}:' is buildx's, but this action places annotations on every image manifest and every published index only; allowed prefixes: manifest: (or none), index:`
    : `'${prefix}:' is not an annotation level; allowed prefixes: manifest: (or none), index:`
}

/**
 * Reads newline-separated `[level:]key=value` lines (no prefix means `manifest:`, as in buildx). Returns the
 * annotations and one problem per wrong line, naming the line.
 */
export function parseAnnotations(text: string): { annotations: Annotations; problems: string[] } {
  const annotations: Annotations = { manifest: [], index: [] }
  const problems: string[] = []
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''))
  for (const [number, line] of lines.entries()) {
    if (line.trim() === '') continue
    const where = `line ${number + 1}`
    const equals = line.indexOf('=')
    if (equals < 0) {
      problems.push(`${where} ('${line}') has no '='; each line is [manifest:|index:]key=value`)
      continue
    }
    const name = line.slice(0, equals).trim()
    const value = line.slice(equals + 1)
    const colon = name.indexOf(':')
    const prefix = colon < 0 ? 'manifest' : name.slice(0, colon)
    const key = colon < 0 ? name : name.slice(colon + 1)
    const refused = refusedLevel(prefix)
    if (refused) problems.push(`${where}: ${refused}`)
    else if (!KEY.test(key))
      problems.push(`${where}: '${key}' is not an annotation key (letters, digits, '.', '_' and '-', such as org.opencontainers.image.description)`)
    else if (value.length > MAX_VALUE_LENGTH) problems.push(`${where}: the value of ${key} is ${value.length} characters long; at most ${MAX_VALUE_LENGTH}`)
    else {
      const level = annotations[prefix as (typeof LEVELS)[number]]
      const same = level.findIndex(([k]) => k === key)
      // metadata-action repeats nothing, but a hand-written list may: the last value wins, as in buildx.
      if (same >= 0) level.splice(same, 1)
      level.push([key, value])
    }
  }
  if (annotations.manifest.length + annotations.index.length > MAX_ANNOTATIONS) problems.push(`more than ${MAX_ANNOTATIONS} annotations`)
  return { annotations, problems }
}

/** What the default index annotations are made from; empty values are left out. */
export interface AnnotationFacts {
  sourceUrl: string
  revision: string
  version: string
  created: string
  /** The repository's description and SPDX license, from the GitHub event; may be empty. */
  description?: string
  licenses?: string
}

/** The OCI annotations an index gets by default: where it comes from, what and when. */
export function defaultIndexAnnotations(facts: AnnotationFacts): Annotation[] {
  const all: Annotation[] = [
    [OCI_KEYS.source, facts.sourceUrl],
    [OCI_KEYS.revision, facts.revision],
    [OCI_KEYS.version, facts.version],
    [OCI_KEYS.created, facts.created],
    [OCI_KEYS.description, facts.description ?? ''],
    [OCI_KEYS.licenses, facts.licenses ?? '']
  ]
  return all.filter(([, value]) => value !== '')
}

/** The user's annotations, then each default whose key the user did not give. */
export function withDefaults(given: Annotation[], defaults: Annotation[]): Annotation[] {
  const keys = new Set(given.map(([key]) => key))
  return [...given, ...defaults.filter(([key]) => !keys.has(key))]
}
