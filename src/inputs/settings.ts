// From raw inputs to one validated Settings object. InputReader reads an input (or its default) and records each
// problem under the input's name; each rule below reads one input, or a few that only make sense together. Every
// problem is collected, so a user fixes them all in one round.
import path from 'node:path'
import { Annotations, parseAnnotations } from './annotations.js'
import {
  AUTO,
  DEFAULT_ANNOTATIONS,
  REPRODUCIBLE,
  SIGSTORE_CHOICES,
  INPUTS,
  InputError,
  MaxParallel,
  MULTILINE_INPUTS,
  RawInputs,
  ROLES,
  Settings,
  TagLatest,
  TAR_FORMATS
} from './definitions.js'
import {
  LINUX_ARCHITECTURES,
  OPERATING_SYSTEMS,
  OUTPUT_TYPES,
  UNSUPPORTED_WINDOWS_VERSIONS,
  WINDOWS_VERSIONS,
  platformSuffix,
  selectPlatforms
} from '../shared/platforms.js'
import { duplicateIds, parseSecrets, SecretSources } from './secrets.js'
import {
  MAX_TAG_LENGTH,
  checkBuilderName,
  checkImageReference,
  checkPathComponent,
  checkRegistryPrefix,
  checkRepository,
  checkTag,
  isLoopbackHost,
  parseTaggedReference,
  sameRepository,
  splitRepository
} from '../shared/references.js'

const BOOLEAN_TRUE = ['true', 'True', 'TRUE']
const BOOLEAN_FALSE = ['false', 'False', 'FALSE']
const NAME_OF_ARGUMENT = /^[A-Za-z_][A-Za-z0-9_]*$/
const SECRET_ID = /^[A-Za-z0-9_][\w.-]*$/

/** Reads inputs one at a time, each with its default, and keeps every problem under the input's name. */
export class InputReader {
  readonly problems: string[] = []

  constructor(
    private readonly raw: RawInputs,
    /** How an input is named where it did not come from the action: `flag --os`, `environment variable BUILD_OS`. */
    private readonly names: Record<string, string> = {}
  ) {}

  /** The value given (lines kept as written for the multi-line inputs), or the input's default. */
  value(name: string): string {
    const given = this.raw[name]
    if (given !== undefined && given.trim() !== '') return MULTILINE_INPUTS.includes(name) ? given : given.trim()
    return INPUTS.find((input) => input.name === name)?.default ?? ''
  }

  problem(name: string, text: string): void {
    this.problems.push(`${this.names[name] ?? `input '${name}'`}: ${text}`)
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const given = this.value(name)
    if ((allowed as readonly string[]).includes(given)) return given as T
    this.problem(name, `'${given}' is not allowed; allowed values: ${allowed.join(', ')}`)
    return undefined
  }

