// A fork's checkout cannot make the runner write outside the workspace, nor build a Windows image that RUNs, and a
// build that does not finish leaves no tarball: the bundled action on real buildx and BuildKit, fed a fork's pull
// request event, in checkouts with committed symbolic links.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, runPost, EVENTS } from '../helpers/action.js'
import { Buildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry } from '../helpers/docker.js'
import { appWorkspace } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit

/** Commits what the fork changed, links included, as its pull request would. */
function commit(workspace: string, change: (dir: string) => void): string {
  change(workspace)
  // -f: the fixture ignores _output, as Velero's does; a fork can commit it all the same.
  execFileSync('git', ['-c', 'user.name=fork', '-c', 'user.email=fork@example.com', 'add', '-A', '-f'], { cwd: workspace })
  execFileSync('git', ['-c', 'user.name=fork', '-c', 'user.email=fork@example.com', 'commit', '-qm', 'fork'], { cwd: workspace })
  return workspace
}

/** The main and post steps for a fork's pull request into release-1.16 (version pr-43, tarballs). */
async function onForkPullRequest(workspace: string, inputs: Record<string, string> = {}) {
  const docker = buildkit.docker({
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(EVENTS, 'pull-request-fork.json'),
    GITHUB_REF: 'refs/pull/43/merge',
    GITHUB_BASE_REF: 'release-1.16',
    GITHUB_REPOSITORY: 'vmware-tanzu/velero'
  })
  const run = await runAction({ 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', ...inputs }, { workspace, env: docker.env })
  const post = await runPost(run.state, { workspace, env: docker.env })
  return { run, post, docker }
}

const outsideDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'outside-'))

