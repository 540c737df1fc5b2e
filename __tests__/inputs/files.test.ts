// The files a run reads from the checkout and the places it writes into, as a fork's pull request could commit them
// (symbolic links included): real files in temporary directories.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileProblems } from '../../src/inputs/files.js'
import { LocalWorkspace } from '../../src/system/workspace.js'
import { settingsOf } from '../helpers/plan.js'

describe('files and directories in the workspace', () => {
  let workspace: string
  let outside: string
  beforeEach(() => {
    workspace = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'ws-')))
    outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'outside-')))
    writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')
    writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n')
    mkdirSync(path.join(workspace, 'src'))
  })
  const check = (inputs: Record<string, string>): string[] => fileProblems(settingsOf(inputs), new LocalWorkspace(workspace, os.tmpdir()))

  it('needs the Dockerfile of each system it builds, and a context directory', () => {
    expect(check({ context: 'src' })).toEqual([])
    expect(check({ context: 'src', 'output-type': 'tar', os: 'linux,windows' })).toEqual([
      `input 'windows-dockerfile': 'Dockerfile-Windows' is not a file in the workspace ${workspace}`
    ])
    expect(check({ context: 'missing' })).toEqual([`input 'context': 'missing' is not a directory in the workspace ${workspace}`])
  })

  it('checks the Windows Dockerfile once per windows-version, its OS_VERSION choosing the stages, and names the version', () => {
    const dockerfile = 'ARG OS_VERSION=ltsc2022\nFROM nanoserver AS ltsc2025\nRUN x\nFROM nanoserver AS ltsc2022\nCOPY a /a\nFROM ${OS_VERSION}\n'
    writeFileSync(path.join(workspace, 'Dockerfile-Windows'), dockerfile)
    expect(check({ context: 'src', 'output-type': 'tar', os: 'windows' })).toEqual([])
    expect(check({ context: 'src', 'output-type': 'tar', os: 'windows', 'windows-version': 'ltsc2022,ltsc2025' })).toEqual([
      "input 'windows-dockerfile': 'Dockerfile-Windows' has a RUN step at line 3, in stage ltsc2025, which the Windows image is built from (FROM ltsc2025 at line 6) for windows-version ltsc2025; BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
    ])
    // The user's build-args choose too.
    expect(check({ context: 'src', 'output-type': 'tar', os: 'windows', 'build-args': 'OS_VERSION=ltsc2025' })).toHaveLength(1)
  })

  it('names an ONBUILD RUN and the stage it runs in', () => {
    writeFileSync(path.join(workspace, 'Dockerfile-Windows'), 'FROM nanoserver AS base\nONBUILD RUN setup.cmd\nFROM base AS app\nCOPY a /a\n')
    expect(check({ context: 'src', 'output-type': 'tar', os: 'windows' })).toEqual([
      "input 'windows-dockerfile': 'Dockerfile-Windows' has an ONBUILD RUN at line 2, in stage base, which runs when stage app is built from it (FROM base at line 3); BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
    ])
  })

  it('leaves a remote context to buildx', () => {
    expect(check({ context: 'https://github.com/org/repo.git#main' })).toEqual([])
  })

  it('reads through a link that stays inside the workspace', () => {
    symlinkSync('Dockerfile', path.join(workspace, 'Dockerfile.linux'))
    symlinkSync('src', path.join(workspace, 'ctx'))
    expect(check({ dockerfile: 'Dockerfile.linux', context: 'ctx' })).toEqual([])
  })

  it.each([
    ['dockerfile', { dockerfile: 'Dockerfile.evil' }, 'Dockerfile.evil', () => 'Dockerfile'],
    ['context', { context: 'ctx' }, 'ctx', () => ''],
    ['dockerfile', { dockerfile: 'dir/Dockerfile' }, 'dir', () => '']
  ])("refuses input '%s' through a link to outside the workspace, naming the link and its target", (name, inputs, link, file) => {
    symlinkSync(path.join(outside, file()), path.join(workspace, link))
    const problems = check(inputs)
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^input '${name}': '[^']+' goes through ${link}, a symbolic link in the workspace to ${outside}(/Dockerfile)?, outside the workspace ${workspace}; nothing is read through it$`
        )
      )
    ])
  })

  it('writes tarballs only where no link is: output-dir a link (even inside the workspace) is refused', () => {
    symlinkSync(outside, path.join(workspace, '_output'))
    expect(check({ 'output-type': 'tar' })).toEqual([
      `input 'output-dir': '_output' goes through _output, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
    ])
    symlinkSync('src', path.join(workspace, 'out'))
    expect(check({ 'output-type': 'tar', 'output-dir': 'out' })[0]).toContain("input 'output-dir': 'out' goes through out, a symbolic link in the workspace")
  })

  it("writes a leg's results only where no link is; the default under RUNNER_TEMP, outside the workspace, stays allowed", () => {
    symlinkSync(outside, path.join(workspace, 'results'))
    expect(check({ role: 'build', 'output-type': 'registry', 'results-dir': path.join(workspace, 'results') })).toEqual([
      `input 'results-dir': '${path.join(workspace, 'results')}' goes through results, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
    ])
    expect(check({ role: 'build', 'output-type': 'registry', 'results-dir': outside })).toEqual([])
  })

  it('walks every local cache directory: a cache-to through a link (one a fork committed) is refused, a cache-from through one leaving the workspace too', () => {
    symlinkSync(outside, path.join(workspace, 'cachedir'))
    expect(check({ 'cache-to': 'type=local,dest=cachedir,mode=max' })).toEqual([
      `input 'cache-to': 'cachedir' goes through cachedir, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
    ])
    expect(check({ 'cache-from': 'type=local,src=cachedir' })).toEqual([
      `input 'cache-from': 'cachedir' goes through cachedir, a symbolic link in the workspace to ${outside}, outside the workspace ${workspace}; nothing is read through it`
    ])
    expect(check({ 'cache-to': 'type=local,dest=.cache/buildx', 'cache-from': 'type=local,src=.cache/buildx' })).toEqual([])
  })
})
