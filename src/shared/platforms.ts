// The platforms the action knows, and the names each one takes in tags, tarballs and buildx flags.

export const OUTPUT_TYPES = ['docker', 'tar', 'registry'] as const
export type OutputType = (typeof OUTPUT_TYPES)[number]

export const OPERATING_SYSTEMS = ['linux', 'windows'] as const
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number]

// Linux architectures as buildx spells them; a variant follows a slash.
export const LINUX_ARCHITECTURES = ['amd64', 'arm64', 'arm/v7', 'ppc64le', 's390x', 'riscv64', '386'] as const
export type LinuxArchitecture = (typeof LINUX_ARCHITECTURES)[number]

export const WINDOWS_VERSIONS = ['ltsc2022', 'ltsc2025'] as const
export type WindowsVersion = (typeof WINDOWS_VERSIONS)[number]

/** The Windows build each version's images carry in `os.version` (10.0.<build>.<revision>). */
export const WINDOWS_BUILDS: Record<WindowsVersion, string> = { ltsc2022: '20348', ltsc2025: '26100' }

// Spelled out separately so the error can say why rather than only "unknown".
export const UNSUPPORTED_WINDOWS_VERSIONS = ['1809', 'ltsc2019'] as const

// Windows images exist for amd64 only.
export const WINDOWS_ARCHITECTURE = 'amd64'

export type Platform = { os: 'linux'; arch: LinuxArchitecture } | { os: 'windows'; arch: typeof WINDOWS_ARCHITECTURE; windowsVersion: WindowsVersion }

/** The value of buildx's --platform flag: `linux/arm/v7`, `windows/amd64`. */
export function buildxPlatform(platform: Platform): string {
  return `${platform.os}/${platform.arch}`
}

/**
 * The platform as the action reports it: buildx's name, with the Windows version appended
 * (`windows/amd64/ltsc2022`) because two Windows entries differ only there.
 */
export function platformId(platform: Platform): string {
  return platform.os === 'windows' ? `windows/amd64/${platform.windowsVersion}` : `linux/${platform.arch}`
}

/** The part added to tags and tarball names: `linux-arm-v7`, `windows-ltsc2022-amd64` (the seed's order). */
export function platformSuffix(platform: Platform): string {
  return platform.os === 'windows' ? `windows-${platform.windowsVersion}-${platform.arch}` : `linux-${platform.arch.replace('/', '-')}`
}

/** Maps Node's `process.arch` to the Linux architecture buildx would call the same machine. */
export function linuxArchitectureOf(nodeArch: string): LinuxArchitecture | undefined {
  const names: Record<string, LinuxArchitecture> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm/v7',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    ia32: '386'
  }
  return names[nodeArch]
}

/** The platforms named by the os, arch and windows-version lists: Linux ones in arch order, then Windows ones. */
export function selectPlatforms(os: readonly OperatingSystem[], arch: readonly LinuxArchitecture[], windowsVersions: readonly WindowsVersion[]): Platform[] {
  return [
    ...(os.includes('linux') ? arch.map((a): Platform => ({ os: 'linux', arch: a })) : []),
    ...(os.includes('windows') ? windowsVersions.map((v): Platform => ({ os: 'windows', arch: WINDOWS_ARCHITECTURE, windowsVersion: v })) : [])
  ]
}

/** Every suffix the action can give a platform tag: each Linux architecture's and each Windows version's. */
export const PLATFORM_SUFFIXES: readonly string[] = selectPlatforms(OPERATING_SYSTEMS, LINUX_ARCHITECTURES, WINDOWS_VERSIONS).map(platformSuffix)
