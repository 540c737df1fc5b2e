// How secrets reach a build, in three forms: `secrets` (values in the input, one `id=value` per line, or a value of
// several lines between `id<<DELIMITER` and `DELIMITER`), `secret-files` (`id=path` in the workspace) and
// `secret-envs` (`id=VARIABLE` of the environment). buildx gets each as a file or a variable, never as an argument;
// every value is masked in the log before anything can print it, and no error ever quotes one.

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

/** The ids of all three forms must differ: buildx would take one and drop the other. */
export function duplicateIds(sources: SecretSources): string[] {
  const ids = [...sources.secrets, ...sources.secretFiles, ...sources.secretEnvs].map(([id]) => id)
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))]
}

/** Anywhere in a name, these say secret (`MY_APIKEY`, `dbPassword`). */
export const SECRET_PARTS = ['PASSWORD', 'TOKEN', 'SECRET', 'KEY'] as const
/** As a whole word of a name, these say secret too (`GH_AUTH`, `NPM_PAT`, `dbPasswd`); inside a word they do not (`PATH`). */
export const SECRET_WORDS = ['AUTH', 'PAT', 'CRED', 'CREDS', 'CREDENTIAL', 'CREDENTIALS', 'PASSWD', 'PWD', 'PRIVATE', 'CERT', 'PEM'] as const

/**
 * The words of a name: split at `_`, `-`, a change from lower to upper case, the last capital of a run of them before
 * a lower-case letter, and between letters and digits.
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase())
}

/** A build argument name that suggests a secret, whose value would stay in the image history. */
export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase()
  return SECRET_PARTS.some((part) => upper.includes(part)) || nameWords(name).some((word) => (SECRET_WORDS as readonly string[]).includes(word))
}
