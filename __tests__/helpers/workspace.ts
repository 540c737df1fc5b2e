// A workspace like a user's checkout: the example Dockerfiles and program at its root.
import { cpSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './action.js'

export function exampleWorkspace(): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'workspace-'))
  cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true })
  return workspace
}
