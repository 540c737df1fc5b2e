// The action's two steps: `run` (main), which makes the ports of a GitHub Actions step and runs the pipeline, and
// `post`, which removes the builder the main step created.
import * as core from '@actions/core'
import { CLEANUP_TIMEOUT_SECONDS, removeBuilder } from './build/builder.js'
import { InputError } from './inputs/definitions.js'
import { readActionInputs } from './inputs/readers.js'
import { runPipeline } from './pipeline.js'
import { NothingToDo } from './policy/stage.js'
import { actionLog } from './shared/log.js'
import { causeOf } from './shared/stage-failure.js'
import { BuildxCli } from './system/buildx.js'
import { machineEdges } from './system/edges.js'
import { readRunContext } from './system/github.js'
import { boundedRunner, ProcessRunner } from './system/runner.js'

const BUILDER_STATE = 'builder'

export async function run(): Promise<void> {
  const log = actionLog(core)
  const context = readRunContext(process.env)
  // GitHub cancels a job with SIGINT, then SIGTERM: stop the builds, publish nothing, and let the post step run.
  const cancel = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    log.warning(`received ${signal}: stopping the builds; nothing will be published`)
    cancel.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const edges = machineEdges({
    env: process.env,
    workspace: context.workspace || process.cwd(),
    log,
    runner: new ProcessRunner(),
    signal: cancel.signal,
    runtime: {
      setOutput: (name, value) => core.setOutput(name, value),
      setSecret: (value) => core.setSecret(value),
      ...(context.stepSummary ? { appendSummary: async (markdown: string) => void (await core.summary.addRaw(markdown).write()) } : {})
    },
    onBuilderCreated: (name) => core.saveState(BUILDER_STATE, name)
  })
  try {
    await runPipeline(
      readActionInputs((name) => core.getInput(name)),
      edges
    )
  } catch (error) {
    const cause = causeOf(error)
    if (cause instanceof NothingToDo) {
      log.notice(cause.message)
    } else {
      // One annotation per problem, so each bad input is named on its own line.
      for (const problem of cause instanceof InputError ? cause.problems : [cause.message]) core.setFailed(problem)
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await edges.dispose()
  }
}

export async function post(): Promise<void> {
  const name = core.getState(BUILDER_STATE)
  if (!name) return
  const runner = boundedRunner(new ProcessRunner(), CLEANUP_TIMEOUT_SECONDS)
  const log = actionLog(core)
  await removeBuilder(name, { buildx: new BuildxCli({ runner, buildRunner: runner, log, env: process.env }), log })
}
