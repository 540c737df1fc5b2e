// A tag follows its ref: the table of followRef() (docs/tag-policy.md, "A tag follows its ref"), row by row, on a small history
// with a force-push in it, answered by a comparer that reads that history. No process, no registry.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Ancestry, CommitComparer } from '../../src/shared/commits.js'
import { guardTag as decideTag, followRef, HeldTag } from '../../src/policy/tag-guard.js'
import { ROOT } from '../helpers/action.js'

// C1 <- C2 <- C3 is main; X was on main after C2 and force-pushed away; U is another repository's commit.
const sha = (name: string): string =>
  name
    .toLowerCase()
    .padEnd(40, '0')
    .replace(/[^0-9a-f]/g, 'e')
const [C1, C2, C3, X, U] = ['c1', 'c2', 'c3', 'f1', 'a9'].map(sha)
const PARENT: Record<string, string | undefined> = { [C2]: C1, [C3]: C2, [X]: C2 }
const ancestors = (commit: string): string[] => (PARENT[commit] ? [commit, ...ancestors(PARENT[commit] as string)] : [commit])
const known = new Set([C1, C2, C3, X])

const history: CommitComparer = {
  name: 'the history of the test',
  async compare(ours, theirs): Promise<{ ancestry?: Ancestry }> {
    if (!known.has(theirs)) return { ancestry: 'unrelated' }
    if (ours === theirs) return { ancestry: 'identical' }
    if (ancestors(theirs).includes(ours)) return { ancestry: 'ahead' }
    if (ancestors(ours).includes(theirs)) return { ancestry: 'behind' }
    return { ancestry: 'diverged' }
  }
}
const blind: CommitComparer = { name: 'a shallow checkout', compare: async () => ({ reason: 'the commits are not in its history' }) }

const holds = (...revisions: string[]): HeldTag => ({ digest: revisions.length ? `sha256:${'1'.repeat(64)}` : undefined, revisions, versions: [] })
const MAIN = 'refs/heads/main'

/** The table of "A tag follows its ref" in docs/tag-policy.md: this run's commit, what the tag holds, the result. */
function readmeTable(): Array<{ ours: string; held: string; result: string }> {
  const lines = readFileSync(path.join(ROOT, 'docs/tag-policy.md'), 'utf8').split('\n')
  const header = lines.findIndex((line) => line === "| this run's commit | what the tag holds | result |")
  const rows = []
  for (const line of lines.slice(header + 2)) {
    if (header < 0 || !line.startsWith('|')) break
    const [ours, held, result] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim())
    rows.push({ ours, held, result })
  }
  return rows
}

/** What a row's result says, as followRef() answers it. */
function expectedOf(result: string): { move: boolean; level?: 'notice' | 'warning'; throws?: boolean; same?: boolean } {
  if (result === 'moves') return { move: true }
  if (result === 'unchanged') return { move: true, same: true }
  if (/^kept; the run succeeds with a notice$/.test(result)) return { move: false, level: 'notice' }
  if (/^nothing of the ref moves; the run succeeds with a warning, `kept-tags` lists them$/.test(result)) return { move: false, level: 'warning' }
  if (result === 'the run fails before any tag moves') return { move: false, throws: true }
  throw new Error(`docs/tag-policy.md's table has a result the test does not know: ${result}`)
}

