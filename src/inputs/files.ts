// The files and directories the inputs name in the workspace, checked with the inputs: there, reached only through
// links that stay inside the workspace, nothing the action writes behind a link, and a Windows Dockerfile that runs
// nothing in the stages its image is built from. A fork may have written every one of them. Each problem names its
// input.
import type { OperatingSystem } from '../shared/platforms.js'
import type { PathUse, Workspace } from '../system/workspace.js'
import { isRemoteContext, Settings } from './definitions.js'
import { windowsRun } from './dockerfile.js'

/** A Dockerfile far larger than this is not one. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024

/** The real path of an input's path, or the problem with it. */
function resolved(workspace: Workspace, given: string, use: PathUse, name: string): { path?: string; problem?: string } {
  try {
    return { path: workspace.checkedPath(given, use, `input '${name}'`) }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

function dockerfileProblems(workspace: Workspace, name: string, file: string, system: OperatingSystem, settings: Settings): string[] {
  const found = resolved(workspace, file, 'read', name)
  if (found.problem || !found.path) return [found.problem ?? '']
  if (workspace.kindOf(found.path) !== 'file') return [`input '${name}': '${file}' is not a file in the workspace ${workspace.root}`]
  if (system !== 'windows') return []
  let text: string
  try {
    text = workspace.readText(found.path, MAX_DOCKERFILE_BYTES)
  } catch (error) {
    return [`input '${name}': '${file}' cannot be read: ${(error as Error).message}`]
  }
  // Once per Windows version: its OS_VERSION may choose the stages (FROM base-${OS_VERSION}); the user's build-args win.
  for (const version of settings.windowsVersions) {
    const run = windowsRun(text, new Map([['OS_VERSION', version], ...settings.buildArgs]))
    if (!run) continue
    const where = run.path.length > 0 ? `in stage ${run.stage}, which the Windows image is built from (${run.path.join(', ')})` : 'in the final stage'
    const platform = run.platform ? ` (--platform=${run.platform})` : ''
    const what =
      run.instruction === 'RUN'
        ? `has a RUN step at line ${run.runLine}, ${where}${platform}`
        : `has an ONBUILD RUN at line ${run.runLine}, in stage ${run.stage}, which runs when stage ${run.triggeredIn} is built from it (${run.path.join(', ')})${platform}`
    const windows = settings.windowsVersions.length > 1 ? ` for windows-version ${version}` : ''
    return [
      `input '${name}': '${file}' ${what}${windows}; BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages.`
    ]
  }
  return []
}

/** A field of a buildx cache spec (`type=local,dest=cachedir`). */
const specField = (spec: string, field: string): string | undefined => new RegExp(`(?:^|,)${field}=([^,]+)`).exec(spec)?.[1]

/**
 * The directories of `type=local` caches: a `cache-to` destination is written (never through a link, even inside the
 * workspace, so a committed link cannot send BuildKit's writes elsewhere), a `cache-from` source is read (through
 * links that stay inside the workspace). The `{platform}` placeholder is checked as written.
 */
function localCacheProblems(settings: Settings, workspace: Workspace): string[] {
  const problems: string[] = []
  const places: Array<[string, string[], string, PathUse]> = [
    ['cache-to', settings.cacheTo, 'dest', 'write'],
    ['cache-from', settings.cacheFrom, 'src', 'read']
  ]
  for (const [name, specs, field, use] of places) {
    for (const spec of specs.filter((s) => specField(s, 'type') === 'local')) {
      const dir = specField(spec, field)
      if (dir === undefined) continue
      const problem = resolved(workspace, dir, use, name).problem
      if (problem) problems.push(problem)
    }
  }
  return problems
}

/**
 * The systems whose Dockerfiles a run needs: the docker output builds this machine's Linux platform only; `auto`
 * may be any output, so every system named is checked.
 */
function builtSystems(settings: Settings): ReadonlySet<OperatingSystem> {
  return new Set(settings.outputType === 'docker' ? ['linux'] : settings.os)
}

/**
 * What is wrong with the files and directories the settings name: the Dockerfiles of the systems being built, a
 * local context, and the directories the action writes into (output-dir for tarballs, results-dir for a leg's
 * results) or reads from (results-dir for the merge).
 */
export function fileProblems(settings: Settings, workspace: Workspace): string[] {
  const problems: string[] = []
  const systems = builtSystems(settings)
  const dockerfiles: Array<[string, string, OperatingSystem]> = [
    ['dockerfile', settings.dockerfile, 'linux'],
    ['windows-dockerfile', settings.windowsDockerfile, 'windows']
  ]
  if (settings.role !== 'merge') {
    for (const [name, file, system] of dockerfiles.filter(([, , s]) => systems.has(s)))
      problems.push(...dockerfileProblems(workspace, name, file, system, settings))
    if (!isRemoteContext(settings.context)) {
      const context = resolved(workspace, settings.context, 'read', 'context')
      if (context.problem || !context.path) problems.push(context.problem ?? '')
      else if (workspace.kindOf(context.path) !== 'directory')
        problems.push(`input 'context': '${settings.context}' is not a directory in the workspace ${workspace.root}`)
    }
    problems.push(...localCacheProblems(settings, workspace))
    if (settings.outputType === 'tar' || settings.outputType === 'auto') {
      const problem = resolved(workspace, settings.outputDir, 'write', 'output-dir').problem
      if (problem) problems.push(problem)
    }
  }
  if (settings.role !== 'all') {
    const problem = resolved(workspace, settings.resultsDir, settings.role === 'build' ? 'write' : 'read', 'results-dir').problem
    if (problem) problems.push(problem)
  }
  return problems
}
