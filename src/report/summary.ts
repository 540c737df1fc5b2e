// The job summary: one row per platform, every tag with what became of it, what was signed, and a command to copy.
import { describeToolset } from '../build/features.js'
import { osVersionOf, RunReport } from './run-report.js'

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const cell = (text: string): string => escapeHtml(text).replace(/\|/g, '\\|').replace(/\n/g, ' ')
const code = (text: string): string => (text ? `\`${cell(text)}\`` : '')

const PREDICATE_NAMES: Record<string, string> = {
  'https://slsa.dev/provenance/v0.2': 'provenance (SLSA 0.2)',
  'https://slsa.dev/provenance/v1': 'provenance (SLSA 1)',
  'https://spdx.dev/Document': 'SBOM (SPDX)'
}

const STATES = {
  moved: 'moved',
  unchanged: 'unchanged (it held this already)',
  kept: 'kept where it was',
  'possibly moved': '**possibly moved**',
  'not moved': 'not moved'
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

  lines.push(
    `Output: \`${plan.outputType}\`${report.settings?.dryRun ? ' (dry run: nothing was run)' : ''}${report.commit ? `; commit \`${report.commit}\`` : ''}`,
    ''
  )
  if (report.toolset) lines.push(`Toolset: ${cell(describeToolset(report.toolset))}`, '')
  const attested = plan.attested && plan.outputType === 'registry'
  lines.push(
    `| Platform | Digest | os.version | Tarball | Duration | Result |${attested ? ' Attestations |' : ''}`,
    `|---|---|---|---|---|---|${attested ? '---|' : ''}`
  )
  for (const target of plan.targets) {
    const build = report.builds.find((b) => b.target.id === target.id)
    // A merge shows what each leg built, from its results.
    const leg = report.results?.find((r) => r.platform === target.id)
    const status = build
      ? build.status === 'failed'
        ? '**failed**'
        : build.status
      : leg
        ? 'built by its leg'
        : report.settings?.dryRun
          ? 'planned'
          : 'not built'
    const seconds = build?.seconds ?? leg?.seconds
    const predicates = (report.publish.platforms.get(target.id)?.predicates ?? []).map((p) => cell(PREDICATE_NAMES[p] ?? p)).join('<br>')
    lines.push(
      `| ${[
        code(target.id),
        code(build?.digest ?? leg?.digest ?? ''),
        cell(osVersionOf(report, target.id) ?? ''),
        code(leg ? (leg.tarball ?? '') : (target.tarball ?? '')),
        seconds !== undefined ? `${seconds.toFixed(1)} s` : '',
        status,
        ...(attested ? [predicates] : [])
      ].join(' | ')} |`
    )
  }
  lines.push('')

  if (plan.lists.length > 0) {
    lines.push('| Tag | Digest | What became of it |', '|---|---|---|')
    for (const list of plan.lists) {
      for (const ref of [list.ref, ...list.platformTags.map((t) => t.ref)]) {
        const outcome = report.publish.tags.find((t) => t.ref === ref)
        const state = outcome
          ? `${STATES[outcome.state]}${outcome.state === 'moved' || outcome.state === 'unchanged' ? '' : `: ${cell(outcome.reason)}`}${outcome.state === 'possibly moved' ? `; read again, it holds ${cell(outcome.holds ?? '')}` : ''}`
          : 'not moved'
        lines.push(`| ${code(ref)} | ${code(outcome?.digest ?? '')} | ${state} |`)
      }
    }
    lines.push('')
  }

  const signed = report.publish.signed
  if (signed.length > 0) {
    lines.push('| Signed | What | Attestation |', '|---|---|---|')
    for (const entry of signed)
      lines.push(
        `| ${code(entry.subject)} | ${cell(entry.of)} | ${entry.signedBefore ? 'signed before, at this commit (not signed again)' : cell(entry.attestationId || '(not recorded)')} |`
      )
    lines.push('', 'Verify what was published:', '', '```sh', ...signed.map((entry) => entry.verify), '```', '')
  }

  for (const build of report.builds.filter((b) => b.status === 'failed')) {
    lines.push(
      `<details><summary>${escapeHtml(build.target.id)}: end of the log</summary>`,
      '',
      '<pre>',
      escapeHtml(build.error ?? ''),
      '</pre>',
      '</details>',
      ''
    )
  }

  const pull = pullCommand(report)
  if (pull) lines.push('```sh', pull, '```', '')
  return lines.join('\n')
}

function pullCommand(report: RunReport): string | undefined {
  const { plan } = report
  if (!plan || report.error || report.settings?.dryRun) return undefined
  if (plan.outputType === 'registry') return plan.lists[0] ? `docker pull ${plan.lists[0].ref}` : undefined
  if (plan.outputType === 'docker') return `docker run --rm ${plan.targets[0]?.tags[0]}`
  if (report.settings?.tarFormat !== 'rootfs') return plan.targets.map((t) => `docker load -i ${t.tarball}`).join('\n')
  return undefined
}
