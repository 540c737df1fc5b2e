// The action needs buildx 0.10 or later (--provenance and --sbom; --metadata-file is older): checked once, before
// the first build, so that an old buildx is named rather than failing on a flag it does not know.
import { buildxVersionCommand } from './commands.js'
import { commandLine, Log } from './report.js'
import { CommandError, CommandRunner } from './runner.js'

export const MINIMUM_BUILDX_VERSION: Version = [0, 10, 0]

type Version = [number, number, number]

const format = (version: Version): string => version.join('.')

/**
 * The version in `docker buildx version` output (`github.com/docker/buildx v0.28.0 b1281b8`, or a distribution's
 * `0.12.1+azure-1`). A build without version information says v0.0.0: that is not a version either.
 */
export function parseBuildxVersion(output: string): Version | undefined {
  const match = /(?:^|\s)v?(\d+)\.(\d+)\.(\d+)/.exec(output.split('\n')[0] ?? '')
  if (!match) return undefined
  const version: Version = [Number(match[1]), Number(match[2]), Number(match[3])]
  return version.every((part) => part === 0) ? undefined : version
}

function older(a: Version, b: Version): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}

/** Without the plugin, docker reads `buildx` as an unknown command. */
const BUILDX_MISSING = /'buildx' is not a docker command|unknown command:? "?(docker )?buildx|unknown flag: --name/

/**
 * Fails, naming the version found and the one needed, when buildx is missing or older than 0.10.0; warns when its
 * version cannot be read. Returns the version line, which the log shows.
 */
export async function checkBuildxVersion(runner: CommandRunner, log: Log, env?: NodeJS.ProcessEnv): Promise<string> {
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
  const needed = format(MINIMUM_BUILDX_VERSION)
  if (version === undefined) {
    log.warning(`could not read a version in '${line}' (docker buildx version); going on, but the action needs buildx ${needed} or later`)
  } else if (older(version, MINIMUM_BUILDX_VERSION)) {
    throw new Error(
      `docker buildx ${format(version)} is too old: the action needs buildx ${needed} or later (for --provenance and --sbom). Upgrade it (in a workflow, with docker/setup-buildx-action).`
    )
  } else {
    log.info(`Using docker buildx ${format(version)} (${line})`)
  }
  return line
}
