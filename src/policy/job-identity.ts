// Who the job is, as its OIDC token says: the workflow that signs (its certificate's subject) and the issuer a
// certificate for it must name. The policy checks it before any docker command on a run that is to sign; signing
// (publish/sign.ts) asks for a fresh token and reads it the same way.
import { githubServer, RunContext } from '../system/github.js'

const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

/** The claims of the job's OIDC token this run signs with: who it is. */
export interface JobIdentity {
  token: string
  /** The certificate's subject Fulcio makes of it: the workflow file and ref of the job. */
  subject: string
  /** The OIDC issuer a certificate for this job must name: GitHub Actions' (SIGSTORE_OIDC_ISSUER to name another). */
  issuer: string
}

function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? ''
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) return claims as Record<string, unknown>
  } catch {
    // falls through
  }
  throw new Error('the OIDC token is not a JSON web token')
}

/** Who the job is, from its OIDC token's claims. */
export function jobIdentity(token: string, context: Pick<RunContext, 'sigstore' | 'serverUrl'>): JobIdentity {
  const claims = jwtClaims(token)
  const server = githubServer(context)
  const workflow = typeof claims.job_workflow_ref === 'string' ? `${server}/${claims.job_workflow_ref}` : typeof claims.sub === 'string' ? claims.sub : ''
  if (!workflow) throw new Error('the OIDC token names no workflow (job_workflow_ref)')
  const issuer =
    context.sigstore.oidcIssuer || (new URL(server).hostname === 'github.com' ? GITHUB_ACTIONS_ISSUER : typeof claims.iss === 'string' ? claims.iss : '')
  return { token, subject: workflow, issuer }
}
