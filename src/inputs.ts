// Reads the action's inputs (or the command line's flags and the seed's environment variables) into one
// validated Settings object. Every problem is collected, so a user fixes them all in one round.
import type { MaxParallel } from './schedule.js'
import path from 'node:path'
import {
  LINUX_ARCHITECTURES,
  LinuxArchitecture,
  OPERATING_SYSTEMS,
  OUTPUT_TYPES,
  OperatingSystem,
  OutputType,
  UNSUPPORTED_WINDOWS_VERSIONS,
  WINDOWS_VERSIONS,
  WindowsVersion,
  platformSuffix,
  selectPlatforms
} from './platforms.js'
import { duplicateIds, parseSecrets } from './secrets.js'
import {
  MAX_TAG_LENGTH,
  checkBuilderName,
  checkImageReference,
  checkPathComponent,
  checkRegistryPrefix,
  checkRepository,
  checkTag,
  splitRepository
} from './references.js'

export interface InputDefinition {
  name: string
  default: string
  /** The variable of Velero's Makefile that this input replaces; the command line reads it from the environment. */
  seedVariable?: string
  description: string
  /**
   * The default action.yml gives, where it differs: `auto` (decided from the workflow event; outside GitHub it
   * means `default`) or an expression of the workflow.
   */
  actionDefault?: string
}

