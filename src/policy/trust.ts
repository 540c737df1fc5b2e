// What a run caused by a fork's pull request may have. Its code is not the repository's: it publishes nothing
// (auto.ts turns its output into tarballs), and no secret reaches its build unless the workflow says so.
import path from 'node:path'
import { keepsAttestations, Settings } from '../inputs/definitions.js'
import { looksSecret } from '../inputs/secrets.js'

/** The build arguments whose names look secret and are not declared public by `public-build-args`. */
export function secretLookingBuildArgs(settings: Pick<Settings, 'buildArgs' | 'publicBuildArgs'>): string[] {
  return settings.buildArgs.map(([key]) => key).filter((key) => looksSecret(key) && !settings.publicBuildArgs.includes(key))
}

/** Who caused a run, as far as trust goes. */
export interface RunOrigin {
  /** Code the repository does not vouch for is built: a fork's (isFork), or a commit the event is not about. */
  fork: boolean
  /** What that code is, for the warnings; a fork's code unless said. */
  code?: string
  /** `fork-secrets` may give it secrets: a fork's pull request, on purpose; not a checkout of another commit. */
  secretsAllowed?: boolean
  /**
   * The run has the base repository's cache scope: pull_request_target and a workflow_run, which run in the base
   * repository's context; a fork's pull_request has a scope of its own that trusted builds never read.
   */
  baseScope: boolean
}

/** The type of a buildx cache destination: `type=...`, or a bare reference (a registry cache). */
function cacheType(spec: string): string {
  return /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry'
}

/**
 * Whether a fork's run may write this cache: only where no trusted build reads it. `inline` goes into the image,
 * which a fork's run never pushes; `local` inside the workspace stays in the fork's checkout; `gha` is the run's
 * own cache scope, except under the base repository's (baseScope). Every other destination (registry, s3, azblob,
 * a local path outside the workspace) is one that trusted builds may read with cache-from.
 */
export function forkMayWriteCache(spec: string, origin: RunOrigin, workspace: string): boolean {
  const type = cacheType(spec)
  if (type === 'inline') return true
  if (type === 'gha') return !origin.baseScope
  if (type === 'local') {
    const dest = /(?:^|,)dest=([^,]+)/.exec(spec)?.[1]
    if (!dest) return false
    const relative = path.relative(workspace, path.resolve(workspace, dest))
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  }
  return false
}

/**
 * The settings a fork's run builds with: no secret in any form (`secrets`, `secret-files`, `secret-envs`) unless
 * `fork-secrets` is true, no build argument whose name looks secret unless `public-build-args` names it, and no
 * cache destination that trusted builds read (forkMayWriteCache; cache-from stays). Each thing withheld, or given,
 * is said in a warning.
 */
export function withholdFromFork<
  S extends Pick<Settings, 'secrets' | 'secretFiles' | 'secretEnvs' | 'forkSecrets' | 'buildArgs' | 'publicBuildArgs' | 'cacheTo'>
>(settings: S, origin: RunOrigin, workspace: string): { settings: S; warnings: string[] } {
  if (!origin.fork) return { settings, warnings: [] }
  const warnings: string[] = []
  const code = origin.code ?? "a fork's code"
  const forkSecrets = settings.forkSecrets && origin.secretsAllowed !== false
  const ids = [...settings.secrets, ...settings.secretFiles, ...settings.secretEnvs].map(([id]) => id).join(', ')
  const withholdSecrets = ids !== '' && !forkSecrets
  if (ids !== '' && forkSecrets) {
    warnings.push(`fork-secrets is true: the secrets ${ids} reach the build of ${code}, which can read them and send them anywhere`)
  } else if (withholdSecrets) {
    warnings.push(
      `this run builds ${code}, so the secrets ${ids} are withheld from its build${origin.secretsAllowed === false ? '' : ' (fork-secrets: true would give them)'}`
    )
  }
  const withheld = secretLookingBuildArgs(settings)
  if (withheld.length > 0) {
    warnings.push(
      `this run builds ${code}, so the build-args ${withheld.join(', ')} are withheld: their names look secret. Name them in public-build-args if they are not.`
    )
  }
  const caches = settings.cacheTo.filter((spec) => !forkMayWriteCache(spec, origin, workspace))
  if (caches.length > 0) {
    warnings.push(
      `this run builds ${code}, so it writes no cache that trusted builds read: cache-to ${caches.join(', ')} ${caches.length === 1 ? 'is' : 'are'} withheld (cache-from stays)${origin.baseScope ? "; under the base repository's cache scope type=gha is withheld too" : ''}`
    )
  }
  const secrets = withholdSecrets ? { secrets: [], secretFiles: [], secretEnvs: [] } : {}
  return {
    settings: {
      ...settings,
      ...secrets,
      buildArgs: settings.buildArgs.filter(([key]) => !withheld.includes(key)),
      cacheTo: settings.cacheTo.filter((spec) => !caches.includes(spec))
    },
    warnings
  }
}

/**
 * provenance mode=max publishes the value of every build argument, for anyone who can pull the image: a build
 * argument whose name looks secret is refused there, unless `public-build-args` declares it public.
 */
export function provenanceProblems(settings: Pick<Settings, 'provenance' | 'sbom' | 'outputType' | 'tarFormat' | 'buildArgs' | 'publicBuildArgs'>): string[] {
  if (settings.provenance !== 'mode=max' || !keepsAttestations(settings)) return []
  const named = secretLookingBuildArgs(settings)
  if (named.length === 0) return []
  return [
    `input 'build-args': ${named.join(', ')} look secret, and provenance mode=max publishes every build argument's value, readable by anyone who can pull the image; pass them with secrets, secret-files or secret-envs, or name them in public-build-args if they are not secret`
  ]
}
