// The report stage: from the stages' results (as far as the run got) to what the run hands back: the outputs, the
// job summary and the log's closing lines. It runs at the end of every run, on success and on failure alike.
import path from 'node:path'
import type { Ports } from '../system/ports.js'
import { Outputs, outputsByName, platformMetadata, plannedOutputs, publishedOutputs } from './outputs.js'
import { legsOf, planOf, recordsOf, RunResults } from './results.js'
import { summaryMarkdown } from './summary.js'

export interface Report {
  /** Undefined when the run got no plan (a refused input). */
  outputs?: Outputs
  /** The job summary (markdown). */
  summary: string
  /** What the log says last. */
  closing: string[]
}

/** What a dry run would publish: each list tag and platform tag, with what it would name. */
function wouldPublish(results: RunResults): string[] {
  const lines: string[] = []
  const records = recordsOf(results)
  const imageOf = (platform: string) => records.find((record) => record.platform === platform)?.published
  for (const assembled of results.publication?.lists ?? []) {
    const entries = assembled.list.entries.map((entry) => {
      const image = imageOf(entry.platform)
      const osVersion = image?.image.platform['os.version']
      return `${entry.platform} ${image?.image.digest ?? '?'}${osVersion ? ` (os.version ${osVersion})` : ''}`
    })
    lines.push(`Would publish ${assembled.list.ref}: ${entries.join(', ')}`)
    for (const tag of assembled.list.platformTags) lines.push(`Would publish ${tag.ref}: ${imageOf(tag.platform)?.pushed.digest ?? '?'}`)
  }
  for (const signed of results.publication?.signed ?? []) lines.push(`Would sign ${signed.subject} (${signed.of})`)
  return lines
}

/** The outputs the results give, or undefined before there is a plan. */
function outputsOf(results: RunResults, isFile: (tarball: string) => boolean): Outputs | undefined {
  const plan = planOf(results)
  const settings = results.policy?.settings ?? results.settings
  if (!plan || !settings) return undefined
  const planned = plannedOutputs(plan, settings.resultsDir)
  const records = recordsOf(results)
  // A dry run says what it would write and publish; a real run what it did.
  const done = settings.dryRun
    ? {}
    : {
        tags: [],
        tarballs: records.flatMap((record) =>
          record.status === 'built' && record.tarball && plan.role !== 'merge' && isFile(record.tarball) ? [record.tarball] : []
        )
      }
  return {
    ...planned,
    ...done,
    ...(results.publication && plan.lists.length > 0 ? publishedOutputs(plan, results.publication.tags) : {}),
    metadata: platformMetadata(plan, records, legsOf(results)),
    // A dry run signs nothing: what it would sign is in its closing lines, not an output a later step could take.
    attestations: settings.dryRun ? [] : (results.publication?.signed ?? []),
    droppedPlatforms: results.publication?.dropped ?? []
  }
}

export function makeReport(results: RunResults, isFile: (tarball: string) => boolean): Report {
  const outputs = outputsOf(results, isFile)
  const closing =
    results.settings?.dryRun && !results.error ? [...wouldPublish(results), 'Dry run: nothing was run; the commands above are those a real run would run.'] : []
  return { ...(outputs ? { outputs } : {}), summary: summaryMarkdown(results), closing }
}

/** Makes the report and hands it back: the outputs, the closing lines, the job summary. */
export async function report(results: RunResults, ports: Pick<Ports, 'github' | 'log' | 'workspace'>): Promise<Report> {
  const { workspace, log, github } = ports
  const made = makeReport(results, (tarball) => workspace.kindOf(path.resolve(workspace.root, tarball)) === 'file')
  if (made.outputs) github.setOutputs(outputsByName(made.outputs))
  for (const line of made.closing) log.info(line)
  try {
    await github.writeSummary(made.summary)
  } catch (error) {
    log.warning(`could not write the job summary: ${(error as Error).message}`)
  }
  return made
}
