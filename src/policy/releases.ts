// Releases as the tag policy compares them: semantic versions (`v1.16.0`, `1.16.0-rc.1`), and the alias lines a
// release belongs to (`latest`, the major `1` or `v1`, the minor `1.16` or `v1.16`). Pure.

export interface Release {
  major: number
  minor: number
  patch: number
  /** The pre-release identifiers (`rc.1` gives ['rc', '1']); empty for a release. */
  prerelease: string[]
}

const SEMVER = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/

/** A tag as a semantic version (`v1.2.3`, `1.2.3-rc.1`, `v1.2.3+build`), or undefined. */
export function parseRelease(tag: string): Release | undefined {
  const match = SEMVER.exec(tag)
  if (!match) return undefined
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ? match[4].split('.') : [] }
}

export const isPrerelease = (release: Release): boolean => release.prerelease.length > 0

/** Semantic version precedence: negative when `a` comes before `b`. */
export function compareReleases(a: Release, b: Release): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] - b[key]
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const [x, y] = [a.prerelease[i], b.prerelease[i]]
    if (x === y) continue
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)]
    if (nx && ny) return Number(x) - Number(y)
    if (nx !== ny) return nx ? -1 : 1
    return x < y ? -1 : 1
  }
  return a.prerelease.length - b.prerelease.length
}

export const formatRelease = (release: Release): string =>
  `${release.major}.${release.minor}.${release.patch}${release.prerelease.length ? `-${release.prerelease.join('.')}` : ''}`

/** The releases an alias moves with: all of them (`latest`), one major's, or one minor's. */
export type AliasLine = { kind: 'latest' } | { kind: 'major'; major: number } | { kind: 'minor'; major: number; minor: number }

/** The line an alias names: `latest`, `1`/`v1` (a major), `1.16`/`v1.16` (a minor); undefined for another tag. */
export function aliasLine(tag: string): AliasLine | undefined {
  if (tag === 'latest') return { kind: 'latest' }
  const major = /^v?(0|[1-9]\d{0,8})$/.exec(tag)
  if (major) return { kind: 'major', major: Number(major[1]) }
  const minor = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/.exec(tag)
  if (minor) return { kind: 'minor', major: Number(minor[1]), minor: Number(minor[2]) }
  return undefined
}

export function describeLine(line: AliasLine): string {
  return line.kind === 'latest' ? 'every release' : line.kind === 'major' ? `the releases ${line.major}.x` : `the releases ${line.major}.${line.minor}.x`
}

export const inLine = (line: AliasLine, release: Release): boolean =>
  line.kind === 'latest' || (release.major === line.major && (line.kind === 'major' || release.minor === line.minor))

/** The highest release (no pre-release) of a line among `releases`, or undefined when it has none. */
export function highestOfLine(line: AliasLine, releases: Release[]): Release | undefined {
  return releases
    .filter((release) => !isPrerelease(release) && inLine(line, release))
    .reduce<Release | undefined>((best, release) => (!best || compareReleases(release, best) > 0 ? release : best), undefined)
}
