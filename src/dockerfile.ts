// Just enough of the Dockerfile grammar to see what the final stage does: BuildKit on a Linux runner builds a
// Windows image only when that stage runs nothing (no RUN), since it cannot execute Windows programs.

interface Instruction {
  keyword: string
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
    if (!continuing) result.push({ keyword: line.split(/\s+/)[0].toUpperCase(), line: index + 1 })
    continuing = line.endsWith(escape)
  }
  return result
}

/** The line of the first RUN in the final stage, or undefined when it runs nothing. */
export function runInFinalStage(text: string): number | undefined {
  const all = instructions(text)
  const lastFrom = all.map((instruction) => instruction.keyword).lastIndexOf('FROM')
  return all.slice(lastFrom + 1).find((instruction) => instruction.keyword === 'RUN')?.line
}
