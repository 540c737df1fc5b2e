// The GitHub port: the job's OIDC token, as the runner hands it out (or not).
import { describe, expect, it } from '@jest/globals'
import { GitHubPort, NO_ID_TOKEN } from '../../src/system/github.js'

describe('the OIDC token', () => {
  it('is refused, saying which permission is missing, when the runner offers none', async () => {
    const github = new GitHubPort({ env: {}, runner: { run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) } })
    await expect(github.idToken('sigstore', 1000)).rejects.toThrow(NO_ID_TOKEN)
    expect(NO_ID_TOKEN).toContain('id-token: write')
  })
})
