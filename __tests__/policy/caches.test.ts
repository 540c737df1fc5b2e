// Registry caches in the image's repository, against the tags a run writes or could write. Pure: a table.
import { describe, expect, it } from '@jest/globals'
import { cacheProblems } from '../../src/policy/caches.js'
import type { PolicyTag } from '../../src/policy/tags.js'
import { PLATFORM_SUFFIXES } from '../../src/shared/platforms.js'

const tags: PolicyTag[] = [{ tag: 'main', kind: 'version', reason: 'the version', platformTags: true, followsRef: true }]
const RUN = ['linux-amd64', 'windows-ltsc2022-amd64']
const problems = (cacheTo: string[], cacheFrom: string[] = []) => cacheProblems({ image: 'ghcr.io/org/app', cacheTo, cacheFrom }, tags, PLATFORM_SUFFIXES, RUN)

describe("registry caches in the image's repository", () => {
  it.each([
    ['the version this run writes', 'type=registry,ref=ghcr.io/org/app:main', 'this run writes that tag'],
    ["a platform tag of this run's", 'type=registry,ref=ghcr.io/org/app:main-linux-amd64', 'this run writes that tag'],
    [
      'cache-{platform}: the platform tags of a branch named cache',
      'type=registry,ref=ghcr.io/org/app:cache-{platform},mode=max',
      'the platform tag (-linux-amd64) of the version cache'
    ],
    ['latest', 'ghcr.io/org/app:latest', 'latest, an alias or a release-shaped tag'],
    ['a reference without a tag (latest)', 'type=registry,ref=ghcr.io/org/app', 'latest, an alias or a release-shaped tag'],
    ['an alias', 'type=registry,ref=ghcr.io/org/app:1.16', 'latest, an alias or a release-shaped tag'],
    ['a release', 'type=registry,ref=ghcr.io/org/app:v1.16.0', 'latest, an alias or a release-shaped tag']
  ])('refuses %s, naming the input and where to keep caches', (_case, spec, why) => {
    expect(problems([spec])).toEqual([expect.stringContaining(`input 'cache-to': '${spec}' keeps a cache under ghcr.io/org/app:`)])
    expect(problems([spec])[0]).toContain(why)
    expect(problems([spec])[0]).toContain('such as ghcr.io/org/app-cache')
    expect(problems([], [spec])[0]).toContain("input 'cache-from'")
  })

  it.each([
    ["a repository of the caches' own", 'type=registry,ref=ghcr.io/org/app-cache:{platform},mode=max'],
    ["a tag no run writes in the image's repository", 'type=registry,ref=ghcr.io/org/app:buildcache'],
    ['another kind of cache', 'type=gha,scope=linux'],
    ['a local one', 'type=local,dest=.cache/buildx']
  ])('keeps %s', (_case, spec) => {
    expect(problems([spec], [spec])).toEqual([])
  })
})
