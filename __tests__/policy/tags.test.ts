// The tag policy: every list tag a run writes, in release order whatever asked for it. Pure: tables, and a property
// test against an oracle written here, apart from the policy's code.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { branchVersion } from '../../src/policy/auto.js'
import { aliasVerdict } from '../../src/policy/tag-guard.js'
import { PolicyEvent, releaseTagsNeeded, TAG_RULES, TagPolicyInput, tagPolicy } from '../../src/policy/tags.js'
import { PLATFORM_SUFFIXES } from '../../src/shared/platforms.js'

const REPOSITORY = ['v1.14.0', 'v1.15.0', 'v1.15.8', 'v1.16.0', 'v1.16.1-rc.1', 'v2.0.0-beta.1', 'not-a-release']
const tagPush = (tag: string): PolicyEvent => ({ name: 'push', ref: `refs/tags/${tag}` })
const branchPush: PolicyEvent = { name: 'push', ref: 'refs/heads/main' }
const release = (tag: string, action: string, prerelease = false): PolicyEvent => ({
  name: 'release',
  ref: `refs/tags/${tag}`,
  release: { action, prerelease }
})

function input(changes: Omit<Partial<TagPolicyInput>, 'version'> & { version?: string } = {}): TagPolicyInput {
  const { version, ...rest } = changes
  return {
    event: tagPush(version ?? 'v1.16.0'),
    version: { value: version ?? 'v1.16.0', source: 'event', reason: `tag ${version ?? 'v1.16.0'}: the tag` },
    tagLatest: 'auto',
    extraTags: [],
    release: false,
    releaseTags: REPOSITORY,
    platformSuffixes: PLATFORM_SUFFIXES,
    publishes: true,
    ...rest
  }
}

const moved = (i: TagPolicyInput): string[] => tagPolicy(i).tags.map((t) => t.tag)
const heldTags = (i: TagPolicyInput): string[] => tagPolicy(i).held.map((h) => h.tag)
const problems = (i: TagPolicyInput): string => tagPolicy(i).problems.join('\n')

// metadata-action's semver tags for a tag push: {{version}}, {{major}}.{{minor}}, {{major}}, and latest (flavor auto).
const metadataTags = (version: string): string[] => {
  const [major, minor] = version.replace(/^v/, '').split('.')
  return [version.replace(/^v/, ''), `${major}.${minor}`, major, 'latest']
}

