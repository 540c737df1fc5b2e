// The daemons a run or a test starts itself, on the real programs: Debian's docker-registry (as a read-only mirror,
// and as the tests' registry), and what a daemon that dies at once reports.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { dockerRegistryConfig, startDaemon, startDockerRegistry, waitUntilReady } from '../../src/system/daemons.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'daemons-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('docker-registry', () => {
  it('is configured for 127.0.0.1 over plain HTTP, read-only when asked', () => {
    const config = dockerRegistryConfig({ storage: '/srv/mirror', configDir: dir, readOnly: true }, '127.0.0.1:5123')
    expect(config).toContain('    rootdirectory: /srv/mirror\n  maintenance:\n    readonly:\n      enabled: true\nhttp:\n  addr: 127.0.0.1:5123\n')
    expect(config).not.toContain('auth:')
  })

  it('as a mirror serves what it holds and takes no push', async () => {
    const registry = await startDockerRegistry({ storage: path.join(dir, 'mirror'), configDir: mkdtempSync(path.join(dir, 'config-')), readOnly: true })
    try {
      expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(200)
      const upload = await fetch(`http://${registry.host}/v2/library/golang/blobs/uploads/`, { method: 'POST' })
      expect(upload.status).not.toBe(202)
    } finally {
      await registry.stop()
    }
    expect(registry.child.exitCode !== null || registry.child.signalCode !== null).toBe(true)
  })
})

describe('a daemon that does not come up', () => {
  it('fails the wait at once with its last words, not after the bound', async () => {
    const daemon = startDaemon('sh', ['-c', 'echo "bad config: no such key" >&2; exit 3'])
    await expect(waitUntilReady('the test daemon', daemon, async () => false)).rejects.toThrow(
      'the test daemon exited before it was ready: bad config: no such key'
    )
  })

  it('that cannot be started is reported the same way', async () => {
    const daemon = startDaemon(path.join(dir, 'no-such-program'), [])
    await expect(waitUntilReady('the missing daemon', daemon, async () => false)).rejects.toThrow(/the missing daemon exited before it was ready: .*ENOENT/)
  })
})
