// git in the checkout: the commits it can compare (when both are in its history).
import type { CommandRunner } from '../shared/command-runner.js'
import type { CommitComparer } from '../shared/commits.js'

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/

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

/** Where `ref` points on the checkout's origin (`git ls-remote`), a tag peeled to its commit; undefined when git cannot say. */
export async function remoteRefHead(runner: CommandRunner, dir: string, ref: string): Promise<string | undefined> {
  try {
    const result = await runner.run('git', ['-C', dir, 'ls-remote', 'origin', ref, `${ref}^{}`])
    if (result.exitCode !== 0) return undefined
    const lines = result.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([sha, name]) => sha && COMMIT.test(sha) && (name === ref || name === `${ref}^{}`))
    // An annotated tag's own line names the tag object; the peeled line (^{}) names its commit.
    return (lines.find(([, name]) => name === `${ref}^{}`) ?? lines.find(([, name]) => name === ref))?.[0]
  } catch {
    return undefined
  }
}