describe('aliases in release order, whatever asked for them', () => {
  it('the highest release: its version, latest, its minor and major aliases', () => {
    const i = input({ version: 'v1.16.0', extraTags: metadataTags('v1.16.0') })
    expect(moved(i)).toEqual(['v1.16.0', 'latest', '1.16.0', '1.16', '1'])
    expect(heldTags(i)).toEqual([])
    expect(tagPolicy(i).tags.find((t) => t.tag === 'latest')).toMatchObject({ kind: 'latest', platformTags: true })
    expect(tagPolicy(i).tags.find((t) => t.tag === '1')).toMatchObject({ kind: 'alias', platformTags: false })
  })

  it("a backport with metadata-action's tags (1.15.9 after 1.16.0): its own line's alias moves, latest and 1 stay, each named with why", () => {
    const policy = tagPolicy(input({ version: 'v1.15.9', extraTags: metadataTags('v1.15.9') }))
    expect(policy.tags.map((t) => t.tag)).toEqual(['v1.15.9', '1.15.9', '1.15'])
    expect(policy.held).toEqual([
      { tag: 'latest', reason: "1.16.0 is a higher release of every release than this run's 1.15.9" },
      { tag: '1', reason: "1.16.0 is a higher release of the releases 1.x than this run's 1.15.9" }
    ])
    expect(policy.problems).toEqual([])
  })

  it('a backport with tag-latest: true asked: latest stays all the same', () => {
    expect(heldTags(input({ version: 'v1.15.9', tagLatest: 'true' }))).toEqual(['latest'])
  })

  it.each([
    [
      'a pre-release tag',
      input({ version: 'v1.17.0-rc.1', extraTags: ['latest', '1.17', '1'] }),
      'v1.17.0-rc.1 is a pre-release, and a pre-release moves no alias'
    ],
    [
      'a release event marked pre-release',
      input({ version: 'v1.17.0', event: release('v1.17.0', 'published', true), extraTags: ['latest', '1'] }),
      'the release v1.17.0 is marked a pre-release (release.prerelease), and a pre-release moves no alias'
    ]
  ])('%s moves no alias, latest included', (_case, i, why) => {
    expect(moved(i)).toEqual([i.version.value])
    expect(tagPolicy(i).held.map((h) => h.reason)).toEqual(tagPolicy(i).held.map(() => why))
    expect(heldTags(i)).toContain('latest')
  })

  it('an alias of another line is refused (v1 on a v2.0.0 run)', () => {
    expect(problems(input({ version: 'v2.0.0', extraTags: ['v1'] }))).toBe(
      "input 'extra-tags': 'v1' is an alias of the releases 1.x, and this run's release is 2.0.0: an alias moves only with a release of its line; nothing was built"
    )
  })

  it("a release version of another release in extra-tags is refused; this run's in another spelling is taken", () => {
    expect(problems(input({ version: 'v1.16.0', extraTags: ['1.15.0'] }))).toContain("'1.15.0' names the release 1.15.0, and this run publishes 1.16.0")
    expect(moved(input({ version: 'v1.16.0', extraTags: ['1.16.0'] }))).toEqual(['v1.16.0', 'latest', '1.16.0'])
  })

  it('latest asked through extra-tags is tag-latest: true: the same tag, with platform tags', () => {
    const viaExtra = tagPolicy(input({ tagLatest: 'false', extraTags: ['latest'] })).tags.find((t) => t.tag === 'latest')
    const viaInput = tagPolicy(input({ tagLatest: 'true' })).tags.find((t) => t.tag === 'latest')
    expect(viaExtra).toMatchObject({ kind: 'latest', platformTags: true })
    expect(viaInput).toMatchObject({ kind: 'latest', platformTags: true })
  })

  it('tag-latest false and no latest in extra-tags: no latest, even on the highest release', () => {
    expect(moved(input({ tagLatest: 'false' }))).toEqual(['v1.16.0'])
  })
})

describe('release-shaped tags only from releases', () => {
  const onBranch = (changes: Omit<Partial<TagPolicyInput>, 'version'> & { version?: string }): TagPolicyInput =>
    input({ event: branchPush, version: 'main', ...changes, ...(changes.version ? {} : { version: 'main' }) })

  it.each([
    ['a version given as v1.2.3', { version: 'v1.2.3', source: 'input' as const }, "input 'version': 'v1.2.3' (as given) has the shape of a release"],
    ['an alias 1.2 in extra-tags', { extraTags: ['1.2'] }, "input 'extra-tags': '1.2' has the shape of a release"],
    ['an alias v1 in extra-tags', { extraTags: ['v1'] }, "input 'extra-tags': 'v1' has the shape of a release"],
    ['a release version in extra-tags', { extraTags: ['v1.16.0'] }, "input 'extra-tags': 'v1.16.0' has the shape of a release"]
  ])('a branch push refuses %s, before any build', (_case, change, problem) => {
    const i = onBranch('source' in change ? { version: change.version } : change)
    if ('source' in change) i.version = { value: change.version, source: change.source, reason: '' }
    expect(problems(i)).toContain(problem)
  })

  it('release: true on workflow_dispatch is a release run, in release order', () => {
    const i = input({
      event: { name: 'workflow_dispatch', ref: 'refs/heads/main' },
      version: 'v1.15.9',
      release: true,
      extraTags: ['1.15', '1'],
      tagLatest: 'true'
    })
    i.version.source = 'input'
    expect(tagPolicy(i).problems).toEqual([])
    expect(moved(i)).toEqual(['v1.15.9', '1.15'])
    expect(heldTags(i)).toEqual(['latest', '1'])
  })

  it('release: true is refused on a push, naming the event', () => {
    expect(problems(input({ event: branchPush, version: 'main', release: true }))).toContain(
      "input 'release': true is honoured on workflow_dispatch (or on the command line), and this run is a push event"
    )
  })

  it.each([
    ["input 'tag-latest'", { tagLatest: 'true' as const }],
    ["input 'extra-tags'", { extraTags: ['latest'] }]
  ])('latest on a branch push, asked by %s: it follows the branch, and the log says so', (asker, change) => {
    const policy = tagPolicy(onBranch(change))
    expect(policy.tags.map((t) => t.tag)).toEqual(['main', 'latest'])
    expect(policy.notes).toEqual([`latest is published because ${asker} asks for it: it then follows the version main, not a release`])
  })

  it('tag-latest auto on a branch push publishes no latest', () => {
    expect(moved(onBranch({ tagLatest: 'auto' }))).toEqual(['main'])
  })

  it('nothing is refused where no tag is written (tarballs): the version names the files only', () => {
    expect(tagPolicy({ ...onBranch({ extraTags: ['v1'] }), publishes: false }).problems).toEqual([])
  })
})

