// Just enough of the Dockerfile grammar to see which stages a Windows image is built from: BuildKit on a Linux runner
// builds a Windows image only when none of those stages runs anything (no RUN), since it cannot execute Windows
// programs. Stages built for the build platform (`FROM --platform=$BUILDPLATFORM`, as Velero compiles) may RUN.

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

interface Stage {
  /** Its name (`AS name`), or its index as BuildKit numbers stages. */
  names: string[]
  line: number
  /** The image or stage it starts from. */
  base: string
  /** Built for the target platform: no `--platform`, or `--platform=$TARGETPLATFORM`. */
  forTarget: boolean
  /** The first RUN in it, when there is one. */
  run?: number
  /** Stages or images it copies from (`COPY --from=...`), with the line. */
  copiesFrom: Array<{ from: string; line: number }>
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = []
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/)
      const platform = words.find((word) => word.startsWith('--platform='))?.slice('--platform='.length)
      const rest = words.filter((word) => !word.startsWith('--'))
      const as = rest.findIndex((word) => word.toUpperCase() === 'AS')
      stages.push({
        names: [String(stages.length), ...(as >= 0 && rest[as + 1] ? [rest[as + 1].toLowerCase()] : [])],
        line: instruction.line,
        base: (rest[0] ?? '').toLowerCase(),
        forTarget: platform === undefined || /^\$\{?TARGETPLATFORM\}?$/.test(platform),
        copiesFrom: []
      })
      continue
    }
    const stage = stages[stages.length - 1]
    if (!stage) continue
    if (instruction.keyword === 'RUN' && stage.run === undefined) stage.run = instruction.line
    const from = /(?:^|\s)--from=(\S+)/.exec(instruction.args)?.[1]
    if (instruction.keyword === 'COPY' && from) stage.copiesFrom.push({ from: from.toLowerCase(), line: instruction.line })
  }
  return stages
}

/** Where a Windows image would RUN something: the stage, and the lines that lead to it from the final stage. */
export interface WindowsRun {
  stage: string
  runLine: number
  /** How the final stage reaches that stage (`FROM base at line 9`), empty for the final stage itself. */
  path: string[]
}

/**
 * The first RUN in a stage built for the target (Windows) platform that the final image is built from: the final
 * stage, the stages it starts from (`FROM <stage>`) and copies from (`COPY --from=<stage>`), and theirs in turn. A
 * stage on another platform (`--platform=$BUILDPLATFORM`) runs on Linux and may RUN; what it is built from is still
 * followed, since BuildKit builds each stage for its own platform.
 */
export function windowsRun(text: string): WindowsRun | undefined {
  const stages = stagesOf(text)
  const byName = (name: string): Stage | undefined => stages.find((stage) => stage.names.includes(name))
  const final = stages[stages.length - 1]
  if (!final) return undefined
  const seen = new Set<Stage>()
  const queue: Array<{ stage: Stage; path: string[] }> = [{ stage: final, path: [] }]
  while (queue.length > 0) {
    const { stage, path } = queue.shift() as { stage: Stage; path: string[] }
    if (seen.has(stage)) continue
    seen.add(stage)
    if (stage.forTarget && stage.run !== undefined) return { stage: stage.names[1] ?? `#${stage.names[0]}`, runLine: stage.run, path }
    const parent = byName(stage.base)
    if (parent) queue.push({ stage: parent, path: [...path, `FROM ${stage.base} at line ${stage.line}`] })
    for (const copy of stage.copiesFrom) {
      const source = byName(copy.from)
      if (source) queue.push({ stage: source, path: [...path, `COPY --from=${copy.from} at line ${copy.line}`] })
    }
  }
  return undefined
}