  /** A comma or newline separated list of allowed values, each once; `explain` words the refusal of a value. */
  list<T extends string>(name: string, allowed: readonly T[], explain?: (item: string) => string | undefined): T[] {
    const items = this.value(name)
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== '')
    if (items.length === 0) this.problem(name, `the list is empty; allowed values: ${allowed.join(', ')}`)
    const result: T[] = []
    for (const item of items) {
      if (item.startsWith('-')) this.problem(name, `'${item}' looks like a command-line option, not a value; allowed values: ${allowed.join(', ')}`)
      else if (!(allowed as readonly string[]).includes(item))
        this.problem(name, explain?.(item) ?? `'${item}' is not allowed; allowed values: ${allowed.join(', ')}`)
      else if (result.includes(item as T)) this.problem(name, `'${item}' is listed twice`)
      else result.push(item as T)
    }
    return result
  }

  bool(name: string): boolean {
    const given = this.value(name)
    if (BOOLEAN_TRUE.includes(given)) return true
    if (!BOOLEAN_FALSE.includes(given)) this.problem(name, `'${given}' is not a boolean; use true or false`)
    return false
  }

  /** A whole number from 0 to `max` (a bound a typo cannot pass: `retries: 1000` would hold a failing run for hours). */
  wholeNumber(name: string, meaning: string, max: number): number {
    const text = this.value(name)
    if (/^\d{1,9}$/.test(text) && Number(text) <= max) return Number(text)
    this.problem(name, `'${text}' is not a whole number from 0 to ${max} (${meaning})`)
    return 0
  }

  /** `given` checked by `check`, which says what is wrong with it. */
  checked(name: string, given: string, check: (value: string) => string | undefined): string {
    const text = check(given)
    if (text !== undefined) this.problem(name, `'${given}' is not valid: ${text}`)
    return given
  }

  /** A path the action hands on; never one that buildx would read as an option. */
  filePath(name: string): string {
    const given = this.value(name)
    if (given.startsWith('-')) this.problem(name, `'${given}' looks like a command-line option, not a path`)
    return given
  }

  /** Newline-separated lines, none an option. */
  lines(name: string): string[] {
    const items = this.value(name)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
    for (const item of items.filter((i) => i.startsWith('-'))) this.problem(name, `'${item}' looks like a command-line option, not a value`)
    return items
  }

  /**
   * Newline-separated `key=value` lines; `valueProblem` says what is wrong with a value. A problem names the line by
   * its number and a valid key, never the line's text: a value (a build argument's) may be a secret.
   */
  keyValues(
    name: string,
    what: string,
    [keyPattern, keyRule]: [RegExp, string],
    valueProblem: (value: string) => string | undefined = () => undefined
  ): Array<[string, string]> {
    const pairs: Array<[string, string]> = []
    const lines = this.value(name)
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
    lines.forEach((line, index) => {
      if (line.trim() === '') return
      const number = index + 1
      const equals = line.indexOf('=')
      const key = equals < 0 ? '' : line.slice(0, equals).trim()
      const wrong = equals < 0 ? undefined : valueProblem(line.slice(equals + 1))
      if (equals < 0) this.problem(name, `line ${number} has no '='; each line is ${what}`)
      else if (!keyPattern.test(key)) this.problem(name, `line ${number} does not start with a valid name (${keyRule}) before its '='`)
      else if (wrong) this.problem(name, `line ${number} (${key}): ${wrong}`)
      else pairs.push([key, line.slice(equals + 1)])
    })
    return pairs
  }
}

/** What the settings depend on besides the inputs; passed in so that parsing stays pure. */
export interface WorkspaceFacts {
  workspace: string
  /** Where results-dir is when not given: under RUNNER_TEMP in a workflow, outside the workspace. */
  defaultResultsDir: string
}

const DEFAULT_COMMAND_TIMEOUT = 300
/** Further attempts of one request or command at most: more outlasts any registry's bad minute. */
const MAX_RETRIES = 10
/** The waiting between one command's attempts at most: an hour. */
const MAX_RETRY_WAIT_SECONDS = 3600

/** `command-timeout` as a number of seconds (1 to a day); `problem` hears what is wrong with another value. */
export function commandTimeout(text: string, problem: (text: string) => void = () => undefined): number {
  const seconds = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN
  if (seconds >= 1 && seconds <= 86400) return seconds
  problem(`'${text}' is not a whole number of seconds from 1 to 86400 (a day)`)
  return DEFAULT_COMMAND_TIMEOUT
}

/** A split run (build, merge) goes through a registry or tarballs, never one machine's Docker. */
function roleOf(r: InputReader, outputType: Settings['outputType']): Settings['role'] {
  const role = r.oneOf('role', ROLES) ?? 'all'
  if (role !== 'all' && outputType === 'docker') {
    r.problem(
      'output-type',
      `'docker' cannot be used with input 'role': '${role}' (a split run builds and publishes through a registry, or builds tarballs); allowed with role ${role}: registry, tar, auto`
    )
  }
  return role
}

