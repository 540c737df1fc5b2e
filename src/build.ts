// Runs the planned buildx builds, several at once, each line of output shown live behind its platform.
import { readFile } from 'node:fs/promises'
import { commandLine, Log } from './report.js'
import type { BuildTarget } from './plan.js'
import type { CommandRunner } from './runner.js'

export interface BuildResult {
  target: BuildTarget
  ok: boolean
  seconds: number
  /** Digest of the image manifest buildx produced, from its metadata file. */
  digest?: string
  /** Why the build failed, naming the platform, with the end of its log. */
  error?: string
}

export interface BuildOptions {
  runner: CommandRunner
  log: Log
  cwd: string
  env?: NodeJS.ProcessEnv
  /** 0 runs every build at once. */
  maxParallel: number
  signal?: AbortSignal
}

const LOG_TAIL_LINES = 25

async function readDigest(metadataFile: string): Promise<string | undefined> {
  try {
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>
    const digest = metadata['containerimage.digest']
    return typeof digest === 'string' ? digest : undefined
  } catch {
    return undefined
  }
}

async function buildOne(target: BuildTarget, options: BuildOptions): Promise<BuildResult> {
  const started = Date.now()
  const prefix = `[${target.id}]`
  const tail: string[] = []
  options.log.info(`${prefix} ${commandLine('docker', target.command)}`)
  let exitCode: number
  try {
    const result = await options.runner.run('docker', target.command, {
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      onLine: (line) => {
        options.log.info(`${prefix} ${line}`)
        tail.push(line)
        if (tail.length > LOG_TAIL_LINES) tail.shift()
      }
    })
    exitCode = result.exitCode
  } catch (error) {
    return { target, ok: false, seconds: (Date.now() - started) / 1000, error: `${target.id}: ${(error as Error).message}` }
  }
  const seconds = (Date.now() - started) / 1000
  if (exitCode !== 0) {
    return {
      target,
      ok: false,
      seconds,
      error: `build for ${target.id} failed (exit code ${exitCode}); the end of its log:\n${tail.join('\n')}`
    }
  }
  return { target, ok: true, seconds, digest: await readDigest(target.metadataFile) }
}

/** Runs every target, at most `maxParallel` at a time, and reports each one; it does not throw for a failed build. */
export async function runBuilds(targets: BuildTarget[], options: BuildOptions): Promise<BuildResult[]> {
  const results: BuildResult[] = new Array(targets.length)
  const width = options.maxParallel > 0 ? Math.min(options.maxParallel, targets.length) : targets.length
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++
      results[index] = await buildOne(targets[index], options)
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
  return results
}
