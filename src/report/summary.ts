// The job summary: one row per platform, the lists with their digests, and a command to copy.
import { describeToolset } from '../build/features.js'
import type { RunReport } from '../pipeline.js'

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const cell = (text: string): string => escapeHtml(text).replace(/\|/g, '\\|').replace(/\n/g, ' ')
const code = (text: string): string => (text ? `\`${cell(text)}\`` : '')

const PREDICATE_NAMES: Record<string, string> = {
  'https://slsa.dev/provenance/v0.2': 'provenance (SLSA 0.2)',
  'https://slsa.dev/provenance/v1': 'provenance (SLSA 1)',
  'https://spdx.dev/Document': 'SBOM (SPDX)'
}

/** The predicates of a platform's attestation manifest, by name. */
function predicatesOf(report: RunReport, targetId: string): string {
  const predicates =
    report.indexed?.get(targetId)?.predicates ?? report.results?.find((r) => r.platform === targetId)?.manifests.find((m) => m.kind === 'attestation')?.predicates ?? []
  return predicates.map((p) => cell(PREDICATE_NAMES[p] ?? p)).join('<br>')
}

/** Markdown for GITHUB_STEP_SUMMARY; written on success and on failure alike. */
export function summaryMarkdown(report: RunReport): string {
  const { plan } = report
  const ok = report.error === undefined
  const lines: string[] = [`## velero-multiarch-build: ${ok ? 'succeeded' : 'failed'}`, '']
  if (!ok) lines.push(`**Error:** ${cell(report.error?.message.split('\n')[0] ?? '')}`, '')
  if (report.decisions.length > 0) {
    lines.push('| Decided | Value | From |', '|---|---|---|')
    const from = { event: 'the event', input: 'the input', default: 'the default' }
    for (const decision of report.decisions) {
      lines.push(`| ${code(decision.name)} | ${code(decision.value)} | ${from[decision.source]}${decision.why ? `: ${cell(decision.why)}` : ''} |`)
    }
    lines.push('')
  }
  if (!plan) return lines.join('\n')

  lines.push(`Output: \`${plan.outputType}\`${report.settings?.dryRun ? ' (dry run: nothing was run)' : ''}`, '')
  if (report.toolset) lines.push(`Toolset: ${cell(describeToolset(report.toolset))}`, '')
  const attested = plan.attested && plan.outputType === 'registry'
  lines.push(
    `| Platform | Tags | Digest | os.version | Tarball | Duration | Result |${attested ? ' Attestations |' : ''}`,
    `|---|---|---|---|---|---|---|${attested ? '---|' : ''}`
  )
  for (const target of plan.targets) {
    const build = report.builds.find((b) => b.target.id === target.id)
    // A merge shows what each leg built, from its results.
    const leg = report.results?.find((r) => r.platform === target.id)
    const status = build ? (build.status === 'failed' ? '**failed**' : build.status) : leg ? 'built by its leg' : report.settings?.dryRun ? 'planned' : 'not built'
    const seconds = build?.seconds ?? leg?.seconds
    lines.push(
      `| ${[
        code(target.id),
        target.tags.map(code).join('<br>'),
        code(build?.digest ?? leg?.digest ?? ''),
        cell(report.osVersions.get(target.id) ?? leg?.['os.version'] ?? ''),
        code(leg ? (leg.tarball ?? '') : (target.tarball ?? '')),
        seconds !== undefined ? `${seconds.toFixed(1)} s` : '',
        status,
        ...(attested ? [predicatesOf(report, target.id)] : [])
      ].join(' | ')} |`
    )
  }
  lines.push('')

  if (plan.lists.length > 0) {
    lines.push('| Manifest list | Digest |', '|---|---|')
    for (const list of plan.lists) {
      const published = report.published.find((p) => p.ref === list.ref)
      const kept = report.kept.find((k) => k.tag === list.ref)
      const uncertain = report.possiblyMoved.find((u) => u.tag === list.ref)
      const state = published
        ? code(published.digest)
        : kept
          ? `kept where it was: ${cell(kept.reason)}`
          : uncertain
            ? `**possibly moved**: its push ran out of time; read again, it holds ${cell(uncertain.holds)}`
            : 'not published'
      lines.push(`| ${code(list.ref)} | ${state} |`)
    }
    lines.push('')
  }

  if (report.signed && report.signed.length > 0) {
    lines.push('| Signed | What | Attestation |', '|---|---|---|')
    for (const signed of report.signed) lines.push(`| ${code(signed.subject)} | ${cell(signed.of)} | ${cell(signed.attestationId || '(not recorded)')} |`)
    lines.push('', 'Verify what was published:', '', '```sh', ...report.signed.map((signed) => signed.verify), '```', '')
  }

  for (const build of report.builds.filter((b) => b.status === 'failed')) {
    lines.push(`<details><summary>${escapeHtml(build.target.id)}: end of the log</summary>`, '', '<pre>', escapeHtml(build.error ?? ''), '</pre>', '</details>', '')
  }

  const pull = pullCommand(report)
  if (pull) lines.push('```sh', pull, '```', '')
  return lines.join('\n')
}

function pullCommand(report: RunReport): string | undefined {
  const { plan } = report
  if (!plan || report.error || report.settings?.dryRun) return undefined
  if (plan.outputType === 'registry') return `docker pull ${plan.lists[0]?.ref}`
  if (plan.outputType === 'docker') return `docker run --rm ${plan.targets[0]?.tags[0]}`
  if (report.settings?.tarFormat !== 'rootfs') return plan.targets.map((t) => `docker load -i ${t.tarball}`).join('\n')
  return undefined
}
