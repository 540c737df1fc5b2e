// The tag policy applied: every tag a run writes, judged by the tag guard (policy/tag-guard.ts) from what it holds
// now, before any moves, and then moved together: each list's tag, and the platform tags that go with it (`main` and
// `main-linux-amd64`), move or stay as one. A tag is moved by a PUT of its manifest's
// exact bytes (a platform tag names the very digest its build pushed; a list the bytes imagetools assembled and
// the action checked), platform tags first and list tags last, each read back. A failure before the first PUT
// moves nothing; one during the moves stops the rest, and the record says which tags moved.
import type { Log } from '../shared/log.js'
import { throwIfCancelled } from '../shared/cancel.js'
import { RegistryClient, RegistryError } from '../system/registry/client.js'
import type { AssembledList } from './lists.js'
import type { PublishedImage } from '../shared/platform-record.js'
import type { CommitComparer } from '../shared/commits.js'
import { aliasVerdict, listVerdict, RefState, ReleaseOrder } from '../policy/tag-guard.js'
import { HeldContent, HeldList, readHeld, readHeldContent } from './held-tags.js'
import { isAttestation, parseManifest, samePlatform } from '../shared/oci.js'

/** What became of a tag: `moved` to this run's digest, `unchanged` (it held it already), `kept` on a newer commit. */
export type TagState = 'moved' | 'unchanged' | 'kept' | 'possibly moved' | 'not moved'

/** One tag of the run, and what became of it. */
export interface TagOutcome {
  ref: string
  tag: string
  kind: 'list' | 'platform'
  /** Of a platform tag: the platform whose push it names. */
  platform?: string
  /** The list tag this tag moves with (its own ref for a list). */
  list: string
  /** The digest this run puts under the tag. */
  digest: string
  state: TagState
  /** Why, in words: the guard's verdict, or what went wrong. */
  reason: string
  /** What the tag held when it was read (before the run, or again after a push that ran out of time). */
  holds?: string
  /** How a kept tag is told: a notice, or a warning (this run's commit is off its ref). */
  level?: 'notice' | 'warning'
}

/** A tag to write: its outcome so far, and the bytes it gets. */
export interface TagMove {
  outcome: TagOutcome
  bytes: Buffer
  mediaType: string
}

export interface TagContext {
  registry: RegistryClient
  image: string
  log: Log
  signal?: AbortSignal
}

/**
 * Whether a tag holds what this run would put there already: the same digest, or, where only attestations differ
 * (BuildKit records each build's times in them), the same images in the same order with the same platforms, and the
 * same media type and annotations. Such a tag is left as it is: a re-run of a reproducible build moves nothing, and
 * the tag keeps its earlier attestations.
 */
export function holdsSameImages(
  held: HeldContent | undefined,
  heldDigest: string | undefined,
  wanted: { digest: string; bytes: Buffer; mediaType: string }
): boolean {
  if (heldDigest === wanted.digest) return true
  if (!held || held.attestations.length === 0) return false
  const parsed = parseManifest(wanted.bytes, `the manifest for ${wanted.digest}`, wanted.mediaType)
  const images = parsed.kind === 'image' ? [{ digest: wanted.digest, platform: undefined }] : parsed.index.manifests.filter((m) => !isAttestation(m))
  const attestations = parsed.kind === 'image' ? 0 : parsed.index.manifests.length - images.length
  const annotations = parsed.kind === 'index' ? parsed.index.annotations : undefined
  return (
    held.mediaType === wanted.mediaType &&
    held.attestations.length === attestations &&
    held.images.length === images.length &&
    held.images.every((image, i) => image.digest === images[i].digest && samePlatform(image.platform, images[i].platform)) &&
    JSON.stringify(sorted(held.annotations)) === JSON.stringify(sorted(annotations))
  )
}

const sorted = (record: Record<string, string> | undefined): Array<[string, string]> => Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b))

/**
 * What a tag holds, as a reader of the outputs wants it: an alias its release (its images' version label), a tag of
 * the ref the commits of its images; else its digest.
 */
