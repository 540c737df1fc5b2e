// The job summary: one row per platform, every tag with what became of it, what was signed, and a command to copy.
import { describeToolset } from '../build/features.js'
import { causeOf } from '../shared/stage-failure.js'
import { commitOf, decisionsOf, planOf, recordsOf, RunResults } from './results.js'
import type { SignedDigest } from '../publish/sign.js'

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
export function summaryMarkdown(results: RunResults): string {
  const plan = planOf(results)
  const error = results.error && causeOf(results.error)
  const ok = error === undefined || error.name === 'NothingToDo'
  const dryRun = results.settings?.dryRun === true
  const records = recordsOf(results)
  const lines: string[] = [`## velero-multiarch-build: ${ok ? 'succeeded' : 'failed'}`, '']
  if (error) lines.push(`**${ok ? 'Nothing to do' : 'Error'}:** ${cell(error.message.split('\n')[0] ?? '')}`, '')
  const decisions = decisionsOf(results)
  if (decisions.length > 0) {
    lines.push('| Decided | Value | From |', '|---|---|---|')
    const from = { event: 'the event', input: 'the input', default: 'the default' }
    for (const decision of decisions) {
      lines.push(`| ${code(decision.name)} | ${code(decision.value)} | ${from[decision.source]}${decision.reason ? `: ${cell(decision.reason)}` : ''} |`)
    }
    lines.push('')
  }
  if (!plan) return lines.join('\n')

  const commit = commitOf(results)
  lines.push(`Output: \`${plan.outputType}\`${dryRun ? ' (dry run: nothing was run)' : ''}${commit ? `; commit \`${commit}\`` : ''}`, '')
  const toolset = results.publication?.toolset ?? results.builds?.toolset
  if (toolset && (toolset.buildx || toolset.unread)) lines.push(`Toolset: ${cell(describeToolset(toolset))}`, '')
  const attested = plan.attested && plan.outputType === 'registry'
  lines.push(
    `| Platform | Digest | os.version | Tarball | Duration | Result |${attested ? ' Attestations |' : ''}`,
    `|---|---|---|---|---|---|${attested ? '---|' : ''}`
  )
  for (const target of plan.targets) {
    const record = records.find((r) => r.platform === target.platform)
    // A merge shows what each leg built, from its results.
    const status = !record
      ? dryRun
        ? 'planned'
        : 'not built'
      : plan.role === 'merge'
        ? 'built by its leg'
        : record.status === 'failed'
          ? '**failed**'
          : record.status
    const predicates = (record?.published?.predicates ?? []).map((p) => cell(PREDICATE_NAMES[p] ?? p)).join('<br>')
    lines.push(
      `| ${[
        code(target.platform),
        code(record?.digest ?? ''),
        cell(record?.published?.image.platform['os.version'] ?? ''),
        code(plan.role === 'merge' ? (record?.tarball ?? '') : (target.tarball ?? '')),
        record ? `${record.seconds.toFixed(1)} s` : '',
        status,
        ...(attested ? [predicates] : [])
      ].join(' | ')} |`
    )
  }
  lines.push('')

  const tags = results.publication?.tags ?? []
  if (plan.lists.length > 0) {
    lines.push('| Tag | Digest | What became of it |', '|---|---|---|')
    for (const list of plan.lists) {
      for (const ref of [list.ref, ...list.platformTags.map((t) => t.ref)]) {
        const outcome = tags.find((t) => t.ref === ref)
        const state = outcome
          ? `${STATES[outcome.state]}${outcome.state === 'moved' || outcome.state === 'unchanged' ? '' : `: ${cell(outcome.reason)}`}${outcome.state === 'possibly moved' ? `; read again, it holds ${cell(outcome.holds ?? '')}` : ''}`
          : 'not moved'
        lines.push(`| ${code(ref)} | ${code(outcome?.digest ?? '')} | ${state} |`)
      }
    }
    lines.push('')
  }

  for (const dropped of results.publication?.dropped ?? []) {
    lines.push(`**Dropped platforms:** ${code(dropped.tag)} held ${cell(dropped.platforms.join(', '))}, which this run's list does not.`, '')
  }

  const signed = dryRun ? [] : (results.publication?.signed ?? [])
  if (signed.length > 0) {
    lines.push('| Signed | What | Attestation |', '|---|---|---|')
    for (const entry of signed) lines.push(`| ${code(entry.subject)} | ${cell(entry.of)} | ${cell(attestationNote(entry))} |`)
    lines.push('', 'Verify what was published:', '', '```sh', ...signed.map((entry) => entry.verify), '```', '')
  }

  for (const record of records.filter((r) => r.status === 'failed')) {
    lines.push(
      `<details><summary>${escapeHtml(record.platform)}: end of the log</summary>`,
      '',
      '<pre>',
      escapeHtml(record.error ?? ''),
      '</pre>',
      '</details>',
      ''
    )
  }

  const pull = pullCommand(results)
  if (pull) lines.push('```sh', pull, '```', '')
  return lines.join('\n')
}

function pullCommand(results: RunResults): string | undefined {
  const plan = planOf(results)
  if (!plan || results.error || results.settings?.dryRun) return undefined
  if (plan.outputType === 'registry') return plan.lists[0] ? `docker pull ${plan.lists[0].ref}` : undefined
  if (plan.outputType === 'docker') return `docker run --rm ${plan.targets[0]?.tags[0]}`
  if (results.settings?.tarFormat !== 'rootfs') return plan.targets.map((t) => `docker load -i ${t.tarball}`).join('\n')
  return undefined
}

/** What the summary says of one signed digest's records. */
function attestationNote(entry: SignedDigest): string {
  if (entry.signedBefore) return 'signed before, at this commit (not signed again)'
  if (entry.completed === 'github-record') return `signed before; recorded with GitHub now (${entry.attestationId || 'no id'}), the registry held its bundle`
  if (entry.completed === 'registry-referrer') return 'signed before and recorded with GitHub; its bundle attached in the registry now'
  return entry.attestationId || '(not recorded with GitHub)'
}
