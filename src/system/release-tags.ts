// The repository's tags, for the tag policy's release order: from the GitHub API (a shallow checkout is enough),
// else from git in the checkout, but never from a shallow one: it holds only the tag being built, and every
// backport would then look like the highest release.
import type { CommandRunner } from '../shared/command-runner.js'

export interface ReleaseTagSources {
  /** The GitHub API's list of the repository's tags; undefined outside GitHub. */
  api?: () => Promise<string[]>
  runner: CommandRunner
  /** The checkout (the build context); undefined where there is none (the merge). */
  dir?: string
}

export type ReleaseTags = { tags: string[]; from: string } | { problem: string }

async function git(runner: CommandRunner, dir: string, args: string[]): Promise<string | undefined> {
  try {
    const result = await runner.run('git', ['-C', dir, ...args])
    return result.exitCode === 0 ? result.stdout : undefined
  } catch {
    return undefined
  }
}

export async function readReleaseTags(sources: ReleaseTagSources): Promise<ReleaseTags> {
  const why: string[] = []
  if (sources.api) {
    try {
      return { tags: await sources.api(), from: 'the GitHub API' }
    } catch (error) {
      why.push(`the GitHub API did not answer (${(error as Error).message})`)
    }
  }
  if (sources.dir) {
    const shallow = (await git(sources.runner, sources.dir, ['rev-parse', '--is-shallow-repository']))?.trim()
    const listed = shallow === 'false' ? await git(sources.runner, sources.dir, ['tag', '--list']) : undefined
    if (listed !== undefined)
      return {
        tags: listed
          .split('\n')
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ''),
        from: `git in ${sources.dir}`
      }
    why.push(shallow === 'true' ? 'the checkout is shallow, so git knows only some of its tags' : "git could not list the checkout's tags")
  } else {
    why.push('there is no checkout to ask git')
  }
  return { problem: why.join(', and ') }
}
