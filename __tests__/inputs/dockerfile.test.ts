// The stages a Windows image is built from, as the Dockerfile reader sees them: a RUN in any of them is refused before
// any build (BuildKit on a Linux runner cannot run Windows commands). Pure.
import { describe, expect, it } from '@jest/globals'
import { windowsRun } from '../../src/inputs/dockerfile.js'

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
