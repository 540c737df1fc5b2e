// What a run caused by a fork's pull request may have. Its code is not the repository's: it publishes nothing
// (workflow.ts turns its output into tarballs), and no secret reaches its build unless the workflow says so.
import { keepsAttestations, Settings } from '../inputs/definitions.js'

/** A build argument name that suggests a secret, whose value would stay in the image history. */
export function looksSecret(name: string): boolean {
  return /PASSWORD|TOKEN|SECRET|KEY/i.test(name)
}

/** The build arguments whose names look secret and are not declared public by `public-build-args`. */
export function secretLookingBuildArgs(settings: Settings): string[] {
  return settings.buildArgs.map(([key]) => key).filter((key) => looksSecret(key) && !settings.publicBuildArgs.includes(key))
}

/**
 * The settings a fork's run builds with: no secret in any form (`secrets`, `secret-files`, `secret-envs`) unless
 * `fork-secrets` is true, and no build argument whose name looks secret unless `public-build-args` names it. Each
 * thing withheld, or given, is said in a warning.
 */
export function withholdFromFork(settings: Settings, fork: boolean): { settings: Settings; warnings: string[] } {
  if (!fork) return { settings, warnings: [] }
  const warnings: string[] = []
  const ids = [...settings.secrets, ...settings.secretFiles, ...settings.secretEnvs].map(([id]) => id).join(', ')
  const withholdSecrets = ids !== '' && !settings.forkSecrets
  if (ids !== '' && settings.forkSecrets) {
    warnings.push(`fork-secrets is true: the secrets ${ids} reach the build of a fork's code, which can read them and send them anywhere`)
  } else if (withholdSecrets) {
    warnings.push(`this run builds a fork's code, so the secrets ${ids} are withheld from its build (fork-secrets: true would give them)`)
  }
  const withheld = secretLookingBuildArgs(settings)
  if (withheld.length > 0) {
    warnings.push(
      `this run builds a fork's code, so the build-args ${withheld.join(', ')} are withheld: their names look secret. Name them in public-build-args if they are not.`
    )
  }
  const secrets = withholdSecrets ? { secrets: [], secretFiles: [], secretEnvs: [] } : {}
  return { settings: { ...settings, ...secrets, buildArgs: settings.buildArgs.filter(([key]) => !withheld.includes(key)) }, warnings }
}

/**
 * provenance mode=max publishes the value of every build argument, for anyone who can pull the image: a build
 * argument whose name looks secret is refused there, unless `public-build-args` declares it public.
 */
export function provenanceProblems(settings: Settings): string[] {
  if (settings.provenance !== 'mode=max' || !keepsAttestations(settings)) return []
  const named = secretLookingBuildArgs(settings)
  if (named.length === 0) return []
  return [
    `input 'build-args': ${named.join(', ')} look secret, and provenance mode=max publishes every build argument's value, readable by anyone who can pull the image; pass them with secrets, secret-files or secret-envs, or name them in public-build-args if they are not secret`
  ]
}
