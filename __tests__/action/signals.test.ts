// Signals on the command line, with a docker that hangs and ignores SIGTERM (as `docker manifest push` to a registry
// that never answers does): the first signal stops every command and ends the run; a second ends it at once.
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ACTION_NODE, CLI_ENTRY } from '../helpers/action.js'
import { exampleWorkspace } from '../helpers/workspace.js'

/** A PATH whose docker writes its pid to `started`, ignores SIGTERM and hangs. */
function hangingDocker(): { env: NodeJS.ProcessEnv; started: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hanging-docker-'))
  const bin = path.join(dir, 'bin')
  mkdirSync(bin)
  const started = path.join(dir, 'started')
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\ntrap '' TERM\necho $$ > '${started}'\nexec sleep 600\n`)
  chmodSync(path.join(bin, 'docker'), 0o755)
  return { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: dir }, started }
}

const alive = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** Runs the command line until docker hangs, sends `signals` (the second after `between` ms), and times the exit. */
async function signalled(signals: NodeJS.Signals[], between = 200): Promise<{ code: number | null; seconds: number; stderr: string; docker: number }> {
  const { env, started } = hangingDocker()
  const child = spawn(ACTION_NODE, [CLI_ENTRY, '--output-type', 'tar'], { env, cwd: exampleWorkspace(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  for (let i = 0; i < 200 && !existsSync(started); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  const docker = Number(readFileSync(started, 'utf8'))
  const at = Date.now()
  for (const [index, signal] of signals.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, between))
    child.kill(signal)
  }
  const code = await exited
  return { code, seconds: (Date.now() - at) / 1000, stderr, docker }
}

describe('the command line, told to stop while docker hangs', () => {
  it('one SIGTERM: the hanging command is stopped (SIGKILL after its grace), and the run exits 130 within seconds', async () => {
    const { code, seconds, stderr, docker } = await signalled(['SIGTERM'])
    expect(code).toBe(130)
    expect(seconds).toBeLessThan(15)
    expect(stderr).toContain('received SIGTERM; stopping the builds (a second signal stops everything at once)')
    expect(alive(docker)).toBe(false)
  })

  it('a second signal (SIGINT): everything is killed at once and the run exits 130', async () => {
    const { code, seconds, stderr, docker } = await signalled(['SIGTERM', 'SIGINT'])
    expect(code).toBe(130)
    expect(seconds).toBeLessThan(4)
    expect(stderr).toContain('received SIGINT again; stopping everything at once')
    expect(alive(docker)).toBe(false)
  })
})
