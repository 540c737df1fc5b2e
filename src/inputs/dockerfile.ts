// Just enough of the Dockerfile grammar to see which stages a Windows image is built from: BuildKit on a Linux runner
// builds a Windows image only when none of those stages runs anything, since it cannot execute Windows programs. A
// stage runs on Windows unless its platform is the build platform (`FROM --platform=$BUILDPLATFORM`, as Velero
// compiles) or another Linux one; `FROM ${ARG}`, `--platform=` and `COPY --from=` are read with the ARG defaults
// and the run's build arguments, as BuildKit reads them.

interface Instruction {
  keyword: string
  /** The instruction's text after its keyword, continuation lines joined. */
  args: string
  line: number
}

/** Instructions with the line each starts on; continuation lines joined, comments and directives skipped. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = []
  const lines = text.split(/\r?\n/)
  let escape = '\\'
  let continuing = false
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(line)
    if (directive && result.length === 0) escape = directive[1]
    if (line.startsWith('#') || line === '') continue
    const body = line.endsWith(escape) ? line.slice(0, -1) : line
    if (continuing) {
      result[result.length - 1].args += ` ${body}`
    } else {
      const [keyword, ...rest] = body.split(/\s+/)
      result.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: index + 1 })
    }
    continuing = line.endsWith(escape)
  }
  return result
}

/** `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}`, as the Dockerfile frontend expands them. */
export function expand(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_match, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
      const value = variables.get(braced ?? bare ?? '')
      if (operator === '-') return value ? value : (word ?? '')
      if (operator === '+') return value ? (word ?? '') : ''
      return value ?? ''
    }
  )
}

/** What BuildKit defines for every stage of a Windows image built on a Linux runner. */
const PLATFORM_ARGS: ReadonlyArray<[string, string]> = [
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['TARGETPLATFORM', 'windows/amd64'],
  ['TARGETOS', 'windows'],
  ['TARGETARCH', 'amd64']
]

interface Stage {
  /** Its index as BuildKit numbers stages, and its name (`AS name`). */
  names: string[]
  line: number
  /** The image or stage it starts from, its variables expanded. */
  base: string
  /** Where it runs: `--platform=` expanded (`linux/amd64`), or `windows/amd64` (the target) when none is given. */
  platform: string
  /** What `--platform=` says, as written; undefined when none is given. */
  platformGiven?: string
  /** The first RUN in it, when there is one. */
  run?: number
  /** The first `ONBUILD RUN` in it: that runs when another stage is built FROM this one. */
  onbuildRun?: number
  /** Stages or images it copies from (`COPY --from=...`), expanded, with the line. */
  copiesFrom: Array<{ from: string; line: number }>
}

/** One `ARG NAME[=default]` instruction's names and defaults. */
function declaredArgs(args: string): Array<[string, string | undefined]> {
  return args
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word): [string, string | undefined] => {
      const equals = word.indexOf('=')
      return equals < 0 ? [word, undefined] : [word.slice(0, equals), word.slice(equals + 1).replace(/^"(.*)"$/, '$1')]
    })
}

function stagesOf(text: string, buildArgs: ReadonlyMap<string, string>): Stage[] {
  const stages: Stage[] = []
  // The ARGs before the first FROM: their defaults, or the build's value, are what FROM lines see.
  const global = new Map<string, string>(PLATFORM_ARGS)
  let inStage = new Map<string, string>()
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'ARG') {
      for (const [name, fallback] of declaredArgs(instruction.args)) {
        const value =
          buildArgs.get(name) ??
          (fallback !== undefined ? expand(fallback, stages.length === 0 ? global : inStage) : stages.length === 0 ? undefined : global.get(name))
        if (stages.length === 0) {
          if (value !== undefined) global.set(name, value)
        } else if (value !== undefined) inStage.set(name, value)
      }
      continue
    }
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/)
      const platformGiven = words.find((word) => word.startsWith('--platform='))?.slice('--platform='.length)
      const rest = words.filter((word) => !word.startsWith('--'))
      const as = rest.findIndex((word) => word.toUpperCase() === 'AS')
      stages.push({
        names: [String(stages.length), ...(as >= 0 && rest[as + 1] ? [rest[as + 1].toLowerCase()] : [])],
        line: instruction.line,
        base: expand(rest[0] ?? '', global).toLowerCase(),
        platform: platformGiven === undefined ? 'windows/amd64' : expand(platformGiven, global).toLowerCase(),
        ...(platformGiven !== undefined ? { platformGiven } : {}),
        copiesFrom: []
      })
      // A stage sees the platform's variables; a global ARG only once it declares it again.
      inStage = new Map(PLATFORM_ARGS)
      continue
    }
    const stage = stages[stages.length - 1]
    if (!stage) continue
    if (instruction.keyword === 'RUN' && stage.run === undefined) stage.run = instruction.line
    if (instruction.keyword === 'ONBUILD' && /^RUN\b/i.test(instruction.args) && stage.onbuildRun === undefined) stage.onbuildRun = instruction.line
    const from = /(?:^|\s)--from=(\S+)/.exec(instruction.args)?.[1]
    if (instruction.keyword === 'COPY' && from) stage.copiesFrom.push({ from: expand(from, inStage).toLowerCase(), line: instruction.line })
  }
  return stages
}

