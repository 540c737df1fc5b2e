// The inputs stage: the inputs as a reader found them, `auto` decided from the event (each decision logged with
// its source), every input and the files they name checked (every problem reported at once), secrets masked, and
// what a fork's run may not have withheld.
import os from 'node:os'
import path from 'node:path'
import type { Log } from '../shared/log.js'
import { DecidedValue, describeDecision, pushDecision, resolveAuto } from '../policy/auto.js'
import type { WorkflowEvent } from '../policy/event.js'
import { looksSecret, provenanceProblems, withholdFromFork } from '../policy/trust.js'
import type { OperatingSystem } from '../shared/platforms.js'
import { checkFiles } from '../system/workspace-files.js'
import { InputError, InputsRead, Settings } from './definitions.js'
import { maskedParts, readSecretValues } from './secrets.js'
import { readSettings } from './settings.js'

export interface InputsContext {
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  event?: WorkflowEvent
  maskSecret?(value: string): void
}

/** The systems whose Dockerfiles a run needs: the docker output builds this machine's Linux platform only. */
function builtSystems(settings: Settings): Set<OperatingSystem> {
  return new Set(settings.outputType === 'docker' ? ['linux'] : settings.os)
}

/** The settings of the run, and the decisions behind them; an InputError names every problem. */
export async function decideSettings(inputs: InputsRead, context: InputsContext, decisions: DecidedValue[]): Promise<Settings> {
  const { log, workspace, env } = context
  const auto = resolveAuto(inputs.values, inputs.given, context.event)
  decisions.push(...auto.decisions)
  for (const decision of auto.decisions) log.info(describeDecision(decision))
  for (const warning of auto.warnings) log.warning(warning)

  const read = readSettings(auto.inputs, { workspace, defaultResultsDir: path.join(env.RUNNER_TEMP || os.tmpdir(), 'velero-multiarch-results') }, inputs.names)
  // Masked before anything can print them; no problem quotes a secret's line.
  const mask = (value: string): void => maskedParts(value).forEach((part) => context.maskSecret?.(part))
  for (const [, value] of read.settings.secrets) mask(value)
  for (const [, value] of read.settings.buildArgs.filter(([key]) => looksSecret(key))) mask(value)

  const baseScope = auto.fork && (context.event?.name === 'pull_request_target' || context.event?.name === 'workflow_run')
  const trusted = withholdFromFork(read.settings, { fork: auto.fork, baseScope }, workspace)
  for (const warning of trusted.warnings) log.warning(warning)
  const secretValues = readSecretValues(trusted.settings, workspace, env)
  secretValues.values.forEach(mask)
  const problems = [
    ...inputs.problems,
    ...read.problems,
    ...checkFiles(read.settings, builtSystems(read.settings), workspace),
    ...secretValues.problems,
    ...provenanceProblems(trusted.settings)
  ]
  if (problems.length > 0) throw new InputError(problems)
  const push = pushDecision(trusted.settings, auto.decisions.find((d) => d.name === 'output-type')?.source ?? 'default')
  decisions.push(push)
  log.info(describeDecision(push))
  return trusted.settings
}
