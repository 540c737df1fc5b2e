// One record of what a platform produced, from its build to what the registry holds: the build stage fills it, a
// leg's result file carries it (split/result-codec.ts is its one codec), the publish stage completes it with what it
// read back, and the report turns it into the `metadata` output. Keyed by the platform's name everywhere
// (`linux/arm64`, `windows/amd64/ltsc2022`). What is not known is absent: never null, never ''.
import type { Descriptor, PlatformFields } from './oci.js'

/** How a platform's build ended. */
export type BuildStatus = 'built' | 'failed' | 'stopped' | 'not started'

export interface PlatformRecord {
  /** `linux/arm64`, `windows/amd64/ltsc2022`. */
  platform: string
  status: BuildStatus
  /** How long its build took (a merge's: its leg's build). */
  seconds: number
  /**
   * The digest buildx reported for what its build made: with the registry output, what it pushed by digest (the
   * image, or with attestations the platform's index); otherwise the image it wrote to a tarball or Docker.
   */
  digest?: string
  /** The tarball it wrote, relative to the workspace. */
  tarball?: string
  /** The builder node that built it. */
  node?: string
  /** Why the build did not finish, naming the platform; for a failure, with the end of its log. */
  error?: string
  /** Who says what it pushed, for errors: `the build of linux/amd64`, or a leg's result file and its field. */
  from: string
  /** What the registry holds under the digest, read back and checked by the publish stage. */
  published?: PublishedImage
}

/** What one platform pushed, as the registry holds it and the publish stage checked it. */
export interface PublishedImage {
  /** What its build pushed, as the registry holds it: the image, or with attestations the platform's index. */
  pushed: { bytes: Buffer; digest: string; mediaType: string }
  /** The image, with the platform of its config (a Windows image with its os.version). */
  image: Descriptor & { platform: PlatformFields }
  /** The attestation manifest that refers to the image, with attestations. */
  attestation?: Descriptor
  /** The predicate types of the attestation manifest (SLSA provenance, SPDX); empty without one. */
  predicates: string[]
  /** The image's org.opencontainers.image.created label, when it is an RFC 3339 time. */
  created?: string
}

/** The records in a plan's order, by platform. */
export function recordOf(records: readonly PlatformRecord[], platform: string): PlatformRecord | undefined {
  return records.find((record) => record.platform === platform)
}
