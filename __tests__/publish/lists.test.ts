// The check every list passes before anything is pushed: what imagetools assembled against what was built, in the
// design's order. Pure: the lists are data.
import { describe, expect, it } from '@jest/globals'
import { compareList, expectedEntries, heldAsThisRunsList, listSources } from '../../src/publish/lists.js'
import type { HeldList as HeldTag } from '../../src/publish/held-tags.js'
import { holdsSameImages } from '../../src/publish/apply-tags.js'
import type { PublishedImage } from '../../src/shared/platform-record.js'
import { Descriptor, MEDIA_TYPES } from '../../src/shared/oci.js'
import { planOf } from '../helpers/plan.js'

const digest = (c: string): string => `sha256:${c.repeat(64)}`
const WINDOWS = '10.0.20348.2700'

function pushed(_platform: string, image: Descriptor & { platform: NonNullable<Descriptor['platform']> }, attestation?: Descriptor): PublishedImage {
  const index = attestation ? digest('f') : image.digest
  return {
    pushed: { bytes: Buffer.from('x'), digest: index, mediaType: attestation ? MEDIA_TYPES.ociIndex : image.mediaType },
    image,
    ...(attestation ? { attestation } : {}),
    predicates: []
  }
}

const plan = planOf({ 'output-type': 'registry', os: 'linux,windows', arch: 'arm/v7,amd64' })
const list = plan.lists[0]
const docker = MEDIA_TYPES.dockerManifest
const platforms = new Map([
  ['linux/arm/v7', pushed('linux/arm/v7', { mediaType: docker, digest: digest('a'), size: 10, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } })],
  ['linux/amd64', pushed('linux/amd64', { mediaType: docker, digest: digest('b'), size: 11, platform: { os: 'linux', architecture: 'amd64' } })],
  [
    'windows/amd64/ltsc2022',
    pushed('windows/amd64/ltsc2022', {
      mediaType: docker,
      digest: digest('c'),
      size: 12,
      platform: { os: 'windows', architecture: 'amd64', 'os.version': WINDOWS }
    })
  ]
])
const good = expectedEntries(list, platforms).map((entry) => entry.descriptor)

describe('the entries of a list', () => {
  it('follow the plan: Linux in arch order (arm/v7 before amd64, as given), then Windows', () => {
    expect(list.entries.map((e) => e.platform)).toEqual(['linux/arm/v7', 'linux/amd64', 'windows/amd64/ltsc2022'])
    expect(good.map((d) => d.digest)).toEqual([digest('a'), digest('b'), digest('c')])
  })

  it('come to imagetools as one descriptor each, carrying the platform read from its config', () => {
    expect(listSources(list, platforms).map((s) => JSON.parse(s))).toEqual([
      { digest: digest('a'), size: 10, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { digest: digest('b'), size: 11, platform: { os: 'linux', architecture: 'amd64' } },
      { digest: digest('c'), size: 12, platform: { os: 'windows', architecture: 'amd64', 'os.version': WINDOWS } }
    ])
  })

  it("come from an attested platform's index, with its image's descriptor after it for the platform", () => {
    const image = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: digest('d'),
      size: 5,
      platform: { os: 'windows', architecture: 'amd64', 'os.version': WINDOWS }
    }
    const attested = new Map([
      ...platforms,
      ['windows/amd64/ltsc2022', pushed('windows/amd64/ltsc2022', image, { mediaType: MEDIA_TYPES.ociManifest, digest: digest('e'), size: 3 })]
    ])
    expect(
      listSources(list, attested)
        .slice(2)
        .map((s) => JSON.parse(s))
    ).toEqual([
      { digest: digest('f'), size: 1 },
      { digest: digest('d'), size: 5, platform: image.platform }
    ])
    expect(expectedEntries(list, attested).map((e) => e.descriptor.digest)).toEqual([digest('a'), digest('b'), digest('d'), digest('e')])
  })
})

describe('compareList', () => {
  const check = (
    manifests: Descriptor[],
    mediaType: string = MEDIA_TYPES.dockerList,
    annotations: Record<string, string> | undefined = undefined,
    wanted: Array<[string, string]> = []
  ) => compareList(list, platforms, wanted, { mediaType, manifests, ...(annotations ? { annotations } : {}) })

  it('finds no difference in a Docker manifest list of exactly the built images, in order', () => {
    expect(check(good)).toEqual([])
  })

  it.each([
    ['an entry out of order', [good[1], good[0], good[2]], MEDIA_TYPES.dockerList, ['linux/arm/v7 is entry 2, not 1', 'linux/amd64 is entry 1, not 2']],
    ['a missing entry', [good[0], good[1]], MEDIA_TYPES.dockerList, ['windows/amd64/ltsc2022 (' + digest('c') + ') is missing at entry 3']],
    [
      'a lost os.version',
      [good[0], good[1], { ...good[2], platform: { os: 'windows', architecture: 'amd64' } }],
      MEDIA_TYPES.dockerList,
      [`windows/amd64/ltsc2022 has platform windows/amd64, not windows/amd64 (os.version ${WINDOWS})`]
    ],
    [
      'a foreign digest',
      [{ ...good[0], digest: digest('9') }, good[1], good[2]],
      MEDIA_TYPES.dockerList,
      [`entry 1 is ${digest('9')}, not linux/arm/v7 (${digest('a')})`]
    ],
    [
      'an extra entry',
      [...good, { mediaType: docker, digest: digest('8'), size: 1, platform: { os: 'linux', architecture: 's390x' } }],
      MEDIA_TYPES.dockerList,
      [`unexpected entry ${digest('8')} (linux/s390x)`]
    ],
    [
      'an OCI index of Docker images, without annotations',
      good,
      MEDIA_TYPES.ociIndex,
      [`it is ${MEDIA_TYPES.ociIndex}, not a Docker manifest list of its Docker images`]
    ]
  ])('names %s', (_what, manifests, mediaType, differences) => {
    expect(check(manifests as Descriptor[], mediaType)).toEqual(differences)
  })

  it('names an annotation the list lacks, or holds with another value', () => {
    expect(
      check(good, MEDIA_TYPES.ociIndex, { a: 'other' }, [
        ['a', 'one'],
        ['b', 'two']
      ])
    ).toEqual(['annotation a is "other", not "one"', 'annotation b is missing, not "two"'])
  })
})

