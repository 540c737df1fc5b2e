// Versions of the tools the action drives (buildx, BuildKit), as the tools print them.

export type Version = readonly [number, number, number]

/**
 * The first `1.2.3` (optionally `v1.2.3`) in a line: `github.com/docker/buildx v0.28.0 b1281b8`, a distribution's
 * `0.12.1+azure-1`, BuildKit's `v0.24.0`. A build without version information says v0.0.0: not a version either.
 */
export function parseVersion(text: string): Version | undefined {
  const match = /(?:^|\s)v?(\d+)\.(\d+)\.(\d+)/.exec(text)
  if (!match) return undefined
  const version: Version = [Number(match[1]), Number(match[2]), Number(match[3])]
  return version.every((part) => part === 0) ? undefined : version
}

export function isOlder(a: Version, b: Version): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}

export const formatVersion = (version: Version): string => version.join('.')
