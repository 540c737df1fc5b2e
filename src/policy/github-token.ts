// The github-token input. Its default is `${{ github.token }}`, but a workflow that passes an unset expression or a
// secret that is not there gives the empty string, and the action cannot fall back to the job's token by itself: so
// an empty token fails the run before any docker command, naming the input and what needs it, where the run needs
// the API.

/** What a run uses the GitHub API for, as far as the settings and the event tell before anything runs. */
export interface TokenUses {
  /** Inside a workflow: outside GitHub there is no API, and no token is asked for. */
  inWorkflow: boolean
  /** The tag policy reads the repository's release tags (latest and aliases in release order). */
  releaseTags: boolean
  /** Tags move: where the run's ref points, and how commits stand, are read (a tag follows its ref). */
  movesTags: boolean
  /** sign: true records attestations, and GitHub's trusted root comes through gh. */
  signs: boolean
}

/** The problem with an empty github-token for these uses; undefined when the token is given or nothing needs it. */
export function emptyTokenProblem(token: string | undefined, uses: TokenUses): string | undefined {
  if (!uses.inWorkflow || (token !== undefined && token !== '')) return undefined
  const needs = [
    ...(uses.releaseTags ? ["the repository's release tags (the order of latest and the aliases)"] : []),
    ...(uses.movesTags ? ["where the run's ref points and how two commits stand (which tags move)"] : []),
    ...(uses.signs ? ["GitHub's attestations API (sign: true)"] : [])
  ]
  if (needs.length === 0) return undefined
  return `input 'github-token' is empty (an unset expression, or a secret that is not there), and this run needs it for ${needs.join(', and ')}. Leave github-token out (its default is the job's token, \${{ github.token }}), or give a token that may read the repository (permissions: contents: read).`
}
