// What a run caused by a fork's pull request may have. Its code is not the repository's: it publishes nothing
// (workflow.ts turns its output into tarballs), and no secret reaches its build unless the workflow says so.
import type { Settings } from './inputs.js'

/** A build argument name that suggests a secret, whose value would stay in the image history. */
export function looksSecret(name: string): boolean {
  return /PASSWORD|TOKEN|SECRET|KEY/i.test(name)
}

/** The build arguments whose names look secret and are not declared public by `public-build-args`. */
export function secretLookingBuildArgs(settings: Settings): string[] {
  return settings.buildArgs.map(([key]) => key).filter((key) => looksSecret(key) && !settings.publicBuildArgs.includes(key))
}

/**
 * The settings a fork's run builds with: no `secrets` unless `fork-secrets` is true, and no build argument whose
 * name looks secret unless `public-build-args` names it. Each thing withheld, or given, is said in a warning.
 */
export function withholdFromFork(settings: Settings, fork: boolean): { settings: Settings; warnings: string[] } {
  if (!fork) return { settings, warnings: [] }
  const warnings: string[] = []
  let secrets = settings.secrets
  const ids = secrets.map(([id]) => id).join(', ')
  if (secrets.length > 0 && settings.forkSecrets) {
    warnings.push(`fork-secrets is true: the secrets ${ids} reach the build of a fork's code, which can read them and send them anywhere`)
  } else if (secrets.length > 0) {
    secrets = []
    warnings.push(`this run builds a fork's code, so the secrets ${ids} are withheld from its build (fork-secrets: true would give them)`)
  }
  const withheld = secretLookingBuildArgs(settings)
  if (withheld.length > 0) {
    warnings.push(
      `this run builds a fork's code, so the build-args ${withheld.join(', ')} are withheld: their names look secret. Name them in public-build-args if they are not.`
    )
  }
  return { settings: { ...settings, secrets, buildArgs: settings.buildArgs.filter(([key]) => !withheld.includes(key)) }, warnings }
}