function platformsOf(r: InputReader): Pick<Settings, 'os' | 'arch' | 'windowsVersions'> {
  return {
    os: r.list('os', OPERATING_SYSTEMS),
    arch: r.list('arch', LINUX_ARCHITECTURES),
    windowsVersions: r.list('windows-version', WINDOWS_VERSIONS, (item) =>
      (UNSUPPORTED_WINDOWS_VERSIONS as readonly string[]).includes(item)
        ? `'${item}' (Windows Server 2019) is not supported by the design: Windows Server 2022 is the base image delivered; allowed values: ${WINDOWS_VERSIONS.join(', ')}`
        : undefined
    )
  }
}

/** A builder the user names, or the BuildKit image of the one the action creates: never both. */
function builderOf(r: InputReader): Pick<Settings, 'buildxInstance' | 'buildkitImage'> {
  const buildxInstance = r.value('buildx-instance') || undefined
  if (buildxInstance !== undefined) r.checked('buildx-instance', buildxInstance, checkBuilderName)
  const buildkitImage = r.value('buildkit-image') || undefined
  if (buildkitImage !== undefined) {
    r.checked('buildkit-image', buildkitImage, checkImageReference)
    if (buildxInstance !== undefined) {
      r.problem(
        'buildkit-image',
        `'${buildkitImage}' applies to a builder the action creates, but input 'buildx-instance' names an existing builder ('${buildxInstance}'); set one of them`
      )
    }
  }
  return { buildxInstance, buildkitImage }
}

/** The image: given, or `<registry>/<bin>`, which is checked on its own only when registry and bin were fine. */
function imageOf(r: InputReader): Pick<Settings, 'registry' | 'bin' | 'image' | 'registryHost'> {
  const before = r.problems.length
  const registry = r.checked('registry', r.value('registry'), checkRegistryPrefix)
  const bin = r.checked('bin', r.value('bin'), checkPathComponent)
  const given = r.value('image')
  const derived = `${registry}/${bin}`
  const image = given !== '' || r.problems.length === before ? r.checked('image', given || derived, checkRepository) : derived
  return { registry, bin, image, registryHost: splitRepository(image).host }
}

/** A tag that still fits once the longest platform suffix of the run is added. */
function versionOf(r: InputReader, platforms: Pick<Settings, 'os' | 'arch' | 'windowsVersions'>): string {
  // `auto` is the policy's to decide, within the same bound.
  if (r.value('version') === AUTO) return AUTO
  const version = r.checked('version', r.value('version'), checkTag)
  const longest = selectPlatforms(platforms.os, platforms.arch, platforms.windowsVersions)
    .map(platformSuffix)
    .reduce((a, b) => (b.length > a.length ? b : a), '')
  if (checkTag(version) === undefined && version.length + 1 + longest.length > MAX_TAG_LENGTH) {
    r.problem(
      'version',
      `'${version}' is ${version.length} characters long; with '-${longest}' added, a platform tag would pass the ${MAX_TAG_LENGTH}-character limit of a tag (at most ${MAX_TAG_LENGTH - 1 - longest.length} characters here)`
    )
  }
  return version
}

/** `auto`, or a boolean as YAML writes it; `latest` asked as the version and again as tag-latest is a mistake. */
function tagLatestOf(r: InputReader, version: string): TagLatest {
  const tagLatest = r.value('tag-latest').trim() === 'auto' ? 'auto' : r.bool('tag-latest') ? 'true' : 'false'
  if (tagLatest === 'true' && version === 'latest')
    r.problem('tag-latest', "true, with version 'latest': the latest list would be pushed twice; set tag-latest to false, or give another version")
  return tagLatest
}

function publicBuildArgsOf(r: InputReader): string[] {
  const names = r
    .value('public-build-args')
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '')
  for (const name of names.filter((n) => !NAME_OF_ARGUMENT.test(n))) {
    r.problem('public-build-args', `'${name}' is not a build argument name (letters, digits and '_', not starting with a digit)`)
  }
  return names
}

