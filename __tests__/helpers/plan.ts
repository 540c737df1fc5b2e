// Settings and plans from raw inputs, with fixed facts, for tests that need no process.
import type { RawInputs, Settings } from '../../src/inputs/definitions.js'
import { parseSettings } from '../../src/inputs/settings.js'
import { makePlan, Plan, PlanFacts } from '../../src/plan/plan.js'
import { InputError } from '../../src/inputs/definitions.js'
import { PolicyTag, tagPolicy } from '../../src/policy/tags.js'
import { PLATFORM_SUFFIXES } from '../../src/shared/platforms.js'

export const WORKSPACE = '/work/space'

export const FACTS: PlanFacts = {
  hostArch: 'amd64',
  builderName: 'velero-multiarch-test',
  tempDir: '/tmp/run',
  gitSha: '0123456789abcdef0123456789abcdef01234567',
  gitTreeState: 'clean',
  sourceUrl: 'https://github.com/vmware-tanzu/velero',
  created: '2026-11-28T12:00:00Z',
  goproxy: 'https://proxy.golang.org'
}

export function settingsOf(raw: RawInputs): Settings {
  return parseSettings(raw, { workspace: WORKSPACE, defaultResultsDir: '/runner/temp/velero-multiarch-results' })
}

/** The list tags the tag policy gives these settings outside GitHub (the command line), with these release tags. */
export function tagsOf(settings: Settings, releaseTags: string[] = []): PolicyTag[] {
  const policy = tagPolicy({
    version: { value: settings.version, source: 'input', rule: '' },
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

export function planOf(raw: RawInputs, facts: Partial<PlanFacts> = {}): Plan {
  const settings = settingsOf(raw)
  return makePlan(settings, { ...FACTS, ...facts }, tagsOf(settings))
}

/** Every tag a plan would leave in the registry: the list tags and the platform tags. */
export function registryTags(plan: Plan): string[] {
  return [...plan.lists.map((list) => list.ref), ...plan.targets.flatMap((target) => target.tags)].sort()
}
