// The ports of a run on this machine, as the action's step and the command line make them: real ones, bounded by
// the run's command-timeout and retried as it says; for a dry run, the dry twins of those that act (buildx, the
// registries, the result files, the GitHub API, Sigstore) over one dry world, and the real ones that only read
// (git, the workspace, the clock).
import path from 'node:path'
import type { CommandRunner } from '../shared/command-runner.js'
import type { Log } from '../shared/log.js'
import { DEFAULT_BASE_SECONDS } from '../shared/retry.js'
import { BuildxCli } from './buildx.js'
import { systemClock } from './clock.js'
import { DryBuildx, DryGitHub, DryGitHubApi, DryRegistries, DryResultFiles, DryWorld } from './dry-run.js'
import { GitCli } from './git.js'
import { ActionsRuntime, GitHubPort, OctokitApi, OutputValues, readRunContext } from './github.js'
import { thisMachine } from './machine.js'
import type { Edges, InputPorts, Ports, RunSettings } from './ports.js'
import { HttpRegistries } from './registry/registries.js'
import { LocalResultFiles } from './result-files.js'
import { boundedRunner, ProcessRunner } from './runner.js'
import { DrySigstore, SigstoreServices } from './sigstore.js'
import { DryWorkspace, LocalWorkspace } from './workspace.js'

export interface MachineEdgesOptions {
  env: NodeJS.ProcessEnv
  /** The workspace: GITHUB_WORKSPACE, or the command line's current directory. */
  workspace: string
  log: Log
  runner: ProcessRunner
  signal?: AbortSignal
  /** The Actions runtime of a step; undefined on the command line. */
  runtime?: ActionsRuntime
  /** Receives the outputs on the command line. */
  onOutputs?(values: OutputValues): void
  /** Told the name of a builder the run creates, before it is created, for removal later. */
  onBuilderCreated(name: string): void
}

/** The edges of a run on this machine, and how to let go of them (the run's private directory) when it ends. */
export function machineEdges(options: MachineEdgesOptions): Edges & { dispose(): Promise<void> } {
  const { env, log, runner, signal } = options
  const context = readRunContext(env)
  const tempRoot = context.runnerTemp
  const workspaces: LocalWorkspace[] = [new LocalWorkspace(options.workspace, tempRoot)]
  const githubOf = (api?: OctokitApi | DryGitHubApi, token?: string, bounded: CommandRunner = runner) => ({
    env,
    runner: bounded,
    ...(api ? { api } : {}),
    ...(token ? { token } : {}),
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.onOutputs ? { onOutputs: options.onOutputs } : {})
  })
  const inputs: InputPorts = { log, github: new GitHubPort(githubOf()), workspace: workspaces[0] }
  const forRun = (settings: RunSettings): Ports => {
    const bounded = boundedRunner(runner, settings.commandTimeout, signal)
    const retry = { retries: settings.retries, maxWaitSeconds: settings.retryMaxWait, baseSeconds: DEFAULT_BASE_SECONDS, sleep: systemClock.sleep }
    const common = { git: new GitCli(bounded), clock: systemClock, machine: thisMachine, ...(signal ? { signal } : {}) }
    if (!settings.dryRun) {
      const github = new GitHubPort(
        githubOf(context.event ? new OctokitApi(settings.githubToken, context.repository, settings.commandTimeout) : undefined, settings.githubToken, bounded)
      )
      const mask = (value: string): void => github.mask(value)
      return {
        ...common,
        log,
        github,
        workspace: workspaces[0],
        buildx: new BuildxCli({ runner: bounded, buildRunner: runner, log, env, onCreate: options.onBuilderCreated }),
        registries: new HttpRegistries({ env, runner: bounded, timeoutSeconds: settings.commandTimeout, retry, log, ...(signal ? { signal } : {}), mask }),
        results: new LocalResultFiles(),
        sigstore: new SigstoreServices(settings.commandTimeout * 1000)
      }
    }
    const world = new DryWorld()
    const shown = world.log(log)
    const workspace = new DryWorkspace(options.workspace, tempRoot)
    workspaces.push(workspace)
    const source = context.serverUrl && context.repository ? `${context.serverUrl}/${context.repository}` : ''
    const checkout =
      settings.role === 'merge' || /^[a-z][a-z0-9+.-]*:\/\//i.test(settings.context) ? undefined : path.resolve(options.workspace, settings.context)
    const checkoutHead = async (): Promise<string | undefined> => (checkout ? common.git.head(checkout) : undefined)
    return {
      ...common,
      log: shown,
      github: new DryGitHub(githubOf(context.event ? new DryGitHubApi(context, shown, checkoutHead) : undefined, settings.githubToken, bounded)),
      workspace,
      buildx: new DryBuildx(world, shown, env),
      registries: new DryRegistries(world),
      results: new DryResultFiles(world, source),
      sigstore: new DrySigstore(shown)
    }
  }
  return {
    inputs,
    forRun,
    dispose: async () => {
      for (const workspace of workspaces) await workspace.dispose()
    }
  }
}
