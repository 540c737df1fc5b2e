// Whether a list tag moves to this run's images: the tag guard. A tag follows its ref: it holds the newest build of
// the commit the ref points to. Just before tags move, the publish stage reads where the ref points now and what
// each list tag holds (the revision labels of its images), and asks here; the table of followRef() decides, and a
// list's platform tags go with it. Outside a workflow there is no ref to follow: a tag then stays only when it holds
// a strictly newer commit. A registry has no compare-and-swap: what moves between the read and the push is not
// covered (docs/tag-policy.md: a `concurrency:` group is the real guarantee).
import type { Ancestry, CommitComparer } from '../shared/commits.js'
import { OCI_KEYS } from '../shared/oci.js'
import { compareReleases, formatRelease, parseRelease, Release } from './releases.js'

const REVISION_LABEL = OCI_KEYS.revision

/** What a tag holds now, as the guard judges it. */
export interface HeldTag {
  /** The digest under the tag; undefined when the tag is not there. */
  digest?: string
  /** The revisions its images carry; empty when the tag is new or its images carry none. */
  revisions: string[]
  /** The versions its images carry (the action's own org.opencontainers.image.version label); empty when none. */
  versions: string[]
}

/** Whether this run moves a list tag (and the platform tags that go with it). */
export interface TagVerdict {
  move: boolean
  /** Which case it was, for the log, the summary and the outputs. */
  reason: string
  /** How a tag that stays is told: a notice (a newer commit of the ref holds it), or a warning (this run is off its ref). */
  level?: 'notice' | 'warning'
  /** What a person should know of a tag that moves (an alias whose release could not be placed). */
  notice?: string
}

/** The ref a run's tags follow, and where it pointed when it was read, before any tag moved. */
export interface RefState {
  /** `refs/heads/main`, `refs/tags/v1.16.0`. */
  ref: string
  head: string
}

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/

/** How `theirs` stands to `ours`, asking each comparer in turn until one can tell. */
async function ancestryOf(ours: string, theirs: string, comparers: CommitComparer[]): Promise<{ ancestry?: Ancestry; why: string[] }> {
  const why: string[] = []
  for (const comparer of comparers) {
    const answer = await comparer.compare(ours, theirs)
    if (answer.ancestry) return { ancestry: answer.ancestry, why }
    why.push(`${comparer.name}: ${answer.reason ?? 'cannot tell'}`)
  }
  return { why }
}

const unknown = (what: string, why: string[]): Error =>
  new Error(
    `${what} cannot be told (${why.join('; ') || 'no way to compare commits'}), so no tag moved. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the history (actions/checkout with fetch-depth: 0).`
  )

/**
 * Whether a tag of a ref moves, by where this run's commit stands to the ref's head and what the tag holds:
 *
 * | this run's commit | what the tag holds | result |
 * |---|---|---|
 * | the ref's head | anything else, or nothing | moves |
 * | the ref's head | the same commit | unchanged (a new build of it moves the tag) |
 * | on the ref, behind its head | an older commit of the ref, or one not on it | moves |
 * | on the ref, behind its head | a newer commit of the ref | kept, with a notice |
 * | not on the ref (force-pushed away) | anything | kept, with a warning: nothing of the ref moves |
 * | unknown | anything | the run fails before any tag moves |
 *
 * A rollback (the ref force-pushed back to an ancestor) is the first row: the rollback's run moves the tag.
 */
export async function followRef(list: string, held: HeldTag, ours: string, follow: RefState, comparers: CommitComparer[]): Promise<TagVerdict> {
  const { ref, head } = follow
  let position: 'head' | 'behind' | 'off'
  if (ours === head) position = 'head'
  else {
    const { ancestry, why } = await ancestryOf(ours, head, comparers)
    if (ancestry === undefined) throw unknown(`where this run's commit ${ours} stands to ${ref} (which points to ${head})`, why)
    position = ancestry === 'ahead' ? 'behind' : ancestry === 'identical' ? 'head' : 'off'
  }
  if (position === 'off') {
    return {
      move: false,
      level: 'warning',
      reason: `this run's commit ${ours} is not on ${ref}, which points to ${head} (it was force-pushed away): nothing of ${ref} moves`
    }
  }
  if (held.digest === undefined)
    return { move: true, reason: `the tag is new; this run's commit is ${position === 'head' ? `the head of ${ref}` : `on ${ref}, behind its head ${head}`}` }
  if (position === 'head') {
    const others = held.revisions.filter((r) => r !== ours)
    if (held.revisions.length > 0 && others.length === 0) return { move: true, reason: `it holds this run's commit ${ours}, the head of ${ref}` }
    const holds = others.length > 0 ? `it holds commit ${others.join(', ')}` : `its images carry no ${REVISION_LABEL} label`
    return { move: true, reason: `${holds}; this run's commit ${ours} is the head of ${ref}` }
  }
  if (held.revisions.length === 0) return { move: true, reason: `its images carry no ${REVISION_LABEL} label; this run's commit is on ${ref}` }
  const cases: string[] = []
  for (const theirs of held.revisions) {
    if (theirs === ours) {
      cases.push(`it holds this run's commit ${ours}`)
      continue
    }
    const onRef = theirs === head ? { ancestry: 'identical' as const, why: [] } : await ancestryOf(theirs, head, comparers)
    if (onRef.ancestry === undefined) throw unknown(`whether commit ${theirs}, which ${list} holds, is on ${ref}`, onRef.why)
    const isOnRef = onRef.ancestry === 'ahead' || onRef.ancestry === 'identical'
    if (isOnRef) {
      const newer = await ancestryOf(ours, theirs, comparers)
      if (newer.ancestry === undefined) throw unknown(`whether commit ${theirs}, which ${list} holds, is newer than this run's ${ours}`, newer.why)
      if (newer.ancestry === 'ahead')
        return { move: false, level: 'notice', reason: `it holds commit ${theirs}, newer than this run's ${ours} on ${ref} (which points to ${head})` }
      cases.push(`it holds commit ${theirs}, an older commit of ${ref}`)
    } else {
      cases.push(`it holds commit ${theirs}, which is not on ${ref}`)
    }
  }
  return { move: true, reason: `${cases.join('; ')}; this run's commit is on ${ref}, behind its head ${head}` }
}

