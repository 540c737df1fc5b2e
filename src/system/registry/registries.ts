// The registry edge: the HTTP API of each registry the run reads or writes (client.ts), and the login docker has
// for it (credentials.ts), found once per host and used by every request that needs one, signing's included; the
// client decides where a login may go.
import type { CommandRunner } from '../../shared/command-runner.js'
import type { Log } from '../../shared/log.js'
import type { RetryPolicy } from '../../shared/retry.js'
import { HttpRegistry, RegistryClient } from './client.js'
import { credentialsFor, RegistryLogin } from './credentials.js'

export interface Registries {
  /** The API of the registry `host` (`ghcr.io`, `docker.io`, `127.0.0.1:5000`), plain HTTP when `insecure`. */
  open(host: string, insecure: boolean): RegistryClient
}

export interface HttpRegistriesOptions {
  env: NodeJS.ProcessEnv
  /** Runs credential helpers, bounded by command-timeout. */
  runner: CommandRunner
  timeoutSeconds: number
  retry: RetryPolicy
  log: Log
  signal?: AbortSignal
  mask(value: string): void
}

/** The registries over HTTP, with docker's logins. */
export class HttpRegistries implements Registries {
  private readonly logins = new Map<string, Promise<RegistryLogin | undefined>>()

  constructor(private readonly options: HttpRegistriesOptions) {}

  /** The login docker has for `host`, or undefined (anonymous); looked up once per host, when a registry asks. */
  private credentialsFor(host: string): Promise<RegistryLogin | undefined> {
    let login = this.logins.get(host)
    if (!login) {
      login = credentialsFor(host, { env: this.options.env, runner: this.options.runner, timeoutSeconds: this.options.timeoutSeconds, mask: this.options.mask })
      // A lookup that failed (a credential helper that timed out) is asked again next time.
      login.catch(() => this.logins.delete(host))
      this.logins.set(host, login)
    }
    return login
  }

  open(host: string, insecure: boolean): RegistryClient {
    const { timeoutSeconds, retry, log, signal, mask } = this.options
    return new HttpRegistry({ host, insecure, timeoutSeconds, retry, log, ...(signal ? { signal } : {}), credentials: () => this.credentialsFor(host), mask })
  }
}
