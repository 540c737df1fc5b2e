#!/usr/bin/env node
// The command line: the action's pipeline as `make container` was, inputs given as flags or as the seed's
// environment variables, the workspace being the current directory.
import { INPUTS, InputError, readCommandLine } from './inputs.js'
import { cleanUp, runPipeline } from './pipeline.js'
import { consoleLog, outputsByName } from './report.js'
import { ExecRunner, ProcessRunner } from './runner.js'

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
  const runner = new ExecRunner()
  const abort = new AbortController()
  let builder: string | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    log.error(`received ${signal}; stopping the builds`)
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let outputs: Record<string, unknown> | undefined
  try {
    await runPipeline(readCommandLine(argv, process.env), {
      runner,
      buildRunner: new ProcessRunner(),
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
    return error instanceof InputError ? 2 : 1
  } finally {
    await cleanUp(builder, { runner, log, env: process.env })
    if (outputs) process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
  }
}

process.exitCode = await main(process.argv.slice(2))