describe('what a re-run finds in the registry', () => {
  const image = (c: string, arch: string) => ({ mediaType: MEDIA_TYPES.ociManifest, digest: digest(c), size: 5, platform: { os: 'linux', architecture: arch } })
  const attestation = (c: string, of: string): Descriptor => ({
    mediaType: MEDIA_TYPES.ociManifest,
    digest: digest(c),
    size: 3,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest(of) }
  })
  const linux = planOf({ 'output-type': 'registry', os: 'linux', arch: 'amd64,arm64', provenance: 'mode=min' }).lists[0]
  // This run: the images a and b, with its attestations 1 and 2.
  const attested = new Map([
    ['linux/amd64', pushed('linux/amd64', image('a', 'amd64'), attestation('1', 'a'))],
    ['linux/arm64', pushed('linux/arm64', image('b', 'arm64'), attestation('2', 'b'))]
  ])
  const heldList = (manifests: Descriptor[], annotations?: Record<string, string>, mediaType: string = MEDIA_TYPES.ociIndex): HeldTag => {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests, ...(annotations ? { annotations } : {}) }))
    return {
      digest: digest('9'),
      revisions: [],
      versions: [],
      content: {
        bytes,
        mediaType,
        manifests,
        images: manifests.filter((m) => !m.annotations),
        attestations: manifests.filter((m) => m.annotations),
        ...(annotations ? { annotations } : {})
      }
    }
  }
  const earlier = [image('a', 'amd64'), attestation('3', 'a'), image('b', 'arm64'), attestation('4', 'b')]

  it.each<[string, HeldTag, Array<[string, string]>, boolean]>([
    ["this run's images with an earlier build's attestations: this run's list", heldList(earlier), [], true],
    [
      'the same, with the annotations the plan gives',
      heldList(earlier, { 'org.opencontainers.image.created': '2025-12-01T12:00:00Z' }),
      [['org.opencontainers.image.created', '2025-12-01T12:00:00Z']],
      true
    ],
    ['an annotation the plan does not give', heldList(earlier, { 'org.opencontainers.image.created': 'x' }), [], false],
    ['another value of an annotation', heldList(earlier, { 'org.opencontainers.image.created': 'x' }), [['org.opencontainers.image.created', 'y']], false],
    ['another image', heldList([image('c', 'amd64'), attestation('3', 'c'), image('b', 'arm64'), attestation('4', 'b')]), [], false],
    ['the images in another order', heldList([image('b', 'arm64'), attestation('4', 'b'), image('a', 'amd64'), attestation('3', 'a')]), [], false],
    ['an attestation of another image', heldList([image('a', 'amd64'), attestation('3', 'b'), image('b', 'arm64'), attestation('4', 'b')]), [], false],
    ['a Docker manifest list, which imagetools would not write here', heldList(earlier, undefined, MEDIA_TYPES.dockerList), [], false],
    ['nothing', { revisions: [], versions: [] }, [], false]
  ])('%s', (_case, held, annotations, same) => {
    const found = heldAsThisRunsList(linux, attested, annotations, held)
    expect(found !== undefined).toBe(same)
    if (found) expect(found.digest).toBe(held.digest)
  })

  it("holdsSameImages: a platform tag's index with the same image and an earlier attestation holds this run's image", () => {
    const platformIndex = (att: string): Buffer =>
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [image('a', 'amd64'), attestation(att, 'a')] }))
    const held = {
      bytes: platformIndex('3'),
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: [image('a', 'amd64'), attestation('3', 'a')],
      images: [image('a', 'amd64')],
      attestations: [attestation('3', 'a')]
    }
    expect(holdsSameImages(held, digest('7'), { digest: digest('8'), bytes: platformIndex('1'), mediaType: MEDIA_TYPES.ociIndex })).toBe(true)
    const other = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [image('c', 'amd64'), attestation('1', 'c')] }))
    expect(holdsSameImages(held, digest('7'), { digest: digest('8'), bytes: other, mediaType: MEDIA_TYPES.ociIndex })).toBe(false)
    // Without attestations, only the very digest is the same image.
    expect(
      holdsSameImages({ ...held, attestations: [] }, digest('7'), { digest: digest('8'), bytes: platformIndex('1'), mediaType: MEDIA_TYPES.ociIndex })
    ).toBe(false)
    expect(holdsSameImages(undefined, digest('8'), { digest: digest('8'), bytes: platformIndex('1'), mediaType: MEDIA_TYPES.ociIndex })).toBe(true)
  })
})
