// The action's two steps: `run` (main) and `post`, which removes the builder the main step created.
import * as core from '@actions/core'
import { InputError, readInputs } from './inputs.js'
import { cleanUp, runPipeline } from './pipeline.js'
import { actionLog, outputValues } from './report.js'
import { ProcessRunner } from './runner.js'

const BUILDER_STATE = 'builder'

export async function run(): Promise<void> {
  const log = actionLog(core)
  try {
    await runPipeline(readInputs((name) => core.getInput(name)), {
      runner: new ProcessRunner(),
      log,
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      env: process.env,
      setOutputs: (outputs) => {
        for (const [name, value] of Object.entries(outputValues(outputs))) core.setOutput(name, value)
      },
      builderCreated: (name) => core.saveState(BUILDER_STATE, name)
    })
  } catch (error) {
    // One annotation per problem, so each bad input is named on its own line.
    const problems = error instanceof InputError ? error.problems : [(error as Error).message]
    for (const problem of problems) core.setFailed(problem)
  }
}

export async function post(): Promise<void> {
  await cleanUp(core.getState(BUILDER_STATE) || undefined, {
    runner: new ProcessRunner(),
    log: actionLog(core),
    env: process.env
  })
}