function heldWords(held: HeldList, followsRef: boolean): string {
  if (!followsRef && held.versions.length > 0) return held.versions.join(', ')
  return held.revisions.length > 0 ? held.revisions.join(', ') : (held.digest ?? 'nothing')
}

/**
 * The move of every tag of the lists: each list tag as the guard judges it (this run's commit against what the tag
 * holds now), its platform tags with it. A tag that holds what this run would put there already is `unchanged`, and
 * keeps it.
 */
export async function tagMoves(
  lists: AssembledList[],
  platforms: ReadonlyMap<string, PublishedImage>,
  /** What each list tag held when it was read (by tag); a tag not in it is read here. */
  heldTags: ReadonlyMap<string, HeldList>,
  guard: { commit: string; comparers: CommitComparer[]; follow?: RefState; order?: ReleaseOrder },
  context: TagContext
): Promise<TagMove[]> {
  const moves: TagMove[] = []
  for (const assembled of lists) {
    throwIfCancelled(context.signal, 'no tag moved')
    const { list } = assembled
    const held = heldTags.get(list.tag) ?? (await readHeld(context.registry, context.image, list.tag))
    const verdict = await listVerdict(list, held, guard.commit, guard.follow, guard.comparers, guard.order)
    if (verdict.notice) context.log.notice(`${list.ref}: ${verdict.notice}`)
    const holds = heldWords(held, list.followsRef)
    const same = verdict.move && holdsSameImages(held.content, held.digest, assembled)
    const state = !verdict.move ? 'kept' : same ? 'unchanged' : 'not moved'
    const reason =
      same && held.digest !== assembled.digest
        ? `${verdict.reason}; it holds this run's images already, with an earlier build's attestations, which it keeps`
        : verdict.reason
    context.log.info(
      `${list.ref} ${state === 'kept' ? 'stays where it is' : state === 'unchanged' ? 'holds what this run built already, and is left as it is' : "moves to this run's list"}: ${reason}`
    )
    moves.push({
      outcome: {
        ref: list.ref,
        tag: list.tag,
        kind: 'list',
        list: list.ref,
        digest: same && held.digest ? held.digest : assembled.digest,
        state,
        reason,
        holds,
        ...(verdict.level ? { level: verdict.level } : {})
      },
      bytes: assembled.bytes,
      mediaType: assembled.mediaType
    })
    for (const platformTag of list.platformTags) {
      const platform = platforms.get(platformTag.platform)
      if (!platform) throw new Error(`internal: no pushed platform ${platformTag.platform}`)
      const heldPlatform = verdict.move ? await readHeldContent(context.registry, context.image, platformTag.tag) : undefined
      const samePlatformTag = verdict.move && holdsSameImages(heldPlatform?.content, heldPlatform?.digest, platform.pushed)
      const platformState = !verdict.move ? 'kept' : samePlatformTag ? 'unchanged' : 'not moved'
      const platformReason = verdict.move ? `it goes with ${list.ref}` : `it goes with ${list.ref}, which stays: ${verdict.reason}`
      moves.push({
        outcome: {
          ref: platformTag.ref,
          tag: platformTag.tag,
          kind: 'platform',
          platform: platformTag.platform,
          list: list.ref,
          digest: samePlatformTag && heldPlatform ? heldPlatform.digest : platform.pushed.digest,
          state: platformState,
          reason: platformReason,
          holds: heldPlatform?.digest ?? (verdict.move ? 'nothing' : undefined)
        },
        bytes: platform.pushed.bytes,
        mediaType: platform.pushed.mediaType
      })
    }
  }
  return moves
}

/**
 * Reads again, just before the moves, what each alias that is to move holds, and keeps it (with its platform tags)
 * where it now holds a higher release: another release's run may have moved it since it was first read (runs of two
 * tags run at once). What is left uncovered is the instant between this read and the push (docs/guarantees.md).
 */
