// Where the inputs come from: the action's step inputs (an empty one means action.yml's default), or the command
// line's flags and the seed's environment variables. Each reader says which inputs were given, how to name them in
// messages, and what it already found wrong; settings.ts then reads them into Settings.
import { AUTO, INPUTS, InputsRead, RawInputs } from './definitions.js'

/**
 * Reads every input with a getter such as `core.getInput`. An empty value (an unset workflow expression arrives as
 * one) means action.yml's default, `auto` included: never the command line's.
 */
export function readActionInputs(get: (name: string) => string): InputsRead {
  const values: RawInputs = {}
  const given = new Set<string>()
  const emptied: string[] = []
  for (const input of INPUTS) {
    const value = get(input.name)
    if (value.trim() !== '') given.add(input.name)
    else emptied.push(...emptyDefault(input))
    values[input.name] = value.trim() === '' && input.actionDefault === AUTO ? AUTO : value
  }
  const warnings =
    emptied.length === 0
      ? []
      : [
          `${emptied.length === 1 ? 'an input was' : 'inputs were'} given empty (an unset expression, a secret that is not there, or ''), so ${emptied.length === 1 ? 'it takes its default' : 'each takes its default'}: ${emptied.join(', ')}`
        ]
  return { values, given, names: {}, problems: [], warnings }
}

/**
 * A step gets action.yml's default for an input it leaves out; an empty value was given (an unset expression such as
 * `${{ inputs.os }}`, a secret that is not there, or `os: ''`), and means the default all the same: said, where the
 * default is not empty, so that an empty value never decides silently. (github-token has a rule of its own.)
 */
function emptyDefault(input: (typeof INPUTS)[number]): string[] {
  const fallback = input.actionDefault ?? input.default
  if (fallback === '' || fallback.startsWith('${{')) return []
  return [`${input.name} (${fallback})`]
}

/** An empty flag or variable on the command line means the input's default there, which is said where it is not empty. */
function commandLineEmpty(input: (typeof INPUTS)[number], named: string): string[] {
  return input.default === '' ? [] : [`${named} is empty, so its default, '${input.default}', is used`]
}

// Velero's Makefiles before the multi-arch design, and pipelines still written against them, spell it so.
const OLDER_OUTPUT_VARIABLE = 'BUILDX_OUTPUT_TYPE'

/** The seed's variables, and Velero's older spelling of BUILD_OUTPUT_TYPE, when it agrees with the newer one. */
function readEnvironment(
  env: NodeJS.ProcessEnv,
  read: { values: RawInputs; given: Set<string>; names: Record<string, string>; problems: string[]; warnings: string[] }
): void {
  for (const input of INPUTS) {
    const variable = input.seedVariable
    if (!variable || env[variable] === undefined) continue
    if ((env[variable] ?? '').trim() === '') {
      read.warnings.push(...commandLineEmpty(input, `environment variable ${variable}`))
      continue
    }
    read.values[input.name] = env[variable]
    read.given.add(input.name)
    read.names[input.name] = `environment variable ${variable}`
  }
  const older = env[OLDER_OUTPUT_VARIABLE]
  if (older === undefined) return
  const newer = env.BUILD_OUTPUT_TYPE
  if (newer !== undefined && newer.trim() !== older.trim()) {
    read.problems.push(
      `environment variables BUILD_OUTPUT_TYPE ('${newer}') and ${OLDER_OUTPUT_VARIABLE} ('${older}') are both set and differ; ${OLDER_OUTPUT_VARIABLE} is Velero's older spelling of BUILD_OUTPUT_TYPE: unset one`
    )
  } else if (newer === undefined) {
    read.values['output-type'] = older
    read.given.add('output-type')
    read.names['output-type'] = `environment variable ${OLDER_OUTPUT_VARIABLE}`
  }
}

/**
 * The command line's inputs: `--name value`, `--name=value`, or a bare `--flag` for a boolean; flags win over the
 * seed's environment variables (`BUILD_OS=linux,windows`), which win over the defaults. Every problem is collected.
 */
export function readCommandLine(argv: string[], env: NodeJS.ProcessEnv): InputsRead {
  const read = { values: {} as RawInputs, given: new Set<string>(), names: {} as Record<string, string>, problems: [] as string[], warnings: [] as string[] }
  readEnvironment(env, read)
  const booleans = new Set(INPUTS.filter((i) => i.default === 'true' || i.default === 'false').map((i) => i.name))
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) {
      read.problems.push(`unexpected argument '${arg}': inputs are given as --name value`)
      continue
    }
    const equals = arg.indexOf('=')
    const name = arg.slice(2, equals < 0 ? undefined : equals)
    if (!INPUTS.some((input) => input.name === name)) {
      read.problems.push(`unknown flag '--${name}'; the flags are: ${INPUTS.map((x) => `--${x.name}`).join(', ')}`)
      continue
    }
    if (name === 'secrets') {
      read.problems.push(
        "flag --secrets: a secret's value on the command line is seen by ps and kept in shell history, so it is refused; give it as a file (--secret-files id=path) or in the environment (--secret-envs id=VARIABLE)"
      )
      if (equals < 0) i++
      continue
    }
    let value: string
    if (equals >= 0) {
      value = arg.slice(equals + 1)
    } else if (booleans.has(name) && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) {
      value = 'true'
    } else if (i + 1 < argv.length) {
      value = argv[++i]
    } else {
      read.problems.push(`flag '--${name}' needs a value`)
      continue
    }
    if (value.trim() === '') {
      read.warnings.push(...commandLineEmpty(INPUTS.find((input) => input.name === name) ?? INPUTS[0], `flag --${name}`))
      continue
    }
    read.values[name] = value
    read.given.add(name)
    read.names[name] = `flag --${name}`
  }
  return read
}
