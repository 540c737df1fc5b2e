#!/usr/bin/env node
// The command line: the action's pipeline as `make container` was, inputs given as flags or as the seed's
// environment variables, the workspace being the current directory.
import { readCommandLine } from './inputs/readers.js'
import { INPUTS, InputError } from './inputs/definitions.js'
import { cleanUp, runPipeline } from './pipeline.js'
import { outputsByName } from './report/outputs.js'
import { consoleLog } from './shared/log.js'
import { ProcessRunner } from './system/runner.js'

/** The exit code of a run stopped by a signal, as shells report one. */
const CANCELLED = 130

function usage(): string {
  const width = Math.max(...INPUTS.map((input) => input.name.length)) + 2
  const lines = INPUTS.map((input) => {
    const seed = input.seedVariable ? ` [env ${input.seedVariable}]` : ''
    const fallback = input.default === '' ? '' : ` (default: ${input.default})`
    return `  --${input.name.padEnd(width)} ${input.description}${fallback}${seed}`
  })
  return [
    'Usage: velero-multiarch-build [--input value ...]',
    '',
    'Builds an image for each platform with docker buildx and, for output-type registry, publishes one manifest',
    'list. Flags are the action inputs; the environment variables of Velero\'s Makefile are read too (flags win).',
    'Logs go to standard error; the outputs are printed to standard output as one JSON object.',
    'SIGINT or SIGTERM stops the builds and cleans up; a second one stops every command at once.',
    '',
    ...lines,
    '  --help'
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`)
    return 0
  }
  const log = consoleLog()
  const runner = new ProcessRunner()
  const abort = new AbortController()
  let builder: string | undefined
  let cleaning: Promise<void> | undefined
  const cleanUpOnce = (): Promise<void> => (cleaning ??= cleanUp(builder, { runner, log, env: process.env }))
  // The first signal cancels: the builds and every command stop, nothing more is published, the builder goes. The
  // second does not wait for any of that: every command is killed, the builder removed, and the process exits.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!abort.signal.aborted) {
      log.error(`received ${signal}; stopping the builds (a second signal stops everything at once)`)
      abort.abort()
      return
    }
    log.error(`received ${signal} again; stopping everything at once`)
    runner.killAll()
    void cleanUpOnce().finally(() => process.exit(CANCELLED))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let outputs: Record<string, unknown> | undefined
  try {
    await runPipeline(readCommandLine(argv, process.env), {
      runner,
      buildRunner: runner,
      log,
      workspace: process.cwd(),
      env: process.env,
      setOutputs: (values) => {
        outputs = outputsByName(values)
      },
      removeBuilderLater: (name) => {
        builder = name
      },
      signal: abort.signal
    })
    return 0
  } catch (error) {
    const problems = error instanceof InputError ? error.problems : [(error as Error).message]
    for (const problem of problems) log.error(problem)
    if (error instanceof InputError) log.info('Run with --help for the flags and their allowed values.')
    return abort.signal.aborted ? CANCELLED : error instanceof InputError ? 2 : 1
  } finally {
    await cleanUpOnce()
    if (outputs) process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
  }
}

process.exitCode = await main(process.argv.slice(2))
