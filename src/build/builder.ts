// The buildx builder: created for the run (and removed afterwards), or the one the user named.
import { writeFile } from 'node:fs/promises'
import { createBuilderCommand, inspectBuilderCommand, removeBuilderCommand } from '../plan/commands.js'
import type { BuilderPlan, Plan } from '../plan/plan.js'
import { registryConfigBuilder } from '../plan/plan.js'
import { commandLine, Log } from '../shared/log.js'
import { RetryPolicy, withRetries } from '../shared/retry.js'
import { CommandError, CommandRunner } from '../shared/command-runner.js'
import { classifyRegistryError } from '../shared/transient-errors.js'
import { isOlder, parseVersion, Version } from '../shared/versions.js'

export interface BuilderOptions {
  runner: CommandRunner
  log: Log
  env?: NodeJS.ProcessEnv
  /** For creating a builder: its BuildKit image may fail to come, as any pull may. */
  retry?: RetryPolicy
  signal?: AbortSignal
}

/**
 * Creates the builder; `bootstrap: false` records it without starting it (enough for imagetools, which reads its
 * configuration). A transient fault (pulling its BuildKit image, a timeout) is tried again, after removing what the
 * failed attempt left.
 */
export async function createBuilder(builder: BuilderPlan, options: BuilderOptions, { bootstrap } = { bootstrap: true }): Promise<void> {
  if (builder.configFile && builder.config) await writeFile(builder.configFile, builder.config)
  const args = createBuilderCommand(builder, bootstrap)
  let attempt = 0
  const outcome = await withRetries(
    `docker buildx create ${builder.name}`,
    async () => {
      if (attempt++ > 0) await options.runner.run('docker', removeBuilderCommand(builder.name), { env: options.env })
      options.log.info(commandLine('docker', args))
      return options.runner.run('docker', args, { env: options.env })
    },
    (output, result) => (result.timedOut ? { transient: true, reason: 'no answer within command-timeout' } : classifyRegistryError(output)),
    options.retry ?? { retries: 0, maxWaitSeconds: 0, baseSeconds: 0 },
    options.log,
    options.signal
  )
  if (outcome.result.exitCode !== 0) throw new CommandError('docker', args, outcome.result, outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '')
}

/** Removes a builder the action created; says what it removed, and never throws (this runs during cleanup). */
export async function removeBuilder(name: string, options: BuilderOptions): Promise<boolean> {
  const args = removeBuilderCommand(name)
  try {
    const result = await options.runner.run('docker', args, { env: options.env })
    if (result.exitCode === 0) {
      options.log.info(`Removed the buildx builder ${name} that this action created.`)
      return true
    }
    // A run that failed while creating it leaves nothing to remove.
    if (/no builder .* found|unknown command: docker buildx|'buildx' is not a docker command/.test(result.stderr)) {
      options.log.info(`No buildx builder ${name} to remove.`)
      return false
    }
    options.log.warning(`Could not remove the buildx builder ${name}: ${(result.stderr || result.stdout).trim()}`)
  } catch (error) {
    options.log.warning(`Could not remove the buildx builder ${name}: ${(error as Error).message}`)
  }
  return false
}

/** An endpoint on this machine: a socket, or TCP on loopback. */
function isLocalEndpoint(endpoint: string): boolean {
  return /^(unix|npipe):\/\//.test(endpoint) || /^tcp:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?\/?$/.test(endpoint)
}

/**
 * Whether every node of a builder runs on this machine, from `docker buildx inspect`: the docker drivers on a local
 * engine, the remote driver on a socket or loopback. Kubernetes, other hosts and docker contexts by name count as
 * elsewhere.
 */
export function builderRunsHere(inspectOutput: string, env: NodeJS.ProcessEnv = {}): boolean {
  const driver = /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1]
  const endpoints = [...inspectOutput.matchAll(/^Endpoint:\s*(\S+)/gm)].map((match) => match[1])
  if (!driver || endpoints.length === 0) return false
  if (driver === 'docker' || driver === 'docker-container') {
    return endpoints.every((endpoint) => isLocalEndpoint(endpoint) || (endpoint === 'default' && (!env.DOCKER_HOST || isLocalEndpoint(env.DOCKER_HOST))))
  }
  return driver === 'remote' && endpoints.every(isLocalEndpoint)
}

/** What `docker buildx inspect` tells of a builder, read once before the first build. */
export interface BuilderFacts {
  name: string
  driver?: string
  /** Every node runs on this machine (see builderRunsHere). */
  local: boolean
  /** The oldest BuildKit among its nodes; undefined when a node does not say (not started, or unreachable). */
  buildkit?: Version
}

/**
 * The BuildKit version of a builder: the oldest of its nodes', from `BuildKit version: v0.24.0` (buildx 0.11 and
 * later) or `Buildkit: v0.11.6` (before). Undefined when any node gives none.
 */
export function buildkitVersionOf(inspectOutput: string): Version | undefined {
  const nodes = inspectOutput.split(/^Name:/m).slice(2)
  const versions = nodes.map((node) => parseVersion(/^(?:BuildKit version|Buildkit):\s*(\S+)/im.exec(node)?.[1] ?? ''))
  if (versions.length === 0 || versions.some((version) => version === undefined)) return undefined
  return (versions as Version[]).reduce((oldest, version) => (isOlder(version, oldest) ? version : oldest))
}

/**
 * Reads the builder of this run. A builder the user named must answer; a builder the action created runs on the
 * local engine (or the one DOCKER_HOST names).
 */
export async function inspectBuilder(builder: BuilderPlan, options: BuilderOptions): Promise<BuilderFacts> {
  const args = inspectBuilderCommand(builder.name)
  options.log.info(commandLine('docker', args))
  const result = await options.runner.run('docker', args, { env: options.env })
  if (result.exitCode !== 0) {
    const named = builder.create ? `the builder ${builder.name} the action created` : `input 'buildx-instance': the builder '${builder.name}'`
    throw new Error(`${named} cannot be inspected, so nothing was built: ${new CommandError('docker', args, result).message}`)
  }
  const local = builder.create ? !options.env?.DOCKER_HOST || isLocalEndpoint(options.env.DOCKER_HOST) : builderRunsHere(result.stdout, options.env)
  return { name: builder.name, driver: /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1], local, buildkit: buildkitVersionOf(result.stdout) }
}

/**
 * The builder imagetools reads a plain-HTTP registry's configuration from: the run's; a merge records one, unstarted,
 * when it needs one (see registryConfigBuilder), and names it for removal afterwards.
 */
export async function imagetoolsBuilder(plan: Plan, options: BuilderOptions, removeBuilderLater: (name: string) => void): Promise<string | undefined> {
  const { name, createUnstarted } = registryConfigBuilder(plan)
  if (createUnstarted) {
    removeBuilderLater(plan.builder.name)
    await createBuilder(plan.builder, options, { bootstrap: false })
  }
  return name
}