/** The action's interface. action.yml, the README and the command line's flags follow this table (a test checks). */
export const INPUTS: readonly InputDefinition[] = [
  { name: 'output-type', default: 'docker', actionDefault: 'auto', seedVariable: 'BUILD_OUTPUT_TYPE', description: '`docker`, `tar`, `registry`, or `auto` (from the workflow event; docker outside GitHub)' },
  { name: 'os', default: 'linux', seedVariable: 'BUILD_OS', description: 'operating systems: `linux`, `windows` (comma or newline separated)' },
  { name: 'arch', default: 'amd64', seedVariable: 'BUILD_ARCH', description: `Linux architectures: ${LINUX_ARCHITECTURES.join(', ')}; Windows is always amd64` },
  { name: 'windows-version', default: 'ltsc2022', seedVariable: 'BUILD_WINDOWS_VERSION', description: `Windows versions: ${WINDOWS_VERSIONS.join(', ')}` },
  { name: 'buildx-instance', default: '', seedVariable: 'BUILDX_INSTANCE', description: 'an existing buildx builder; empty: the action creates one and removes it afterwards' },
  { name: 'buildkit-image', default: '', description: 'BuildKit image of a builder the action creates (tag or digest, such as moby/buildkit:v0.24.0); empty: buildx\'s default, moby/buildkit:buildx-stable-1' },
  { name: 'registry', default: 'velero', seedVariable: 'REGISTRY', description: 'registry and namespace in front of `bin`' },
  { name: 'bin', default: 'velero', seedVariable: 'BIN', description: 'binary name: last part of the image and of tarball names' },
  { name: 'image', default: '', seedVariable: 'IMAGE', description: 'repository without a tag; empty: `<registry>/<bin>`' },
  { name: 'version', default: 'main', actionDefault: 'auto', seedVariable: 'VERSION', description: 'the tag of the manifest list and the start of every platform tag; `auto`: from the Git ref (main outside GitHub)' },
  { name: 'tag-latest', default: 'false', actionDefault: 'auto', seedVariable: 'TAG_LATEST', description: 'also publish `latest` and the `latest-<platform>` tags; `auto`: on a push of the highest release tag' },
  { name: 'dockerfile', default: 'Dockerfile', seedVariable: 'VELERO_DOCKERFILE', description: 'Dockerfile for Linux, relative to the workspace' },
  { name: 'windows-dockerfile', default: 'Dockerfile-Windows', seedVariable: 'VELERO_DOCKERFILE_WINDOWS', description: 'Dockerfile for Windows, relative to the workspace' },
  { name: 'context', default: '.', description: 'build context, relative to the workspace' },
  { name: 'build-args', default: '', description: 'newline-separated `KEY=VALUE` lines, after (and overriding) the standard ones' },
  { name: 'labels', default: '', description: 'newline-separated `KEY=VALUE` image labels' },
  { name: 'secrets', default: '', description: 'newline-separated `id=value` build secrets, or `id<<EOF`, lines, `EOF` for several lines (buildx `--secret`, never build args); not on the command line, where ps shows it: use --secret-files or --secret-envs' },
  { name: 'secret-files', default: '', description: 'newline-separated `id=path` build secrets read from files in the workspace' },
  { name: 'secret-envs', default: '', description: 'newline-separated `id=VARIABLE` build secrets read from the environment' },
  { name: 'fork-secrets', default: 'false', description: "give secrets to a run caused by a fork's pull request (pull_request_target, workflow_run), whose code can read them; false: they are withheld" },
  { name: 'public-build-args', default: '', description: 'build-args names that look secret (PASSWORD, TOKEN, SECRET, KEY) but are not; the others are withheld from runs caused by a fork' },
  { name: 'cache-from', default: '', description: 'newline-separated buildx cache sources; `{platform}` becomes the platform (`linux-arm64`)' },
  { name: 'cache-to', default: '', description: 'newline-separated buildx cache destinations; `{platform}` as in cache-from' },
  { name: 'no-cache', default: 'false', description: 'build without BuildKit\'s cache' },
  { name: 'tar-format', default: 'rootfs', description: '`rootfs` (the root filesystem, as the seed), `docker` or `oci` (image archives)' },
  { name: 'pkg', default: 'github.com/vmware-tanzu/velero', seedVariable: 'PKG', description: 'the `PKG` build argument: the Go package of the project' },
  { name: 'insecure-registry', default: 'false', seedVariable: 'INSECURE_REGISTRY', description: "the image's registry speaks plain HTTP" },
  { name: 'output-dir', default: '_output', description: 'where tarballs are written, inside the workspace' },
  { name: 'max-parallel', default: 'auto', description: 'how many platform builds run at once: `auto` (as the machine can take them), a number, or 0 (all)' },
  { name: 'fail-fast', default: 'true', description: 'when a platform fails, stop the other builds; false: run every platform to the end' },
  { name: 'retries', default: '3', description: 'further attempts after a transient registry fault (429, 5xx, dropped connection, timeout)' },
  { name: 'retry-max-wait', default: '120', description: 'cap, in seconds, on the time one command spends waiting between retries' },
  { name: 'command-timeout', default: '300', description: 'seconds any one command but a build may run (docker manifest, docker buildx imagetools, buildx version/inspect/create/rm, git, the GitHub API) before it is stopped (SIGTERM, then SIGKILL 5 s later)' },
  { name: 'provenance', default: 'false', description: 'SLSA provenance attestation for every platform: `false` (as the design), `true` or `mode=min`, `mode=max` (records the build arguments\' values)' },
  { name: 'sbom', default: 'false', description: 'SBOM attestation for every platform: `false` (as the design), `true` (its scanner image comes from Docker Hub), `generator=<image>` (another scanner image)' },
  { name: 'role', default: 'all', description: '`all` (build and publish), `build` (one leg of a split run: build and push these platforms, hand the results on), `merge` (build nothing: check the legs\' results and publish the lists)' },
  { name: 'results-dir', default: '', description: 'where a leg writes its results and the merge reads them; empty: velero-multiarch-results under RUNNER_TEMP (the temporary directory outside GitHub); relative to the workspace' },
  { name: 'dry-run', default: 'false', description: 'print the plan and every command, run nothing' },
  { name: 'github-token', default: '', actionDefault: '${{ github.token }}', description: 'token for the GitHub API (the repository tags, for tag-latest auto)' }
]

