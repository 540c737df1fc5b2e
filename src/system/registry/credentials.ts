// The login the action uses for a registry: found where docker finds it (shared/docker-config.ts), a credential
// helper run as docker runs it (`docker-credential-NAME get`, the server on standard input), bounded in time. The
// secret is masked before anything else happens and never reaches a message.
import { loginInAuths, readDockerConfig, StoredLogin, storedLogin } from '../../shared/docker-config.js'
import type { CommandRunner } from '../../shared/command-runner.js'

export interface RegistryLogin {
  username: string
  /** A password, or with `identityToken` a refresh token for the registry's token endpoint. */
  secret: string
  identityToken: boolean
  /** Where it was found, for messages: `~/.docker/config.json: credHelpers["ghcr.io"]`. */
  from: string
}

export interface LoginContext {
  env: NodeJS.ProcessEnv
  /** Runs credential helpers, bounded by command-timeout. */
  runner: CommandRunner
  timeoutSeconds: number
  mask(value: string): void
}

/** docker-credential helpers say so when they hold nothing for a server. */
const NOT_FOUND = /credentials not found|no credentials|not found in native keychain/i
/** What a helper answers is small; more is not a helper's answer. */
const MAX_ANSWER = 64 * 1024

async function askHelper(login: Extract<StoredLogin, { kind: 'helper' }>, context: LoginContext): Promise<RegistryLogin | undefined> {
  const program = `docker-credential-${login.helper}`
  let result
  try {
    result = await context.runner.run(program, ['get'], { input: login.serverUrl, timeoutSeconds: context.timeoutSeconds, env: context.env })
  } catch (error) {
    throw new Error(
      `${login.from}: the credential helper ${program} could not be started (${(error as Error).message}); install it, or log in with docker login`
    )
  }
  if (result.timedOut) throw new Error(`${login.from}: ${program} get did not answer within command-timeout (${context.timeoutSeconds} s) and was stopped`)
  if (result.exitCode !== 0) {
    if (NOT_FOUND.test(result.stdout + result.stderr)) return undefined
    throw new Error(`${login.from}: ${program} get exited with code ${result.exitCode}`)
  }
  if (result.stdout.length > MAX_ANSWER) throw new Error(`${login.from}: ${program} get printed more than ${MAX_ANSWER} characters`)
  let answer: unknown
  try {
    answer = JSON.parse(result.stdout)
  } catch {
    throw new Error(`${login.from}: ${program} get did not print JSON`)
  }
  const fields = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {}
  if (typeof fields.Username !== 'string' || typeof fields.Secret !== 'string') throw new Error(`${login.from}: ${program} get printed no Username and Secret`)
  context.mask(fields.Secret)
  // Docker's convention: a helper's identity token comes with the user name <token>.
  const identityToken = fields.Username === '<token>'
  return { username: identityToken ? '' : fields.Username, secret: fields.Secret, identityToken, from: `${login.from} (${program})` }
}

/** The login of `host`, or undefined (anonymous) when docker has none. */
export async function credentialsFor(host: string, context: LoginContext): Promise<RegistryLogin | undefined> {
  const read = readDockerConfig(context.env)
  if (!read) return undefined
  const stored = storedLogin(read.config, read.file, host)
  if (!stored) return undefined
  if (stored.kind === 'helper') {
    const asked = await askHelper(stored, context)
    if (asked) return asked
    // A store that holds nothing for this registry: docker login may have written it into the file all the same.
    const inFile = loginInAuths(read.config, read.file, host)
    return inFile ? fromFile(inFile, context) : undefined
  }
  return fromFile(stored, context)
}

function fromFile(stored: StoredLogin, context: LoginContext): RegistryLogin | undefined {
  if (stored.kind === 'password') {
    context.mask(stored.password)
    return { username: stored.username, secret: stored.password, identityToken: false, from: stored.from }
  }
  if (stored.kind === 'identity-token') {
    context.mask(stored.token)
    return { username: '', secret: stored.token, identityToken: true, from: stored.from }
  }
  return undefined
}
