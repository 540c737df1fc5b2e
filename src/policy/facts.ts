// The facts of a run that its decisions and its plan depend on, read once through the ports: the checkout (its HEAD,
// the commit's time, the tree's state, where it comes from), this machine, the time, the run's private directory
// and the name a builder of its own would have.
import { isRemoteContext } from '../inputs/definitions.js'
import type { LinuxArchitecture } from '../shared/platforms.js'
import type { Ports } from '../system/ports.js'
import type { DecidedSettings } from './auto.js'
import { repositoryFacts } from './auto.js'
import path from 'node:path'

export const DEFAULT_GOPROXY = 'https://proxy.golang.org'

export interface RunFacts {
  /** The architecture of this machine, the only one a `docker` output builds. */
  hostArch: LinuxArchitecture
  /** Name for a builder the action creates (unique per run). */
  builderName: string
  /** A directory private to this run, for buildx metadata files, the secrets' files and the builder's configuration. */
  tempDir: string
  /** The checkout's HEAD; undefined without a checkout git can read (or a URL context, or a merge). */
  head?: string
  gitTreeState: 'clean' | 'dirty' | 'unknown'
  /** The repository's URL, for the source label: the GitHub repository, else the checkout's origin; may be empty. */
  sourceUrl: string
  /** When this run started (RFC 3339): the created label of a run that is not reproducible. */
  created: string
  /** The committer time of the checkout's HEAD (seconds since the epoch), for SOURCE_DATE_EPOCH. */
  commitTime?: number
  goproxy: string
  /** The repository's description and SPDX license, from the GitHub event, for the default index annotations. */
  description?: string
  licenses?: string
  /** What reading the facts could not find out, for the log. */
  warnings: string[]
}

/**
 * The repository's address for the source label: the GitHub repository in a workflow, else the checkout's origin
 * without any credentials in it (`https://token@host/...` loses `token@`); empty when neither says.
 */
export function sourceUrl(github: { serverUrl: string; repository: string }, origin: string | undefined): string {
  if (github.serverUrl && github.repository) return `${github.serverUrl}/${github.repository}`
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

/** The checkout the run builds from: the context in the workspace, for a run that builds (a merge has none). */
export function checkoutOf(settings: Pick<DecidedSettings, 'role' | 'context'>, workspace: string): string | undefined {
  return settings.role === 'merge' || isRemoteContext(settings.context) ? undefined : path.resolve(workspace, settings.context)
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')

export async function readRunFacts(
  settings: DecidedSettings,
  ports: Pick<Ports, 'git' | 'github' | 'workspace' | 'machine' | 'clock' | 'buildx'>
): Promise<RunFacts> {
  const { git, github, workspace, machine } = ports
  const hostArch = machine.arch
  if (hostArch === undefined) throw new Error(`this machine's architecture (${machine.nodeArch}) is not one buildx builds for`)
  const checkout = checkoutOf(settings, workspace.root)
  const warnings: string[] = []
  // HEAD, its committer time (SOURCE_DATE_EPOCH of a reproducible build) and the tree's state, asked at once.
  const [head, commitTime, treeState] = checkout
    ? await Promise.all([git.head(checkout), git.commitTime(checkout), git.treeState(checkout)])
    : [undefined, undefined, undefined]
  if (checkout && (head === undefined || treeState === undefined)) {
    warnings.push(
      `git could not read the repository of the context ${checkout} (not a checkout, git missing, or a "dubious ownership" refusal): GIT_TREE_STATE is unknown`
    )
  }
  const { context } = github
  const origin = checkout && !(context.serverUrl && context.repository) ? await git.originUrl(checkout) : undefined
  return {
    sourceUrl: sourceUrl(context, origin),
    created: rfc3339(ports.clock.now()),
    hostArch,
    builderName: ports.buildx.newBuilderName,
    tempDir: await workspace.runDirectory(),
    ...(head ? { head } : {}),
    ...(commitTime !== undefined ? { commitTime } : {}),
    gitTreeState: treeState ?? (checkout ? 'unknown' : 'clean'),
    warnings,
    goproxy: context.goproxy || DEFAULT_GOPROXY,
    ...repositoryFacts(context.event)
  }
}
