// The command line: the action's pipeline as `make container` was, inputs given as flags or as the seed's
// environment variables, the workspace being the current directory. cli.ts loads it once the Node is one it runs on.
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLEANUP_TIMEOUT_SECONDS, removeBuilder } from './build/builder.js'
import { readCommandLine } from './inputs/readers.js'
import { INPUTS, InputError } from './inputs/definitions.js'
import { takeLocalBuilderFlag } from './inputs/local-builder-flag.js'
import { runPipeline } from './pipeline.js'
import { NothingToDo } from './policy/stage.js'
import { consoleLog } from './shared/log.js'
import { causeOf } from './shared/stage-failure.js'
import { BuildxCli } from './system/buildx.js'
import { machineEdges } from './system/edges.js'
import type { OutputValues } from './system/github.js'
import { LocalBuilder, MIRROR_FILE, startLocalBuilder } from './system/local-builder.js'
import { boundedRunner, ProcessRunner } from './system/runner.js'

/** The exit code of a run stopped by a signal, as shells report one. */
const CANCELLED = 130
/** The bound on each command that starts the local builder (buildkitd --version, docker buildx create and inspect). */
const LOCAL_BUILDER_TIMEOUT_SECONDS = 60

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
    "list. Flags are the action inputs; the environment variables of Velero's Makefile are read too (flags win).",
    'Logs go to standard error; the outputs are printed to standard output as one JSON object.',
    'SIGINT or SIGTERM stops the builds and cleans up; a second one stops every command at once.',
    '',
    ...lines,
    `  --${'local-builder[=DIR]'.padEnd(width)} start a BuildKit of its own for this run (root; buildkitd and buildx from DIR/bin, default: the toolset scripts/setup.sh installed) and remove it afterwards; for a machine with no builder`,
    '  --help'
  ].join('\n')
}

/** The checkout (or installed package) this command line runs from: the nearest package.json of ours above it. */
function packageRoot(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'velero-multiarch-build') return dir
    } catch {
      // no package.json of ours here
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/** The toolset and base-image mirror of `--local-builder`: the flag's directory, else what scripts/setup.sh left. */
function localBuilderPlaces(flag: string): { toolsetDir: string; mirrorDir?: string } {
  const root = packageRoot()
  const toolsetDir = flag !== '' ? path.resolve(flag) : root ? path.join(root, '.cache/toolsets/newest') : ''
  if (toolsetDir === '')
    throw new Error(
      '--local-builder: no toolset directory known outside a checkout of velero-multiarch-build; name one: --local-builder=DIR (DIR/bin holding buildkitd and docker-buildx)'
    )
  const mirrorDir = root ? path.join(root, '.cache/mirror') : undefined
  return { toolsetDir, mirrorDir: mirrorDir && existsSync(path.join(mirrorDir, MIRROR_FILE)) ? mirrorDir : undefined }
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
  // The local builder, from the moment it starts: a signal while it starts still stops what it started.
  let local: Promise<LocalBuilder> | undefined
  let cleaning: Promise<void> | undefined
  let dispose = async (): Promise<void> => undefined
  const removeOwnBuilder = async (): Promise<void> => {
    if (!builder) return
    const bounded = boundedRunner(runner, CLEANUP_TIMEOUT_SECONDS)
    await removeBuilder(builder, { buildx: new BuildxCli({ runner: bounded, buildRunner: bounded, log, env: process.env }), log })
  }
  const cleanUpOnce = (): Promise<void> => (cleaning ??= removeOwnBuilder().finally(async () => (await local?.catch(() => undefined))?.stop()))
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
  let outputs: OutputValues | undefined
  try {
    const flag = takeLocalBuilderFlag(argv)
    let read = readCommandLine(flag.argv, process.env)
    read.problems.push(...flag.problems)
    if (flag.toolsetDir !== undefined) {
      if (read.values['buildx-instance'])
        throw new InputError([
          `--local-builder and ${read.names['buildx-instance'] ?? 'buildx-instance'} (${read.values['buildx-instance']}) each name the builder: give one of them`
        ])
      if (/^true$/i.test(read.values['dry-run'] ?? '')) {
        log.info('--local-builder: a dry run runs nothing, so no BuildKit is started')
      } else if (read.problems.length === 0) {
        local = startLocalBuilder({
          ...localBuilderPlaces(flag.toolsetDir),
          dockerConfig: process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'),
          runner: boundedRunner(runner, LOCAL_BUILDER_TIMEOUT_SECONDS, abort.signal),
          log
        })
        const started = await local
        // The pipeline, its commands and its registry logins read this DOCKER_CONFIG, which holds the builder.
        process.env.DOCKER_CONFIG = started.dockerConfig
        read = {
          ...read,
          values: { ...read.values, 'buildx-instance': started.name },
          given: new Set([...read.given, 'buildx-instance']),
          names: { ...read.names, 'buildx-instance': 'flag --local-builder' }
        }
      }
    }
    const edges = machineEdges({
      env: process.env,
      workspace: process.cwd(),
      log,
      runner,
      signal: abort.signal,
      onOutputs: (values) => {
        outputs = values
      },
      onBuilderCreated: (name) => {
        builder = name
      }
    })
    dispose = () => edges.dispose()
    await runPipeline(read, edges)
    return 0
  } catch (error) {
    const cause = causeOf(error)
    if (cause instanceof NothingToDo) {
      log.notice(cause.message)
      return 0
    }
    const problems = cause instanceof InputError ? cause.problems : [cause.message]
    for (const problem of problems) log.error(problem)
    if (cause instanceof InputError) log.info('Run with --help for the flags and their allowed values.')
    return abort.signal.aborted ? CANCELLED : cause instanceof InputError ? 2 : 1
  } finally {
    await cleanUpOnce()
    await dispose()
    if (outputs) process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
  }
}

process.exitCode = await main(process.argv.slice(2))
