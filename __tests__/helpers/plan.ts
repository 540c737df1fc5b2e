// Settings and plans from raw inputs, with fixed facts, as the command line (outside GitHub) would decide them, for
// tests that need no process.
import type { RawInputs } from '../../src/inputs/definitions.js'
import { parseSettings } from '../../src/inputs/settings.js'
import { BuildTarget, makePlan, Plan, PlanFacts } from '../../src/plan/plan.js'
import { InputError } from '../../src/inputs/definitions.js'
import { DecidedSettings, decideAuto } from '../../src/policy/auto.js'
import { PolicyTag, tagPolicy } from '../../src/policy/tags.js'
import { PLATFORM_SUFFIXES } from '../../src/shared/platforms.js'
import { buildArgv } from '../../src/system/buildx.js'

export const WORKSPACE = '/work/space'

export const FACTS: PlanFacts = {
  hostArch: 'amd64',
  builderName: 'velero-multiarch-test',
  tempDir: '/tmp/run',
  gitSha: '0123456789abcdef0123456789abcdef01234567',
  gitTreeState: 'clean',
  sourceUrl: 'https://github.com/vmware-tanzu/velero',
  created: '2026-11-28T12:00:00Z',
  goproxy: 'https://proxy.golang.org',
  warnings: []
}

/** The settings of these inputs outside GitHub: `auto` as the command line decides it. */
export function settingsOf(raw: RawInputs): DecidedSettings {
  return decideAuto(parseSettings(raw, { workspace: WORKSPACE, defaultResultsDir: '/runner/temp/velero-multiarch-results' }), undefined).settings
}

/** The list tags the tag policy gives these settings outside GitHub (the command line), with these release tags. */
export function tagsOf(settings: DecidedSettings, releaseTags: string[] = []): PolicyTag[] {
  const policy = tagPolicy({
    version: { value: settings.version, source: 'input', reason: '' },
    tagLatest: settings.tagLatest,
    extraTags: settings.extraTags,
    release: settings.release,
    releaseTags,
    platformSuffixes: PLATFORM_SUFFIXES,
    publishes: settings.outputType === 'registry' && settings.role !== 'build'
  })
  if (policy.problems.length > 0) throw new InputError(policy.problems)
  return policy.tags
}

/** A target with the argument array the buildx port makes of it (`docker buildx build ...`). */
export type TargetWithCommand = BuildTarget & { command: string[] }

export function withCommands(plan: Plan): Plan & { targets: TargetWithCommand[] } {
  return { ...plan, targets: plan.targets.map((target) => ({ ...target, command: buildArgv(target.spec) })) }
}

export function planOf(raw: RawInputs, facts: Partial<PlanFacts> = {}): Plan & { targets: TargetWithCommand[] } {
  const settings = settingsOf(raw)
  const { gitSha, ...rest } = { ...FACTS, ...facts }
  return withCommands(makePlan({ settings, facts: rest, commit: { commit: gitSha, notes: [] }, tags: { tags: tagsOf(settings) } }))
}

/** Every tag a plan would leave in the registry: the list tags and the platform tags. */
export function registryTags(plan: Plan): string[] {
  return [...plan.lists.map((list) => list.ref), ...plan.targets.flatMap((target) => target.tags)].sort()
}
