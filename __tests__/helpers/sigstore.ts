// A Sigstore instance of the tests' own, behind one local HTTP server: @sigstore/mock's Fulcio (with its CT log)
// and timestamp authority, the runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), and a fake of GitHub's
// attestations API, which records bundles and lists them by their subject's digest. Shaped as GitHub's instance is
// (Fulcio and timestamps, no Rekor). Its trusted root is written to a file, which the action reads through
// SIGSTORE_TRUSTED_ROOT and the tests verify against.
import { bundleFromJSON, SerializedBundle } from '@sigstore/bundle'
import { fulcioHandler, initializeCA, initializeCTLog, initializeTSA, tsaHandler } from '@sigstore/mock'
import { HashAlgorithm, PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const WORKFLOW_REF = 'org/app/.github/workflows/release.yml@refs/heads/main'
export const IDENTITY = `https://github.com/${WORKFLOW_REF}`

export interface SigstoreServices {
  /** The environment of a job with `id-token: write` whose action signs with this instance. */
  env: NodeJS.ProcessEnv
  /** The bundles the fake attestations API recorded, in order. */
  recorded: SerializedBundle[]
  /** What the next answers are: a certificate for another identity than the token's, a refusal of the attestations API. */
  behaviour: { certificateSubject: string; attestationsStatus: number; workflowRef: string }
  /** Where the repository's refs point, as the API's `commits/{ref}` answers (`tags/v1.16.0` -> commit); others are 404. */
  heads: Record<string, string>
  verify(bundle: SerializedBundle): string
  close(): Promise<void>
}

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startSigstore(): Promise<SigstoreServices> {
  // One instant for every certificate and timestamp: the mock writes a timestamp's milliseconds without trailing
  // zeros ("…30.5Z"), which @sigstore/core does not parse, so the instant has three digits of them. It is a few
  // seconds ahead, after the mock's CA certificates begin; signing certificates live 10 minutes from it, and the
  // verifier checks them at the timestamp.
  const clock = new Date(Math.floor(Date.now() / 1000) * 1000 + 5_123)
  const ctlog = await initializeCTLog(keyPair(), clock)
  const ca = await initializeCA(keyPair(), ctlog, clock)
  const tsa = await initializeTSA(keyPair(), clock)
  // The certificate's subject comes from a claim of its own, so that a test can make Fulcio certify someone else.
  const fulcio = fulcioHandler(ca, { subjectClaim: 'certificate_subject' })
  const timestamps = tsaHandler(tsa)
  const recorded: SerializedBundle[] = []
  const behaviour = { certificateSubject: IDENTITY, attestationsStatus: 201, workflowRef: WORKFLOW_REF }
  const heads: Record<string, string> = {}

  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://localhost')
        const send = (status: number, value: string, type = 'application/json'): void => {
          response.writeHead(status, { 'content-type': type })
          response.end(value)
        }
        if (url.pathname === '/fulcio/api/v2/signingCert' || url.pathname === '/tsa/api/v1/timestamp') {
          const answer = await (url.pathname.startsWith('/fulcio') ? fulcio : timestamps).fn(body)
          return send(answer.statusCode, answer.response as string, answer.contentType)
        }
        if (url.pathname === '/oidc') {
          if (request.headers.authorization !== 'Bearer request-token') return send(401, '{}')
          const claims = {
            iss: 'https://token.actions.githubusercontent.com',
            sub: 'repo:org/app:ref:refs/heads/main',
            aud: url.searchParams.get('audience'),
            job_workflow_ref: behaviour.workflowRef,
            certificate_subject: behaviour.certificateSubject
          }
          return send(200, JSON.stringify({ value: `${encode({ alg: 'none' })}.${encode(claims)}.` }))
        }
        const commit = /^\/api\/repos\/[^/]+\/[^/]+\/commits\/(.+)$/.exec(url.pathname)
        if (commit && request.method === 'GET') {
          const sha = heads[decodeURIComponent(commit[1])]
          return sha ? send(200, JSON.stringify({ sha })) : send(404, JSON.stringify({ message: 'No commit found for SHA' }))
        }
        if (/^\/api\/repos\/[^/]+\/[^/]+\/attestations$/.test(url.pathname) && request.method === 'POST') {
          if (behaviour.attestationsStatus !== 201)
            return send(behaviour.attestationsStatus, JSON.stringify({ message: 'Resource not accessible by integration' }))
          recorded.push((JSON.parse(body) as { bundle: SerializedBundle }).bundle)
          return send(201, JSON.stringify({ id: recorded.length }))
        }
        const listing = /^\/api\/repos\/[^/]+\/[^/]+\/attestations\/(sha256:[0-9a-f]{64})$/.exec(decodeURIComponent(url.pathname))
        if (listing && request.method === 'GET') {
          const bundles = recorded.filter((bundle) => subjectDigest(bundle) === listing[1])
          if (bundles.length === 0) return send(404, JSON.stringify({ message: 'Not Found' }))
          return send(200, JSON.stringify({ attestations: bundles.map((bundle) => ({ bundle, repository_id: 1 })) }))
        }
        send(404, '{}')
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const start = new Date(Date.now() - 3600_000)
  const root = TrustedRoot.fromJSON(
    TrustedRoot.toJSON({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
          uri: `${base}/fulcio`,
          certChain: { certificates: [{ rawBytes: Buffer.from(ca.rootCertificate as Uint8Array) }] },
          validFor: { start }
        }
      ],
      ctlogs: [
        {
          baseUrl: 'https://ctfe.mock',
          hashAlgorithm: HashAlgorithm.SHA2_256,
          publicKey: { rawBytes: ctlog.publicKey, keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, validFor: { start } },
          logId: { keyId: Buffer.from(ctlog.logID as Uint8Array) }
        }
      ],
      timestampAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'tsa' },
          uri: `${base}/tsa`,
          certChain: {
            certificates: [{ rawBytes: Buffer.from(tsa.intCertificate as Uint8Array) }, { rawBytes: Buffer.from(tsa.rootCertificate as Uint8Array) }]
          },
          validFor: { start }
        }
      ]
    } as unknown as TrustedRoot)
  )
  const rootFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sigstore-')), 'trusted_root.json')
  writeFileSync(rootFile, JSON.stringify(TrustedRoot.toJSON(root)))

  /** The digest a bundle's statement is about. */
  function subjectDigest(bundle: SerializedBundle): string {
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')) as {
      subject?: Array<{ digest?: { sha256?: string } }>
    }
    return `sha256:${statement.subject?.[0]?.digest?.sha256 ?? ''}`
  }

  return {
    env: {
      SIGSTORE_FULCIO_URL: `${base}/fulcio`,
      SIGSTORE_TSA_URL: `${base}/tsa/api/v1/timestamp`,
      SIGSTORE_TRUSTED_ROOT: rootFile,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/oidc?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      GITHUB_API_URL: `${base}/api`,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'org/app',
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1'
    },
    recorded,
    heads,
    behaviour,
    /** Verifies a bundle against this instance's trusted root and the workflow's identity; returns the subject digest. */
    verify(bundle) {
      new Verifier(toTrustMaterial(root), { tlogThreshold: 0, ctlogThreshold: 1, timestampThreshold: 1 }).verify(toSignedEntity(bundleFromJSON(bundle)), {
        subjectAlternativeName: IDENTITY
      })
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')) as {
        subject: Array<{ digest: { sha256: string } }>
      }
      return `sha256:${statement.subject[0].digest.sha256}`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
