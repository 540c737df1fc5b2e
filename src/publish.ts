// Publishes the manifest lists with the real docker CLI: create, annotate the Windows entries with their full
// os.version, push, and read each list back to check it holds exactly what was planned.
import {
  manifestAnnotateCommand,
  manifestCreateCommand,
  manifestInspectCommand,
  manifestPushCommand,
  manifestRemoveCommand
} from './commands.js'
import type { ListEntry, ManifestList, Plan } from './plan.js'
import { CommandError, CommandRunner, RunResult } from './runner.js'
import { commandLine, Log } from './report.js'
import { RetryPolicy, withRetries } from './retry.js'
import { classifyRegistryError } from './transient-errors.js'

/** True when the host answers the registry API over plain HTTP. */
async function answersPlainHttp(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(3000) })
    return response.status === 200 || response.status === 401
  } catch {
    return false
  }
}

export interface PublishOptions {
  runner: CommandRunner
  log: Log
  cwd: string
  env?: NodeJS.ProcessEnv
  retry: RetryPolicy
  /** Once aborted, no further list is pushed. */
  signal?: AbortSignal
  /** The registry's host, and whether it was declared plain HTTP. */
  registry: { host: string; insecure: boolean }
}

/** Runs a docker command that talks to the registry, retrying transient faults; throws when it fails. */
async function registryCommand(args: string[], options: PublishOptions): Promise<RunResult> {
  const outcome = await withRetries(
    `docker ${args.slice(0, 2).join(' ')}`,
    () => options.runner.run('docker', args, { cwd: options.cwd, env: options.env }),
    classifyRegistryError,
    options.retry,
    options.log,
    options.signal
  )
  if (outcome.result.exitCode !== 0) {
    const attempts = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''
    let hint = outcome.classification?.hint ? ` (${outcome.classification.reason}: ${outcome.classification.hint})` : ''
    // docker reports a plain-HTTP registry it was not told about as a missing manifest.
    if (outcome.classification?.reason === 'manifest not found' && !options.registry.insecure && (await answersPlainHttp(options.registry.host))) {
      hint = ` (${options.registry.host} answers plain HTTP: set insecure-registry: true)`
    }
    throw new CommandError('docker', args, outcome.result, attempts + hint)
  }
  return outcome.result
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('the run was cancelled; no further manifest list was pushed')
}

export interface PublishedList {
  ref: string
  digest: string
}

/** os.version per Windows target id, read from the images that were built. */
export type OsVersions = ReadonlyMap<string, string>

/**
 * The docker commands that publish one list, in order. The first removes a local list of the same name left by
 * an earlier run, so that `--amend` starts from nothing; it fails harmlessly when there is none.
 */
export function listCommands(list: ManifestList, insecure: boolean, osVersionOf: (entry: ListEntry) => string): string[][] {
  return [
    manifestRemoveCommand(list.ref),
    manifestCreateCommand(
      list.ref,
      list.entries.map((entry) => entry.ref),
      insecure
    ),
    ...list.entries
      .filter((entry) => entry.windowsVersion !== undefined)
      .map((entry) => manifestAnnotateCommand(list.ref, entry.ref, osVersionOf(entry))),
    manifestPushCommand(list.ref, insecure)
  ]
}

interface PlatformFields {
  architecture?: string
  os?: string
  'os.version'?: string
  variant?: string
}

interface InspectedImage {
  Descriptor?: { platform?: PlatformFields }
}

/**
 * The full Windows version (`10.0.20348.2700`) of a pushed image. `docker manifest inspect -v` reads the image's
 * config, where BuildKit copied the base image's os.version.
 */
export async function readOsVersion(ref: string, insecure: boolean, options: PublishOptions): Promise<string | undefined> {
  const { stdout } = await registryCommand(manifestInspectCommand(ref, insecure, true), options)
  const parsed = JSON.parse(stdout) as InspectedImage | InspectedImage[]
  const images = Array.isArray(parsed) ? parsed : [parsed]
  const windows = images.find((image) => image.Descriptor?.platform?.os === 'windows')
  const version = windows?.Descriptor?.platform?.['os.version']
  return version ? version : undefined
}

/** Reads the os.version of every Windows image of the plan; fails, before anything is published, when one has none. */
export async function readOsVersions(plan: Plan, options: PublishOptions): Promise<Map<string, string>> {
  const versions = new Map<string, string>()
  for (const target of plan.targets) {
    if (target.platform.os !== 'windows') continue
    const ref = target.tags[0]
    const version = await readOsVersion(ref, plan.insecure, options)
    if (version === undefined) {
      throw new Error(
        `${ref} (${target.id}) has no os.version in its image config, so Windows nodes could not choose it by version; nothing was published. Build it FROM a Windows base image such as mcr.microsoft.com/windows/nanoserver:${target.platform.windowsVersion}.`
      )
    }
    options.log.info(`[${target.id}] os.version ${version}`)
    versions.set(target.id, version)
  }
  return versions
}

interface InspectedList {
  manifests?: Array<{ digest?: string; platform?: PlatformFields }>
}

