// How secrets reach a build, in three forms: `secrets` (values in the input, one `id=value` per line, or a value of
// several lines between `id<<DELIMITER` and `DELIMITER`), `secret-files` (`id=path` in the workspace) and
// `secret-envs` (`id=VARIABLE` of the environment). buildx gets each as a file or a variable, never as an argument;
// every value is masked in the log before anything can print it, and no error ever quotes one.
import { lstatSync, readFileSync } from 'node:fs'
import { checkedPath } from '../system/safe-paths.js'

/** BuildKit refuses a secret larger than this. */
export const MAX_SECRET_BYTES = 500 * 1024

const ID = /^[A-Za-z0-9_][\w.-]*$/
const DELIMITER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The `secrets` input: `id=value` lines, and values of several lines as a heredoc (`id<<EOF`, the lines, `EOF`), as
 * GITHUB_OUTPUT takes them. A problem names the line by its number only: all of it may be secret.
 */
export function parseSecrets(text: string): { pairs: Array<[string, string]>; problems: string[] } {
  const pairs: Array<[string, string]> = []
  const problems: string[] = []
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''))
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    const number = index + 1
    if (line.trim() === '') continue
    const heredoc = /^([^=<]+)<<(.*)$/.exec(line)
    if (heredoc) {
      const [, id, delimiter] = heredoc
      if (!ID.test(id.trim())) problems.push(`line ${number} does not start with a valid id (letters, digits, '.', '_' and '-')`)
      if (!DELIMITER.test(delimiter)) {
        problems.push(`line ${number} starts a value of several lines, but its delimiter after << is not a word (letters, digits and '_')`)
        continue
      }
      const end = lines.findIndex((candidate, at) => at > index && candidate === delimiter)
      if (end < 0) {
        problems.push(`line ${number} starts a value of several lines that never ends: no line holds only its delimiter`)
        break
      }
      pairs.push([id.trim(), lines.slice(index + 1, end).join('\n')])
      index = end
      continue
    }
    const equals = line.indexOf('=')
    if (equals < 0) {
      problems.push(`line ${number} has no '=' and starts no value of several lines; each secret is id=value, or id<<EOF, its lines, then EOF`)
    } else if (!ID.test(line.slice(0, equals).trim())) {
      problems.push(`line ${number} does not start with a valid id (letters, digits, '.', '_' and '-')`)
    } else {
      pairs.push([line.slice(0, equals).trim(), line.slice(equals + 1)])
    }
  }
  return { pairs, problems }
}

/**
 * What of a secret value is masked: the whole value, and each of its lines that holds a letter or digit (a line of
 * braces alone, as a JSON key file has, says nothing, and masking it would hide every brace of the log).
 */
export function maskedParts(value: string): string[] {
  const lines = value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /[A-Za-z0-9]/.test(line))
  return [...new Set([value, ...lines].filter((part) => part.trim() !== ''))]
}

/** The secrets' ids, paths and variables, as the settings hold them. */
export interface SecretSources {
  secrets: Array<[string, string]>
  secretFiles: Array<[string, string]>
  secretEnvs: Array<[string, string]>
}

/**
 * The values of `secret-files` and `secret-envs`, read to be masked, and what is wrong with them: a file outside the
 * workspace or behind a link leaving it, not a regular file, larger than BuildKit takes; a variable not set.
 */
export function readSecretValues(sources: SecretSources, workspace: string, env: NodeJS.ProcessEnv): { values: string[]; problems: string[] } {
  const values: string[] = []
  const problems: string[] = []
  for (const [id, file] of sources.secretFiles) {
    try {
      const real = checkedPath(workspace, file, 'read', `input 'secret-files' (id ${id})`)
      const stat = lstatSync(real, { throwIfNoEntry: false })
      if (!stat?.isFile()) problems.push(`input 'secret-files' (id ${id}): '${file}' is not a file in the workspace ${workspace}`)
      else if (stat.size > MAX_SECRET_BYTES)
        problems.push(`input 'secret-files' (id ${id}): '${file}' is ${stat.size} bytes; BuildKit takes a secret of at most ${MAX_SECRET_BYTES}`)
      else values.push(readFileSync(real, 'utf8'))
    } catch (error) {
      problems.push((error as Error).message)
    }
  }
  for (const [id, variable] of sources.secretEnvs) {
    const value = env[variable]
    if (value === undefined) problems.push(`input 'secret-envs' (id ${id}): the environment variable ${variable} is not set`)
    else values.push(value)
  }
  return { values, problems }
}

/** The ids of all three forms must differ: buildx would take one and drop the other. */
export function duplicateIds(sources: SecretSources): string[] {
  const ids = [...sources.secrets, ...sources.secretFiles, ...sources.secretEnvs].map(([id]) => id)
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))]
}
