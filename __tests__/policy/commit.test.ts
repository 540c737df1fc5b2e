// The run's commit, decided once from what the checkout holds and what the event is about. Pure: a table.
import { describe, expect, it } from '@jest/globals'
import { CommitFacts, runCommit } from '../../src/policy/commit.js'

const HEAD = 'a'.repeat(40)
const EVENT = 'b'.repeat(40)
const base: CommitFacts = { head: HEAD, expected: HEAD, expectedFrom: 'GITHUB_SHA', remoteContext: false, pushes: true, merge: false, allowOther: false }

describe("the run's commit", () => {
  it.each<[string, Partial<CommitFacts>, { commit: string; eventCommit?: string; problem?: RegExp; untrusted?: boolean }]>([
    ['the checkout holds the event commit', {}, { commit: HEAD }],
    ['outside GitHub: the checkout', { expected: undefined }, { commit: HEAD }],
    [
      'the checkout holds another commit, and the run pushes',
      { expected: EVENT },
      {
        commit: HEAD,
        problem: new RegExp(`the checkout holds commit ${HEAD}, but this run is for GITHUB_SHA ${EVENT}; nothing was pushed.*allow-other-commit: true`)
      }
    ],
    ['the checkout holds another commit on purpose (allow-other-commit)', { expected: EVENT, allowOther: true }, { commit: HEAD, eventCommit: EVENT }],
    ['the checkout holds another commit, and nothing is pushed', { expected: EVENT, pushes: false }, { commit: HEAD, eventCommit: EVENT, untrusted: true }],
    [
      "on workflow_run, the triggering run's head",
      { expected: EVENT, expectedFrom: "the workflow_run event's head_sha" },
      { commit: HEAD, problem: /but this run is for the workflow_run event's head_sha b{40}/ }
    ],
    [
      'no checkout that git can read, and the run pushes',
      { head: undefined },
      { commit: '', problem: /the checkout's commit cannot be read .*nothing was pushed/ }
    ],
    ['no checkout that git can read, and nothing is pushed', { head: undefined, pushes: false }, { commit: HEAD, untrusted: true }],
    ['no checkout, outside GitHub', { head: undefined, expected: undefined }, { commit: '' }],
    ['a context that is a URL: the event commit', { head: undefined, remoteContext: true, expected: EVENT }, { commit: EVENT }],
    ["the merge: the event's commit, which its legs must have built", { head: undefined, merge: true, expected: EVENT }, { commit: EVENT }]
  ])('%s', (_case, facts, want) => {
    const decided = runCommit({ ...base, ...facts })
    expect(decided.commit).toBe(want.commit)
    expect(decided.eventCommit).toBe(want.eventCommit)
    if (want.problem) expect(decided.problem).toMatch(want.problem)
    else expect(decided.problem).toBeUndefined()
    // Code the event is not about (or cannot be told to be) is trusted no more than a fork's.
    expect(decided.untrusted === true).toBe(want.untrusted === true)
  })

  it('names both commits in the log when the workflow checks out another on purpose', () => {
    expect(runCommit({ ...base, expected: EVENT, allowOther: true }).notes.join('\n')).toContain(
      `commit: ${HEAD}, the checkout's HEAD, not GITHUB_SHA ${EVENT}: allow-other-commit is true`
    )
  })
})
