// What this machine must have before any build: a Linux runner, the docker CLI, and buildx 0.10 or later
// (--provenance and --sbom; --metadata-file is older), checked once, so that an old buildx is named rather than
// failing on a flag it does not know.
import { which } from '@actions/io'
import { buildxVersionCommand } from '../plan/commands.js'
import { commandLine, Log } from '../shared/log.js'
import { CommandError, CommandRunner } from '../shared/command-runner.js'
import { formatVersion, isOlder, parseVersion, Version } from '../shared/versions.js'

export const MINIMUM_BUILDX_VERSION: Version = [0, 10, 0]

/** What `docker buildx version` said: its first line, and the version in it when there is one. */
export interface BuildxVersion {
  line: string
  version?: Version
}

/** The version in `docker buildx version` output; a build without version information has none. */
export function parseBuildxVersion(output: string): Version | undefined {
  return parseVersion(output.split('\n')[0] ?? '')
}

/** Without the plugin, docker reads `buildx` as an unknown command. */
const BUILDX_MISSING = /'buildx' is not a docker command|unknown command:? "?(docker )?buildx|unknown flag: --name/

/**
 * Fails, naming the version found and the one needed, when buildx is missing or older than 0.10.0; warns when its
 * version cannot be read.
 */
export async function checkBuildxVersion(runner: CommandRunner, log: Log, env?: NodeJS.ProcessEnv, { dryRun } = { dryRun: false }): Promise<BuildxVersion> {
  const args = buildxVersionCommand()
  log.info(commandLine('docker', args))
  const result = await runner.run('docker', args, { env })
  // A dry run's runner ran nothing: the toolset is not known, and nothing is checked against it.
  if (dryRun) {
    log.info(
      'Toolset: not read in a dry run; the commands shown are those of a toolset that can do every setting (a buildx before 0.12 gets no default index annotations, a BuildKit before 0.13 no rewrite-timestamp)'
    )
    return { line: '' }
  }
  if (result.exitCode !== 0) {
    if (BUILDX_MISSING.test(result.stderr + result.stdout)) {
      throw new Error('docker buildx is not installed here; set it up first (in a workflow, with docker/setup-buildx-action)')
    }
    throw new CommandError('docker', args, result)
  }
  const line = result.stdout.trim().split('\n')[0] ?? ''
  const version = parseBuildxVersion(line)
  const needed = formatVersion(MINIMUM_BUILDX_VERSION)
  if (version === undefined) {
    log.warning(`could not read a version in '${line}' (docker buildx version); going on, but the action needs buildx ${needed} or later`)
  } else if (isOlder(version, MINIMUM_BUILDX_VERSION)) {
    throw new Error(
      `docker buildx ${formatVersion(version)} is too old: the action needs buildx ${needed} or later (for --provenance and --sbom). Upgrade it (in a workflow, with docker/setup-buildx-action).`
    )
  }
  return { line, version }
}

/** On GitHub, BuildKit runs on Linux runners only; Windows images are built from a Linux runner. */
export function checkRunner(env: NodeJS.ProcessEnv): void {
  // Only a GitHub runner says what it is; elsewhere (Docker Desktop on a Mac, say) buildx may well work.
  const system = env.RUNNER_OS
  if (system === 'Windows' || system === 'macOS') {
    throw new Error(
      `this job runs on a ${system} runner, where BuildKit (docker buildx with the docker-container driver) does not run. Use a Linux runner (runs-on: ubuntu-latest): it builds the Windows images too.`
    )
  }
}

/** Checks that this machine can run the action: a Linux runner, the docker CLI, and buildx 0.10 or later, whose version it returns. */
export async function checkDocker(runner: CommandRunner, log: Log, env: NodeJS.ProcessEnv): Promise<BuildxVersion> {
  checkRunner(env)
  if (!(await which('docker', false))) {
    throw new Error('the docker CLI is not on PATH; the action runs docker buildx (GitHub-hosted Ubuntu runners have it)')
  }
  return checkBuildxVersion(runner, log, env)
}
