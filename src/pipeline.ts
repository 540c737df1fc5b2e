// The composition: inputs -> policy -> plan -> build -> split -> publish -> report, each stage entered once, in that
// order, from the result of the ones before; it decides nothing. A leg (role build) and a merge (role merge) go
// through the same stages: each stage knows what its role asks of it. A dry run is the same pipeline on the dry
// twins of the ports that act (the entry point's forRun gives them).
import { build, Builds } from './build/stage.js'
import { readInputs } from './inputs/stage.js'
import type { InputsRead } from './inputs/definitions.js'
import { makePlan } from './plan/plan.js'
import type { Decision } from './policy/auto.js'
import { decidePolicy } from './policy/stage.js'
import { publish } from './publish/stage.js'
import type { Publication } from './publish/stage.js'
import type { RunResults } from './report/results.js'
import { report } from './report/stage.js'
import { StageFailure } from './shared/stage-failure.js'
import { split } from './split/stage.js'
import type { Edges, InputPorts, Ports } from './system/ports.js'

export type { RunResults } from './report/results.js'

/** Runs the stages in order; the report ends every run. Throws what ended a run that did not succeed. */
export async function runPipeline(inputs: InputsRead, edges: Edges): Promise<RunResults> {
  const results: RunResults = {}
  let ports: InputPorts | Ports = edges.inputs
  try {
    const settings = (results.settings = await readInputs(inputs, edges.inputs))
    const run = (ports = edges.forRun(settings))
    const policy = (results.policy = await decidePolicy(settings, run).catch(
      keepPartial<{ decisions: Decision[] }>((partial) => (results.decisions = partial.decisions))
    ))
    const plan = (results.plan = makePlan(policy))
    const builds = (results.builds = await build({ plan, settings: policy.settings }, run).catch(keepPartial<Builds>((partial) => (results.builds = partial))))
    const platforms = (results.platforms = await split({ plan: builds.plan, settings: policy.settings, builds, commit: policy.commit.commit }, run))
    results.publication = await publish({ plan: builds.plan, policy, builds, platforms }, run).catch(
      keepPartial<Publication>((partial) => (results.publication = partial))
    )
    return results
  } catch (error) {
    results.error = error as Error
    throw error
  } finally {
    await report(results, ports)
  }
}

/** Keeps what a failed stage did (its StageFailure's partial result), and fails on. */
function keepPartial<T>(keep: (partial: T) => void): (error: unknown) => never {
  return (error) => {
    if (error instanceof StageFailure) keep(error.partial as T)
    throw error
  }
}
