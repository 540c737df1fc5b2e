// The files and directories the settings name in the workspace, checked before anything runs: there, reached only
// through links that stay inside the workspace (safe-paths.ts), nothing the action writes behind a link, and a
// Windows Dockerfile that runs nothing in the stages its image is built from. Each problem names its input.
import { lstatSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { windowsRun } from './dockerfile.js'
import { isRemoteContext, Settings } from '../inputs/definitions.js'
import type { BuildTarget } from '../plan/plan.js'
import type { OperatingSystem } from '../shared/platforms.js'
import { checkedPath, PathUse } from './safe-paths.js'

/** The real path of an input's path, or the problem with it. */
function resolved(workspace: string, given: string, use: PathUse, name: string): { path?: string; problem?: string } {
  try {
    return { path: checkedPath(workspace, given, use, `input '${name}'`) }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

function dockerfileProblems(workspace: string, name: string, file: string, system: OperatingSystem, settings: Settings): string[] {
  const found = resolved(workspace, file, 'read', name)
  if (found.problem) return [found.problem]
  if (!statSync(found.path ?? '', { throwIfNoEntry: false })?.isFile()) return [`input '${name}': '${file}' is not a file in the workspace ${workspace}`]
  if (system !== 'windows') return []
  const text = readFileSync(found.path ?? '', 'utf8')
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

/**
 * What is wrong with the files and directories the settings name: the Dockerfiles of the systems being built, a
 * local context, and the directories the action writes into (output-dir for tarballs, results-dir for a leg's
 * results) or reads from (results-dir for the merge).
 */
export function checkFiles(settings: Settings, builtSystems: ReadonlySet<OperatingSystem>, workspace: string): string[] {
  const problems: string[] = []
  const dockerfiles: Array<[string, string, OperatingSystem]> = [
    ['dockerfile', settings.dockerfile, 'linux'],
    ['windows-dockerfile', settings.windowsDockerfile, 'windows']
  ]
  if (settings.role !== 'merge') {
    for (const [name, file, system] of dockerfiles.filter(([, , s]) => builtSystems.has(s)))
      problems.push(...dockerfileProblems(workspace, name, file, system, settings))
    if (!isRemoteContext(settings.context)) {
      const context = resolved(workspace, settings.context, 'read', 'context')
      if (context.problem) problems.push(context.problem)
      else if (!statSync(context.path ?? '', { throwIfNoEntry: false })?.isDirectory())
        problems.push(`input 'context': '${settings.context}' is not a directory in the workspace ${workspace}`)
    }
    if (settings.outputType === 'tar') problems.push(...[resolved(workspace, settings.outputDir, 'write', 'output-dir').problem ?? []].flat())
  }
  if (settings.role !== 'all') {
    problems.push(...[resolved(workspace, settings.resultsDir, settings.role === 'build' ? 'write' : 'read', 'results-dir').problem ?? []].flat())
  }
  return problems
}

/** Fails, before any build, when a tarball's own name in the workspace is a link (buildx would write through it). */
export function checkTarballs(targets: BuildTarget[], workspace: string): void {
  const problems: string[] = []
  for (const target of targets.filter((t) => t.tarball !== undefined)) {
    const file = path.resolve(workspace, target.tarball ?? '')
    try {
      checkedPath(workspace, target.tarball ?? '', 'write', `the tarball of ${target.id}`)
    } catch (error) {
      problems.push((error as Error).message)
      continue
    }
    const stat = lstatSync(file, { throwIfNoEntry: false })
    if (stat && !stat.isFile())
      problems.push(`the tarball of ${target.id} '${target.tarball}' is there already, and is not a regular file; nothing was written`)
  }
  if (problems.length > 0) throw new Error(problems.join('\n'))
}
