// The split stage: what passes between the jobs of a split run. A leg (role build) writes one result file per
// platform it built, for the merge; the merge (role merge) reads them all, checks each field by field and all of them
// against its own plan, and takes the legs' records as its platforms; a single run (role all) passes its builds on.
import type { Builds } from '../build/stage.js'
import type { Plan } from '../plan/plan.js'
import type { DecidedSettings } from '../policy/auto.js'
import { throwIfCancelled } from '../shared/cancel.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import type { Ports } from '../system/ports.js'
import { decodeResult, encodeResult, LegFacts } from './result-codec.js'
import { agreementOf, checkResults, LegResult, resultPrefix, runIdentity } from './results.js'

export interface SplitInput {
  plan: Plan
  settings: DecidedSettings
  builds: Builds
  /** The run's commit (the policy's); empty when unknown. */
  commit: string
}

/** The platforms the publish stage starts from. */
export interface Platforms {
  /** Each platform's record, in the plan's order: this run's builds, or its legs' (a merge). */
  records: PlatformRecord[]
  /** What each platform's leg said besides (a leg's own, or a merge's legs'), by platform; empty for role all. */
  legs: Map<string, LegFacts>
  /** The commit the images were built at: the run's, or for a merge that knows none (outside GitHub) its legs'. */
  commit: string
  /** The result files a leg wrote. */
  written: string[]
}

/** A leg's results: one file per platform it built. */
async function handOn(input: SplitInput, ports: Pick<Ports, 'results' | 'github' | 'log'>): Promise<Platforms> {
  const { settings, builds, plan } = input
  const leg = (): LegFacts => ({ agreement: agreementOf(settings), identity: runIdentity(ports.github.context, input.commit), buildx: builds.buildx })
  const legs = new Map(builds.platforms.map((record) => [record.platform, leg()]))
  const files = builds.platforms.map((record): [string, string] => [
    resultPrefix(record.platform, plan),
    `${JSON.stringify(encodeResult(record, legs.get(record.platform) ?? leg()), null, 2)}\n`
  ])
  const written = await ports.results.write(settings.resultsDir, files)
  if (written.length > 0) ports.log.info(`Results for the merge: ${written.join(', ')}`)
  return { records: builds.platforms, legs, commit: input.commit, written }
}

/** Every result file of `dir`, each checked field by field; any problem (naming its file and field) fails the read. */
export async function readLegResults(dir: string, results: Ports['results']): Promise<LegResult[]> {
  const problems: string[] = []
  const read: LegResult[] = []
  for (const file of await results.read(dir)) {
    if ('problem' in file) {
      problems.push(`${file.name} ${file.problem}`)
      continue
    }
    const decoded = decodeResult(file.text, file.name)
    if ('problems' in decoded)
      problems.push(...decoded.problems.map((problem) => (problem.startsWith('is not JSON') ? `${file.name} ${problem}` : `${file.name}: ${problem}`)))
    else read.push({ file: file.name, record: decoded.record, leg: decoded.leg })
  }
  if (problems.length > 0) throw new Error(`the results in ${dir} cannot be used, so nothing was published:\n- ${problems.join('\n- ')}`)
  return read
}

/** The legs' results, checked against the merge's plan, or an error naming every problem. */
async function takeIn(input: SplitInput, ports: Pick<Ports, 'results' | 'github' | 'log' | 'signal'>): Promise<Platforms> {
  const { settings, plan } = input
  throwIfCancelled(ports.signal, 'the results were not read, and nothing was published')
  const dir = settings.resultsDir
  const read = await readLegResults(dir, ports.results)
  const identity = runIdentity(ports.github.context, input.commit)
  const mismatches = checkResults(plan, agreementOf(settings), identity, read)
  if (mismatches.length > 0) throw new Error(`the legs' results in ${dir} do not add up to this merge, so nothing was published:\n- ${mismatches.join('\n- ')}`)
  const entries = plan.targets.map((target) => read.find((entry) => entry.record.platform === target.platform) as LegResult)
  // Outside GitHub a merge knows no commit of its own: its legs agreed on one (checkResults), and it is theirs.
  const legsCommit = entries[0]?.leg.identity.commit ?? ''
  const commit = input.commit === '' && legsCommit ? legsCommit : input.commit
  if (commit !== input.commit) ports.log.info(`commit: ${commit} (the one every leg built)`)
  ports.log.info(`The results of all ${entries.length} platforms are here and agree.`)
  if (plan.lists.length === 0) ports.log.info(`output-type is ${plan.outputType}, so nothing is published.`)
  return { records: entries.map((entry) => entry.record), legs: new Map(entries.map((entry) => [entry.record.platform, entry.leg])), commit, written: [] }
}

export async function split(input: SplitInput, ports: Pick<Ports, 'results' | 'github' | 'log' | 'signal'>): Promise<Platforms> {
  if (input.plan.role === 'build') return handOn(input, ports)
  if (input.plan.role === 'merge') return takeIn(input, ports)
  return { records: input.builds.platforms, legs: new Map(), commit: input.commit, written: [] }
}
