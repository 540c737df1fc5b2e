// How two commits stand to each other, as the tag guard asks it and the GitHub API and git answer it.

/** How another commit stands to this run's: `ahead` is strictly newer (this run's commit is its ancestor). */
export type Ancestry = 'ahead' | 'behind' | 'identical' | 'diverged' | 'unrelated'

/** Tells how `theirs` stands to `ours`, or undefined when it cannot tell (and says why in `reason`). */
export interface CommitComparer {
  name: string
  compare(ours: string, theirs: string): Promise<{ ancestry?: Ancestry; reason?: string }>
}