export interface Settings {
  outputType: OutputType
  os: OperatingSystem[]
  arch: LinuxArchitecture[]
  windowsVersions: WindowsVersion[]
  /** Set when the user named a builder; the action then neither creates nor removes one. */
  buildxInstance?: string
  /** The BuildKit image of a builder the action creates; undefined: buildx's default. */
  buildkitImage?: string
  registry: string
  bin: string
  image: string
  /** The registry host of `image` (docker.io when it names none). */
  registryHost: string
  version: string
  tagLatest: boolean
  dockerfile: string
  windowsDockerfile: string
  context: string
  buildArgs: Array<[string, string]>
  labels: Array<[string, string]>
  /** Build secrets by id; their values are never logged. */
  secrets: Array<[string, string]>
  /** Build secrets read from files in the workspace: id and path (buildx reads the file). */
  secretFiles: Array<[string, string]>
  /** Build secrets read from the environment: id and variable name (buildx reads the variable). */
  secretEnvs: Array<[string, string]>
  /** Secrets reach the build of a fork's code too. */
  forkSecrets: boolean
  /** Build argument names that look secret but are declared public. */
  publicBuildArgs: string[]
  cacheFrom: string[]
  cacheTo: string[]
  noCache: boolean
  tarFormat: TarFormat
  pkg: string
  insecureRegistry: boolean
  outputDir: string
  maxParallel: MaxParallel
  failFast: boolean
  retries: number
  retryMaxWait: number
  /** Seconds any one command but a build may run before it is stopped. */
  commandTimeout: number
  /** buildx's --provenance value: false, mode=min or mode=max. */
  provenance: 'false' | 'mode=min' | 'mode=max'
  /** buildx's --sbom value: false, true or generator=<image>. */
  sbom: string
  role: Role
  /** Absolute: where a leg writes its results and the merge reads them. */
  resultsDir: string
  dryRun: boolean
}

export const ROLES = ['all', 'build', 'merge'] as const
export type Role = (typeof ROLES)[number]

