// Paths in the workspace, checked before anything is read or created there. A checkout may hold symbolic links its
// author committed (a fork's pull request among them): read through, they could hand the build a file of the runner's;
// written through, they could make the runner overwrite one. So a path is walked one component at a time from the
// workspace's real path: a link may lead a read only to somewhere inside the workspace, and nothing the action
// writes (tarballs, result files) passes through a link at all.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import path from 'node:path'

/** `read`: links must stay inside the workspace. `write`: no link at all. */
export type PathUse = 'read' | 'write'

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child)
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
}

function linkTarget(link: string): string {
  try {
    return realpathSync(link)
  } catch {
    // A dangling link: where it points, as written.
    return path.resolve(path.dirname(link), readlinkSync(link))
  }
}

/**
 * The real path of `given` (relative to the workspace, or absolute), after checking every component below the
 * workspace. `what` names it in errors (`input 'output-dir'`, `the tarball`). A path outside the workspace is not
 * walked: the workflow chose it (results-dir's default under RUNNER_TEMP), not the checkout. Components that do
 * not exist yet end the walk: they will be made, as directories, by the action.
 */
export function checkedPath(workspace: string, given: string, use: PathUse, what: string): string {
  const base = realpathSync(workspace)
  const target = path.resolve(workspace, given)
  if (!isInside(target, path.resolve(workspace))) return target
  let current = base
  const parts = path
    .relative(path.resolve(workspace), target)
    .split(path.sep)
    .filter((part) => part !== '')
  for (const [index, part] of parts.entries()) {
    const next = path.join(current, part)
    const stat = lstatSync(next, { throwIfNoEntry: false })
    if (!stat) return path.join(next, ...parts.slice(index + 1))
    if (!stat.isSymbolicLink()) {
      current = next
      continue
    }
    const shown = path.relative(base, next) || '.'
    const to = linkTarget(next)
    if (use === 'write') {
      throw new Error(
        `${what}: '${given}' goes through ${shown}, a symbolic link in the workspace (to ${to}); nothing the action writes goes through one, so nothing was written`
      )
    }
    if (!isInside(to, base)) {
      throw new Error(
        `${what}: '${given}' goes through ${shown}, a symbolic link in the workspace to ${to}, outside the workspace ${base}; nothing is read through it`
      )
    }
    current = to
  }
  return current
}