function describePlatform(platform: PlatformFields | undefined): string {
  if (!platform) return 'no platform'
  const parts = [platform.os ?? '?', platform.architecture ?? '?', ...(platform.variant ? [platform.variant] : [])]
  return parts.join('/') + (platform['os.version'] ? ` (os.version ${platform['os.version']})` : '')
}

/**
 * Compares a list as the registry holds it with the plan: every planned platform once, nothing else, Windows
 * entries with their os.version, and each entry's digest the one the build reported. Returns the differences.
 */
export function compareList(
  list: ManifestList,
  plan: Plan,
  osVersions: OsVersions,
  digests: ReadonlyMap<string, string>,
  inspected: InspectedList
): string[] {
  const expected = list.entries.map((entry) => {
    const target = plan.targets.find((t) => t.id === entry.targetId)
    if (!target) throw new Error(`internal: no target ${entry.targetId}`)
    const [arch, variant] = target.platform.arch.split('/')
    const platform: PlatformFields = {
      os: target.platform.os,
      architecture: arch,
      ...(variant ? { variant } : {}),
      ...(target.platform.os === 'windows' ? { 'os.version': osVersions.get(target.id) } : {})
    }
    return { id: target.id, platform, digest: digests.get(target.id) }
  })
  const found = [...(inspected.manifests ?? [])]
  const differences: string[] = []
  for (const want of expected) {
    const index = found.findIndex(
      (entry) =>
        entry.platform?.os === want.platform.os &&
        entry.platform?.architecture === want.platform.architecture &&
        (entry.platform?.variant ?? '') === (want.platform.variant ?? '')
    )
    if (index < 0) {
      differences.push(`${want.id} is missing`)
      continue
    }
    const [entry] = found.splice(index, 1)
    if (want.platform['os.version'] !== undefined && entry.platform?.['os.version'] !== want.platform['os.version']) {
      differences.push(
        `${want.id} has os.version ${entry.platform?.['os.version'] ?? '(none)'}, expected ${want.platform['os.version']}`
      )
    }
    if (want.digest !== undefined && entry.digest !== want.digest) {
      differences.push(`${want.id} points to ${entry.digest}, but the build produced ${want.digest}`)
    }
  }
  for (const extra of found) differences.push(`unexpected entry ${describePlatform(extra.platform)} ${extra.digest ?? ''}`.trim())
  return differences
}

function pushedDigest(stdout: string): string | undefined {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .reverse()
    .find((line) => /^sha256:[a-f0-9]{64}$/.test(line))
}

/**
 * Publishes every list of the plan. All lists are first made locally (`docker manifest create` reads each entry
 * from the registry) and checked against what this run built; only then is any list tag pushed, so a list tag
 * never moves to an incomplete or foreign list. Each list is read back once after its push.
 */
export async function publishLists(
  plan: Plan,
  osVersions: OsVersions,
  digests: ReadonlyMap<string, string>,
  options: PublishOptions
): Promise<PublishedList[]> {
  const local = { cwd: options.cwd, env: options.env }
  await options.log.group('Assemble the manifest lists', async () => {
    for (const list of plan.lists) {
      const [remove, create, ...annotations] = listCommands(list, plan.insecure, (entry) => osVersions.get(entry.targetId) ?? '').slice(0, -1)
      options.log.info(commandLine('docker', remove))
      // No local list of that name is the usual case, not an error.
      await options.runner.run('docker', remove, local)
      options.log.info(commandLine('docker', create))
      await registryCommand(create, options)
      for (const annotate of annotations) {
        options.log.info(commandLine('docker', annotate))
        await registryCommand(annotate, options)
      }
      // Reads the local list just made: the digests docker found in the registry for each entry.
      const { stdout } = await registryCommand(manifestInspectCommand(list.ref, plan.insecure, false), options)
      const differences = compareList(list, plan, osVersions, digests, JSON.parse(stdout) as InspectedList)
      if (differences.length > 0) {
        throw new Error(`${list.ref} would not hold what this run built, so no list was pushed: ${differences.join('; ')}`)
      }
      options.log.info(`${list.ref}: ${list.entries.length} entries, each the image this run built`)
    }
  })

  const published: PublishedList[] = []
  for (const list of plan.lists) {
    throwIfCancelled(options.signal)
    const digest = await options.log.group(`Push ${list.ref}`, async () => {
      const push = manifestPushCommand(list.ref, plan.insecure)
      options.log.info(commandLine('docker', push))
      const listDigest = pushedDigest((await registryCommand(push, options)).stdout)
      if (listDigest === undefined) throw new Error(`docker manifest push ${list.ref} did not report a digest`)
      const { stdout } = await registryCommand(manifestInspectCommand(list.ref, plan.insecure, false), options)
      const differences = compareList(list, plan, osVersions, digests, JSON.parse(stdout) as InspectedList)
      if (differences.length > 0) {
        throw new Error(`${list.ref} as the registry holds it differs from the plan: ${differences.join('; ')}`)
      }
      options.log.info(`${list.ref}@${listDigest}: ${list.entries.length} platforms, checked`)
      return listDigest
    })
    published.push({ ref: list.ref, digest })
  }
  return published
}
