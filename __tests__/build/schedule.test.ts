// When the next build starts: the pure rules of max-parallel, and whether a builder runs on this machine.
import { describe, expect, it } from '@jest/globals'
import { builderRunsHere } from '../../src/build/builder.js'
import type { MaxParallel } from '../../src/inputs/definitions.js'
import { BuildPhase, mayStartAnother, phaseAfter, RunningBuild } from '../../src/build/schedule.js'

const running = (...phases: Array<[BuildPhase, number]>): RunningBuild[] => phases.map(([phase, phaseSeconds]) => ({ phase, phaseSeconds }))

describe('mayStartAnother', () => {
  it.each<[string, MaxParallel, RunningBuild[], number | undefined, boolean]>([
    ['nothing running: always', 'auto', [], undefined, true],
    ['a number caps the builds at once', 2, running(['computing', 9]), undefined, true],
    ['a number caps the builds at once, reached', 2, running(['computing', 9], ['starting', 0]), undefined, false],
    ['0 starts everything', 0, running(['starting', 0], ['starting', 0]), undefined, true],
    ['1 waits for the running build to end, even while it exports', 1, running(['finishing', 5]), 2, false],
    ['auto: a build that compiles, builder elsewhere', 'auto', running(['computing', 30]), undefined, false],
    ['auto: every running build exports', 'auto', running(['finishing', 0], ['finishing', 4]), undefined, true],
    ['auto: one exports, one compiles, nothing idle', 'auto', running(['finishing', 1], ['computing', 10]), 0.2, false],
    ['auto: a compile leaves a whole CPU idle', 'auto', running(['computing', 10]), 1.4, true],
    ['auto: idle, but the compile began just now', 'auto', running(['computing', 1]), 1.9, false],
    ['auto: idle, but a build is still in its first steps', 'auto', running(['starting', 10]), 1.9, false],
    ['auto: less than a CPU idle', 'auto', running(['computing', 10]), 0.6, false]
  ])('%s', (_case, maxParallel, builds, idleCpus, expected) => {
    expect(mayStartAnother(maxParallel, { running: builds, idleCpus })).toBe(expected)
  })
})

describe('phaseAfter, on lines real buildx v0.28 prints', () => {
  it.each<[string, BuildPhase, BuildPhase]>([
    ['#5 [internal] load build context', 'starting', 'starting'],
    ['#7 [build 2/3] COPY app.sh /src/', 'starting', 'starting'],
    ['#8 [velero-builder 5/6] RUN echo "$CACHEBUST"', 'starting', 'computing'],
    ['#8 0.312 building', 'computing', 'computing'],
    ['#10 exporting to image', 'computing', 'finishing'],
    ['#7 exporting to client tarball', 'computing', 'finishing'],
    ['#7 exporting to docker image format', 'starting', 'finishing'],
    ['#7 exporting to oci image format', 'computing', 'finishing'],
    ['#11 [stage-1 2/2] RUN later', 'finishing', 'finishing']
  ])('%s', (line, before, after) => {
    expect(phaseAfter(line, before)).toBe(after)
  })
})

describe('builderRunsHere', () => {
  const inspect = (driver: string, ...endpoints: string[]) =>
    `Name:          b\nDriver:        ${driver}\n\nNodes:\n${endpoints.map((e, i) => `Name:             b${i}\nEndpoint:         ${e}\nStatus:           running\n`).join('\n')}`
  it.each<[string, string, NodeJS.ProcessEnv, boolean]>([
    ['remote on a socket', inspect('remote', 'unix:///tmp/buildkitd.sock'), {}, true],
    ['remote on loopback', inspect('remote', 'tcp://127.0.0.1:1234'), {}, true],
    ['remote on another host', inspect('remote', 'tcp://buildkit.example.com:1234'), {}, false],
    ['two nodes, one elsewhere', inspect('remote', 'unix:///a.sock', 'tcp://10.0.0.5:1234'), {}, false],
    ['docker-container on the default engine', inspect('docker-container', 'unix:///var/run/docker.sock'), {}, true],
    ['docker-container on the default context', inspect('docker-container', 'default'), {}, true],
    ['docker-container, DOCKER_HOST elsewhere', inspect('docker-container', 'default'), { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, false],
    ['docker-container on a named context', inspect('docker-container', 'remote-ctx'), {}, false],
    ['kubernetes', inspect('kubernetes', 'kubernetes:///b?deployment=x'), {}, false],
    ['nothing readable', 'error', {}, false]
  ])('%s', (_case, output, env, expected) => {
    expect(builderRunsHere(output, env)).toBe(expected)
  })
})
