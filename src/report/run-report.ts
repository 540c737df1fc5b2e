// What a run did, as far as it got: what the outputs, the job summary and the command line report.
import type { BuildResult } from '../build/run-builds.js'
import type { Toolset } from '../build/features.js'
import type { Settings } from '../inputs/definitions.js'
import type { Plan } from '../plan/plan.js'
import type { DecidedValue } from '../policy/auto.js'
import type { PublishRecord } from '../publish/stage.js'
import type { PlatformResult } from '../split/results.js'
import type { Outputs } from './outputs.js'

export interface RunReport {
  settings?: Settings
  /** version, tag-latest, output-type and push, as decided, with where each came from. */
  decisions: DecidedValue[]
  plan?: Plan
  builds: BuildResult[]
  /** What the publish stage read, assembled, decided, signed and moved. */
  publish: PublishRecord
  /** The legs' results a merge published from. */
  results?: PlatformResult[]
  /** The buildx and BuildKit the run used, as far as it read them. */
  toolset?: Toolset
  outputs?: Outputs
  /** The run's commit (policy/commit.ts). */
  commit?: string
  error?: Error
}

/** The os.version of each Windows image, as the publish stage read it from its config. */
export function osVersionOf(report: RunReport, targetId: string): string | undefined {
  return report.publish.platforms.get(targetId)?.image.platform['os.version']
}