/** The three forms of secrets (secrets.ts), each id once across them. */
function secretsOf(r: InputReader): SecretSources {
  const parsed = parseSecrets(r.value('secrets'))
  for (const text of parsed.problems) r.problem('secrets', text)
  const id: [RegExp, string] = [SECRET_ID, "letters, digits, '.', '_' and '-'"]
  const secretFiles = r.keyValues('secret-files', 'id=path', id, (file) =>
    file.startsWith('-')
      ? 'the path looks like a command-line option'
      : /[,"]/.test(file) || file === ''
        ? "the path is empty or holds a comma or a quote, which buildx's --secret value cannot carry"
        : undefined
  )
  const secretEnvs = r.keyValues('secret-envs', 'id=VARIABLE', id, (variable) =>
    NAME_OF_ARGUMENT.test(variable) ? undefined : "the variable name holds letters, digits and '_', not starting with a digit"
  )
  const sources = { secrets: parsed.pairs, secretFiles, secretEnvs }
  for (const twice of duplicateIds(sources))
    r.problem('secrets', `the id '${twice}' is given twice (in secrets, secret-files or secret-envs); each secret needs its own id`)
  return sources
}

function annotationsOf(r: InputReader): Annotations {
  const parsed = parseAnnotations(r.value('annotations'))
  for (const text of parsed.problems) r.problem('annotations', text)
  return parsed.annotations
}

/**
 * The tags of `extra-tags`: full references of `image`'s repository (another is refused, for now), each a valid
 * tag, each once. Which of them the run writes is the tag policy's to say (policy/tags.ts).
 */
function extraTagsOf(r: InputReader, image: string): string[] {
  const tags: string[] = []
  for (const ref of r
    .value('extra-tags')
    .split(/[,\n]/)
    .map((line) => line.trim())
    .filter((line) => line !== '')) {
    const named = parseTaggedReference(ref)
    if (typeof named === 'string') r.problem('extra-tags', `'${ref}' ${named}`)
    else if (!sameRepository(named.repository, image)) {
      r.problem('extra-tags', `'${ref}' is not in the repository of input 'image' (${image}); extra tags name that repository (another one is not supported)`)
    } else if (!tags.includes(named.tag)) tags.push(named.tag)
  }
  return tags
}

/** Bundles (and the login that attaches them) cross no network in the clear: HTTPS, or plain HTTP to this machine's loopback. */
function signOf(r: InputReader, registryHost: string, insecure: boolean): boolean {
  const sign = r.bool('sign')
  if (sign && insecure && !isLoopbackHost(registryHost)) {
    r.problem(
      'sign',
      `true, with insecure-registry true for ${registryHost}: signatures are attached over HTTPS, or plain HTTP to a registry on this machine's loopback only; sign to an HTTPS registry, or set sign to false`
    )
  }
  return sign
}

function maxParallelOf(r: InputReader): MaxParallel {
  const text = r.value('max-parallel')
  if (/^\d+$/.test(text)) return Number(text)
  if (text !== 'auto') r.problem('max-parallel', `'${text}' is not allowed; allowed values: auto, or a whole number of builds at once (0: all)`)
  return 'auto'
}

/** Inside the workspace, relative to it, and something buildx's --output value can carry. */
function outputDirOf(r: InputReader, workspace: string): string {
  const given = r.filePath('output-dir')
  const relative = path.relative(workspace, path.resolve(workspace, given))
  if (/[,"]/.test(given)) r.problem('output-dir', `'${given}' holds a comma or a quote, which buildx's --output value cannot carry`)
  else if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    r.problem('output-dir', `'${given}' is outside the workspace ${workspace}; tarballs are written inside it`)
  return relative === '' ? '.' : relative
}

/** `true` is mode=min, as buildx reads it; spelled out so that legs and merge compare like with like. */
function provenanceOf(r: InputReader): Settings['provenance'] {
  const given = r.oneOf('provenance', ['false', 'true', 'mode=min', 'mode=max'] as const)
  return given === 'true' ? 'mode=min' : (given ?? 'false')
}

function sbomOf(r: InputReader): string {
  const given = r.value('sbom')
  if (given === 'false' || given === 'true') return given
  const generator = /^generator=(.+)$/.exec(given)?.[1]
  if (generator === undefined) r.problem('sbom', `'${given}' is not allowed; allowed values: false, true, generator=<image>`)
  else if (checkImageReference(generator) !== undefined)
    r.problem('sbom', `the generator '${generator}' is not an image reference: ${checkImageReference(generator)}`)
  return given
}

function resultsDirOf(r: InputReader, facts: WorkspaceFacts): string {
  return r.value('results-dir') === '' ? facts.defaultResultsDir : path.resolve(facts.workspace, r.filePath('results-dir'))
}

/**
 * The settings the inputs give, and every problem with them; where an input is wrong its setting holds what could be
 * read of it, so that the checks after this one (the files in the workspace) can still report their own problems.
 */
export function readSettings(
  raw: RawInputs,
  facts: WorkspaceFacts,
  names: Record<string, string> = {},
  given: Iterable<string> = []
): { settings: Settings; problems: string[] } {
  const r = new InputReader(raw, names)
  const outputType = r.oneOf('output-type', [...OUTPUT_TYPES, AUTO] as const) ?? 'docker'
  const role = roleOf(r, outputType)
  const platforms = platformsOf(r)
  const builder = builderOf(r)
  const image = imageOf(r)
  const version = versionOf(r, platforms)
  const buildArgs = r.keyValues('build-args', 'KEY=VALUE', [NAME_OF_ARGUMENT, "letters, digits and '_', not starting with a digit"])
  const labels = r.keyValues('labels', 'KEY=VALUE', [/^[A-Za-z0-9][\w./-]*$/, "letters, digits, '.', '/', '_' and '-'"])
  const secrets = secretsOf(r)
  const maxParallel = maxParallelOf(r)
  const outputDir = outputDirOf(r, facts.workspace)
  const tagLatest = tagLatestOf(r, version)
  const publicBuildArgs = publicBuildArgsOf(r)
  const extraTags = extraTagsOf(r, image.image)
  const insecureRegistry = r.bool('insecure-registry')
  const settings: Settings = {
    outputType,
    ...platforms,
    ...builder,
    ...image,
    version,
    tagLatest,
    release: r.bool('release'),
    dockerfile: r.filePath('dockerfile'),
    windowsDockerfile: r.filePath('windows-dockerfile'),
    context: r.filePath('context'),
    buildArgs,
    labels,
    annotations: annotationsOf(r),
    defaultAnnotations: r.oneOf('default-annotations', DEFAULT_ANNOTATIONS) ?? 'auto',
    extraTags,
    ...secrets,
    forkSecrets: r.bool('fork-secrets'),
    publicBuildArgs,
    cacheFrom: r.lines('cache-from'),
    cacheTo: r.lines('cache-to'),
    noCache: r.bool('no-cache'),
    reproducible: r.oneOf('reproducible', REPRODUCIBLE) ?? 'auto',
    tarFormat: r.oneOf('tar-format', TAR_FORMATS) ?? 'rootfs',
    pkg: r.value('pkg'),
    insecureRegistry,
    outputDir,
    maxParallel,
    failFast: r.bool('fail-fast'),
    retries: r.wholeNumber('retries', '0 never retries', MAX_RETRIES),
    retryMaxWait: r.wholeNumber('retry-max-wait', 'seconds', MAX_RETRY_WAIT_SECONDS),
    commandTimeout: commandTimeout(r.value('command-timeout'), (text) => r.problem('command-timeout', text)),
    provenance: provenanceOf(r),
    sbom: sbomOf(r),
    sign: signOf(r, image.registryHost, insecureRegistry),
    sigstore: r.oneOf('sigstore', SIGSTORE_CHOICES) ?? 'auto',
    role,
    resultsDir: resultsDirOf(r, facts),
    allowOtherCommit: r.bool('allow-other-commit'),
    dryRun: r.bool('dry-run'),
    githubToken: r.value('github-token'),
    given: [...given]
  }
  return { settings, problems: r.problems }
}

/** The settings, or an InputError naming every problem. */
export function parseSettings(raw: RawInputs, facts: WorkspaceFacts, names: Record<string, string> = {}): Settings {
  const { settings, problems } = readSettings(raw, facts, names, Object.keys(raw))
  if (problems.length > 0) throw new InputError(problems)
  return settings
}