/** Where a Windows image would run something: the stage, the line, and how the final stage reaches that stage. */
export interface WindowsRun {
  stage: string
  runLine: number
  /** `RUN`, or `ONBUILD RUN` (which runs in the stage built FROM the one that holds it). */
  instruction: 'RUN' | 'ONBUILD RUN'
  /** The stage an ONBUILD RUN runs in (built FROM `stage`). */
  triggeredIn?: string
  /** What the stage runs on, when a `--platform=` says so (`windows/amd64`, from `$TARGETPLATFORM`). */
  platform?: string
  /** How the final stage reaches that stage (`FROM base at line 9`), empty for the final stage itself. */
  path: string[]
}

const nameOf = (stage: Stage): string => stage.names[1] ?? `#${stage.names[0]}`
const runsOnLinux = (stage: Stage): boolean => stage.platform.startsWith('linux')

/**
 * The first RUN in a stage that runs on Windows and that the final image is built from: the final stage, the stages
 * it starts from (`FROM <stage>`) and copies from (`COPY --from=<stage>`), and theirs in turn; or an `ONBUILD RUN`
 * in a stage one of those is built FROM. A stage on the build platform runs on Linux and may RUN; what it is built
 * from is still followed, since BuildKit builds each stage for its own platform. `buildArgs`: the run's values for
 * the ARGs (the design's and the user's build-args).
 */
export function windowsRun(text: string, buildArgs: ReadonlyMap<string, string> = new Map()): WindowsRun | undefined {
  const stages = stagesOf(text, buildArgs)
  const byName = (name: string): Stage | undefined => stages.find((stage) => stage.names.includes(name))
  const final = stages[stages.length - 1]
  if (!final) return undefined
  const seen = new Set<Stage>()
  const queue: Array<{ stage: Stage; path: string[] }> = [{ stage: final, path: [] }]
  while (queue.length > 0) {
    const { stage, path } = queue.shift() as { stage: Stage; path: string[] }
    if (seen.has(stage)) continue
    seen.add(stage)
    const parent = byName(stage.base)
    const platform =
      stage.platformGiven !== undefined
        ? { platform: stage.platformGiven === stage.platform ? stage.platform : `${stage.platform}, from ${stage.platformGiven}` }
        : {}
    if (!runsOnLinux(stage) && stage.run !== undefined) return { stage: nameOf(stage), runLine: stage.run, instruction: 'RUN', ...platform, path }
    if (!runsOnLinux(stage) && parent?.onbuildRun !== undefined) {
      return {
        stage: nameOf(parent),
        runLine: parent.onbuildRun,
        instruction: 'ONBUILD RUN',
        triggeredIn: nameOf(stage),
        ...platform,
        path: [...path, `FROM ${stage.base} at line ${stage.line}`]
      }
    }
    if (parent) queue.push({ stage: parent, path: [...path, `FROM ${stage.base} at line ${stage.line}`] })
    for (const copy of stage.copiesFrom) {
      const source = byName(copy.from)
      if (source) queue.push({ stage: source, path: [...path, `COPY --from=${copy.from} at line ${copy.line}`] })
    }
  }
  return undefined
}
