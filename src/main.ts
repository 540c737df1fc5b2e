// The action's two steps: `run` (main) and `post`, which removes the builder the main step created.
import * as core from '@actions/core'
import { readActionInputs } from './inputs/readers.js'
import { InputError } from './inputs/definitions.js'
import { cleanUp, runPipeline } from './pipeline.js'
import { githubComparer, recordAttestation, listRepositoryTags, refHead } from './system/github-api.js'
import { outputValues } from './report/outputs.js'
import { actionLog } from './shared/log.js'
import { ProcessRunner } from './system/runner.js'
import { summaryMarkdown } from './report/summary.js'
import { readWorkflowEvent } from './system/workflow-event.js'

const BUILDER_STATE = 'builder'

export async function run(): Promise<void> {
  const log = actionLog(core)
  const event = readWorkflowEvent(process.env)
  // GitHub cancels a job with SIGINT, then SIGTERM: stop the builds, publish nothing, and let the post step run.
  const cancel = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    log.warning(`received ${signal}: stopping the builds; nothing will be published`)
    cancel.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const runner = new ProcessRunner()
    await runPipeline(
      readActionInputs((name) => core.getInput(name)),
      {
        runner,
        buildRunner: runner,
        log,
        workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
        env: process.env,
        event,
        listTags: event ? (timeout) => listRepositoryTags(core.getInput('github-token'), event.repository, timeout) : undefined,
        comparers: (timeout) => (event ? [githubComparer(core.getInput('github-token'), event.repository, timeout)] : []),
        refHead: event ? (ref, timeout) => refHead(core.getInput('github-token'), event.repository, ref, timeout) : undefined,
        githubToken: core.getInput('github-token'),
        recordAttestation: event ? (bundle, timeout) => recordAttestation(core.getInput('github-token'), event.repository, bundle, timeout) : undefined,
        setOutputs: (outputs) => {
          for (const [name, value] of Object.entries(outputValues(outputs))) core.setOutput(name, value)
        },
        removeBuilderLater: (name) => core.saveState(BUILDER_STATE, name),
        signal: cancel.signal,
        maskSecret: (value) => core.setSecret(value),
        finish: async (report) => {
          if (!process.env.GITHUB_STEP_SUMMARY) return
          try {
            await core.summary.addRaw(summaryMarkdown(report)).write()
          } catch (error) {
            log.warning(`could not write the job summary: ${(error as Error).message}`)
          }
        }
      }
    )
  } catch (error) {
    // One annotation per problem, so each bad input is named on its own line.
    const problems = error instanceof InputError ? error.problems : [(error as Error).message]
    for (const problem of problems) core.setFailed(problem)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

export async function post(): Promise<void> {
  await cleanUp(core.getState(BUILDER_STATE) || undefined, {
    runner: new ProcessRunner(),
    log: actionLog(core),
    env: process.env
  })
}
