// inputs -> plan -> build -> publish -> report: the one pipeline behind both the action and the command line.
import { rm } from 'node:fs/promises'
import { BuildResult, runBuilds } from './build.js'
import { createBuilder, removeBuilder } from './builder.js'
import { createBuilderCommand, removeBuilderCommand } from './commands.js'
import { gatherFacts } from './facts.js'
import { checkFiles, parseSettings, RawInputs, Settings } from './inputs.js'
import { makePlan, Plan } from './plan.js'
import { listCommands, publishLists, PublishedList, readOsVersions } from './publish.js'
import { commandLine, describePlan, Log, OS_VERSION_PLACEHOLDER, Outputs, plannedOutputs } from './report.js'
import type { CommandRunner } from './runner.js'

export interface PipelineContext {
  runner: CommandRunner
  log: Log
  workspace: string
  env: NodeJS.ProcessEnv
  /** Receives the outputs as soon as they are known, and again when they change, so a failed run still has them. */
  setOutputs(outputs: Outputs): void
  /** Called once a builder exists that the action must remove later (the action's post step, the CLI's exit). */
  builderCreated(name: string): void
  signal?: AbortSignal
}

export interface PipelineResult {
  settings: Settings
  plan: Plan
  builds: BuildResult[]
  published: PublishedList[]
  outputs: Outputs
}

/** Every command the plan would run, in order, as the dry run prints them. */
export function plannedCommands(plan: Plan): string[][] {
  return [
    ...(plan.builder.create ? [createBuilderCommand(plan.builder)] : []),
    ...plan.targets.map((target) => target.command),
    ...plan.lists.flatMap((list) => listCommands(list, plan.insecure, () => OS_VERSION_PLACEHOLDER)),
    ...(plan.builder.create ? [removeBuilderCommand(plan.builder.name)] : [])
  ]
}

function metadataOutput(builds: BuildResult[], osVersions: ReadonlyMap<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    builds.map((build) => [
      build.target.id,
      {
        tags: build.target.tags,
        digest: build.digest ?? null,
        'os.version': osVersions.get(build.target.id) ?? null,
        tarball: build.target.tarball ?? null,
        seconds: Math.round(build.seconds * 10) / 10
      }
    ])
  )
}

export async function runPipeline(raw: RawInputs, context: PipelineContext): Promise<PipelineResult> {
  const { runner, log, workspace, env } = context
  const settings = parseSettings(raw, { workspace })
  const facts = await gatherFacts(settings, workspace, env, runner)
  const plan = makePlan(settings, facts)
  checkFiles(settings, new Set(plan.targets.map((target) => target.platform.os)), workspace)
  for (const warning of plan.warnings) log.warning(warning)
  for (const line of describePlan(plan)) log.info(line)

  const outputs = plannedOutputs(plan)
  context.setOutputs(outputs)
  try {
    if (settings.dryRun) {
      await log.group('Commands (dry run: nothing is run)', async () => {
        for (const args of plannedCommands(plan)) log.info(commandLine('docker', args))
      })
      return { settings, plan, builds: [], published: [], outputs }
    }

    if (plan.builder.create) {
      await log.group(`Create buildx builder ${plan.builder.name}`, () => createBuilder(plan.builder, { runner, log, env }))
      context.builderCreated(plan.builder.name)
    }

    const builds = await runBuilds(plan.targets, {
      runner,
      log,
      cwd: workspace,
      env,
      maxParallel: settings.maxParallel,
      signal: context.signal
    })
    const digests = new Map(builds.flatMap((b) => (b.digest ? [[b.target.id, b.digest] as [string, string]] : [])))
    const failed = builds.filter((build) => !build.ok)
    if (failed.length > 0) {
      context.setOutputs({ ...outputs, metadata: metadataOutput(builds, new Map()) })
      const names = failed.map((build) => build.target.id).join(', ')
      throw new Error(
        `${failed.length} of ${builds.length} platform builds failed (${names}); nothing was published.\n${failed.map((b) => b.error).join('\n')}`
      )
    }

    let published: PublishedList[] = []
    let osVersions: ReadonlyMap<string, string> = new Map()
    if (plan.lists.length > 0) {
      const publishOptions = { runner, log, cwd: workspace, env }
      osVersions = await readOsVersions(plan, publishOptions)
      published = await publishLists(plan, osVersions, digests, publishOptions)
    }
    const finalOutputs: Outputs = {
      ...outputs,
      digest: published[0]?.digest,
      metadata: metadataOutput(builds, osVersions)
    }
    context.setOutputs(finalOutputs)
    return { settings, plan, builds, published, outputs: finalOutputs }
  } finally {
    await rm(facts.tempDir, { recursive: true, force: true })
  }
}

/** Removes the builder a run created; shared by the action's post step and the command line's exit. */
export async function cleanUp(builderName: string | undefined, context: Pick<PipelineContext, 'runner' | 'log' | 'env'>): Promise<void> {
  if (builderName) await removeBuilder(builderName, context)
}
