// A list tag never moves back to an older commit. Just before each list is pushed, the tag is read as the registry
// holds it now; when its images carry a revision (org.opencontainers.image.revision) that is strictly newer than
// this run's commit (this run's commit is its ancestor), the tag is left where it is. Two runs of one ref can finish
// in either order; this keeps the newer one's images. A registry has no compare-and-swap: what moves between the
// read and the push is not covered (README: a `concurrency:` group is the real guarantee).
import { imagetoolsConfigCommand, manifestInspectCommand } from '../plan/commands.js'
import type { ManifestList } from '../plan/plan.js'
import { PublishOptions, registryCommand } from './publish.js'
import { commandLine } from '../report/report.js'
import { CommandError, CommandRunner } from '../system/runner.js'

export const REVISION_LABEL = 'org.opencontainers.image.revision'

/** How another commit stands to this run's: `ahead` is strictly newer (this run's commit is its ancestor). */
export type Ancestry = 'ahead' | 'behind' | 'identical' | 'diverged' | 'unrelated'

/** Tells how `theirs` stands to `ours`, or undefined when it cannot tell (and says why in `why`). */
export interface CommitComparer {
  name: string
  compare(ours: string, theirs: string): Promise<{ ancestry?: Ancestry; why?: string }>
}

/** What a list tag holds now, and whether this run moves it. */
export interface TagVerdict {
  move: boolean
  /** The revisions the tag's images carry now; empty when the tag is new or its images carry none. */
  held: string[]
  /** Which case it was, for the log, the summary and the outputs. */
  reason: string
}

/** A tag left where it was, for the `kept-tags` output and the summary. */
export interface KeptTag {
  tag: string
  holds: string
  reason: string
}

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/

/** The revision labels of the image configs `imagetools inspect --format '{{json .Image}}'` printed: one config, or one per platform. */
export function revisionsOf(text: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return []
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return []
  const record = parsed as Record<string, unknown>
  const configs = 'rootfs' in record || 'architecture' in record ? [record] : Object.values(record)
  const revisions = configs.map((config) => {
    const labels = (config as { config?: { Labels?: Record<string, unknown> } } | null)?.config?.Labels
    const revision = labels?.[REVISION_LABEL]
    return typeof revision === 'string' && COMMIT.test(revision) ? revision : undefined
  })
  return [...new Set(revisions.filter((r): r is string => r !== undefined))]
}

const NOT_FOUND = /not found|manifest unknown|no such manifest/i

/** Whether the registry has the tag at all, as docker manifest tells it (it says "no such manifest" on every version). */
async function tagExists(ref: string, options: PublishOptions): Promise<boolean> {
  try {
    await registryCommand(manifestInspectCommand(ref, options.registry.insecure, false), options)
    return true
  } catch (error) {
    if (error instanceof CommandError && NOT_FOUND.test(error.result.stderr)) return false
    throw error
  }
}

/** What the tag holds now; a tag the registry does not have holds nothing. */
async function readHeld(ref: string, builder: string | undefined, options: PublishOptions): Promise<{ present: boolean; revisions: string[] }> {
  const args = imagetoolsConfigCommand(builder, ref)
  options.log.info(commandLine('docker', args))
  try {
    return { present: true, revisions: revisionsOf((await registryCommand(args, options)).stdout) }
  } catch (error) {
    if (!(error instanceof CommandError)) throw error
    if (NOT_FOUND.test(error.result.stderr)) return { present: false, revisions: [] }
    // imagetools of buildx 0.10, through a builder's plain-HTTP configuration, reports a missing tag as an HTTPS
    // error: docker manifest tells a missing tag from a registry that fails.
    if (!(await tagExists(ref, options))) return { present: false, revisions: [] }
    throw error
  }
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
 * Whether this run moves the list's tag: not when the tag holds a strictly newer commit; yes when it is new, holds
 * the same commit, an older one, a diverged or unrelated one, or images without the label. A comparison no comparer
 * can make fails the run: the tag would otherwise move blind.
 */
export async function decideTag(list: ManifestList, ours: string, builder: string | undefined, comparers: CommitComparer[], options: PublishOptions): Promise<TagVerdict> {
  const held = await readHeld(list.ref, builder, options)
  if (!held.present) return { move: true, held: [], reason: 'the tag is new' }
  if (held.revisions.length === 0) return { move: true, held: [], reason: `its images carry no ${REVISION_LABEL} label` }
  if (!COMMIT.test(ours)) return { move: true, held: held.revisions, reason: "this run's commit is unknown, so nothing could be compared" }
  const cases: string[] = []
  for (const theirs of held.revisions) {
    if (theirs === ours) {
      cases.push(`it holds this run's commit ${ours}`)
      continue
    }
    const { ancestry, why } = await ancestryOf(ours, theirs, comparers)
    if (ancestry === undefined) {
      throw new Error(
        `${list.ref} holds commit ${theirs}, and whether it is newer than this run's ${ours} cannot be told (${why.join('; ') || 'no way to compare commits'}), so no further list was pushed. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the history (actions/checkout with fetch-depth: 0).`
      )
    }
    if (ancestry === 'ahead') return { move: false, held: held.revisions, reason: `it holds commit ${theirs}, newer than this run's ${ours} (which is its ancestor)` }
    cases.push({ behind: `it holds commit ${theirs}, older than this run's`, identical: `it holds ${theirs}, the same commit`, diverged: `it holds commit ${theirs}, on a history diverged from this run's`, unrelated: `it holds commit ${theirs}, unknown to this repository` }[ancestry])
  }
  return { move: true, held: held.revisions, reason: cases.join('; ') }
}

const asCommit = (text: string): boolean => COMMIT.test(text)

/** Compares commits in a checkout with git, when both are in its history. */
export function gitComparer(runner: CommandRunner, dir: string): CommitComparer {
  const isAncestor = async (a: string, b: string): Promise<number> => {
    try {
      return (await runner.run('git', ['-C', dir, 'merge-base', '--is-ancestor', a, b])).exitCode
    } catch {
      return 128
    }
  }
  return {
    name: `git in ${dir}`,
    async compare(ours, theirs) {
      if (!asCommit(ours) || !asCommit(theirs)) return { why: 'not two commits' }
      const forward = await isAncestor(ours, theirs)
      if (forward === 0) return { ancestry: 'ahead' }
      if (forward !== 1) return { why: 'the commits are not both in its history (a shallow checkout, or none)' }
      return { ancestry: (await isAncestor(theirs, ours)) === 0 ? 'behind' : 'diverged' }
    }
  }
}
