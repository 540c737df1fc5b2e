import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { INPUTS, InputError } from '../../src/inputs/definitions.js'
import { LINUX_ARCHITECTURES, OPERATING_SYSTEMS, WINDOWS_VERSIONS } from '../../src/shared/platforms.js'
import { checkRepository, checkTag } from '../../src/shared/references.js'
import { branchVersion } from '../../src/policy/auto.js'
import { isReleaseShaped } from '../../src/policy/tags.js'
import { planOf } from '../helpers/plan.js'

const INPUT_NAMES = new Set(INPUTS.map((input) => input.name))

// Each input is usually valid and sometimes not, so that both outcomes are explored often.
const mostly = (valid: fc.Arbitrary<string>, other: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: other, weight: 1 })

const validList = (values: readonly string[]): fc.Arbitrary<string> =>
  fc
    .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length })
    .chain((items) => fc.constantFrom(items.join(','), items.join('\n'), items.join(' , ')))

const edgyList = fc
  .array(fc.oneof(fc.constantFrom('', ' ', '-x', 'LINUX', 'ltsc2019', 'arm'), fc.string({ maxLength: 6 })), { maxLength: 3 })
  .map((items) => items.join(','))

const validReference = fc.constantFrom('velero', 'gcr.io/velero-gcp', '127.0.0.1:5000', 'localhost:5000/team', 'a_b', 'x.y__z')
const edgyReference = fc.oneof(
  fc.constantFrom('Velero', 'a//b', 'a:b', '-x', 'host:99999x/a'),
  fc.stringMatching(/^[a-zA-Z0-9._:/@-]{0,20}$/),
  fc.string({ maxLength: 12 })
)

const rawInputs = fc.record(
  {
    'output-type': mostly(fc.constantFrom('docker', 'tar', 'registry'), fc.constantFrom('push', 'OCI', '')),
    os: mostly(validList(OPERATING_SYSTEMS), edgyList),
    arch: mostly(validList(LINUX_ARCHITECTURES), edgyList),
    'windows-version': mostly(validList(WINDOWS_VERSIONS), edgyList),
    'buildx-instance': mostly(fc.constantFrom('', 'ci-builder'), fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,10}$/)),
    registry: mostly(validReference, edgyReference),
    bin: mostly(fc.constantFrom('velero', 'tool'), edgyReference),
    image: mostly(fc.constantFrom('', 'ghcr.io/org/app'), edgyReference),
    version: mostly(fc.stringMatching(/^[a-z0-9][\w.-]{0,40}$/), fc.oneof(fc.stringMatching(/^[\w.+-]{0,140}$/), fc.string({ maxLength: 10 }))),
    'tag-latest': mostly(fc.constantFrom('true', 'false', 'True', ''), fc.constantFrom('yes', '1')),
    'build-args': mostly(
      fc.array(fc.stringMatching(/^[A-Z_]{1,5}=.{0,8}$/), { maxLength: 3 }).map((l) => l.join('\n')),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }).map((l) => l.join('\n'))
    ),
    'insecure-registry': mostly(fc.constantFrom('true', 'false'), fc.constant('1')),
    'output-dir': mostly(fc.constantFrom('_output', 'out/x', ''), fc.constantFrom('../x', '/abs', 'a,b')),
    'max-parallel': mostly(fc.constantFrom('0', '2', 'auto', ''), fc.constantFrom('-1', 'x')),
    context: mostly(fc.constantFrom('.', 'src', 'https://github.com/o/r.git'), fc.constantFrom('-x', '--push', '')),
    dockerfile: mostly(fc.constantFrom('Dockerfile', 'build/Dockerfile'), fc.constantFrom('-f', '--output=type=local')),
    labels: mostly(
      fc.array(fc.stringMatching(/^[a-z.]{1,6}=.{0,6}$/), { maxLength: 2 }).map((l) => l.join('\n')),
      fc.string({ maxLength: 8 })
    ),
    secrets: mostly(
      fc.array(fc.stringMatching(/^[a-z_]{1,5}=.{0,6}$/), { maxLength: 2 }).map((l) => l.join('\n')),
      fc.string({ maxLength: 8 })
    ),
    'cache-from': mostly(fc.constantFrom('type=registry,ref=r/c:{platform}', ''), fc.constant('--push'))
  },
  { requiredKeys: [] }
)

