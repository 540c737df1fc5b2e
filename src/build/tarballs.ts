// The tarballs the builds write into the workspace, checked before any build: buildx would write through a link, so
// neither a tarball's name nor a directory on its way may be one (a fork may have committed them).
import type { BuildTarget } from '../plan/plan.js'
import type { Workspace } from '../system/workspace.js'
import path from 'node:path'

/** Fails, before any build, when a tarball's own name in the workspace is a link, or is there and is no file. */
export function checkTarballs(targets: BuildTarget[], workspace: Workspace): void {
  const problems: string[] = []
  for (const target of targets) {
    if (target.tarball === undefined) continue
    try {
      workspace.checkedPath(target.tarball, 'write', `the tarball of ${target.platform}`)
    } catch (error) {
      problems.push((error as Error).message)
      continue
    }
    const kind = workspace.kindOf(path.resolve(workspace.root, target.tarball), { followLinks: false })
    if (kind !== undefined && kind !== 'file')
      problems.push(`the tarball of ${target.platform} '${target.tarball}' is there already, and is not a regular file; nothing was written`)
  }
  if (problems.length > 0) throw new Error(problems.join('\n'))
}