describe('no tag name belongs to two versions', () => {
  it.each(['latest-linux-amd64', 'main-linux-amd64', 'latest-windows-ltsc2022-amd64', 'x-linux-arm-v7'])(
    'a branch %s gets the hash of its name instead',
    (branch) => {
      const decided = branchVersion(branch)
      expect(decided.value).toMatch(/-[0-9a-f]{12}$/)
      expect(decided.value.startsWith(branch.replace(/[^\w.-]/g, '-'))).toBe(true)
    }
  )

  it("a branch named as a release's platform tag is refused: even hashed it has the shape of a release", () => {
    expect(() => branchVersion('v1.16.0-windows-ltsc2022-amd64')).toThrow('has the shape of a release version')
  })

  it('a version given that ends in a platform suffix is refused', () => {
    const i = input({ event: branchPush, version: 'main-linux-amd64' })
    i.version.source = 'input'
    expect(problems(i)).toContain(
      "input 'version': 'main-linux-amd64' (as given) ends in -linux-amd64, as a platform tag does: its list would replace the platform tag of the version 'main'"
    )
  })

  it('an extra tag that ends in a platform suffix is refused, whatever platforms the run builds', () => {
    expect(problems(input({ extraTags: ['edge-windows-ltsc2025-amd64'] }))).toContain(
      "input 'extra-tags': 'edge-windows-ltsc2025-amd64' ends in -windows-ltsc2025-amd64"
    )
  })
})

describe('release events read whole', () => {
  it.each(['published', 'released', 'prereleased'])('%s builds', (action) => {
    expect(tagPolicy(input({ event: release('v1.16.0', action) })).skip).toBeUndefined()
  })

  it.each(['created', 'edited', 'deleted', 'unpublished'])('%s does nothing, and says why', (action) => {
    const policy = tagPolicy(input({ event: release('v1.16.0', action) }))
    expect(policy.skip).toBe(`this release event is '${action}', which publishes nothing (only published, released, prereleased build): nothing was built`)
    expect(policy.tags).toEqual([])
  })
})

describe("the repository's release tags", () => {
  it.each<[string, Omit<Partial<TagPolicyInput>, 'version'> & { version?: string }, boolean]>([
    ['a release that may move latest', {}, true],
    ['a release with tag-latest false and an alias', { tagLatest: 'false', extraTags: ['1.16'] }, true],
    ['a release with nothing to move but itself', { tagLatest: 'false' }, false],
    ['a pre-release', { version: 'v1.17.0-rc.1' }, false],
    ['a branch push', { event: branchPush, version: 'main', tagLatest: 'true' }, false]
  ])('are read for %s: %s', (_case, change, needed) => {
    expect(releaseTagsNeeded(input({ ...change, releaseTags: undefined }))).toBe(needed)
  })
})

