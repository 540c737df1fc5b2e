// Workspaces like a user's checkout: a git repository with Dockerfiles and a program at its root.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './action.js'
import type { Registry } from './docker.js'

/** Makes the directory a git repository with everything in it committed: a clean tree. */
function commitAll(dir: string, message: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, stdio: 'ignore' })
  }
  git('init', '-q')
  git('add', '.')
  git('commit', '-q', '-m', message)
}

/** The examples/ directory (Go from Docker Hub: for dry runs and the buildx stand-in, which pull nothing). */
export function exampleWorkspace(options: { git?: boolean } = {}): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'workspace-'))
  cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true })
  if (options.git ?? true) commitAll(workspace, 'example')
  return workspace
}

/**
 * The fixture for real BuildKit (__tests__/fixtures/app), its base images named in the test registry;
 * `rewrite` changes the Dockerfiles further (another base image, say).
 */
export function appWorkspace(registry: Registry, rewrite: (dockerfile: string) => string = (text) => text): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'app-'))
  cpSync(path.join(ROOT, '__tests__/fixtures/app'), workspace, { recursive: true })
  for (const name of ['Dockerfile', 'Dockerfile-Windows']) {
    const file = path.join(workspace, name)
    writeFileSync(file, rewrite(readFileSync(file, 'utf8').replaceAll('localhost:5000', registry.prefix)))
  }
  commitAll(workspace, 'app')
  return workspace
}

/**
 * Points `ref` of the checkout's origin at a commit (HEAD unless told), as GitHub's repository has the event's ref:
 * a bare origin is made on first use. Returns the commit.
 */
export function pointRef(workspace: string, ref: string, commit = 'HEAD'): string {
  const run = (...args: string[]): string =>
    execFileSync('git', args, { cwd: workspace, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  let origin: string
  try {
    origin = run('remote', 'get-url', 'origin')
  } catch {
    origin = mkdtempSync(path.join(os.tmpdir(), 'origin-'))
    execFileSync('git', ['init', '-q', '--bare', origin])
    run('remote', 'add', 'origin', origin)
  }
  const sha = run('rev-parse', `${commit}^{commit}`)
  execFileSync('git', ['push', '-q', '--force', 'origin', `${sha}:${ref}`], { cwd: workspace, stdio: 'ignore' })
  return sha
}