describeOnBuildkit("a fork's checkout on real buildx and BuildKit", () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })

  describe('symbolic links committed by a fork', () => {
    it('_output a link to a directory outside: it stays empty, and the run fails naming _output', async () => {
      const outside = outsideDir()
      const workspace = commit(appWorkspace(registry), (dir) => symlinkSync(outside, path.join(dir, '_output')))
      const { run, docker } = await onForkPullRequest(workspace)
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([
        `::error::input 'output-dir': '_output' goes through _output, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
      ])
      expect(readdirSync(outside)).toEqual([])
      expect(docker.dockerCalls()).toEqual([])
    })

    it("the tarball's own name a link to a file outside: the file is unchanged, and nothing is built", async () => {
      const outside = path.join(outsideDir(), 'authorized_keys')
      writeFileSync(outside, 'ssh-ed25519 AAAA the runner owner\n')
      const workspace = commit(appWorkspace(registry), (dir) => {
        mkdirSync(path.join(dir, '_output'))
        symlinkSync(outside, path.join(dir, '_output/velero-pr-43-linux-amd64.tar'))
      })
      const { run, docker } = await onForkPullRequest(workspace)
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toContain(
        `the tarball of linux/amd64: '_output/velero-pr-43-linux-amd64.tar' goes through _output/velero-pr-43-linux-amd64.tar, a symbolic link in the workspace (to ${outside})`
      )
      expect(readFileSync(outside, 'utf8')).toBe('ssh-ed25519 AAAA the runner owner\n')
      expect(docker.dockerCalls().some((args) => args[1] === 'build')).toBe(false)
    })

    it("a leg's results-dir a link: no result file is written outside", async () => {
      const outside = outsideDir()
      const workspace = commit(appWorkspace(registry), (dir) => symlinkSync(outside, path.join(dir, 'results')))
      const { run } = await onForkPullRequest(workspace, { role: 'build', 'results-dir': 'results' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toContain(
        `input 'results-dir': '${path.join(workspace, 'results')}' goes through results, a symbolic link in the workspace (to ${outside})`
      )
      expect(readdirSync(outside)).toEqual([])
    })

    it('a Dockerfile that is a link to a file outside: refused before any docker command', async () => {
      const outside = path.join(outsideDir(), 'Dockerfile')
      writeFileSync(outside, 'FROM scratch\nCOPY /etc/shadow /\n')
      const workspace = commit(appWorkspace(registry), (dir) => symlinkSync(outside, path.join(dir, 'Dockerfile.fork')))
      const { run, docker } = await onForkPullRequest(workspace, { dockerfile: 'Dockerfile.fork' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([
        expect.stringContaining(
          `input 'dockerfile': 'Dockerfile.fork' goes through Dockerfile.fork, a symbolic link in the workspace to ${outside}, outside the workspace`
        )
      ])
      expect(docker.dockerCalls()).toEqual([])
    })
  })

  describe('the stages of a Windows image', () => {
    it('an inherited RUN (FROM <stage>) is refused in a dry run, naming the stage and its line', async () => {
      const workspace = commit(appWorkspace(registry), (dir) =>
        writeFileSync(
          path.join(dir, 'Dockerfile-Windows'),
          `FROM ${registry.prefix}/windows/nanoserver:ltsc2022 AS base\nRUN echo setup\nFROM base\nCOPY app.sh /app/\n`
        )
      )
      const { run, docker } = await onForkPullRequest(workspace, { os: 'linux,windows', 'dry-run': 'true' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations).toEqual([
        "::error::input 'windows-dockerfile': 'Dockerfile-Windows' has a RUN step at line 2, in stage base, which the Windows image is built from (FROM base at line 3); BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
      ])
      expect(docker.dockerCalls()).toEqual([])
    })

    it('a copy-only FROM <stage> chain fed by a compile on the build platform still builds', async () => {
      const workspace = commit(appWorkspace(registry), (dir) =>
        writeFileSync(
          path.join(dir, 'Dockerfile-Windows'),
          [
            `FROM --platform=$BUILDPLATFORM ${registry.prefix}/base/busybox:latest AS build`,
            'COPY app.sh /src/',
            'RUN mkdir -p /out && cp /src/app.sh /out/app.cmd',
            `FROM ${registry.prefix}/windows/nanoserver:ltsc2022 AS base`,
            'COPY --from=build /out/ /app/',
            'FROM base',
            'COPY app.sh /extra/',
            ''
          ].join('\n')
        )
      )
      const { run } = await onForkPullRequest(workspace, { os: 'windows' })
      expect(run.exitCode).toBe(0)
      const files = execFileSync('tar', ['-tf', path.join(workspace, '_output/velero-pr-43-windows-ltsc2022-amd64.tar')])
        .toString()
        .split('\n')
      expect(files).toEqual(expect.arrayContaining(['app/app.cmd', 'extra/app.sh']))
    })
  })

  describe('a build that does not finish', () => {
    it('leaves no tarball in _output, whether it failed or fail-fast stopped it', async () => {
      const workspace = appWorkspace(registry)
      // linux/amd64 fails at once; windows would compile for a minute, so only fail-fast ends it.
      const { run } = await onForkPullRequest(workspace, { os: 'linux,windows', 'max-parallel': '0', 'build-args': 'FAIL_PLATFORMS=linux/amd64\nDELAY=60' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toContain(
        '1 of 2 platform builds failed (linux/amd64); no tag moved. fail-fast stopped windows/amd64/ltsc2022 (stopped)'
      )
      expect(existsSync(path.join(workspace, '_output')) ? readdirSync(path.join(workspace, '_output')) : []).toEqual([])
      expect(JSON.parse(run.outputs.tarballs)).toEqual([])
    })

    it('leaves no tarball when its base image cannot be pulled', async () => {
      const workspace = commit(appWorkspace(registry), (dir) =>
        writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${registry.prefix}/nowhere/busybox:latest\nCOPY app.sh /app/\n`)
      )
      const { run } = await onForkPullRequest(workspace, { 'build-args': 'DELAY=0' })
      expect(run.exitCode).toBe(1)
      expect(existsSync(path.join(workspace, '_output')) ? readdirSync(path.join(workspace, '_output')) : []).toEqual([])
    })
  })
})
