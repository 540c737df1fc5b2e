// The buildx builder of a run: created for it (and removed afterwards), or the one the user named; and, for a merge
// that builds nothing, the builder imagetools reads a plain-HTTP registry's configuration from.
import type { BuilderPlan, Plan } from '../plan/plan.js'
import { registryConfigBuilder } from '../plan/plan.js'
import { CommandError } from '../shared/command-runner.js'
import type { Log } from '../shared/log.js'
import { RetryPolicy, withRetries } from '../shared/retry.js'
import { classifyRegistryError } from '../shared/transient-errors.js'
import { createArgv, Buildx } from '../system/buildx.js'

export interface BuilderPorts {
  buildx: Buildx
  log: Log
  /** For creating a builder: its BuildKit image may fail to come, as any pull may. */
  retry?: RetryPolicy
  signal?: AbortSignal
}

/**
 * Creates the builder; `bootstrap: false` records it without starting it (enough for imagetools, which reads its
 * configuration). A transient fault (pulling its BuildKit image, a timeout) is tried again, after removing what the
 * failed attempt left.
 */
export async function createBuilder(builder: BuilderPlan, ports: BuilderPorts, { bootstrap } = { bootstrap: true }): Promise<void> {
  let attempt = 0
  const outcome = await withRetries(
    `docker buildx create ${builder.name}`,
    async () => {
      if (attempt++ > 0) await ports.buildx.remove(builder.name)
      return ports.buildx.create(builder, { bootstrap })
    },
    (output, result) => (result.timedOut ? { transient: true, reason: 'no answer within command-timeout' } : classifyRegistryError(output)),
    ports.retry ?? { retries: 0, maxWaitSeconds: 0, baseSeconds: 0 },
    ports.log,
    ports.signal
  )
  if (outcome.result.exitCode !== 0) {
    throw new CommandError('docker', createArgv(builder, bootstrap), outcome.result, outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '')
  }
}

/** The bound on removing a builder: the clean-up of a cancelled or failed run must end too. */
export const CLEANUP_TIMEOUT_SECONDS = 60

/** Removes a builder the action created; says what it removed, and never throws (this runs during cleanup). */
export async function removeBuilder(name: string, ports: Pick<BuilderPorts, 'buildx' | 'log'>): Promise<boolean> {
  const removed = await ports.buildx.remove(name)
  if (removed === true) ports.log.info(`Removed the buildx builder ${name} that this action created.`)
  else if (removed === false) ports.log.info(`No buildx builder ${name} to remove.`)
  else ports.log.warning(`Could not remove the buildx builder ${name}: ${removed}`)
  return removed === true
}

/**
 * The builder imagetools reads a plain-HTTP registry's configuration from: the run's; a merge records one, unstarted,
 * when it needs one (see registryConfigBuilder).
 */
export async function imagetoolsBuilder(plan: Plan, ports: BuilderPorts): Promise<string | undefined> {
  const { name, createUnstarted } = registryConfigBuilder(plan)
  if (createUnstarted) await createBuilder(plan.builder, ports, { bootstrap: false })
  return name
}
