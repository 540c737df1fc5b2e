// The trusted root the Sigstore port verifies with: GitHub's as gh prints it, or SIGSTORE_TRUSTED_ROOT's file, checked
// and bounded.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sigstoreInstance } from '../../src/publish/attestation.js'
import { readRunContext } from '../../src/system/github.js'
import { SigstoreServices } from '../../src/system/sigstore.js'

const services = new SigstoreServices(10_000)

describe('the trusted root', () => {
  /** A trusted root with one certificate authority at `uri`, as a line of `gh attestation trusted-root`. */
  const root = (uri: string): string =>
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [],
      certificateAuthorities: [
        { subject: { organization: 'o', commonName: uri }, uri, certChain: { certificates: [] }, validFor: { start: '2024-01-01T00:00:00Z' } }
      ],
      ctlogs: [],
      timestampAuthorities: []
    })

  it("of GitHub's instance is the one gh prints for its Fulcio", async () => {
    const instance = sigstoreInstance('github', 'private', readRunContext({}))
    const found = await services.trustedRoot(instance, async () => `${root('https://fulcio.sigstore.dev')}\n${root('https://fulcio.githubapp.com')}\n`)
    expect(found.certificateAuthorities[0].uri).toBe('https://fulcio.githubapp.com')
  })

  it("fails, naming the way out, when gh prints none for the instance's Fulcio", async () => {
    await expect(
      services.trustedRoot(sigstoreInstance('github', 'private', readRunContext({})), async () => root('https://fulcio.sigstore.dev'))
    ).rejects.toThrow('set SIGSTORE_TRUSTED_ROOT')
  })

  it.each<[string, (file: string) => void, string]>([
    ['a missing file', () => undefined, 'cannot be read'],
    ['a file that is not JSON', (file) => writeFileSync(file, 'not json'), 'is not a Sigstore trusted root'],
    [
      'a file with no certificate authority',
      (file) => writeFileSync(file, JSON.stringify({ mediaType: 'x', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] })),
      'names no certificate authority'
    ],
    ['a file of 2 MiB', (file) => writeFileSync(file, ' '.repeat(2 * 1024 * 1024)), 'is 2097152 bytes; a trusted_root.json is at most 1048576']
  ])('from SIGSTORE_TRUSTED_ROOT refuses %s, naming the variable and the file', async (_case, write, problem) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'root-')), 'trusted_root.json')
    write(file)
    const instance = sigstoreInstance('auto', 'public', readRunContext({ SIGSTORE_FULCIO_URL: 'http://127.0.0.1:1/fulcio', SIGSTORE_TRUSTED_ROOT: file }))
    await expect(services.trustedRoot(instance, async () => '')).rejects.toThrow(`SIGSTORE_TRUSTED_ROOT (${file})`)
    await expect(services.trustedRoot(instance, async () => '')).rejects.toThrow(problem)
  })

  it('is read from SIGSTORE_TRUSTED_ROOT when set', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'root-')), 'trusted_root.json')
    writeFileSync(file, root('http://127.0.0.1:1/fulcio'))
    const found = await services.trustedRoot(
      sigstoreInstance('auto', 'public', readRunContext({ SIGSTORE_FULCIO_URL: 'http://127.0.0.1:1/fulcio', SIGSTORE_TRUSTED_ROOT: file })),
      async () => {
        throw new Error('gh is not asked')
      }
    )
    expect(found.certificateAuthorities[0].uri).toBe('http://127.0.0.1:1/fulcio')
  })
})