export async function recheckAliases(moves: TagMove[], lists: AssembledList[], order: ReleaseOrder | undefined, context: TagContext): Promise<void> {
  if (!order) return
  for (const move of moves.filter((m) => m.outcome.kind === 'list' && m.outcome.state === 'not moved')) {
    const list = lists.find((assembled) => assembled.list.ref === move.outcome.ref)?.list
    if (!list || list.followsRef) continue
    throwIfCancelled(context.signal, 'no tag moved')
    const held = await readHeld(context.registry, context.image, list.tag)
    const verdict = aliasVerdict(held, order, list.reason)
    if (verdict.move) continue
    const holds = heldWords(held, false)
    context.log.info(`${list.ref} stays where it is: read again just before the move, ${verdict.reason}`)
    for (const kept of moves.filter((m) => m.outcome.list === list.ref)) {
      kept.outcome.state = 'kept'
      kept.outcome.level = 'notice'
      kept.outcome.reason = kept.outcome.kind === 'list' ? verdict.reason : `it goes with ${list.ref}, which stays: ${verdict.reason}`
      if (kept.outcome.kind === 'list') kept.outcome.holds = holds
    }
  }
}

/** The tags that will move, in the order they move: platform tags first, list tags last. */
export function movingInOrder(moves: TagMove[]): TagMove[] {
  const moving = moves.filter((move) => move.outcome.state === 'not moved')
  return [...moving.filter((m) => m.outcome.kind === 'platform'), ...moving.filter((m) => m.outcome.kind === 'list')]
}

/** Puts each list under its digest alone (no tag moves), so that it is in the registry before anything refers to it. */
export async function pushListsByDigest(lists: AssembledList[], moves: TagMove[], context: TagContext): Promise<void> {
  for (const assembled of lists) {
    if (!moves.some((move) => move.outcome.list === assembled.list.ref && move.outcome.state === 'not moved')) continue
    throwIfCancelled(context.signal, 'no tag moved')
    await context.registry.putManifest(context.image, assembled.digest, assembled.bytes, assembled.mediaType)
    context.log.info(`${context.image}@${assembled.digest}: the list of ${assembled.list.ref}, pushed by its digest (no tag moved)`)
  }
}

/**
 * Moves the tags that move, platform tags first and list tags last, each read back. A PUT that ran out of time may
 * have been applied: the tag is read again, recorded as possibly moved with what it holds, and nothing further moves.
 */
export async function moveTags(moves: TagMove[], context: TagContext): Promise<void> {
  for (const move of movingInOrder(moves)) {
    const { outcome } = move
    throwIfCancelled(context.signal, `${outcome.ref} and the tags after it were not moved`)
    try {
      await context.registry.putManifest(context.image, outcome.tag, move.bytes, move.mediaType)
    } catch (error) {
      if (!(error instanceof RegistryError && error.timedOut)) throw error
      const now = await context.registry.getManifest(context.image, outcome.tag).then(
        (read) =>
          read ? (read.digest === outcome.digest ? `this run's ${outcome.digest}` : `another manifest (${read.digest})`) : 'nothing: the tag is not there',
        (reason: Error) => `nothing readable (${reason.message.split('\n')[0]})`
      )
      outcome.state = 'possibly moved'
      outcome.holds = now
      throw new Error(
        `${outcome.ref} may have moved: its push did not finish within command-timeout and was stopped; read again, the tag holds ${now}. No further tag was moved.`
      )
    }
    // Pushed: reported as moved from here on, whatever the read-back finds.
    outcome.state = 'moved'
    const readBack = await context.registry.getManifest(context.image, outcome.tag).catch((error: Error) => {
      throw new Error(`${outcome.ref} was pushed (${outcome.digest}), but reading it back failed: ${error.message}; no further tag was moved`)
    })
    if (readBack?.digest !== outcome.digest) {
      throw new Error(
        `${outcome.ref} was pushed (${outcome.digest}), but the registry now holds ${readBack?.digest ?? 'nothing'} under it; no further tag was moved`
      )
    }
    context.log.info(`${outcome.ref} -> ${outcome.digest}`)
  }
}
