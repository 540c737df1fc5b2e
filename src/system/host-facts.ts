// Facts about this machine and checkout that the plan depends on, gathered once before planning.
import { randomUUID } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { isRemoteContext, Settings } from '../inputs/definitions.js'
import { linuxArchitectureOf } from '../shared/platforms.js'
import type { PlanFacts } from '../plan/plan.js'
import type { CommandRunner } from '../shared/command-runner.js'

export const DEFAULT_GOPROXY = 'https://proxy.golang.org'

async function gitOutput(runner: CommandRunner, dir: string, args: string[]): Promise<string | undefined> {
  try {
    const result = await runner.run('git', ['-C', dir, ...args])
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  } catch {
    return undefined
  }
}

/**
 * The repository's address for the source label: the GitHub repository in a workflow, else the checkout's origin
 * without any credentials in it (`https://token@host/...` loses `token@`); empty when neither says.
 */
export function sourceUrl(env: NodeJS.ProcessEnv, origin: string | undefined): string {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
  if (!origin) return ''
  try {
    const url = new URL(origin)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return ''
    url.username = ''
    url.password = ''
    return url.toString().replace(/\.git$/, '')
  } catch {
    // scp-like (git@github.com:org/repo.git): no secret in it, but no URL either.
    return /^[\w.-]+@([\w.-]+):([\w./-]+?)(\.git)?$/.test(origin) ? origin.replace(/^[\w.-]+@([\w.-]+):([\w./-]+?)(\.git)?$/, 'https://$1/$2') : ''
  }
}

/** What gathering finds: the plan's facts but for the commit, which policy/commit.ts decides from `head`. */
export type HostFacts = Omit<PlanFacts, 'gitSha'> & { head?: string }

export async function gatherFacts(settings: Settings, workspace: string, env: NodeJS.ProcessEnv, runner: CommandRunner): Promise<HostFacts> {
  const hostArch = linuxArchitectureOf(process.arch)
  if (hostArch === undefined) throw new Error(`this machine's architecture (${process.arch}) is not one buildx builds for`)
  const contextDir = path.resolve(workspace, settings.context)
  // The merge builds nothing, so it needs no checkout.
  const local = !isRemoteContext(settings.context) && settings.role !== 'merge'
  const warnings: string[] = []
  // HEAD, its committer time (SOURCE_DATE_EPOCH of a reproducible build) and the tree's state, asked at once.
  const [head, time, status] = local
    ? await Promise.all([
        gitOutput(runner, contextDir, ['rev-parse', 'HEAD']),
        gitOutput(runner, contextDir, ['show', '-s', '--format=%ct', 'HEAD']),
        gitOutput(runner, contextDir, ['status', '--porcelain'])
      ])
    : [undefined, undefined, undefined]
  const commitTime = time !== undefined && /^\d{1,12}$/.test(time) ? Number(time) : undefined
  if (local && (head === undefined || status === undefined)) {
    warnings.push(
      `git could not read the repository of the context ${contextDir} (not a checkout, git missing, or a "dubious ownership" refusal): GIT_TREE_STATE is unknown`
    )
  }
  const tempRoot = env.RUNNER_TEMP && env.RUNNER_TEMP !== '' ? env.RUNNER_TEMP : os.tmpdir()
  const origin = local && !(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) ? await gitOutput(runner, contextDir, ['remote', 'get-url', 'origin']) : undefined
  return {
    sourceUrl: sourceUrl(env, origin),
    created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    hostArch,
    builderName: `velero-multiarch-${randomUUID().slice(0, 8)}`,
    tempDir: await mkdtemp(path.join(tempRoot, 'velero-multiarch-')),
    ...(head && /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(head) ? { head } : {}),
    ...(commitTime !== undefined ? { commitTime } : {}),
    gitTreeState: status === undefined ? (local ? 'unknown' : 'clean') : status ? 'dirty' : 'clean',
    warnings,
    goproxy: env.GOPROXY && env.GOPROXY !== '' ? env.GOPROXY : DEFAULT_GOPROXY
  }
}
