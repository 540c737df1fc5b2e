// An empty github-token, refused before any docker command where the run needs the API. Pure.
import { describe, expect, it } from '@jest/globals'
import { emptyTokenProblem, TokenUses } from '../../src/policy/github-token.js'

const none: TokenUses = { inWorkflow: true, releaseTags: false, movesTags: false, signs: false }

describe('an empty github-token', () => {
  it.each<[string, string | undefined, TokenUses, RegExp | undefined]>([
    [
      'a tag push that publishes',
      '',
      { ...none, releaseTags: true, movesTags: true },
      /^input 'github-token' is empty .* needs it for the repository's release tags .*, and where the run's ref points .*\$\{\{ github\.token \}\}/
    ],
    [
      'a branch push that publishes',
      '',
      { ...none, movesTags: true },
      /needs it for where the run's ref points and how two commits stand \(which tags move\)\. Leave github-token out/
    ],
    ['a signing run', '', { ...none, movesTags: true, signs: true }, /and GitHub's attestations API \(sign: true\)\./],
    ['a run that needs no API (tarballs)', '', none, undefined],
    ['outside a workflow (the command line)', undefined, { ...none, inWorkflow: false, movesTags: true }, undefined],
    ['a token given', 'ghs_x', { ...none, releaseTags: true, movesTags: true, signs: true }, undefined]
  ])('%s', (_case, token, uses, problem) => {
    const found = emptyTokenProblem(token, uses)
    if (problem) expect(found).toMatch(problem)
    else expect(found).toBeUndefined()
  })
})