describe('the table of which tag moves when', () => {
  // One example per row of TAG_RULES, the policy's own table that docs/tag-policy.md carries.
  const examples: Record<string, () => void> = {
    'a push of a branch (`main`)': () => {
      expect(moved(input({ event: branchPush, version: 'main' }))).toEqual(['main'])
      expect(moved(input({ event: branchPush, version: 'main', tagLatest: 'true' }))).toEqual(['main', 'latest'])
    },
    'a push of the highest release tag (`v1.16.0`)': () => expect(moved(input({ extraTags: ['1.16', '1'] }))).toEqual(['v1.16.0', 'latest', '1.16', '1']),
    'a push of a backport (`v1.15.9`, the repository has `v1.16.0`)': () => {
      expect(moved(input({ version: 'v1.15.9', extraTags: ['1.15', '1'] }))).toEqual(['v1.15.9', '1.15'])
      expect(heldTags(input({ version: 'v1.15.9', extraTags: ['1.15', '1'] }))).toEqual(['latest', '1'])
    },
    'a push of a pre-release (`v1.17.0-rc.1`), or a `release` marked pre-release': () => {
      expect(moved(input({ version: 'v1.17.0-rc.1', extraTags: ['latest'] }))).toEqual(['v1.17.0-rc.1'])
      expect(moved(input({ version: 'v1.17.0', event: release('v1.17.0', 'released', true) }))).toEqual(['v1.17.0'])
    },
    'an alias of another line (`v1` on a `v2.0.0` run)': () => expect(problems(input({ version: 'v2.0.0', extraTags: ['v1'] }))).not.toBe(''),
    'a release-shaped version or alias (`v1.2.3`, `1.2`, `v1`) on a run that is not a release': () => {
      expect(problems(input({ event: branchPush, version: 'main', extraTags: ['1.2'] }))).not.toBe('')
      const dispatched = input({ event: { name: 'workflow_dispatch', ref: 'refs/heads/main' }, version: 'v1.2.3', release: true, extraTags: ['1.2'] })
      expect(problems(dispatched)).toBe('')
      expect(moved(dispatched)).toEqual(['v1.2.3', '1.2'])
    },
    'a version shaped like an alias (`latest`, `1`, `v1.16`), whatever gave it (a tag `refs/tags/latest`, the input, metadata-action)': () => {
      for (const alias of ['latest', '1', 'v1', '1.16', 'v1.16']) {
        expect(problems(input({ version: alias }))).toContain('has the shape of an alias')
        const given = input({ event: branchPush, version: alias })
        given.version.source = 'input'
        expect(problems(given)).toContain('has the shape of an alias')
      }
    },
    "a version that is not the tag, on a tag's run (`version: v2.0.0` dispatched on `refs/tags/v1.15.0`)": () => {
      const dispatched = (version: string): TagPolicyInput => {
        const i = input({ event: { name: 'workflow_dispatch', ref: 'refs/tags/v1.15.0' }, version })
        i.version.source = 'input'
        return i
      }
      expect(problems(dispatched('v2.0.0'))).toContain('but this run is for the tag v1.15.0')
      expect(problems(dispatched('1.15.0'))).toBe('')
      expect(problems(dispatched('v1.15.0'))).toBe('')
    },
    'a pull request from the same repository with `output-type: registry`': () => {
      const pullRequest = (version: string, changes: Omit<Partial<TagPolicyInput>, 'version'> = {}): TagPolicyInput =>
        input({ event: { name: 'pull_request', ref: 'refs/pull/42/merge', pullRequest: 42 }, version, releaseTags: [], ...changes })
      expect(moved(pullRequest('pr-42'))).toEqual(['pr-42'])
      expect(problems(pullRequest('main'))).toContain('publishes under pr-42 only')
      expect(problems(pullRequest('pr-42', { extraTags: ['pr-42-extra'] }))).toContain('publishes under pr-42 only')
      expect(problems(pullRequest('pr-42', { tagLatest: 'true' }))).toContain('publishes under pr-42 only')
    },
    "an alias (`latest`, `1`, `1.16`) that holds a higher release when it is about to move (another release's run moved it meanwhile)": () => {
      const held = { digest: `sha256:${'1'.repeat(64)}`, revisions: [], versions: ['v1.16.1'] }
      expect(aliasVerdict(held, { release: 'v1.16.0' }, 'v1.16.0 is the highest release of every release')).toMatchObject({ move: false, level: 'notice' })
      expect(aliasVerdict(held, { release: 'v1.16.2' }, 'v1.16.2 is the highest release of every release')).toMatchObject({ move: true })
    },
    'a version or extra tag ending in a platform suffix (`main-linux-amd64`)': () => {
      expect(branchVersion('main-linux-amd64').value).toMatch(/^main-linux-amd64-[0-9a-f]{12}$/)
      expect(problems(input({ extraTags: ['main-linux-amd64'] }))).not.toBe('')
    },
    'a `release` event that is `created`, `edited`, `deleted` or `unpublished`': () =>
      expect(tagPolicy(input({ event: release('v1.16.0', 'deleted') })).skip).toBeDefined()
  }

  it.each(TAG_RULES.map((row) => row.when))('%s', (when: string) => {
    expect(examples[when]).toBeDefined()
    examples[when]()
  })

  it('has an example for every row, and no example without a row', () => {
    expect(Object.keys(examples).sort()).toEqual(TAG_RULES.map((row) => row.when).sort())
  })
})