describe('every input is either planned validly or refused by name', () => {
  it('holds for generated inputs', () => {
    const outcomes = { planned: 0, refused: 0 }
    fc.assert(
      fc.property(rawInputs, fc.constantFrom('amd64', 'arm64') as fc.Arbitrary<'amd64' | 'arm64'>, (raw, hostArch) => {
        let plan
        try {
          plan = planOf(raw, { hostArch })
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          outcomes.refused++
          expect(error.problems.length).toBeGreaterThan(0)
          for (const problem of error.problems) {
            const named = /^input '([a-z-]+)': /.exec(problem)?.[1]
            expect(INPUT_NAMES.has(named ?? '')).toBe(true)
          }
          return
        }
        outcomes.planned++
        expect(plan.targets.length).toBeGreaterThan(0)
        for (const target of plan.targets) {
          expect(target.platform).toMatch(/^(linux\/(amd64|arm64|arm\/v7|ppc64le|s390x|riscv64|386)|windows\/amd64\/ltsc20(22|25))$/)
          for (const ref of target.tags) {
            const colon = ref.lastIndexOf(':')
            expect(checkRepository(ref.slice(0, colon))).toBeUndefined()
            expect(checkTag(ref.slice(colon + 1))).toBeUndefined()
          }
          if (target.tarball) expect(target.tarball).not.toMatch(/(^|\/)\.\.\//)
          // The context is last, and nothing the user wrote can turn it into an option: every value that follows a
          // flag, and the context, is not itself a flag.
          expect(target.command.at(-1)?.startsWith('-')).toBe(false)
          const values = target.command.filter(
            (_, i) => i > 0 && /^-/.test(target.command[i - 1]) && !/^--(provenance|sbom|pull|no-cache)/.test(target.command[i - 1])
          )
          for (const value of values) expect(value.startsWith('-')).toBe(false)
        }
        for (const list of plan.lists) expect(list.entries).toHaveLength(plan.targets.length)
      }),
      { numRuns: 2000 }
    )
    // Both outcomes must be explored, or the property says nothing.
    expect(outcomes.planned).toBeGreaterThan(100)
    expect(outcomes.refused).toBeGreaterThan(100)
  })
})

// Branch names as git allows them, and the odd ones that look like tags, releases or what cleaning produces.
const branchName = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9]{0,8}([/._+-][A-Za-z0-9]{1,6}){0,3}$/),
  fc.constantFrom(
    'main',
    'latest',
    'LATEST',
    'v1.16.0',
    '1.2',
    'v1.2.3-rc.1',
    'v1',
    '2',
    'release-1.16',
    'release-1.16-dev',
    'feature/x',
    'feature-x',
    'x-0123456789ab'
  ),
  fc.stringMatching(/^v?\d{1,2}(\.\d{1,2}){0,3}([/-][a-z0-9.]{1,5})?$/),
  fc.stringMatching(/^release-[\w./+-]{1,10}$/),
  fc.string({ minLength: 1, maxLength: 160 })
)

describe('versions of branches', () => {
  it('never latest, never release-shaped, always a tag with room for the platform, and distinct branches never share one', () => {
    const outcomes = { kept: 0, refused: 0 }
    fc.assert(
      fc.property(fc.uniqueArray(branchName, { minLength: 2, maxLength: 8 }), (branches) => {
        const versions = new Map<string, string>()
        for (const branch of branches) {
          let version: string
          try {
            version = branchVersion(branch).value
          } catch (error) {
            expect((error as Error).message).toContain(`the branch '${branch}' would give the version`)
            outcomes.refused++
            continue
          }
          outcomes.kept++
          expect(version.toLowerCase()).not.toBe('latest')
          expect(isReleaseShaped(version)).toBe(false)
          expect(checkTag(`${version}-windows-ltsc2025-amd64`)).toBeUndefined()
          expect(versions.get(version)).toBeUndefined()
          versions.set(version, branch)
        }
      }),
      { numRuns: 3000 }
    )
    expect(outcomes.kept).toBeGreaterThan(1000)
    expect(outcomes.refused).toBeGreaterThan(50)
  })
})
