// The inputs stage: the inputs as a reader found them (the action's step inputs, or the command line's flags and
// the seed's variables) into one typed Settings, every input and the files it names checked, every problem reported
// at once, and the secrets given as values masked before anything can print them. `auto` stays `auto`: what it
// means is the policy's to decide, from the event.
import path from 'node:path'
import type { InputPorts } from '../system/ports.js'
import { InputError, InputsRead, Settings } from './definitions.js'
import { fileProblems } from './files.js'
import { looksSecret, maskedParts } from './secrets.js'
import { readSettings } from './settings.js'

/** The settings of the run; an InputError names every problem. */
export async function readInputs(inputs: InputsRead, ports: InputPorts): Promise<Settings> {
  const { workspace, github } = ports
  for (const warning of inputs.warnings ?? []) ports.log.warning(warning)
  const read = readSettings(
    inputs.values,
    { workspace: workspace.root, defaultResultsDir: path.join(github.context.runnerTemp, 'velero-multiarch-results') },
    inputs.names,
    inputs.given
  )
  // Masked before anything can print them; no problem quotes a secret's line.
  const mask = (value: string): void => maskedParts(value).forEach((part) => github.mask(part))
  for (const [, value] of read.settings.secrets) mask(value)
  for (const [, value] of read.settings.buildArgs.filter(([key]) => looksSecret(key))) mask(value)
  const problems = [...inputs.problems, ...read.problems, ...fileProblems(read.settings, workspace)]
  if (problems.length > 0) throw new InputError(problems)
  return read.settings
}
