// The files a run reads from the checkout and the places it writes into, as a fork's pull request could commit them
// (symbolic links included), and the stages a Windows image is built from: real files in temporary directories.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { windowsRun } from '../../src/system/dockerfile.js'
import { checkFiles, checkTarballs } from '../../src/system/workspace-files.js'
import { planOf, settingsOf } from '../helpers/plan.js'

describe('the stages a Windows image is built from', () => {
  const velero = [
    'ARG OS_VERSION=ltsc2022',
    'FROM --platform=$BUILDPLATFORM golang:1.24 AS build',
    'RUN go build -o /out/velero.exe ./cmd/velero',
    'FROM mcr.microsoft.com/windows/nanoserver:${OS_VERSION}',
    'COPY --from=build /out/ /',
    'USER ContainerUser'
  ].join('\n')

  it.each<[string, string, ReturnType<typeof windowsRun>]>([
    ["Velero's: a compile on the build platform, copied into nanoserver", velero, undefined],
    ['a RUN in the final stage', 'FROM nanoserver\nCOPY a /a\nRUN echo hi\n', { stage: '#0', runLine: 3, instruction: 'RUN', path: [] }],
    [
      'a RUN inherited through FROM <stage>',
      'FROM nanoserver AS base\nRUN setup.cmd\nFROM base\nCOPY app /app\n',
      { stage: 'base', runLine: 2, instruction: 'RUN', path: ['FROM base at line 3'] }
    ],
    [
      'a chain of two stages',
      'FROM nanoserver AS a\nRUN x\nFROM a AS b\nCOPY y /y\nFROM b\n',
      { stage: 'a', runLine: 2, instruction: 'RUN', path: ['FROM b at line 5', 'FROM a at line 3'] }
    ],
    [
      'a RUN in a Windows stage copied in',
      'FROM nanoserver AS tools\nRUN fetch.cmd\nFROM nanoserver\nCOPY --from=tools /t /t\n',
      { stage: 'tools', runLine: 2, instruction: 'RUN', path: ['COPY --from=tools at line 4'] }
    ],
    [
      'a RUN in a stage on $TARGETPLATFORM, copied in',
      'FROM --platform=$TARGETPLATFORM nanoserver AS t\nRUN x\nFROM nanoserver\nCOPY --from=t /a /a\n',
      { stage: 't', runLine: 2, instruction: 'RUN', platform: 'windows/amd64, from $TARGETPLATFORM', path: ['COPY --from=t at line 4'] }
    ],
    [
      'a Windows stage a build-platform stage copies from',
      'FROM nanoserver AS win\nRUN x\nFROM --platform=$BUILDPLATFORM golang AS build\nCOPY --from=win /a /a\nRUN go build\nFROM nanoserver\nCOPY --from=build /o /o\n',
      { stage: 'win', runLine: 2, instruction: 'RUN', path: ['COPY --from=build at line 7', 'COPY --from=win at line 4'] }
    ],
    [
      'a stage by its number',
      'FROM nanoserver\nRUN x\nFROM nanoserver\nCOPY --from=0 /a /a\n',
      { stage: '#0', runLine: 2, instruction: 'RUN', path: ['COPY --from=0 at line 4'] }
    ],
    [
      'a copy-only chain and a Linux compile',
      'FROM --platform=$BUILDPLATFORM busybox AS build\nRUN make\nFROM nanoserver AS base\nCOPY --from=build /o /o\nFROM base\nCOPY extra /extra\n',
      undefined
    ],
    ['a RUN split over lines and a stage never used', 'FROM nanoserver AS unused\nRUN \\\n  x\nFROM nanoserver\nCOPY a /a\n', undefined],
    ['an image copied from, not a stage', 'FROM nanoserver\nCOPY --from=mcr.microsoft.com/powershell /p /p\n', undefined],
    [
      'a RUN in a stage on an explicit windows platform',
      'FROM --platform=windows/amd64 nanoserver AS w\nRUN x\nFROM nanoserver\nCOPY --from=w /a /a\n',
      { stage: 'w', runLine: 2, instruction: 'RUN', platform: 'windows/amd64', path: ['COPY --from=w at line 4'] }
    ],
    ['a RUN in a stage on an explicit Linux platform', 'FROM --platform=linux/amd64 busybox AS l\nRUN make\nFROM nanoserver\nCOPY --from=l /o /o\n', undefined],
    [
      'FROM ${BASE}, whose default names a stage that runs',
      'ARG BASE=win\nFROM nanoserver AS win\nRUN x\nFROM ${BASE}\n',
      { stage: 'win', runLine: 3, instruction: 'RUN', path: ['FROM win at line 4'] }
    ],
    [
      'FROM $BASE and ${VAR:-default}',
      'ARG BASE\nFROM nanoserver AS win\nRUN x\nFROM ${BASE:-win}\n',
      { stage: 'win', runLine: 3, instruction: 'RUN', path: ['FROM win at line 4'] }
    ],
    [
      'COPY --from=${STAGE}, an ARG of the stage',
      'FROM nanoserver AS tools\nRUN x\nFROM nanoserver\nARG STAGE=tools\nCOPY --from=${STAGE} /t /t\n',
      { stage: 'tools', runLine: 2, instruction: 'RUN', path: ['COPY --from=tools at line 5'] }
    ],
    [
      '--platform=${PLATFORM} from a global ARG that names the build platform',
      'ARG PLATFORM=$BUILDPLATFORM\nFROM --platform=${PLATFORM} busybox AS b\nRUN make\nFROM nanoserver\nCOPY --from=b /o /o\n',
      undefined
    ],
    [
      'an ONBUILD RUN in a stage the Windows image is built FROM',
      'FROM nanoserver AS base\nONBUILD RUN setup.cmd\nFROM base\nCOPY a /a\n',
      { stage: 'base', runLine: 2, instruction: 'ONBUILD RUN', triggeredIn: '#1', path: ['FROM base at line 3'] }
    ],
    ['an ONBUILD RUN in the final stage, which nothing is built from', 'FROM nanoserver\nONBUILD RUN x\nCOPY a /a\n', undefined],
    [
      'an ONBUILD RUN that triggers on the build platform',
      'FROM --platform=$BUILDPLATFORM busybox AS b\nONBUILD RUN x\nFROM --platform=$BUILDPLATFORM b AS c\nRUN y\nFROM nanoserver\nCOPY --from=c /o /o\n',
      undefined
    ]
  ])('%s', (_case, dockerfile, expected) => {
    expect(windowsRun(dockerfile)).toEqual(expected)
  })

  it("reads FROM ${BASE} with the run's build arguments over the ARG's default", () => {
    const dockerfile = 'ARG BASE=plain\nFROM nanoserver AS win\nRUN x\nFROM nanoserver AS plain\nCOPY a /a\nFROM ${BASE}\n'
    expect(windowsRun(dockerfile)).toBeUndefined()
    expect(windowsRun(dockerfile, new Map([['BASE', 'win']]))).toEqual({ stage: 'win', runLine: 3, instruction: 'RUN', path: ['FROM win at line 6'] })
  })
})

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
  const linux = new Set(['linux'] as const)

  it('needs the Dockerfile of each system it builds, and a context directory', () => {
    expect(checkFiles(settingsOf({ context: 'src' }), linux, workspace)).toEqual([])
    expect(checkFiles(settingsOf({ context: 'src' }), new Set(['linux', 'windows']), workspace)).toEqual([
      `input 'windows-dockerfile': 'Dockerfile-Windows' is not a file in the workspace ${workspace}`
    ])
    expect(checkFiles(settingsOf({ context: 'missing' }), linux, workspace)).toEqual([
      `input 'context': 'missing' is not a directory in the workspace ${workspace}`
    ])
  })

  it('checks the Windows Dockerfile once per windows-version, its OS_VERSION choosing the stages, and names the version', () => {
    const dockerfile = 'ARG OS_VERSION=ltsc2022\nFROM nanoserver AS ltsc2025\nRUN x\nFROM nanoserver AS ltsc2022\nCOPY a /a\nFROM ${OS_VERSION}\n'
    writeFileSync(path.join(workspace, 'Dockerfile-Windows'), dockerfile)
    const windows = new Set(['windows'] as const)
    expect(checkFiles(settingsOf({ context: 'src', os: 'windows' }), windows, workspace)).toEqual([])
    expect(checkFiles(settingsOf({ context: 'src', os: 'windows', 'windows-version': 'ltsc2022,ltsc2025' }), windows, workspace)).toEqual([
      "input 'windows-dockerfile': 'Dockerfile-Windows' has a RUN step at line 3, in stage ltsc2025, which the Windows image is built from (FROM ltsc2025 at line 6) for windows-version ltsc2025; BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
    ])
    // The user's build-args choose too.
    expect(checkFiles(settingsOf({ context: 'src', os: 'windows', 'build-args': 'OS_VERSION=ltsc2025' }), windows, workspace)).toHaveLength(1)
  })

  it('names an ONBUILD RUN and the stage it runs in', () => {
    writeFileSync(path.join(workspace, 'Dockerfile-Windows'), 'FROM nanoserver AS base\nONBUILD RUN setup.cmd\nFROM base AS app\nCOPY a /a\n')
    expect(checkFiles(settingsOf({ context: 'src', os: 'windows' }), new Set(['windows'] as const), workspace)).toEqual([
      "input 'windows-dockerfile': 'Dockerfile-Windows' has an ONBUILD RUN at line 2, in stage base, which runs when stage app is built from it (FROM base at line 3); BuildKit on a Linux runner cannot run Windows commands. Compile in a stage on the build platform (FROM --platform=$BUILDPLATFORM ...) and only COPY into the Windows stages."
    ])
  })

  it('leaves a remote context to buildx', () => {
    expect(checkFiles(settingsOf({ context: 'https://github.com/org/repo.git#main' }), linux, workspace)).toEqual([])
  })

  it('reads through a link that stays inside the workspace', () => {
    symlinkSync('Dockerfile', path.join(workspace, 'Dockerfile.linux'))
    symlinkSync('src', path.join(workspace, 'ctx'))
    expect(checkFiles(settingsOf({ dockerfile: 'Dockerfile.linux', context: 'ctx' }), linux, workspace)).toEqual([])
  })

  it.each([
    ['dockerfile', { dockerfile: 'Dockerfile.evil' }, 'Dockerfile.evil', () => 'Dockerfile'],
    ['context', { context: 'ctx' }, 'ctx', () => ''],
    ['dockerfile', { dockerfile: 'dir/Dockerfile' }, 'dir', () => '']
  ])("refuses input '%s' through a link to outside the workspace, naming the link and its target", (name, inputs, link, file) => {
    symlinkSync(path.join(outside, file()), path.join(workspace, link))
    const problems = checkFiles(settingsOf(inputs), linux, workspace)
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
    expect(checkFiles(settingsOf({ 'output-type': 'tar' }), linux, workspace)).toEqual([
      `input 'output-dir': '_output' goes through _output, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
    ])
    symlinkSync('src', path.join(workspace, 'out'))
    expect(checkFiles(settingsOf({ 'output-type': 'tar', 'output-dir': 'out' }), linux, workspace)[0]).toContain(
      "input 'output-dir': 'out' goes through out, a symbolic link in the workspace"
    )
  })

  it('refuses a tarball whose own name is a link, before any build', () => {
    mkdirSync(path.join(workspace, '_output'))
    symlinkSync(path.join(outside, 'Dockerfile'), path.join(workspace, '_output/velero-main-linux-amd64.tar'))
    const plan = planOf({ 'output-type': 'tar' })
    expect(() => checkTarballs(plan.targets, workspace)).toThrow(
      `the tarball of linux/amd64: '_output/velero-main-linux-amd64.tar' goes through _output/velero-main-linux-amd64.tar, a symbolic link in the workspace (to ${outside}/Dockerfile)`
    )
  })

  it("writes a leg's results only where no link is; the default under RUNNER_TEMP, outside the workspace, stays allowed", () => {
    symlinkSync(outside, path.join(workspace, 'results'))
    expect(checkFiles(settingsOf({ role: 'build', 'output-type': 'registry', 'results-dir': path.join(workspace, 'results') }), linux, workspace)).toEqual([
      `input 'results-dir': '${path.join(workspace, 'results')}' goes through results, a symbolic link in the workspace (to ${outside}); nothing the action writes goes through one, so nothing was written`
    ])
    expect(checkFiles(settingsOf({ role: 'build', 'output-type': 'registry', 'results-dir': outside }), linux, workspace)).toEqual([])
  })
})
