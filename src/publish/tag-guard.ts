// Whether a tag moves to this run's images. Just before the tags move, each list tag is read as the registry holds
// it now; when its images carry a revision (org.opencontainers.image.revision) strictly newer than this run's
// commit (this run's commit is its ancestor), the tag is left where it is, and so are its platform tags. Two runs
// of one ref can finish in either order; this keeps the newer one's images. A registry has no compare-and-swap:
// what moves between the read and the push is not covered (README: a `concurrency:` group is the real guarantee).
import type { RegistryClient } from '../system/registry/client.js'
import { isAttestation, MAX_CONFIG_BYTES, parseConfig, parseManifest } from '../shared/oci.js'
import type { Ancestry, CommitComparer } from '../shared/commits.js'
import { REVISION_LABEL } from './pushed-platforms.js'

/** What a tag holds now. */
export interface HeldTag {
  /** The digest under the tag; undefined when the tag is not there. */
  digest?: string
  /** The revisions its images carry; empty when the tag is new or its images carry none. */
  revisions: string[]
}

/** Whether this run moves a list tag (and the platform tags that go with it). */
export interface TagVerdict {
  move: boolean
  /** Which case it was, for the log, the summary and the outputs. */
  reason: string
}

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/
/** More images than this under one tag is not a list this action made: their revisions are not all read. */
const MAX_IMAGES_READ = 32

/** What a tag holds now, read from the registry: its digest, and the revision label of each of its images. */
export async function readHeld(registry: RegistryClient, image: string, tag: string): Promise<HeldTag> {
  const fetched = await registry.getManifest(image, tag)
  if (!fetched) return { revisions: [] }
  const parsed = parseManifest(fetched.bytes, `${image}:${tag}`, fetched.contentType)
  const configs: string[] = []
  if (parsed.kind === 'image') {
    configs.push(parsed.manifest.config.digest)
  } else {
    for (const entry of parsed.index.manifests.filter((m) => !isAttestation(m)).slice(0, MAX_IMAGES_READ)) {
      const inner = await registry.getManifest(image, entry.digest)
      const manifest = inner && parseManifest(inner.bytes, `${image}@${entry.digest}`, inner.contentType)
      if (manifest?.kind === 'image') configs.push(manifest.manifest.config.digest)
    }
  }
  const revisions = new Set<string>()
  for (const digest of new Set(configs)) {
    const revision = parseConfig(await registry.getBlob(image, digest, MAX_CONFIG_BYTES), `the config ${digest} of ${image}:${tag}`).labels[REVISION_LABEL]
    if (revision !== undefined && COMMIT.test(revision)) revisions.add(revision)
  }
  return { digest: fetched.digest, revisions: [...revisions] }
}

/** How `theirs` stands to `ours`, asking each comparer in turn until one can tell. */
async function ancestryOf(ours: string, theirs: string, comparers: CommitComparer[]): Promise<{ ancestry?: Ancestry; why: string[] }> {
  const why: string[] = []
  for (const comparer of comparers) {
    const answer = await comparer.compare(ours, theirs)
    if (answer.ancestry) return { ancestry: answer.ancestry, why }
    why.push(`${comparer.name}: ${answer.why ?? 'cannot tell'}`)
  }
  return { why }
}

/**
 * Whether this run moves a list's tag: not when the tag holds a strictly newer commit; yes when it is new, holds
 * the same commit, an older one, a diverged or unrelated one, or images without the label. A comparison no comparer
 * can make fails the run: the tag would otherwise move blind.
 */
export async function decideTag(ref: string, held: HeldTag, ours: string, comparers: CommitComparer[]): Promise<TagVerdict> {
  if (held.digest === undefined) return { move: true, reason: 'the tag is new' }
  if (held.revisions.length === 0) return { move: true, reason: `its images carry no ${REVISION_LABEL} label` }
  if (!COMMIT.test(ours)) return { move: true, reason: "this run's commit is unknown, so nothing could be compared" }
  const cases: string[] = []
  for (const theirs of held.revisions) {
    if (theirs === ours) {
      cases.push(`it holds this run's commit ${ours}`)
      continue
    }
    const { ancestry, why } = await ancestryOf(ours, theirs, comparers)
    if (ancestry === undefined) {
      throw new Error(
        `${ref} holds commit ${theirs}, and whether it is newer than this run's ${ours} cannot be told (${why.join('; ') || 'no way to compare commits'}), so no tag moved. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the history (actions/checkout with fetch-depth: 0).`
      )
    }
    if (ancestry === 'ahead') return { move: false, reason: `it holds commit ${theirs}, newer than this run's ${ours} (which is its ancestor)` }
    cases.push({ behind: `it holds commit ${theirs}, older than this run's`, identical: `it holds ${theirs}, the same commit`, diverged: `it holds commit ${theirs}, on a history diverged from this run's`, unrelated: `it holds commit ${theirs}, unknown to this repository` }[ancestry])
  }
  return { move: true, reason: cases.join('; ') }
}
