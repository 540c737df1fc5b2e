// A workspace like a user's checkout: a git repository with the example Dockerfiles and program at its root.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './action.js'

export function exampleWorkspace(options: { git?: boolean } = {}): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'workspace-'))
  cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true })
  if (options.git ?? true) {
    const git = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: workspace, stdio: 'ignore' })
    }
    git('init', '-q')
    git('add', '.')
    git('commit', '-q', '-m', 'example')
  }
  return workspace
}
