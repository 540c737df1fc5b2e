// Publishes the manifest lists with the real docker CLI: create, annotate the Windows entries with their full
// os.version, push, and read each list back to check it holds exactly what was planned.
import { chmod, copyFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { manifestAnnotateCommand, manifestCreateCommand, manifestInspectCommand, manifestPushCommand, manifestRemoveCommand } from '../plan/commands.js'
import type { ListEntry, ManifestList, Plan } from '../plan/plan.js'
import { WINDOWS_BUILDS, WindowsVersion } from '../plan/platforms.js'
import { CommandError, CommandRunner, RunResult } from '../system/runner.js'
import { commandLine, Log } from '../report/report.js'
import { RetryPolicy, withRetries } from '../shared/retry.js'
import type { KeptTag, TagVerdict } from './revision-guard.js'
import { classifyRegistryError } from '../shared/transient-errors.js'

/** True when the host answers the registry API over plain HTTP. */
async function answersPlainHttp(host: string): Promise<boolean> {
  try {
    // A redirect to HTTPS means the registry does not speak plain HTTP.
    const response = await fetch(`http://${host}/v2/`, { redirect: 'manual', signal: AbortSignal.timeout(3000) })
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
  /**
   * A docker configuration directory of the run's own, for `docker manifest`: it keeps the lists it makes under
   * `manifests/` until they are pushed, and two jobs of one self-hosted runner must never see each other's. It
   * carries the user's config.json over, for the logins.
   */
  manifestStore?: string
}

/** Makes the run's own manifest store (PublishOptions.manifestStore) in its private directory, with the user's logins. */
export async function makeManifestStore(tempDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const store = path.join(tempDir, 'docker-manifest-config')
  await mkdir(store, { recursive: true, mode: 0o700 })
  const config = path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json')
  try {
    await copyFile(config, path.join(store, 'config.json'))
    await chmod(path.join(store, 'config.json'), 0o600)
  } catch (error) {
    // No config.json: no logins to carry, as for docker itself.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`could not copy the docker logins (${config}) for docker manifest: ${(error as Error).message}`)
  }
  return store
}

/**
 * Runs a docker command that talks to the registry, retrying transient faults; throws when it fails. A command that
 * ran out of time is tried again only when `repeatable`: a push that ran out may have been applied.
 */
export async function registryCommand(args: string[], options: PublishOptions, { repeatable } = { repeatable: true }): Promise<RunResult> {
  const env = args[0] === 'manifest' && options.manifestStore ? { ...(options.env ?? process.env), DOCKER_CONFIG: options.manifestStore } : options.env
  const outcome = await withRetries(
    `docker ${args.slice(0, args[0] === 'buildx' ? 3 : 2).join(' ')}`,
    () => options.runner.run('docker', args, { cwd: options.cwd, env }),
    (output, result) => (result.timedOut ? { transient: repeatable, reason: 'no answer within command-timeout' } : classifyRegistryError(output)),
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

export interface PublishedList {
  ref: string
  digest: string
}

/** Decides, just before a list is pushed, whether its tag moves (revision-guard.ts). */
export type TagGuard = (list: ManifestList) => Promise<TagVerdict>

/** A list tag whose push ran out of time: it may or may not have moved. */
export interface UncertainTag {
  tag: string
  /** What the tag held when read again after the push was stopped. */
  holds: string
}

/** What a publish did so far, filled as it goes, so that a failure later still shows it. */
export interface PublishRecord {
  published: PublishedList[]
  kept: KeptTag[]
  possiblyMoved: UncertainTag[]
}

/** How one kind of list is published: docker manifest (publish.ts) or imagetools (publish-index.ts). */
export interface ListPublisher {
  /** Pushes the list; returns its digest. A push that runs out of time throws a CommandError that says so. */
  push(list: ManifestList): Promise<string>
  /** Reads the list back after its push; throws, saying what it read, when that is not what was pushed. */
  verify(list: ManifestList, digest: string): Promise<void>
  /** What the tag holds now, for a push that may or may not have been applied. */
  reread(list: ManifestList): Promise<string>
}

const timedOut = (error: unknown): boolean => error instanceof CommandError && error.result.timedOut === true

/**
 * Publishes the lists in turn: stops once the run is cancelled, leaves a tag that holds a newer commit where it is
 * (the guard says), and otherwise pushes. A push that succeeded is recorded as published before it is read back,
 * and a failing read-back fails the run saying so. A push that ran out of time may have been applied: the tag is
 * read again, recorded as possibly moved with what it holds, and no further list is pushed.
 */
export async function publishEach(lists: ManifestList[], guard: TagGuard, options: PublishOptions, record: PublishRecord, publisher: ListPublisher): Promise<void> {
  for (const list of lists) {
    throwIfCancelled(options.signal, 'no further manifest list was pushed')
    const verdict = await options.log.group(`Is ${list.ref} newer than this run?`, () => guard(list))
    if (!verdict.move) {
      options.log.warning(`${list.ref} is left where it is: ${verdict.reason}. This run publishes its other tags.`)
      record.kept.push({ tag: list.ref, holds: verdict.held.join(', '), reason: verdict.reason })
      continue
    }
    options.log.info(`${list.ref} moves to this run's images: ${verdict.reason}`)
    await options.log.group(`Push ${list.ref}`, async () => {
      let digest: string
      try {
        digest = await publisher.push(list)
      } catch (error) {
        if (!timedOut(error)) throw error
        const holds = await publisher.reread(list).catch((reason: Error) => `nothing readable (${reason.message.split('\n')[0]})`)
        record.possiblyMoved.push({ tag: list.ref, holds })
        throw new Error(`${list.ref} may have moved: its push did not finish within command-timeout and was stopped; read again, the tag holds ${holds}. No further list was pushed.`)
      }
      record.published.push({ ref: list.ref, digest })
      try {
        await publisher.verify(list, digest)
      } catch (error) {
        throw new Error(`${list.ref} was published (${digest}), but verification failed: ${(error as Error).message}`)
      }
    })
  }
}

/** Stops a stage that has not begun when the run was cancelled (GitHub's SIGINT, the command line's first signal). */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new Error(`the run was cancelled: ${what}`)
}

/** os.version per Windows target id, read from the images that were built. */
export type OsVersions = ReadonlyMap<string, string>

/** The docker commands that publish one list, in the order they run. */
export interface ListCommands {
  /** Makes the list locally; docker reads each entry (digest, platform, os.version) from the registry. */
  create: string[]
  /** Reads the local list: what the registry held for each entry when it was made. */
  inspectLocal: string[]
  push: string[]
  /** After the push the local list is gone, so this reads the list from the registry. */
  readBack: string[]
}

/** What a list's commands need to know of each entry once it is built. */
export interface EntryFacts {
  /** The digest the entry's build produced. */
  digest(entry: ListEntry): string
  /** The os.version a Windows entry is annotated with. */
  osVersion(entry: ListEntry): string
  /**
   * Fetch the entries by digest (`velero/velero@sha256:...`), not by their platform tags: the merge's, since time
   * passes between a leg and the merge and a tag may have moved meanwhile. A single run names them by tag, as the
   * design does, and checks each digest before pushing; docker orders a list's entries by their names, so by tag
   * the list keeps the design's order (Linux, then Windows), and by digest it is in digest order.
   */
  byDigest: boolean
}

export function entryReference(entry: ListEntry, facts: EntryFacts): string {
  return facts.byDigest ? `${entry.ref.slice(0, entry.ref.lastIndexOf(':'))}@${facts.digest(entry)}` : entry.ref
}

export function listCommands(list: ManifestList, insecure: boolean, facts: EntryFacts): ListCommands {
  return {
    create: manifestCreateCommand(
      list.ref,
      list.entries.map((entry) => entryReference(entry, facts)),
      insecure
    ),
    inspectLocal: manifestInspectCommand(list.ref, insecure, false),
    push: manifestPushCommand(list.ref, insecure),
    readBack: manifestInspectCommand(list.ref, insecure, false)
  }
}

/** Each Windows entry annotated with its os.version, known only once docker has made the list (facts.osVersion). */
export function annotateCommands(list: ManifestList, facts: EntryFacts): string[][] {
  return list.entries
    .filter((entry) => entry.windowsVersion !== undefined)
    .map((entry) => manifestAnnotateCommand(list.ref, entryReference(entry, facts), facts.osVersion(entry)))
}

/** An entry docker could not find, named by its platform: a build's (or a leg's) image is not in the registry. */
function missingEntry(list: ManifestList, error: Error, facts: EntryFacts): Error | undefined {
  if (!(error instanceof CommandError) || !/no such manifest|manifest unknown/i.test(error.result.stderr)) return undefined
  // registryCommand found the likelier cause: a plain-HTTP registry not declared insecure.
  if (error.message.includes('set insecure-registry')) return undefined
  const entry = list.entries.find((e) => error.result.stderr.includes(entryReference(e, facts)))
  if (!entry) return undefined
  return new Error(
    `${entry.targetId}: its image ${entryReference(entry, facts)} is not in the registry, so no list was pushed (was it deleted, or pushed to another registry?):\n${error.message}`
  )
}

function builtFacts(plan: Plan, digests: ReadonlyMap<string, string>, osVersions: OsVersions): EntryFacts {
  return { digest: (entry) => digests.get(entry.targetId) ?? '', osVersion: (entry) => osVersions.get(entry.targetId) ?? '', byDigest: plan.role === 'merge' }
}

interface PlatformFields {
  architecture?: string
  os?: string
  'os.version'?: string
  variant?: string
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
    const samePlatform = (entry: (typeof found)[number]): boolean =>
      entry.platform?.os === want.platform.os &&
      entry.platform?.architecture === want.platform.architecture &&
      (entry.platform?.variant ?? '') === (want.platform.variant ?? '')
    // Several Windows entries differ only in os.version: match on it first.
    const exact = found.findIndex((entry) => samePlatform(entry) && entry.platform?.['os.version'] === want.platform['os.version'])
    const index = exact >= 0 ? exact : found.findIndex(samePlatform)
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
 * The os.version of each Windows entry of a list as docker made it: `docker manifest create` copies it from the
 * config of the image this run built (where BuildKit put the base image's). Fails when one has none.
 */
function windowsVersions(list: ManifestList, inspected: InspectedList, digests: ReadonlyMap<string, string>): Map<string, string> {
  const versions = new Map<string, string>()
  // docker orders the entries its own way (by their names): each is found by its digest.
  for (const entry of list.entries.filter((e) => e.windowsVersion !== undefined)) {
    const version = inspected.manifests?.find((manifest) => manifest.digest === digests.get(entry.targetId))?.platform?.['os.version']
    checkWindowsRelease(entry.ref, entry.targetId, entry.windowsVersion as WindowsVersion, version)
    versions.set(entry.targetId, version)
  }
  return versions
}

/**
 * Fails unless a Windows image carries the os.version of its windows-version (10.0.20348.* for ltsc2022): without
 * one, Windows nodes could not choose it by version; with another release's, that release's nodes would take it.
 */
export function checkWindowsRelease(ref: string, targetId: string, windowsVersion: WindowsVersion, version: string | undefined): asserts version is string {
  if (!version) {
    throw new Error(
      `${ref} (${targetId}) has no os.version in its image config, so Windows nodes could not choose it by version; nothing was published. Build it FROM a Windows base image such as mcr.microsoft.com/windows/nanoserver:${windowsVersion}.`
    )
  }
  const build = WINDOWS_BUILDS[windowsVersion]
  if (version.split('.')[2] !== build) {
    const actual = Object.entries(WINDOWS_BUILDS).find(([, b]) => b === version.split('.')[2])?.[0] ?? 'another Windows release'
    throw new Error(
      `${ref} (${targetId}) has os.version ${version}, which is ${actual}, not ${windowsVersion} (10.0.${build}.*): its base image is for another Windows release, and ${windowsVersion} nodes would find no image; nothing was published.`
    )
  }
}

/**
 * Makes every list of the plan locally and checks it against what this run built, before anything is pushed:
 * each entry must be in the registry with the digest its build reported, and each Windows entry must carry an
 * os.version, with which it is then annotated. Records the os.version of each Windows target in `osVersions`.
 */
export async function assembleLists(plan: Plan, digests: ReadonlyMap<string, string>, options: PublishOptions, osVersions: Map<string, string>): Promise<void> {
  throwIfCancelled(options.signal, 'no list was made or pushed')
  await options.log.group('Assemble the manifest lists', async () => {
    for (const list of plan.lists) {
      const facts = builtFacts(plan, digests, osVersions)
      const commands = listCommands(list, plan.insecure, facts)
      options.log.info(commandLine('docker', commands.create))
      await registryCommand(commands.create, options).catch((error: Error) => {
        throw missingEntry(list, error, facts) ?? error
      })
      const inspected = JSON.parse((await registryCommand(commands.inspectLocal, options)).stdout) as InspectedList
      for (const [id, version] of windowsVersions(list, inspected, digests)) {
        if (!osVersions.has(id)) options.log.info(`[${id}] os.version ${version}`)
        osVersions.set(id, version)
      }
      const differences = compareList(list, plan, osVersions, digests, inspected)
      if (differences.length > 0) {
        throw new Error(`${list.ref} would not hold what this run built, so no list was pushed: ${differences.join('; ')}`)
      }
      // docker copied os.version already; annotating says it explicitly, as the design asks.
      for (const annotate of annotateCommands(list, facts)) {
        options.log.info(commandLine('docker', annotate))
        await registryCommand(annotate, options)
      }
      options.log.info(`${list.ref}: ${list.entries.length} entries, each the image this run built`)
    }
  })
}

/** The list as the registry holds it, read with docker manifest inspect; what is wrong with it, next to the plan. */
async function readList(list: ManifestList, plan: Plan, osVersions: OsVersions, digests: ReadonlyMap<string, string>, options: PublishOptions): Promise<string[]> {
  const args = manifestInspectCommand(list.ref, plan.insecure, false)
  options.log.info(commandLine('docker', args))
  const { stdout } = await registryCommand(args, options)
  let inspected: InspectedList
  try {
    inspected = JSON.parse(stdout) as InspectedList
  } catch {
    return [`docker manifest inspect printed no JSON: ${stdout.slice(0, 200)}`]
  }
  return compareList(list, plan, osVersions, digests, inspected)
}

/** Pushes the lists assembled by assembleLists whose tags may move, reading each back once after its push. */
export async function pushLists(plan: Plan, osVersions: OsVersions, digests: ReadonlyMap<string, string>, guard: TagGuard, options: PublishOptions, record: PublishRecord): Promise<void> {
  await publishEach(plan.lists, guard, options, record, {
    push: async (list) => {
      const push = manifestPushCommand(list.ref, plan.insecure)
      options.log.info(commandLine('docker', push))
      const listDigest = pushedDigest((await registryCommand(push, options, { repeatable: false })).stdout)
      if (listDigest === undefined) throw new Error(`docker manifest push ${list.ref} did not report a digest`)
      return listDigest
    },
    verify: async (list, digest) => {
      const differences = await readList(list, plan, osVersions, digests, options)
      if (differences.length > 0) throw new Error(`the registry holds a list that differs from the plan: ${differences.join('; ')}`)
      options.log.info(`${list.ref}@${digest}: ${list.entries.length} platforms, checked`)
    },
    reread: async (list) => {
      // docker manifest inspect answers from the local store first, where the unpushed list still is.
      await registryCommand(manifestRemoveCommand(list.ref), options).catch(() => undefined)
      const differences = await readList(list, plan, osVersions, digests, options).catch((error: Error) => {
        if (error instanceof CommandError && /no such manifest|manifest unknown/i.test(error.result.stderr)) return undefined
        throw error
      })
      if (differences === undefined) return 'nothing: the tag is not there'
      return differences.length === 0 ? "this run's list" : `another list (${differences.join('; ')})`
    }
  })
}