export const TAR_FORMATS = ['rootfs', 'docker', 'oci'] as const
export type TarFormat = (typeof TAR_FORMATS)[number]

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`)
    this.name = 'InputError'
  }
}

export type RawInputs = Record<string, string | undefined>

/** The value of `version`, `tag-latest` and `output-type` that the workflow event decides (see workflow.ts). */
export const AUTO = 'auto'

/** The inputs as a reader found them: the action's step inputs, or the command line's flags and environment. */
export interface InputsRead {
  values: RawInputs
  /** The inputs the user set; the others take their defaults. */
  given: ReadonlySet<string>
  /** How an input is named in messages where it did not come from the action (`--os`, `environment variable BUILD_OS`). */
  names: Record<string, string>
  /** What reading found wrong already: an unknown flag, two spellings that disagree. */
  problems: string[]
}

// Their lines are kept as written: a value may start or end with a space.
const MULTILINE_INPUTS = ['build-args', 'labels', 'secrets']
const BOOLEAN_TRUE = ['true', 'True', 'TRUE']
const BOOLEAN_FALSE = ['false', 'False', 'FALSE']

/**
 * Reads every input with a getter such as `core.getInput`. An empty value (an unset workflow expression arrives as
 * one) means action.yml's default, `auto` included: never the command line's.
 */
export function readActionInputs(get: (name: string) => string): InputsRead {
  const values: RawInputs = {}
  const given = new Set<string>()
  for (const input of INPUTS) {
    const value = get(input.name)
    if (value.trim() !== '') given.add(input.name)
    values[input.name] = value.trim() === '' && input.actionDefault === AUTO ? AUTO : value
  }
  return { values, given, names: {}, problems: [] }
}

// Velero's Makefiles before the multi-arch design, and pipelines still written against them, spell it so.
const OLDER_OUTPUT_VARIABLE = 'BUILDX_OUTPUT_TYPE'

/** The seed's variables, and Velero's older spelling of BUILD_OUTPUT_TYPE, when it agrees with the newer one. */
function readEnvironment(env: NodeJS.ProcessEnv, read: { values: RawInputs; given: Set<string>; names: Record<string, string>; problems: string[] }): void {
  for (const input of INPUTS) {
    const variable = input.seedVariable
    if (!variable || env[variable] === undefined) continue
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
  const read = { values: {} as RawInputs, given: new Set<string>(), names: {} as Record<string, string>, problems: [] as string[] }
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
      read.problems.push("flag --secrets: a secret's value on the command line is seen by ps and kept in shell history, so it is refused; give it as a file (--secret-files id=path) or in the environment (--secret-envs id=VARIABLE)")
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
    read.values[name] = value
    read.given.add(name)
    read.names[name] = `flag --${name}`
  }
  return read
}

const DEFAULT_COMMAND_TIMEOUT = 300

/** `command-timeout` as a number of seconds (1 to a day); `problem` hears what is wrong with another value. */
export function commandTimeout(text: string, problem: (text: string) => void = () => undefined): number {
  const seconds = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN
  if (seconds >= 1 && seconds <= 86400) return seconds
  problem(`'${text}' is not a whole number of seconds from 1 to 86400 (a day)`)
  return DEFAULT_COMMAND_TIMEOUT
}

/** What the settings depend on besides the inputs; passed in so that parsing stays pure. */
export interface HostFacts {
  workspace: string
  /** Where results-dir is when not given: under RUNNER_TEMP in a workflow, outside the workspace. */
  defaultResultsDir: string
}

/** The settings, or an InputError naming every problem. */
export function parseSettings(raw: RawInputs, facts: HostFacts, names: Record<string, string> = {}): Settings {
  const { settings, problems } = readSettings(raw, facts, names)
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/**
 * The settings the inputs give, and every problem with them; where an input is wrong its setting holds what could be
 * read of it, so that the checks after this one (the files in the workspace) can still report their own problems.
 */
export function readSettings(raw: RawInputs, facts: HostFacts, names: Record<string, string> = {}): { settings: Settings; problems: string[] } {
  const problems: string[] = []
  const value = (name: string): string => {
    const given = raw[name]
    if (given !== undefined && given.trim() !== '') return MULTILINE_INPUTS.includes(name) ? given : given.trim()
    return INPUTS.find((input) => input.name === name)?.default ?? ''
  }
  const problem = (name: string, text: string): void => {
    problems.push(`${names[name] ?? `input '${name}'`}: ${text}`)
  }

  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const given = value(name)
    if ((allowed as readonly string[]).includes(given)) return given as T
    problem(name, `'${given}' is not allowed; allowed values: ${allowed.join(', ')}`)
    return undefined
  }

  const list = <T extends string>(name: string, allowed: readonly T[], explain?: (v: string) => string | undefined): T[] => {
    const items = value(name)
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== '')
    if (items.length === 0) problem(name, `the list is empty; allowed values: ${allowed.join(', ')}`)
    const seen = new Set<string>()
    const result: T[] = []
    for (const item of items) {
      if (item.startsWith('-')) {
        problem(name, `'${item}' looks like a command-line option, not a value; allowed values: ${allowed.join(', ')}`)
      } else if (!(allowed as readonly string[]).includes(item)) {
        problem(name, explain?.(item) ?? `'${item}' is not allowed; allowed values: ${allowed.join(', ')}`)
      } else if (seen.has(item)) {
        problem(name, `'${item}' is listed twice`)
      } else {
        seen.add(item)
        result.push(item as T)
      }
    }
    return result
  }

  const bool = (name: string): boolean => {
    const given = value(name)
    if (BOOLEAN_TRUE.includes(given)) return true
    if (!BOOLEAN_FALSE.includes(given)) problem(name, `'${given}' is not a boolean; use true or false`)
    return false
  }

  const reference = (name: string, given: string, check: (v: string) => string | undefined): string => {
    const text = check(given)
    if (text !== undefined) problem(name, `'${given}' is not valid: ${text}`)
    return given
  }

  const filePath = (name: string): string => {
    const given = value(name)
    if (given.startsWith('-')) problem(name, `'${given}' looks like a command-line option, not a path`)
    return given
  }

  // `true` is mode=min, as buildx reads it; spelled out so that legs and merge compare like with like.
  const provenanceSetting = (): Settings['provenance'] => {
    const given = oneOf('provenance', ['false', 'true', 'mode=min', 'mode=max'] as const)
    return given === 'true' ? 'mode=min' : (given ?? 'false')
  }
  const sbomSetting = (): string => {
    const given = value('sbom')
    if (given === 'false' || given === 'true') return given
    const generator = /^generator=(.+)$/.exec(given)?.[1]
    if (generator === undefined) {
      problem('sbom', `'${given}' is not allowed; allowed values: false, true, generator=<image>`)
    } else {
      const text = checkImageReference(generator)
      if (text !== undefined) problem('sbom', `the generator '${generator}' is not an image reference: ${text}`)
    }
    return given
  }
  const outputType = oneOf('output-type', OUTPUT_TYPES) ?? 'docker'
  const role = oneOf('role', ROLES) ?? 'all'
  if (role !== 'all' && outputType === 'docker') {
    problem('output-type', `'docker' cannot be used with input 'role': '${role}' (a split run builds and publishes through a registry, or builds tarballs); allowed with role ${role}: registry, tar, auto`)
  }
  const os = list('os', OPERATING_SYSTEMS)
  const arch = list('arch', LINUX_ARCHITECTURES)
  const windowsVersions = list('windows-version', WINDOWS_VERSIONS, (item) =>
    (UNSUPPORTED_WINDOWS_VERSIONS as readonly string[]).includes(item)
      ? `'${item}' (Windows Server 2019) is not supported by the design: Windows Server 2022 is the base image delivered; allowed values: ${WINDOWS_VERSIONS.join(', ')}`
      : undefined
  )

  const buildxInstance = value('buildx-instance') || undefined
  if (buildxInstance !== undefined) reference('buildx-instance', buildxInstance, checkBuilderName)
  const buildkitImage = value('buildkit-image') || undefined
  if (buildkitImage !== undefined) {
    reference('buildkit-image', buildkitImage, checkImageReference)
    if (buildxInstance !== undefined) {
      problem('buildkit-image', `'${buildkitImage}' applies to a builder the action creates, but input 'buildx-instance' names an existing builder ('${buildxInstance}'); set one of them`)
    }
  }

  const problemsBeforeImage = problems.length
  const registry = reference('registry', value('registry'), checkRegistryPrefix)
  const bin = reference('bin', value('bin'), checkPathComponent)
  const givenImage = value('image')
  const derivedImage = `${registry}/${bin}`
  // A derived image is only checked on its own when registry and bin were fine: one mistake, one message.
  const image =
    givenImage !== '' || problems.length === problemsBeforeImage
      ? reference('image', givenImage || derivedImage, checkRepository)
      : derivedImage

  const version = reference('version', value('version'), checkTag)
  const longestSuffix = selectPlatforms(os, arch, windowsVersions)
    .map(platformSuffix).reduce((a, b) => (b.length > a.length ? b : a), '')
  if (checkTag(version) === undefined && version.length + 1 + longestSuffix.length > MAX_TAG_LENGTH) {
    problem(
      'version',
      `'${version}' is ${version.length} characters long; with '-${longestSuffix}' added, a platform tag would pass the ${MAX_TAG_LENGTH}-character limit of a tag (at most ${MAX_TAG_LENGTH - 1 - longestSuffix.length} characters here)`
    )
  }

  const keyValues = (name: string, what: string, keyPattern: RegExp, keyRule: string, valueProblem: (v: string) => string | undefined = () => undefined): Array<[string, string]> => {
    const pairs: Array<[string, string]> = []
    for (const line of value(name).split('\n')) {
      const text = line.replace(/\r$/, '')
      if (text.trim() === '') continue
      const equals = text.indexOf('=')
      const key = equals < 0 ? '' : text.slice(0, equals).trim()
      const wrong = equals < 0 ? undefined : valueProblem(text.slice(equals + 1))
      if (equals < 0) problem(name, `line '${text}' has no '='; each line is ${what}`)
      else if (!keyPattern.test(key)) problem(name, `'${key}' is not a valid name (${keyRule})`)
      else if (wrong) problem(name, `'${text}': ${wrong}`)
      else pairs.push([key, text.slice(equals + 1)])
    }
    return pairs
  }
  const buildArgs = keyValues('build-args', 'KEY=VALUE', /^[A-Za-z_][A-Za-z0-9_]*$/, "letters, digits and '_', not starting with a digit")
  const labels = keyValues('labels', 'KEY=VALUE', /^[A-Za-z0-9][\w./-]*$/, "letters, digits, '.', '/', '_' and '-'")
  const secretId = "letters, digits, '.', '_' and '-'"
  const parsedSecrets = parseSecrets(value('secrets'))
  for (const text of parsedSecrets.problems) problem('secrets', text)
  const secrets = parsedSecrets.pairs
  const secretFiles = keyValues('secret-files', 'id=path', /^[A-Za-z0-9_][\w.-]*$/, secretId, (file) =>
    file.startsWith('-') ? 'the path looks like a command-line option' : /[,"]/.test(file) || file === '' ? "the path is empty or holds a comma or a quote, which buildx's --secret value cannot carry" : undefined
  )
  const secretEnvs = keyValues('secret-envs', 'id=VARIABLE', /^[A-Za-z0-9_][\w.-]*$/, secretId, (variable) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(variable) ? undefined : 'the variable name holds letters, digits and \'_\', not starting with a digit'
  )
  for (const id of duplicateIds({ secrets, secretFiles, secretEnvs })) {
    problem('secrets', `the id '${id}' is given twice (in secrets, secret-files or secret-envs); each secret needs its own id`)
  }
  const lines = (name: string): string[] => {
    const items = value(name)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
    for (const item of items) {
      if (item.startsWith('-')) problem(name, `'${item}' looks like a command-line option, not a value`)
    }
    return items
  }

  const wholeNumber = (name: string, meaning: string): number => {
    const text = value(name)
    if (/^\d+$/.test(text)) return Number(text)
    problem(name, `'${text}' is not a whole number of 0 or more (${meaning})`)
    return 0
  }
  const maxParallelText = value('max-parallel')
  let maxParallel: MaxParallel = 'auto'
  if (/^\d+$/.test(maxParallelText)) maxParallel = Number(maxParallelText)
  else if (maxParallelText !== 'auto') problem('max-parallel', `'${maxParallelText}' is not allowed; allowed values: auto, or a whole number of builds at once (0: all)`)

  const outputDir = filePath('output-dir')
  const resolvedOutput = path.resolve(facts.workspace, outputDir)
  const relativeOutput = path.relative(facts.workspace, resolvedOutput)
  if (/[,"]/.test(outputDir)) {
    problem('output-dir', `'${outputDir}' holds a comma or a quote, which buildx's --output value cannot carry`)
  } else if (relativeOutput === '..' || relativeOutput.startsWith(`..${path.sep}`) || path.isAbsolute(relativeOutput)) {
    problem('output-dir', `'${outputDir}' is outside the workspace ${facts.workspace}; tarballs are written inside it`)
  }

  const tagLatest = bool('tag-latest')
  if (tagLatest && version === 'latest') {
    problem('tag-latest', "true, with version 'latest': the latest list would be pushed twice; set tag-latest to false, or give another version")
  }
  const publicBuildArgs = value('public-build-args')
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '')
  for (const name of publicBuildArgs.filter((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))) {
    problem('public-build-args', `'${name}' is not a build argument name (letters, digits and '_', not starting with a digit)`)
  }

  const settings: Settings = {
    outputType,
    os,
    arch,
    windowsVersions,
    buildxInstance,
    buildkitImage,
    registry,
    bin,
    image,
    registryHost: splitRepository(image).host,
    version,
    tagLatest,
    dockerfile: filePath('dockerfile'),
    windowsDockerfile: filePath('windows-dockerfile'),
    context: filePath('context'),
    buildArgs,
    labels,
    secrets,
    secretFiles,
    secretEnvs,
    forkSecrets: bool('fork-secrets'),
    publicBuildArgs,
    cacheFrom: lines('cache-from'),
    cacheTo: lines('cache-to'),
    noCache: bool('no-cache'),
    tarFormat: oneOf('tar-format', TAR_FORMATS) ?? 'rootfs',
    pkg: value('pkg'),
    insecureRegistry: bool('insecure-registry'),
    outputDir: relativeOutput === '' ? '.' : relativeOutput,
    maxParallel,
    failFast: bool('fail-fast'),
    retries: wholeNumber('retries', '0 never retries'),
    retryMaxWait: wholeNumber('retry-max-wait', 'seconds'),
    commandTimeout: commandTimeout(value('command-timeout'), (text) => problem('command-timeout', text)),
    provenance: provenanceSetting(),
    sbom: sbomSetting(),
    role,
    resultsDir: value('results-dir') === '' ? facts.defaultResultsDir : path.resolve(facts.workspace, filePath('results-dir')),
    dryRun: bool('dry-run')
  }
  return { settings, problems }
}

/**
 * Whether the images carry the attestations asked for: the Docker formats (output docker, tar-format docker) cannot,
 * and drop them (with a warning); everything else keeps them.
 */
export function keepsAttestations(settings: Settings): boolean {
  const wanted = settings.provenance !== 'false' || settings.sbom !== 'false'
  const dockerExporter = settings.outputType === 'docker' || (settings.outputType === 'tar' && settings.tarFormat === 'docker')
  return wanted && !dockerExporter
}

/** True when the context is fetched by buildx itself rather than read from the workspace. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')
}
