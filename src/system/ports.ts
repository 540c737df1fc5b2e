// The edges a run works through, one port per tool, each with a real implementation and a dry one. The stages are
// given the ports they need and reach the system through nothing else; the entry points (main.ts, cli.ts) make them
// (real ones, or for a dry run the dry twins of those that act: dry-run.ts), and tests make their own.
import type { Log } from '../shared/log.js'
import type { Buildx } from './buildx.js'
import type { Clock } from './clock.js'
import type { Git } from './git.js'
import type { GitHub } from './github.js'
import type { Machine } from './machine.js'
import type { Registries } from './registry/registries.js'
import type { ResultFiles } from './result-files.js'
import type { Sigstore } from './sigstore.js'
import type { Workspace } from './workspace.js'

/** What reading the inputs needs: the log, the run's context (and its masking), the checkout's files. */
export interface InputPorts {
  log: Log
  github: GitHub
  workspace: Workspace
}

export interface Ports extends InputPorts {
  git: Git
  buildx: Buildx
  registries: Registries
  results: ResultFiles
  sigstore: Sigstore
  clock: Clock
  machine: Machine
  /** Aborted when the run is cancelled: every stage stops there, and every command. */
  signal?: AbortSignal
}

/** What the entry points give the pipeline: the ports to read the inputs with, then those of the run they describe. */
export interface Edges {
  inputs: InputPorts
  /** The ports of a run with these settings (its bounds, its retries, and whether it is dry). */
  forRun(settings: RunSettings): Ports
}

/** What the ports of a run depend on, of its settings. */
export interface RunSettings {
  dryRun: boolean
  /** The build context (a checkout's directory in the workspace, or a URL), and whether the run builds from it. */
  context: string
  role: 'all' | 'build' | 'merge'
  commandTimeout: number
  retries: number
  retryMaxWait: number
  githubToken: string
}
