// The pipeline's edges for tests that start no process: the dry twins of buildx, the registries and Sigstore over
// one dry world (which a test may share between runs, as a registry outlives a run), a git of known facts, a
// clock that never waits, a machine of two CPUs, and the real workspace and result files in temporary directories.
// What the run hands back (outputs, masked values, the job summary) is kept for the test to read.
import { cpSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CommandRunner } from '../../src/shared/command-runner.js'
import { steppingClock } from '../../src/system/clock.js'
import { DryBuildx, DryRegistries, DryWorld } from '../../src/system/dry-run.js'
import { KnownCheckout, KnownGit } from '../../src/system/git.js'
import { GitHubApi, GitHubPort, OutputValues } from '../../src/system/github.js'
import type { Machine } from '../../src/system/machine.js'
import type { Edges, Ports } from '../../src/system/ports.js'
import type { Registries } from '../../src/system/registry/registries.js'
import { LocalResultFiles } from '../../src/system/result-files.js'
import { DrySigstore } from '../../src/system/sigstore.js'
import { LocalWorkspace } from '../../src/system/workspace.js'
import { ROOT } from './action.js'
import { RecordedLog, recordingLog } from './log.js'

/** What outlives one run: the registries (their tags), and the documents the builds "pushed". */
export interface Registry {
  world: DryWorld
  registries: Registries
}

export function dryRegistry(): Registry {
  const world = new DryWorld()
  return { world, registries: new DryRegistries(world) }
}

/** A workspace holding the examples (Dockerfile, Dockerfile-Windows, a Go program); not a git checkout: git is known. */
export function exampleFiles(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipeline-'))
  cpSync(path.join(ROOT, 'examples'), dir, { recursive: true })
  return dir
}

export const COMMIT = 'c0ffee0000000000000000000000000000000001'
export const COMMIT_TIME = 1_780_000_000

const NO_PROCESS: CommandRunner = {
  run: async (program) => {
    throw new Error(`no process is started in these tests (asked for ${program})`)
  }
}

const TWO_CPUS: Machine = { arch: 'amd64', nodeArch: 'x64', cpuCount: 2, watchCpus: () => ({ idleCpus: () => undefined, stop: () => undefined }) }

export interface TestRun {
  edges: Edges
  log: RecordedLog
  /** The dry buildx twin: every command it was asked for. */
  buildx: DryBuildx
  outputs(): OutputValues | undefined
  summary(): string
  masked: string[]
}

export interface TestRunOptions {
  /** The workspace's directory (exampleFiles() by default). */
  workspace?: string
  /** The environment the run's context is read from (GITHUB_* and the event's file); none: the command line. */
  env?: NodeJS.ProcessEnv
  /** What git knows of the checkout; by default HEAD is COMMIT, committed at COMMIT_TIME, clean. */
  checkout?: KnownCheckout
  /** The registries; a new one by default. Share one between runs to see what a run leaves for the next. */
  registry?: Registry
  api?: GitHubApi
}

export function testRun(options: TestRunOptions = {}): TestRun {
  const workspace = new LocalWorkspace(options.workspace ?? exampleFiles(), os.tmpdir())
  const registry = options.registry ?? dryRegistry()
  const log = recordingLog()
  const shown = registry.world.log(log)
  let outputs: OutputValues | undefined
  let summary = ''
  const masked: string[] = []
  const github = new GitHubPort({
    env: options.env ?? {},
    runner: NO_PROCESS,
    ...(options.api ? { api: options.api } : {}),
    runtime: {
      setOutput: () => undefined,
      setSecret: (value) => void masked.push(value),
      appendSummary: async (markdown) => void (summary += markdown)
    },
    onOutputs: (values) => {
      outputs = values
    }
  })
  const buildx = new DryBuildx(registry.world, shown, options.env ?? {}, 'velero-multiarch-test')
  const ports: Ports = {
    log: shown,
    github,
    workspace,
    git: new KnownGit(options.checkout ?? { head: COMMIT, commitTime: COMMIT_TIME, treeState: 'clean' }),
    buildx,
    registries: registry.registries,
    results: new LocalResultFiles(),
    sigstore: new DrySigstore(shown),
    clock: steppingClock(Date.UTC(2026, 11, 3, 12)),
    machine: TWO_CPUS
  }
  return {
    edges: { inputs: { log: shown, github, workspace }, forRun: () => ports },
    log,
    buildx,
    outputs: () => outputs,
    summary: () => summary,
    masked
  }
}
