// The plan and what a dry run would publish, in words, for the log.
import type { Plan } from '../plan/plan.js'
import type { RunReport } from './run-report.js'

/** The plan in words: what is built, where it goes, and which lists are published. */
export function describePlan(plan: Plan): string[] {
  const lines = [
    plan.role === 'merge'
      ? `Output: ${plan.outputType}; role: merge (builds nothing: publishes the legs' results)`
      : `Output: ${plan.outputType}; role: ${plan.role}; builder: ${plan.builder.name}${plan.builder.create ? ' (created for this run)' : ' (given)'}; max-parallel: ${plan.maxParallel}`,
    `Platforms (${plan.targets.length}):`
  ]
  for (const target of plan.targets) {
    const where = target.tarball ? ` -> ${target.tarball}` : ''
    lines.push(`  ${target.id}: ${target.tags.join(', ')}${where}  [${target.dockerfile}]`)
  }
  if (plan.lists.length > 0) {
    const kind = plan.ociIndex ? 'OCI indexes' : "in the images' media types"
    const annotations = plan.indexAnnotations.length > 0 ? `; annotations: ${plan.indexAnnotations.map(([key]) => key).join(', ')}` : ''
    lines.push(`Manifest lists (${plan.lists.length}; ${kind}${annotations}):`)
    for (const list of plan.lists) {
      const by = plan.role === 'merge' ? 'each by the digest its leg pushed' : 'each by the digest its build pushes'
      lines.push(
        `  ${list.ref} <- ${list.entries.map((e) => e.targetId).join(', ')} (${by})${list.platformTags.length > 0 ? `, with ${list.platformTags.map((t) => t.tag).join(', ')}` : ''}`
      )
    }
  }
  return lines
}

/** What a dry run would publish: each list tag and platform tag, with what it would name. */
export function describePublication(report: RunReport): string[] {
  const lines: string[] = []
  for (const assembled of report.publish.lists) {
    const entries = assembled.list.entries.map((entry) => {
      const platform = report.publish.platforms.get(entry.targetId)
      const osVersion = platform?.image.platform['os.version']
      return `${entry.targetId} ${platform?.image.digest ?? '?'}${osVersion ? ` (os.version ${osVersion})` : ''}`
    })
    lines.push(`Would publish ${assembled.list.ref}: ${entries.join(', ')}`)
    for (const tag of assembled.list.platformTags) lines.push(`Would publish ${tag.ref}: ${report.publish.platforms.get(tag.targetId)?.pushed.digest ?? '?'}`)
  }
  return lines
}