/**
 * Whether this run moves a list's tag where there is no ref to follow (outside a workflow): not when the tag holds
 * a strictly newer commit; yes when it is new, holds the same commit, an older one, a diverged or unrelated one, or
 * images without the label. A comparison no comparer can make fails the run: the tag would otherwise move blind.
 */
export async function guardTag(ref: string, held: HeldTag, ours: string, comparers: CommitComparer[]): Promise<TagVerdict> {
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
    if (ancestry === undefined) throw unknown(`whether commit ${theirs}, which ${ref} holds, is newer than this run's ${ours}`, why)
    if (ancestry === 'ahead')
      return { move: false, level: 'notice', reason: `it holds commit ${theirs}, newer than this run's ${ours} (which is its ancestor)` }
    cases.push(
      {
        behind: `it holds commit ${theirs}, older than this run's`,
        identical: `it holds ${theirs}, the same commit`,
        diverged: `it holds commit ${theirs}, on a history diverged from this run's`,
        unrelated: `it holds commit ${theirs}, unknown to this repository`
      }[ancestry]
    )
  }
  return { move: true, reason: cases.join('; ') }
}

/** This run's release, and the repository's tags as read at the start, with their commits where known. */
export interface ReleaseOrder {
  release: string
  tags?: Array<{ name: string; commit?: string }>
}

/**
 * The release an alias holds now, placed in release order: by the version label of its images (the action's own,
 * which a user's labels cannot replace), else by the release tags that name the commit its images were built from.
 * Undefined when it cannot be placed (no such label, an image from elsewhere).
 */
function placeHeld(held: HeldTag, order: ReleaseOrder): { release: Release; from: string } | undefined {
  const labelled = held.versions.map(parseRelease).filter((r): r is Release => r !== undefined)
  const best = (releases: Release[]): Release | undefined =>
    releases.reduce<Release | undefined>((a, b) => (!a || compareReleases(b, a) > 0 ? b : a), undefined)
  const byLabel = best(labelled)
  if (byLabel) return { release: byLabel, from: `its images' version label ${formatRelease(byLabel)}` }
  const tagged = (order.tags ?? []).filter((tag) => tag.commit !== undefined && held.revisions.includes(tag.commit))
  const byCommit = best(tagged.map((tag) => parseRelease(tag.name)).filter((r): r is Release => r !== undefined))
  if (byCommit) return { release: byCommit, from: `the release tag of its commit ${held.revisions.join(', ')}` }
  return undefined
}

/**
 * Whether an alias (`latest`, `1`, `1.16`) moves to this run's release, from what it holds when it is about to move:
 * never to a lower release than it holds (kept, with a notice); what it holds placed by placeHeld, and where it
 * cannot be placed, by the release order read at the start (`startReason`), with a notice saying so.
 */
export function aliasVerdict(held: HeldTag, order: ReleaseOrder, startReason: string): TagVerdict {
  const ours = parseRelease(order.release)
  if (held.digest === undefined) return { move: true, reason: `the tag is new; in release order: ${startReason}` }
  const placed = placeHeld(held, order)
  if (!ours || !placed) {
    return {
      move: true,
      reason: `in release order: ${startReason}`,
      notice: `what it holds (${held.revisions.length > 0 ? `commit ${held.revisions.join(', ')}` : held.digest}) has no version label of this action's and its commit is none of the release tags': it is decided by the release order read at the start`
    }
  }
  const order_ = compareReleases(placed.release, ours)
  if (order_ > 0) {
    return {
      move: false,
      level: 'notice',
      reason: `it holds ${formatRelease(placed.release)} (${placed.from}), a higher release than this run's ${formatRelease(ours)}`
    }
  }
  return {
    move: true,
    reason: `it holds ${formatRelease(placed.release)} (${placed.from}), ${order_ === 0 ? 'this release' : `lower than this run's ${formatRelease(ours)}`}; in release order: ${startReason}`
  }
}

/** A list tag as the tag policy decided it (policy/tags.ts): its reference, why it is written, whether it follows the ref. */
export interface GuardedList {
  ref: string
  reason: string
  followsRef: boolean
}

/**
 * Whether a list tag moves, from what it holds now: an alias in release order by the policy's rule; a tag that
 * follows the run's ref by followRef() where there is a ref, else by guardTag().
 */
export async function listVerdict(
  list: GuardedList,
  held: HeldTag,
  commit: string,
  follow: RefState | undefined,
  comparers: CommitComparer[],
  order?: ReleaseOrder
): Promise<TagVerdict> {
  if (!list.followsRef) return order ? aliasVerdict(held, order, list.reason) : { move: true, reason: `in release order: ${list.reason}` }
  return follow ? followRef(list.ref, held, commit, follow, comparers) : guardTag(list.ref, held, commit, comparers)
}
