// The tarballs the builds write, checked before any build: buildx would write through a link a fork committed.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkTarballs } from '../../src/build/tarballs.js'
import { LocalWorkspace } from '../../src/system/workspace.js'
import { planOf } from '../helpers/plan.js'

describe('the tarballs of a run', () => {
  const workspace = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'ws-')))
  const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'outside-')))
  writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n')

  it('refuses a tarball whose own name is a link, before any build', () => {
    mkdirSync(path.join(workspace, '_output'))
    symlinkSync(path.join(outside, 'Dockerfile'), path.join(workspace, '_output/velero-main-linux-amd64.tar'))
    const plan = planOf({ 'output-type': 'tar' })
    expect(() => checkTarballs(plan.targets, new LocalWorkspace(workspace, os.tmpdir()))).toThrow(
      `the tarball of linux/amd64: '_output/velero-main-linux-amd64.tar' goes through _output/velero-main-linux-amd64.tar, a symbolic link in the workspace (to ${outside}/Dockerfile)`
    )
  })
})
