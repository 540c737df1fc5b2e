// The repository's tags, for the tag policy's release order: from the GitHub API (a shallow checkout is enough),
// else from git in the checkout, but never from a shallow one: it holds only the tag being built, and every
// backport would then look like the highest release.
import type { Git } from '../system/git.js'
import { GitHubApi, NotAsked, RepositoryTag } from '../system/github.js'

/** The tags and where they came from; a problem, when they are needed and cannot be had; or unknown, when no API was asked (a dry run) and git cannot tell. */
export type ReleaseTags = { tags: RepositoryTag[]; from: string } | { problem: string } | { unknown: string }

/** `dir`: the checkout (the build context); undefined where there is none (the merge). */
export async function readReleaseTags(api: GitHubApi | undefined, git: Git, dir: string | undefined): Promise<ReleaseTags> {
  const why: string[] = []
  let notAsked = false
  if (api) {
    try {
      return { tags: await api.listTags(), from: 'the GitHub API' }
    } catch (error) {
      notAsked = error instanceof NotAsked
      why.push(notAsked ? (error as Error).message : `the GitHub API did not answer (${(error as Error).message})`)
    }
  }
  if (dir) {
    const shallow = await git.isShallow(dir)
    const listed = shallow === false ? await git.tags(dir) : undefined
    if (listed !== undefined) return { tags: listed, from: `git in ${dir}` }
    why.push(shallow === true ? 'the checkout is shallow, so git knows only some of its tags' : "git could not list the checkout's tags")
  } else {
    why.push('there is no checkout to ask git')
  }
  return notAsked ? { unknown: why.join(', and ') } : { problem: why.join(', and ') }
}
