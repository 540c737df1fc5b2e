// Reproducible images: the same commit, inputs and base images give the same image digests, so that a re-run moves
// no tag and anyone can rebuild an image and compare. Three things make BuildKit's output depend on the commit alone:
// SOURCE_DATE_EPOCH (the commit's committer time) as a build argument, which BuildKit 0.11 and later apply to the
// config's and history's times (and the tar exporter to its files); the image exporter's rewrite-timestamp=true,
// which from BuildKit 0.13 clamps the times of the files in new layers; and the created label and annotations set
// to that time instead of the run's. Pure; what the builder's BuildKit can keep of it is build/features.ts's.
import type { Reproducible, Settings } from '../inputs/definitions.js'
import { OCI_KEYS } from '../shared/oci.js'

export const SOURCE_DATE_EPOCH = 'SOURCE_DATE_EPOCH'
export const CREATED = OCI_KEYS.created

export interface Reproducibility {
  mode: Reproducible
  /** The SOURCE_DATE_EPOCH every build gets; undefined when the run is not reproducible (false, or no commit time). */
  epoch?: number
  /** Where the epoch comes from, for the log. */
  epochFrom?: string
  /** The created label and annotations: the epoch's time (RFC 3339), else the run's. */
  created: string
  /** The image exporters get rewrite-timestamp=true, unless the toolset cannot (build/features.ts). */
  rewriteTimestamps: boolean
  /** What the log says of it: what is promised, and what is not. */
  notes: string[]
  /** What reproducible true promised and cannot keep (the log warns). */
  warnings: string[]
}

export interface ReproducibleFacts {
  /** The committer time of the checkout's HEAD (seconds since the epoch); undefined without a checkout git can read. */
  commitTime?: number
  /** When this run started (RFC 3339). */
  runTime: string
  gitTreeState: 'clean' | 'dirty' | 'unknown'
  /** The context is a URL: no checkout. */
  remoteContext: boolean
}

const rfc3339 = (epoch: number): string => new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z')

/** A SOURCE_DATE_EPOCH a user may give: whole seconds, not before 1970 nor after 9999. */
const EPOCH = /^\d{1,12}$/
const MAX_EPOCH = 253402300799

/**
 * How reproducible this run's images are. The merge builds nothing: its lists take the time its images carry
 * (publish/lists.ts). A SOURCE_DATE_EPOCH in build-args is the user's own and is used as given.
 */
export function decideReproducibility(settings: Settings, facts: ReproducibleFacts): Reproducibility {
  const mode = settings.reproducible
  const off = (notes: string[]): Reproducibility => ({ mode, created: facts.runTime, rewriteTimestamps: false, notes, warnings: [] })
  if (mode === 'false') return off([])
  if (settings.role === 'merge') return off([])
  const given = settings.buildArgs.find(([key]) => key === SOURCE_DATE_EPOCH)?.[1]
  let epoch: number
  let epochFrom: string
  if (given !== undefined && EPOCH.test(given) && Number(given) <= MAX_EPOCH) {
    epoch = Number(given)
    epochFrom = "build-args' SOURCE_DATE_EPOCH"
  } else if (given !== undefined) {
    return off([
      `reproducible ${mode}: build-args sets SOURCE_DATE_EPOCH to ${JSON.stringify(given)}, which is no time in seconds since 1970: the images take the run's time and are not reproducible`
    ])
  } else if (facts.remoteContext) {
    return off([`reproducible ${mode}: the context is a URL, so no commit time is read: the images take the run's time and are not reproducible`])
  } else if (facts.commitTime === undefined) {
    return off([`reproducible ${mode}: git could not read the commit's time in the context: the images take the run's time and are not reproducible`])
  } else {
    epoch = facts.commitTime
    epochFrom = "the commit's committer time"
  }
  const notes = [
    `reproducible ${mode}: SOURCE_DATE_EPOCH=${epoch} (${rfc3339(epoch)}, ${epochFrom}) for every build, and org.opencontainers.image.created the same`
  ]
  if (facts.gitTreeState === 'dirty')
    notes.push('the checkout has changes that are not committed: the images are reproducible from this tree, not from the commit alone')
  const warnings: string[] = []
  if (settings.os.includes('windows') && settings.outputType !== 'docker') {
    // Seen on BuildKit 0.32.2: its Windows layer writer (util/winlayers) stamps LIBARCHIVE.creationtime with the
    // time of the build, and rewrite-timestamp clamps only the tar headers' own times.
    const windows = `the Windows images are reproducible only where BuildKit reuses their layers from this builder's cache: BuildKit writes the time of the build into the LIBARCHIVE.creationtime headers of a Windows layer, which rewrite-timestamp does not clamp, so a no-cache build, or one on a fresh runner, gets other Windows digests (the Linux ones stay the same)`
    if (mode === 'true') warnings.push(`reproducible true: ${windows}`)
    else notes.push(windows)
  }
  // The tar exporter (a root filesystem) clamps its files to SOURCE_DATE_EPOCH itself; the image exporters need the option.
  const rewriteTimestamps = !(settings.outputType === 'tar' && settings.tarFormat === 'rootfs')
  return { mode, epoch, epochFrom, created: rfc3339(epoch), rewriteTimestamps, notes, warnings }
}
