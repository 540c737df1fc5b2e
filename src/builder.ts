// The buildx builder: created for the run (and removed afterwards), or the one the user named.
import { writeFile } from 'node:fs/promises'
import { createBuilderCommand, removeBuilderCommand } from './commands.js'
import type { BuilderPlan } from './plan.js'
import { commandLine, Log } from './report.js'
import { CommandRunner, runChecked } from './runner.js'

export interface BuilderOptions {
  runner: CommandRunner
  log: Log
  env?: NodeJS.ProcessEnv
}

export async function createBuilder(builder: BuilderPlan, options: BuilderOptions): Promise<void> {
  if (builder.configFile && builder.config) await writeFile(builder.configFile, builder.config)
  const args = createBuilderCommand(builder)
  options.log.info(commandLine('docker', args))
  await runChecked(options.runner, 'docker', args, { env: options.env })
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
    options.log.warning(`Could not remove the buildx builder ${name}: ${(result.stderr || result.stdout).trim()}`)
  } catch (error) {
    options.log.warning(`Could not remove the buildx builder ${name}: ${(error as Error).message}`)
  }
  return false
}
