// What the stages of a run gave, as far as it got: the report (outputs, job summary, closing lines) is made from it,
// on success and on failure alike.
import type { Builds } from '../build/stage.js'
import type { Settings } from '../inputs/definitions.js'
import type { Plan } from '../plan/plan.js'
import type { Decision } from '../policy/auto.js'
import type { Policy } from '../policy/stage.js'
import type { Publication } from '../publish/stage.js'
import type { PlatformRecord } from '../shared/platform-record.js'
import type { LegFacts } from '../split/result-codec.js'
import type { Platforms } from '../split/stage.js'

export interface RunResults {
  settings?: Settings
  policy?: Policy
  plan?: Plan
  builds?: Builds
  platforms?: Platforms
  publication?: Publication
  /** The decisions the policy made before it refused the run. */
  decisions?: Decision[]
  /** What ended the run, when it did not succeed (or had nothing to do). */
  error?: Error
}

/** The plan as the run carried it out: fitted to the toolset once the build stage read it. */
export const planOf = (results: RunResults): Plan | undefined => results.builds?.plan ?? results.plan

/** Each platform's record, as complete as the run made it. */
export const recordsOf = (results: RunResults): PlatformRecord[] =>
  results.publication?.platforms ?? results.platforms?.records ?? results.builds?.platforms ?? []

/** What each platform's leg said (a leg's own, or a merge's legs'). */
export const legsOf = (results: RunResults): ReadonlyMap<string, LegFacts> => results.platforms?.legs ?? new Map()

export const decisionsOf = (results: RunResults): Decision[] => results.policy?.decisions ?? results.decisions ?? []

/** The commit the images were built at, once known. */
export const commitOf = (results: RunResults): string => results.platforms?.commit ?? results.policy?.commit.commit ?? ''
