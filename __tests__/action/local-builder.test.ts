// `--local-builder` on real buildkitd and buildx (the toolset the tests run on): the command line starts a BuildKit
// of its own, builds, and leaves nothing behind: no daemon, no temporary directory, no builder in the user's config.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CLI_ENTRY, runNode } from '../helpers/action.js'
import { BUILDKIT_DIR } from '../helpers/buildkit.js'
import { describeOnBuildkit } from '../helpers/describe-buildkit.js'

let dir: string
let workspace: string
let temp: string
let dockerConfig: string

/** The buildkitd processes started from a directory under `parent`. */
function daemonsUnder(parent: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${parent}/`)
      } catch {
        return false
      }
    })
    .map(Number)
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'local-builder-'))
  workspace = path.join(dir, 'workspace')
  temp = path.join(dir, 'tmp')
  dockerConfig = path.join(dir, 'docker')
  for (const sub of [workspace, temp, dockerConfig]) mkdirSync(sub)
  writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nARG TARGETARCH\nCOPY hello /hello-${TARGETARCH}\n')
  writeFileSync(path.join(workspace, 'hello'), 'hello\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const env = (): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(GITHUB_|INPUT_|RUNNER_|BUILDX_)/.test(name))),
  DOCKER_CONFIG: dockerConfig,
  TMPDIR: temp
})

describeOnBuildkit(
  '--local-builder',
  () => {
    it('builds with a BuildKit of its own, then stops it and removes everything it made', async () => {
      const result = await runNode(
        CLI_ENTRY,
        ['--local-builder=' + BUILDKIT_DIR, '--output-type', 'tar', '--arch', 'amd64,arm64', '--version', 'local'],
        env(),
        workspace
      )
      expect(result.stderr).toContain(`local builder: buildkitd ${BUILDKIT_DIR}/bin/buildkitd on ${temp}/velero-local-builder-`)
      expect(result.exitCode).toBe(0)
      for (const arch of ['amd64', 'arm64']) expect(existsSync(path.join(workspace, `_output/velero-local-linux-${arch}.tar`))).toBe(true)
      // Nothing left: the daemon, its directory (socket, root, config), and no builder in the user's DOCKER_CONFIG.
      expect(daemonsUnder(temp)).toEqual([])
      expect(readdirSync(temp).filter((name) => name.startsWith('velero-local-builder-'))).toEqual([])
      expect(existsSync(path.join(dockerConfig, 'buildx'))).toBe(false)
    }, 180_000)

    it('refuses a builder named as well, before starting anything', async () => {
      const result = await runNode(CLI_ENTRY, ['--local-builder=' + BUILDKIT_DIR, '--buildx-instance', 'mine', '--output-type', 'tar'], env(), workspace)
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('--local-builder and flag --buildx-instance (mine) each name the builder: give one of them')
      expect(result.stderr).not.toContain('local builder: buildkitd')
    })

    it('reports an empty directory with the other bad inputs, before starting anything', async () => {
      const result = await runNode(CLI_ENTRY, ['--local-builder=', '--os', 'macos', '--output-type', 'tar'], env(), workspace)
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('flag --local-builder=: the directory is empty')
      expect(result.stderr).toContain("flag --os: 'macos' is not allowed; allowed values: linux, windows")
      expect(result.stderr).not.toContain('local builder: buildkitd')
    })

    it('says what is missing when the directory holds no toolset', async () => {
      const result = await runNode(CLI_ENTRY, ['--local-builder=' + dir, '--output-type', 'tar'], env(), workspace)
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toContain(`--local-builder: cannot start a BuildKit here: missing bin/buildkitd and bin/docker-buildx in ${dir}`)
    })
  },
  { ownBuildkitd: '--local-builder starts buildkitd from the toolset directory' }
)
