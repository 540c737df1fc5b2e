// The command line's one flag that is not an action input: `--local-builder[=DIR]`, a BuildKit of the command
// line's own for a machine with no builder (src/system/local-builder.ts). Taken out of argv before the inputs are
// read, so that every other flag is read as the action reads its inputs.

export interface LocalBuilderFlag {
  /** The arguments left for readCommandLine. */
  argv: string[]
  /** Undefined without the flag; else the toolset directory it names, or '' for the installed one. */
  toolsetDir?: string
  /** What is wrong with the flag, reported with the other inputs' problems. */
  problems: string[]
}

export function takeLocalBuilderFlag(argv: string[]): LocalBuilderFlag {
  const rest: string[] = []
  const problems: string[] = []
  let toolsetDir: string | undefined
  for (const arg of argv) {
    if (arg === '--local-builder') toolsetDir = ''
    else if (arg.startsWith('--local-builder=')) {
      toolsetDir = arg.slice('--local-builder='.length)
      if (toolsetDir === '')
        problems.push(
          'flag --local-builder=: the directory is empty; give --local-builder alone for the installed toolset (.cache/toolsets/newest), or --local-builder=DIR with DIR holding bin/buildkitd and bin/docker-buildx'
        )
    } else rest.push(arg)
  }
  return { argv: rest, toolsetDir, problems }
}
