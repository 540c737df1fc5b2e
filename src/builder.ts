// The buildx builder: created for the run (and removed afterwards), or the one the user named.
import { writeFile } from 'node:fs/promises'
import { createBuilderCommand, removeBuilderCommand } from './commands.js'
import type { BuilderPlan } from './plan.js'
import { commandLine, Log } from './report.js'
import { CommandError, CommandRunner } from './runner.js'

export interface BuilderOptions {
  runner: CommandRunner
  log: Log
  env?: NodeJS.ProcessEnv
}

export async function createBuilder(builder: BuilderPlan, options: BuilderOptions): Promise<void> {
  if (builder.configFile && builder.config) await writeFile(builder.configFile, builder.config)
  const args = createBuilderCommand(builder)
  options.log.info(commandLine('docker', args))
  const result = await options.runner.run('docker', args, { env: options.env })
  if (result.exitCode !== 0) throw new CommandError('docker', args, result)
}

/** Removes a builder the action created; says what it removed, and never throws (this runs during cleanup). */
export async function removeBuilder(name: string, options: BuilderOptions): Promise<boolean> {
  const args = removeBuilderCommand(name)
  try {
    const result = await options.runner.run('docker', args, { env: options.env })
    if (result.exitCode === 0) {
      options.log.info(`Removed the buildx builder ${name} that this action created.`)
      return true
    }
    // A run that failed while creating it leaves nothing to remove.
    if (/no builder .* found|unknown command: docker buildx|'buildx' is not a docker command/.test(result.stderr)) {
      options.log.info(`No buildx builder ${name} to remove.`)
      return false
    }
    options.log.warning(`Could not remove the buildx builder ${name}: ${(result.stderr || result.stdout).trim()}`)
  } catch (error) {
    options.log.warning(`Could not remove the buildx builder ${name}: ${(error as Error).message}`)
  }
  return false
}
