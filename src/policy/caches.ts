// Registry caches (`cache-to`, `cache-from`: `type=registry,ref=...`, or a bare reference) are tags too: BuildKit
// writes a cache manifest under them. One in the image's repository must not be a tag a run writes or could write:
// this run's list and platform tags, any platform tag (`<version>-<platform>`: `:cache-{platform}` is the platform
// tag of a branch named `cache`), `latest` and the release-shaped tags and aliases. A repository of the caches' own
// (`<image>-cache`) is one no branch name can reach.
import type { DecidedSettings } from './auto.js'
import { aliasLine } from './releases.js'
import { isReleaseShaped, platformSuffixOf, PolicyTag } from './tags.js'
import { parseTaggedReference, sameRepository } from '../shared/references.js'

const PLATFORM_PLACEHOLDER = '{platform}'

/** The registry reference of a cache spec, or undefined for another type of cache. */
function registryRef(spec: string): string | undefined {
  if (!spec.includes('=')) return spec
  const type = /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry'
  return type === 'registry' ? /(?:^|,)ref=([^,]+)/.exec(spec)?.[1] : undefined
}

/** Why a tag of the image's repository may not hold a cache; undefined when it may. */
function takenBy(tag: string, written: ReadonlySet<string>, suffixes: readonly string[]): string | undefined {
  if (written.has(tag)) return 'this run writes that tag'
  const suffix = platformSuffixOf(tag, suffixes)
  if (suffix) return `it is the platform tag (-${suffix}) of the version ${tag.slice(0, -suffix.length - 1)}`
  if (tag === 'latest' || aliasLine(tag) !== undefined || isReleaseShaped(tag)) return 'it is latest, an alias or a release-shaped tag'
  return undefined
}

/** Every problem with the registry caches of the settings, each naming the input, the reference and why. */
export function cacheProblems(
  settings: Pick<DecidedSettings, 'image' | 'cacheTo' | 'cacheFrom'>,
  tags: PolicyTag[],
  platformSuffixes: readonly string[],
  runSuffixes: readonly string[]
): string[] {
  const written = new Set(tags.flatMap((tag) => [tag.tag, ...(tag.platformTags ? runSuffixes.map((suffix) => `${tag.tag}-${suffix}`) : [])]))
  const problems: string[] = []
  for (const [name, specs] of [
    ['cache-to', settings.cacheTo],
    ['cache-from', settings.cacheFrom]
  ] as const) {
    for (const spec of specs) {
      const ref = registryRef(spec)
      if (!ref) continue
      for (const expanded of new Set(ref.includes(PLATFORM_PLACEHOLDER) ? runSuffixes.map((suffix) => ref.replaceAll(PLATFORM_PLACEHOLDER, suffix)) : [ref])) {
        const parsed = parseTaggedReference(expanded.includes(':', expanded.lastIndexOf('/')) ? expanded : `${expanded}:latest`)
        if (typeof parsed === 'string' || !sameRepository(parsed.repository, settings.image)) continue
        const why = takenBy(parsed.tag, written, platformSuffixes)
        if (why) {
          problems.push(
            `input '${name}': '${spec}' keeps a cache under ${parsed.repository}:${parsed.tag}, in the image's repository, where ${why}: a cache would replace an image there, or an image the cache. Keep caches in a repository of their own, such as ${settings.image}-cache`
          )
          // One problem per cache spec, naming the first of its platforms that is taken.
          break
        }
      }
    }
  }
  return problems
}
