// The secrets a build gets, handed to buildx: the values of `secrets` written to files of the run's own, those of
// `secret-files` and `secret-envs` read only to be masked (buildx reads them itself), each checked before any
// docker command: a file outside the workspace or behind a link leaving it, not a regular file, larger than BuildKit
// takes; a variable not set. A problem names the input and the id, never a value.
import { InputError } from '../inputs/definitions.js'
import { MAX_SECRET_BYTES, maskedParts, SecretSources } from '../inputs/secrets.js'
import type { Plan } from '../plan/plan.js'
import type { Buildx } from '../system/buildx.js'
import type { GitHub } from '../system/github.js'
import type { Workspace } from '../system/workspace.js'

/** The values of `secret-files` and `secret-envs`, and what is wrong with them. */
function readSecretValues(sources: SecretSources, workspace: Workspace, buildx: Buildx): { values: string[]; problems: string[] } {
  const values: string[] = []
  const problems: string[] = []
  for (const [id, file] of sources.secretFiles) {
    const input = `input 'secret-files' (id ${id})`
    try {
      const real = workspace.checkedPath(file, 'read', input)
      const size = workspace.sizeOf(real)
      if (size === undefined) problems.push(`${input}: '${file}' is not a file in the workspace ${workspace.root}`)
      else if (size > MAX_SECRET_BYTES) problems.push(`${input}: '${file}' is ${size} bytes; BuildKit takes a secret of at most ${MAX_SECRET_BYTES}`)
      else values.push(workspace.readText(real, MAX_SECRET_BYTES))
    } catch (error) {
      problems.push((error as Error).message)
    }
  }
  for (const [id, variable] of sources.secretEnvs) {
    const value = buildx.variable(variable)
    if (value === undefined) problems.push(`input 'secret-envs' (id ${id}): the environment variable ${variable} is not set`)
    else values.push(value)
  }
  return { values, problems }
}

/** Masks every secret value the build gets, and refuses, naming each, the ones that cannot be given. */
export function checkSecrets(sources: SecretSources, ports: { workspace: Workspace; buildx: Buildx; github: GitHub }): void {
  const read = readSecretValues(sources, ports.workspace, ports.buildx)
  for (const value of read.values) for (const part of maskedParts(value)) ports.github.mask(part)
  if (read.problems.length > 0) throw new InputError(read.problems)
}

/** Writes the values of the `secrets` input to the run's own files, which buildx reads (`--secret id=...,src=...`). */
export async function writeSecretFiles(plan: Plan, sources: SecretSources, workspace: Workspace): Promise<void> {
  for (const [index, secret] of plan.secretFiles.entries()) await workspace.writePrivate(secret.file, sources.secrets[index][1])
}
