// Runs the bundled action the way GitHub does: INPUT_* variables for every input (with action.yml's defaults),
// GITHUB_OUTPUT and GITHUB_STATE files, then the post step with STATE_* variables.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { load as loadYaml } from 'js-yaml'

/** The repository: the nearest folder above this file with an action.yml (also when compiled for the benchmark). */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'action.yml'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('no action.yml above the test helpers')
    dir = parent
  }
  return dir
}

export const ROOT = repositoryRoot()
export const ACTION_ENTRY = path.join(ROOT, 'dist/index.js')
export const CLI_ENTRY = path.join(ROOT, 'dist/cli/index.js')
/** The event payload files, as GitHub writes them. */
export const EVENTS = path.join(ROOT, '__tests__/events')

interface ActionMetadata {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post: string }
}

export function actionMetadata(): ActionMetadata {
  return loadYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata
}

export interface ProcessResult {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * The Node.js that runs the bundles: ACTION_NODE (GitHub runs the action on Node 24, `.ci/run` points this at
 * that binary), or the one running the tests.
 */
export const ACTION_NODE = process.env.ACTION_NODE || process.execPath

export function runNode(entry: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(ACTION_NODE, [entry, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }))
  })
}

/** Reads a file written by core.setOutput or core.saveState (`name<<delimiter` blocks). */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== match[2]; i++) body.push(lines[i])
    values[match[1]] = body.join('\n')
  }
  return values
}

export interface ActionRun extends ProcessResult {
  outputs: Record<string, string>
  state: Record<string, string>
  /** The `::error::`, `::warning::` and `::notice::` lines the step printed. */
  annotations: string[]
}

/** The environment a step gets: the machine's, minus any INPUT_/STATE_ leftovers, plus the given variables. */
function stepEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('INPUT_') && !key.startsWith('STATE_') && !key.startsWith('GITHUB_')) env[key] = value
  }
  return { ...env, ...extra }
}

function annotationsOf(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^::(error|warning|notice)/.test(line))
}

export async function runAction(
  inputs: Record<string, string>,
  /** `entry`: another bundle than dist/index.js, such as an earlier release's (the benchmark's before/after). */
  options: { workspace: string; env?: NodeJS.ProcessEnv; entry?: string }
): Promise<ActionRun> {
  const files = mkdtempSync(path.join(os.tmpdir(), 'action-files-'))
  const outputFile = path.join(files, 'output')
  const stateFile = path.join(files, 'state')
  writeFileSync(outputFile, '')
  writeFileSync(stateFile, '')
  const inputVariables: NodeJS.ProcessEnv = {}
  for (const [name, spec] of Object.entries(actionMetadata().inputs)) {
    inputVariables[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? ''
  }
  const result = await runNode(
    options.entry ?? ACTION_ENTRY,
    [],
    stepEnvironment({
      ...inputVariables,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STATE: stateFile,
      RUNNER_TEMP: files,
      ...options.env
    }),
    options.workspace
  )
  return {
    ...result,
    outputs: parseCommandFile(readFileSync(outputFile, 'utf8')),
    state: parseCommandFile(readFileSync(stateFile, 'utf8')),
    annotations: annotationsOf(result.stdout)
  }
}

export async function runPost(
  state: Record<string, string>,
  options: { workspace: string; env?: NodeJS.ProcessEnv }
): Promise<ProcessResult & { annotations: string[] }> {
  const stateVariables = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
  const result = await runNode(
    ACTION_ENTRY,
    [],
    stepEnvironment({ ...stateVariables, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: options.workspace, ...options.env }),
    options.workspace
  )
  return { ...result, annotations: annotationsOf(result.stdout) }
}
