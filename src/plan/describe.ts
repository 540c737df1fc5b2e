// The plan in words, for the log before anything is built: what is built, where it goes, and which lists are
// published. Pure.
import type { Plan } from './plan.js'

export function describePlan(plan: Plan): string[] {
  const lines = [
    plan.role === 'merge'
      ? `Output: ${plan.outputType}; role: merge (builds nothing: publishes the legs' results)`
      : `Output: ${plan.outputType}; role: ${plan.role}; builder: ${plan.builder.name}${plan.builder.create ? ' (created for this run)' : ' (given)'}; max-parallel: ${plan.maxParallel}`,
    `Platforms (${plan.targets.length}):`
  ]
  for (const target of plan.targets) {
    const where = target.tarball ? ` -> ${target.tarball}` : ''
    lines.push(`  ${target.platform}: ${target.tags.join(', ')}${where}  [${target.dockerfile}]`)
  }
  if (plan.lists.length > 0) {
    const kind = plan.ociIndex ? 'OCI indexes' : "in the images' media types"
    const annotations = plan.indexAnnotations.length > 0 ? `; annotations: ${plan.indexAnnotations.map(([key]) => key).join(', ')}` : ''
    lines.push(`Manifest lists (${plan.lists.length}; ${kind}${annotations}):`)
    for (const list of plan.lists) {
      const by = plan.role === 'merge' ? 'each by the digest its leg pushed' : 'each by the digest its build pushes'
      const platformTags = list.platformTags.length > 0 ? `, with ${list.platformTags.map((t) => t.tag).join(', ')}` : ''
      lines.push(`  ${list.ref} <- ${list.entries.map((e) => e.platform).join(', ')} (${by})${platformTags}`)
    }
  }
  return lines
}

/** Everything the log says of the plan before anything runs: its warnings, notices, reproducibility and itself. */
export function announcePlan(plan: Plan, log: { info(line: string): void; notice(line: string): void; warning(line: string): void }): void {
  for (const warning of plan.warnings) log.warning(warning)
  for (const notice of plan.notices) log.notice(notice)
  for (const line of [...plan.reproducibility.notes, ...describePlan(plan)]) log.info(line)
}