describe("followRef: the docs' table of a tag that follows its ref, row by row", () => {
  const table = readmeTable()
  // [case, the docs' row (this run's commit / what the tag holds), this run's commit, the ref's head, what the tag holds, comparers]
  const cases: Array<[string, string, string, string, HeldTag, CommitComparer[]?]> = [
    ['the tag new', "the ref's head / anything else, or nothing", C3, C3, holds()],
    ['the tag on an older commit', "the ref's head / anything else, or nothing", C3, C3, holds(C2)],
    ['a rollback: the head moved back to C1, the tag holds C2', "the ref's head / anything else, or nothing", C1, C1, holds(C2)],
    ['the tag on a discarded commit', "the ref's head / anything else, or nothing", C3, C3, holds(X)],
    ['no comparer can tell, and none is needed', "the ref's head / anything else, or nothing", C3, C3, holds(C2), [blind]],
    ['the same commit', "the ref's head / the same commit", C3, C3, holds(C3)],
    ['an older commit of the ref', 'on the ref, behind its head / an older commit of the ref, or one not on it', C2, C3, holds(C1)],
    ['a commit force-pushed away', 'on the ref, behind its head / an older commit of the ref, or one not on it', C2, C3, holds(X)],
    ["another repository's commit", 'on the ref, behind its head / an older commit of the ref, or one not on it', C2, C3, holds(U)],
    ['a newer commit of the ref (a late run)', 'on the ref, behind its head / a newer commit of the ref', C1, C3, holds(C2)],
    ['the head itself', 'on the ref, behind its head / a newer commit of the ref', C2, C3, holds(C3)],
    ['the first comparer cannot tell, the next can', 'on the ref, behind its head / a newer commit of the ref', C1, C3, holds(C2), [blind, history]],
    ['X after the force-push, the tag on C3', 'not on the ref (force-pushed away) / anything', X, C3, holds(C3)],
    ['X after the force-push, the tag new', 'not on the ref (force-pushed away) / anything', X, C3, holds()],
    ['the ref rolled back behind this run', 'not on the ref (force-pushed away) / anything', C3, C1, holds(C3)],
    ['where this run stands cannot be told (a shallow checkout, no API)', 'unknown (the ref cannot be read) / anything', C2, C3, holds(C1), [blind]]
  ]

  it('covers every row of the table, and the table has the six rows of the design', () => {
    expect(table.map((row) => `${row.ours} / ${row.held}`).sort()).toEqual([...new Set(cases.map(([, row]) => row))].sort())
    expect(table).toHaveLength(6)
  })

  it.each(cases)('%s: %s', async (_case, row, ours, head, held, comparers = [history]) => {
    const found = table.find((r) => `${r.ours} / ${r.held}` === row)
    if (!found) throw new Error(`no row ${row} in docs/tag-policy.md`)
    const expected = expectedOf(found.result)
    const deciding = followRef('velero:main', held, ours, { ref: MAIN, head }, comparers)
    if (expected.throws) {
      await expect(deciding).rejects.toThrow(/cannot be told .*, so no tag moved.*contents: read.*fetch-depth: 0/)
      return
    }
    const verdict = await deciding
    expect(verdict.move).toBe(expected.move)
    expect(verdict.level).toBe(expected.level)
    if (expected.same) expect(verdict.reason).toBe(`it holds this run's commit ${ours}, the head of ${MAIN}`)
  })

  it.each<[string, string, string, HeldTag, string]>([
    ['a rollback', C1, C1, holds(C2), `it holds commit ${C2}; this run's commit ${C1} is the head of refs/heads/main`],
    [
      'behind the head, over an older commit',
      C2,
      C3,
      holds(C1),
      `it holds commit ${C1}, an older commit of refs/heads/main; this run's commit is on refs/heads/main, behind its head ${C3}`
    ],
    [
      'behind the head, over a discarded commit',
      C2,
      C3,
      holds(X),
      `it holds commit ${X}, which is not on refs/heads/main; this run's commit is on refs/heads/main, behind its head ${C3}`
    ],
    ['a late run', C1, C3, holds(C2), `it holds commit ${C2}, newer than this run's ${C1} on refs/heads/main (which points to ${C3})`],
    [
      'a discarded commit',
      X,
      C3,
      holds(C3),
      `this run's commit ${X} is not on refs/heads/main, which points to ${C3} (it was force-pushed away): nothing of refs/heads/main moves`
    ]
  ])('says which case it was: %s', async (_case, ours, head, held, reason) => {
    expect((await followRef('velero:main', held, ours, { ref: MAIN, head }, [history])).reason).toBe(reason)
  })

  it('names the commits and the way to give it history when where this run stands cannot be told', async () => {
    await expect(followRef('velero:main', holds(C1), C2, { ref: MAIN, head: C3 }, [blind])).rejects.toThrow(
      `where this run's commit ${C2} stands to refs/heads/main (which points to ${C3}) cannot be told (a shallow checkout: the commits are not in its history), so no tag moved. Give the action a github-token that can read the repository (permissions: contents: read), or fetch the history (actions/checkout with fetch-depth: 0).`
    )
  })
})

describe('guardTag: outside a workflow, no ref to follow: a tag stays only on a strictly newer commit', () => {
  const rows: Array<[string, string, HeldTag, boolean]> = [
    ['new', C2, holds(), true],
    ['older', C3, holds(C2), true],
    ['same', C3, holds(C3), true],
    ['newer', C1, holds(C3), false],
    ['diverged', X, holds(C3), true],
    ['unrelated', C3, holds(U), true]
  ]
  it.each(rows)('the tag holds a commit %s', async (_case, ours, held, move) => {
    expect((await decideTag('velero:main', held, ours, [history])).move).toBe(move)
  })
})
