// The action needs buildx 0.10 or later (--provenance and --sbom; --metadata-file is older): checked once, before
// the first build, so that an old buildx is named rather than failing on a flag it does not know.
import { buildxVersionCommand } from '../plan/commands.js'
import { commandLine, Log } from '../report/report.js'
import { CommandError, CommandRunner } from '../system/runner.js'
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
export async function checkBuildxVersion(runner: CommandRunner, log: Log, env?: NodeJS.ProcessEnv): Promise<BuildxVersion> {
  const args = buildxVersionCommand()
  log.info(commandLine('docker', args))
  const result = await runner.run('docker', args, { env })
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
