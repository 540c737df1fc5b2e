// The git edge: every git command the action runs, each reading a checkout and nothing else, its argument array and
// the parsing of its output here, behind one interface (a dry run reads the checkout as a real run does; tests give
// a git of known facts). A command git refuses, or cannot run, answers "unknown", never a guess.
import type { Ancestry, CommitComparer } from '../shared/commits.js'
import type { CommandRunner } from '../shared/command-runner.js'
import type { RepositoryTag } from './github.js'

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/

export const isCommit = (text: string): boolean => COMMIT.test(text)

/** What git can tell of a checkout; undefined where it cannot (not a checkout, git missing, refused). */
export interface Git {
  /** HEAD's commit. */
  head(dir: string): Promise<string | undefined>
  /** HEAD's committer time, seconds since the epoch. */
  commitTime(dir: string): Promise<number | undefined>
  /** Whether the tree has changes that are not committed. */
  treeState(dir: string): Promise<'clean' | 'dirty' | undefined>
  /** The origin remote's URL, as configured (it may carry credentials: the caller strips them). */
  originUrl(dir: string): Promise<string | undefined>
  /** Whether the checkout is shallow. */
  isShallow(dir: string): Promise<boolean | undefined>
  /** Every tag of the checkout, each with the commit it names. */
  tags(dir: string): Promise<RepositoryTag[] | undefined>
  /** Where `ref` points on the origin (`git ls-remote`), a tag peeled to its commit. */
  remoteHead(dir: string, ref: string): Promise<string | undefined>
  /** A comparer of commits in the checkout's history. */
  comparer(dir: string): CommitComparer
}

/** git itself, through the process runner (bounded by command-timeout). */
export class GitCli implements Git {
  constructor(private readonly runner: CommandRunner) {}

  private async output(dir: string, args: string[]): Promise<string | undefined> {
    try {
      const result = await this.runner.run('git', ['-C', dir, ...args])
      return result.exitCode === 0 ? result.stdout : undefined
    } catch {
      return undefined
    }
  }

  private async exitCode(dir: string, args: string[]): Promise<number> {
    try {
      return (await this.runner.run('git', ['-C', dir, ...args])).exitCode
    } catch {
      return 128
    }
  }

  async head(dir: string): Promise<string | undefined> {
    const head = (await this.output(dir, ['rev-parse', 'HEAD']))?.trim()
    return head && isCommit(head) ? head : undefined
  }

  async commitTime(dir: string): Promise<number | undefined> {
    const time = (await this.output(dir, ['show', '-s', '--format=%ct', 'HEAD']))?.trim()
    return time !== undefined && /^\d{1,12}$/.test(time) ? Number(time) : undefined
  }

  async treeState(dir: string): Promise<'clean' | 'dirty' | undefined> {
    const status = await this.output(dir, ['status', '--porcelain'])
    return status === undefined ? undefined : status.trim() === '' ? 'clean' : 'dirty'
  }

  async originUrl(dir: string): Promise<string | undefined> {
    return (await this.output(dir, ['remote', 'get-url', 'origin']))?.trim() || undefined
  }

  async isShallow(dir: string): Promise<boolean | undefined> {
    const answer = (await this.output(dir, ['rev-parse', '--is-shallow-repository']))?.trim()
    return answer === 'true' ? true : answer === 'false' ? false : undefined
  }

  async tags(dir: string): Promise<RepositoryTag[] | undefined> {
    // An annotated tag's object is the tag; `*objectname` is the commit it peels to (empty for a lightweight tag).
    const listed = await this.output(dir, ['for-each-ref', '--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)', 'refs/tags'])
    return listed
      ?.split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [name = '', object = '', peeled = ''] = line.split('\t')
        const commit = peeled || object
        return { name, ...(isCommit(commit) ? { commit } : {}) }
      })
  }

  async remoteHead(dir: string, ref: string): Promise<string | undefined> {
    const listed = await this.output(dir, ['ls-remote', 'origin', ref, `${ref}^{}`])
    if (listed === undefined) return undefined
    const lines = listed
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([sha, name]) => sha && isCommit(sha) && (name === ref || name === `${ref}^{}`))
    // An annotated tag's own line names the tag object; the peeled line (^{}) names its commit.
    return (lines.find(([, name]) => name === `${ref}^{}`) ?? lines.find(([, name]) => name === ref))?.[0]
  }

  comparer(dir: string): CommitComparer {
    return {
      name: `git in ${dir}`,
      compare: async (ours: string, theirs: string): Promise<{ ancestry?: Ancestry; reason?: string }> => {
        if (!isCommit(ours) || !isCommit(theirs)) return { reason: 'not two commits' }
        const forward = await this.exitCode(dir, ['merge-base', '--is-ancestor', ours, theirs])
        if (forward === 0) return { ancestry: 'ahead' }
        if (forward !== 1) return { reason: 'the commits are not both in its history (a shallow checkout, or none)' }
        return { ancestry: (await this.exitCode(dir, ['merge-base', '--is-ancestor', theirs, ours])) === 0 ? 'behind' : 'diverged' }
      }
    }
  }
}

/** What a checkout is, as a git of known facts answers it (tests; and the facts of a checkout already read). */
export interface KnownCheckout {
  head?: string
  commitTime?: number
  treeState?: 'clean' | 'dirty'
  originUrl?: string
  shallow?: boolean
  tags?: RepositoryTag[]
  /** Where each ref points on the origin. */
  remote?: Record<string, string>
  /** The history: each commit and its parent (a line of commits), for comparisons. */
  parents?: Record<string, string>
}

/** A git that answers from known facts and starts no process. */
export class KnownGit implements Git {
  constructor(private readonly checkout: KnownCheckout) {}

  async head(): Promise<string | undefined> {
    return this.checkout.head
  }
  async commitTime(): Promise<number | undefined> {
    return this.checkout.commitTime
  }
  async treeState(): Promise<'clean' | 'dirty' | undefined> {
    return this.checkout.treeState
  }
  async originUrl(): Promise<string | undefined> {
    return this.checkout.originUrl
  }
  async isShallow(): Promise<boolean | undefined> {
    return this.checkout.shallow
  }
  async tags(): Promise<RepositoryTag[] | undefined> {
    return this.checkout.tags
  }
  async remoteHead(_dir: string, ref: string): Promise<string | undefined> {
    return this.checkout.remote?.[ref]
  }

  private ancestors(commit: string): string[] {
    const line: string[] = []
    for (let at: string | undefined = commit; at !== undefined && !line.includes(at); at = this.checkout.parents?.[at]) line.push(at)
    return line
  }

  comparer(): CommitComparer {
    return {
      name: 'git (known history)',
      compare: async (ours, theirs) => {
        const known = (commit: string): boolean =>
          commit === this.checkout.head || commit in (this.checkout.parents ?? {}) || Object.values(this.checkout.parents ?? {}).includes(commit)
        if (!known(ours) || !known(theirs)) return { reason: 'the commits are not both in its history' }
        if (ours === theirs) return { ancestry: 'identical' }
        if (this.ancestors(theirs).includes(ours)) return { ancestry: 'ahead' }
        if (this.ancestors(ours).includes(theirs)) return { ancestry: 'behind' }
        return { ancestry: 'diverged' }
      }
    }
  }
}
