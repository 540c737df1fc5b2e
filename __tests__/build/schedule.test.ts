// When the next build starts: the pure rules of max-parallel.
import { describe, expect, it } from '@jest/globals'
import type { MaxParallel } from '../../src/inputs/definitions.js'
import { BuildPhase, BuildProgress, mayStartAnother, progressAfter, RunningBuild } from '../../src/build/schedule.js'

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
    ['auto: a re-run, its compile from the cache', 'auto', running(['cached', 0], ['finishing', 1]), undefined, true],
    ['auto: one from the cache, one compiles', 'auto', running(['cached', 0], ['computing', 1]), undefined, false],
    ['auto: one exports, one compiles, nothing idle', 'auto', running(['finishing', 1], ['computing', 10]), 0.2, false],
    ['auto: a compile leaves a whole CPU idle', 'auto', running(['computing', 10]), 1.4, true],
    ['auto: idle, but the compile began just now', 'auto', running(['computing', 1]), 1.9, false],
    ['auto: idle, but a build is still in its first steps', 'auto', running(['starting', 10]), 1.9, false],
    ['auto: less than a CPU idle', 'auto', running(['computing', 10]), 0.6, false]
  ])('%s', (_case, maxParallel, builds, idleCpus, expected) => {
    expect(mayStartAnother(maxParallel, { running: builds, idleCpus })).toBe(expected)
  })
})

describe('mayStartAnother once a build of the run computed nothing (a re-run)', () => {
  it.each<[string, RunningBuild[], boolean]>([
    ['the others start while the running ones start too', running(['starting', 0], ['starting', 0]), true],
    ['but not while one compiles after all', running(['starting', 0], ['computing', 1]), false]
  ])('%s', (_case, builds, expected) => {
    expect(mayStartAnother('auto', { running: builds, fromCache: true })).toBe(expected)
    expect(mayStartAnother(1, { running: builds, fromCache: true })).toBe(false)
  })
})

describe('progressAfter, on lines real buildx v0.28 prints', () => {
  it.each<[string, BuildProgress, BuildProgress]>([
    ['#5 [internal] load build context', { phase: 'starting' }, { phase: 'starting' }],
    ['#7 [build 2/3] COPY app.sh /src/', { phase: 'starting' }, { phase: 'starting' }],
    ['#8 [velero-builder 5/6] RUN echo "$CACHEBUST"', { phase: 'starting' }, { phase: 'computing', runStep: '8' }],
    ['#8 0.312 building', { phase: 'computing', runStep: '8' }, { phase: 'computing', runStep: '8' }],
    // A re-run: the compile comes from the cache, and the build computes nothing.
    ['#8 CACHED', { phase: 'computing', runStep: '8' }, { phase: 'cached' }],
    ['#7 CACHED', { phase: 'computing', runStep: '8' }, { phase: 'computing', runStep: '8' }],
    ['#9 [stage-1 2/3] RUN make', { phase: 'cached' }, { phase: 'computing', runStep: '9' }],
    ['#10 exporting to image', { phase: 'computing', runStep: '8' }, { phase: 'finishing' }],
    ['#10 exporting to image', { phase: 'cached' }, { phase: 'finishing' }],
    ['#7 exporting to client tarball', { phase: 'computing' }, { phase: 'finishing' }],
    ['#7 exporting to docker image format', { phase: 'starting' }, { phase: 'finishing' }],
    ['#7 exporting to oci image format', { phase: 'computing' }, { phase: 'finishing' }],
    ['#11 [stage-1 2/2] RUN later', { phase: 'finishing' }, { phase: 'finishing' }]
  ])('%s', (line, before, after) => {
    expect(progressAfter(line, before)).toEqual(after)
  })
})