describe('release order, against an oracle of its own', () => {
  // The oracle: releases as [major, minor, patch] compared as numbers, pre-releases never highest.
  type Triple = [number, number, number]
  const later = (a: Triple, b: Triple): boolean => (a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2])
  const triple = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })) as fc.Arbitrary<Triple>
  const tagged = fc.record({ version: triple, pre: fc.boolean(), v: fc.boolean() })
  const spell = (t: { version: Triple; pre: boolean; v: boolean }): string => `${t.v ? 'v' : ''}${t.version.join('.')}${t.pre ? '-rc.1' : ''}`

  it('moves each alias exactly when this release is the highest of its line, and holds it otherwise', () => {
    fc.assert(
      fc.property(fc.array(tagged, { maxLength: 8 }), tagged, fc.subarray(['latest', 'major', 'minor'] as const), (repository, run, asked) => {
        const [major, minor] = run.version
        const extraTags = asked.map((kind) => (kind === 'latest' ? 'latest' : kind === 'major' ? `${major}` : `${major}.${minor}`))
        const version = spell(run)
        const policy = tagPolicy(input({ version, extraTags, tagLatest: 'false', releaseTags: repository.map(spell) }))
        expect(policy.problems).toEqual([])
        const releases = repository.filter((t) => !t.pre).map((t) => t.version)
        for (const kind of asked) {
          const inLine = releases.filter((r) => kind === 'latest' || (r[0] === major && (kind === 'major' || r[1] === minor)))
          const highest = !run.pre && !inLine.some((r) => later(r, run.version))
          const tag = kind === 'latest' ? 'latest' : kind === 'major' ? `${major}` : `${major}.${minor}`
          expect([tag, policy.tags.some((t) => t.tag === tag)]).toEqual([tag, highest])
          expect([tag, policy.held.some((h) => h.tag === tag)]).toEqual([tag, !highest])
        }
        expect(policy.tags[0].tag).toBe(version)
      })
    )
  })
})
