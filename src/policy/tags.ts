// The tag policy: every list tag a run writes (its version, `latest`, aliases and other extra tags, each with or
// without platform tags), each with the rule that decided it, whatever asked for it (`auto`, an input, or
// docker/metadata-action's tags in `extra-tags`). An alias (`latest`, a major `1`, a minor `1.16`) moves only to the
// highest release of its line, a release-shaped tag only on a release run, and no tag takes another version's
// platform tag. Pure: the event, the inputs and the repository's release tags come in as data. No other place
// decides a tag; the publish stage then evaluates each one with what it holds now.
import { aliasLine, AliasLine, compareReleases, describeLine, formatRelease, highestOfLine, inLine, isPrerelease, parseRelease, Release } from './releases.js'

/** What the policy needs of the workflow event. */
export interface PolicyEvent {
  name: string
  /** `refs/tags/v1.16.0`, `refs/heads/main`. */
  ref: string
  /** Of a `release` event: its activity type, and whether the release is marked a pre-release. */
  release?: { action: string; prerelease: boolean }
  /** Of a pull request from the same repository: its number, the only tags it may publish under (`pr-<number>`). */
  pullRequest?: number
}

export interface TagPolicyInput {
  /** Undefined outside GitHub Actions (the command line). */
  event?: PolicyEvent
  version: { value: string; source: 'event' | 'input' | 'default'; reason: string }
  tagLatest: 'auto' | 'true' | 'false'
  /** The tags of `extra-tags` (already checked to be of `image`'s repository and valid tags). */
  extraTags: string[]
  /** Input `release`: this run is a release, though it is not a tag run. */
  release: boolean
  /** The repository's tags; undefined when they were not read (see releaseTagsNeeded). */
  releaseTags?: string[]
  /** Every platform suffix the action can make (`linux-amd64`, `windows-ltsc2022-amd64`, ...). */
  platformSuffixes: readonly string[]
  /** The run writes tags (output-type registry, and not a leg): only then can a tag be refused. */
  publishes: boolean
}

export type TagKind = 'version' | 'latest' | 'alias' | 'extra'

/** A list tag the run writes. */
export interface PolicyTag {
  tag: string
  kind: TagKind
  /** Why it is written, for the log and the summary. */
  reason: string
  /** The version and `latest` get platform tags (`<tag>-<platform>`); aliases and other extra tags do not. */
  platformTags: boolean
  /**
   * The tag follows the run's ref (it holds the newest build of the commit the ref points to: publish/tag-guard.ts);
   * an alias in release order does not: the release order decided it.
   */
  followsRef: boolean
}

export interface TagPolicy {
  /** Set when the run builds nothing at all: why (a release event of an activity that publishes nothing). */
  skip?: string
  tags: PolicyTag[]
  /** Aliases asked for that stay where they are, each with why (a notice; the run succeeds). */
  held: Array<{ tag: string; reason: string }>
  /** What the log says besides. */
  notes: string[]
  /** What refuses the run before any build. */
  problems: string[]
}

/**
 * The events on which input `release: true` is honoured: a person decides that a run is a release. A reusable
 * workflow runs with its caller's event, so it is honoured there when the caller was dispatched.
 */
export const RELEASE_INPUT_EVENTS = ['workflow_dispatch'] as const
/** The activities of a `release` event that build; the others (created, edited, deleted, unpublished) do nothing. */
export const RELEASE_ACTIVITIES = ['published', 'released', 'prereleased'] as const

const RELEASE_SHAPE = 'the shape of a release (v1.2.3, 1.2, v1)'

/** A version, alias or tag with the shape of a release: `v1.2.3`, `1.2`, `v1.2.3-rc.1`, `v1`, `2`. */
export function isReleaseShaped(tag: string): boolean {
  return /^v?\d+(\.\d+){1,2}(-[\w.-]+)?$/.test(tag) || /^v?\d+$/.test(tag)
}

export const isTagRun = (event: PolicyEvent | undefined): boolean => event?.ref.startsWith('refs/tags/') === true

/** The platform suffix a tag ends in (`-linux-amd64`), which would make its list another version's platform tag. */
export function platformSuffixOf(tag: string, suffixes: readonly string[]): string | undefined {
  return suffixes.find((suffix) => tag.endsWith(`-${suffix}`) && tag.length > suffix.length + 1)
}

interface RunKind {
  /** The run may write release-shaped tags and move aliases: a tag run, or `release: true` where it is honoured. */
  releaseRun: boolean
  /** This run's version as a release, when it is one. */
  release?: Release
  /** Why this run's release moves no alias, when it does not (a pre-release). */
  prerelease?: string
  problems: string[]
}

function runKind(input: TagPolicyInput): RunKind {
  const problems: string[] = []
  const { event } = input
  const honoured = !event || (RELEASE_INPUT_EVENTS as readonly string[]).includes(event.name)
  if (input.release && !honoured) {
    problems.push(
      `input 'release': true is honoured on ${RELEASE_INPUT_EVENTS.join(' and ')} (or on the command line), and this run is a ${event?.name} event: a tag push is a release run by itself`
    )
  }
  const releaseRun = isTagRun(event) || (input.release && honoured)
  const release = releaseRun ? parseRelease(input.version.value) : undefined
  const prerelease = !release
    ? undefined
    : isPrerelease(release)
      ? `${input.version.value} is a pre-release`
      : event?.release?.prerelease
        ? `the release ${input.version.value} is marked a pre-release (release.prerelease)`
        : undefined
  return { releaseRun, release, prerelease, problems }
}

/** Whether `latest` is asked for, and by what. */
function latestAsked(input: TagPolicyInput, kind: RunKind): string | undefined {
  if (input.tagLatest === 'true') return "input 'tag-latest'"
  if (input.extraTags.includes('latest')) return "input 'extra-tags'"
  if (input.tagLatest === 'auto' && kind.releaseRun) return 'tag-latest: auto'
  return undefined
}

/** Whether the policy needs the repository's release tags: a release run whose release may move an alias. */
export function releaseTagsNeeded(input: TagPolicyInput): boolean {
  const kind = runKind(input)
  if (!kind.release || kind.prerelease) return false
  return latestAsked(input, kind) !== undefined || input.extraTags.some((tag) => tag !== 'latest' && aliasLine(tag) !== undefined)
}

/**
 * Whether an alias of `line` moves to this run's release: when it is the highest release of the line among the
 * repository's and this one. Returns the rule it moves by, or why it stays.
 */
function aliasVerdict(tag: string, line: AliasLine, kind: RunKind, input: TagPolicyInput): { moves: true; reason: string } | { moves: false; reason: string } {
  if (!kind.release) return { moves: false, reason: `${input.version.value} is not a release version (vX.Y.Z), and ${tag} moves only with a release` }
  if (kind.prerelease) return { moves: false, reason: `${kind.prerelease}, and a pre-release moves no alias` }
  // A dry run that could not read the repository's tags shows what would move if this release is the highest.
  if (!input.releaseTags)
    return { moves: true, reason: `if ${input.version.value} is the highest release of ${describeLine(line)} (the repository's tags were not read)` }
  const releases = [...(input.releaseTags ?? []).map(parseRelease).filter((r): r is Release => r !== undefined), kind.release]
  const highest = highestOfLine(line, releases)
  // This run's tag is among the repository's already (v1.16.0 and 1.16.0 are one release): each counted once.
  const count = new Set(releases.filter((r) => !isPrerelease(r) && inLine(line, r)).map(formatRelease)).size
  if (highest && compareReleases(highest, kind.release) > 0) {
    return { moves: false, reason: `${formatRelease(highest)} is a higher release of ${describeLine(line)} than this run's ${formatRelease(kind.release)}` }
  }
  return {
    moves: true,
    reason: `${input.version.value} is the highest release of ${describeLine(line)} (of ${count} among the repository's tags and this one)`
  }
}

export function tagPolicy(input: TagPolicyInput): TagPolicy {
  const { event, version } = input
  if (event?.name === 'release' && event.release && !(RELEASE_ACTIVITIES as readonly string[]).includes(event.release.action)) {
    return {
      skip: `this release event is '${event.release.action}', which publishes nothing (only ${RELEASE_ACTIVITIES.join(', ')} build): nothing was built`,
      tags: [],
      held: [],
      notes: [],
      problems: []
    }
  }
  const kind = runKind(input)
  const problems = [...kind.problems]
  const notes: string[] = []
  const held: TagPolicy['held'] = []
  const tags: PolicyTag[] = []
  const from = version.source === 'input' ? 'as given' : version.source === 'event' ? `from the event: ${version.reason}` : 'the default'

  // The version itself, by the rules its aliases obey.
  if (aliasLine(version.value) !== undefined) {
    problems.push(
      `input 'version': '${version.value}' (${from}) has the shape of an alias (latest, or a bare major or minor such as 1, v1, 1.16): aliases move only as the tag policy decides, in release order, never as a run's version; set the version to a release (v1.16.0) and ask for the aliases with tag-latest and extra-tags`
    )
  }
  const tagRef = event?.ref.startsWith('refs/tags/') ? event.ref.slice('refs/tags/'.length) : undefined
  if (tagRef !== undefined && version.source !== 'event' && version.value.replace(/^v/, '') !== tagRef.replace(/^v/, '')) {
    problems.push(
      `input 'version': '${version.value}' (${from}), but this run is for the tag ${tagRef}: on a tag, the version is that tag (with or without its v); leave version to auto, or run for the tag of ${version.value}`
    )
  }
  if (event?.pullRequest !== undefined) {
    const own = `pr-${event.pullRequest}`
    const others = [version.value, ...input.extraTags].filter((tag) => tag !== own)
    if (others.length > 0 || input.tagLatest === 'true') {
      problems.push(
        `this run is for pull request #${event.pullRequest}, which publishes under ${own} only, never another tag (${[...others, ...(input.tagLatest === 'true' ? ['latest'] : [])].join(', ')}): leave version to auto, give no extra-tags, or publish from a push of the branch`
      )
    }
  }
  if (!kind.releaseRun && isReleaseShaped(version.value)) {
    problems.push(
      `input 'version': '${version.value}' (${from}) has ${RELEASE_SHAPE}, and this run is not a release: only a tag push, or a run with input 'release': true, publishes a release's tags; nothing was built`
    )
  }
  const versionSuffix = platformSuffixOf(version.value, input.platformSuffixes)
  if (versionSuffix) {
    problems.push(
      `input 'version': '${version.value}' (${from}) ends in -${versionSuffix}, as a platform tag does: its list would replace the platform tag of the version '${version.value.slice(0, -versionSuffix.length - 1)}'; set another version`
    )
  }
  tags.push({
    tag: version.value,
    kind: 'version',
    reason: `the version (${version.source === 'input' ? "input 'version'" : from})`,
    platformTags: true,
    followsRef: true
  })

  // latest, however it was asked for.
  const asked = latestAsked(input, kind)
  if (asked && version.value !== 'latest') {
    if (!kind.releaseRun) {
      if (asked !== 'tag-latest: auto') {
        tags.push({
          tag: 'latest',
          kind: 'latest',
          reason: `asked by ${asked}, on a run that is not a release: latest follows ${version.value}`,
          platformTags: true,
          followsRef: true
        })
        notes.push(`latest is published because ${asked} asks for it: it then follows the version ${version.value}, not a release`)
      }
    } else {
      const verdict = aliasVerdict('latest', { kind: 'latest' }, kind, input)
      if (verdict.moves) tags.push({ tag: 'latest', kind: 'latest', reason: `asked by ${asked}: ${verdict.reason}`, platformTags: true, followsRef: false })
      else if (asked !== 'tag-latest: auto' || kind.release) held.push({ tag: 'latest', reason: verdict.reason })
    }
  }

  // The other extra tags: aliases in release order, release versions that are this run's, and any other tag.
  for (const tag of input.extraTags) {
    if (tag === 'latest' || tag === version.value || tags.some((t) => t.tag === tag) || held.some((h) => h.tag === tag)) continue
    const suffix = platformSuffixOf(tag, input.platformSuffixes)
    if (suffix) {
      problems.push(`input 'extra-tags': '${tag}' ends in -${suffix}, as a platform tag does: a list under it would replace a platform's image`)
      continue
    }
    const line = aliasLine(tag)
    const named = parseRelease(tag)
    if (!kind.releaseRun && (line || isReleaseShaped(tag))) {
      problems.push(
        `input 'extra-tags': '${tag}' has ${RELEASE_SHAPE}, and this ${event ? `${event.name} run is for ${event.ref || 'no ref'}` : 'run'}, not a release: only a tag push, or a run with input 'release': true, moves a release's tags; nothing was built`
      )
      continue
    }
    if (line) {
      if (kind.release && !inLine(line, kind.release)) {
        problems.push(
          `input 'extra-tags': '${tag}' is an alias of ${describeLine(line)}, and this run's release is ${formatRelease(kind.release)}: an alias moves only with a release of its line; nothing was built`
        )
        continue
      }
      const verdict = aliasVerdict(tag, line, kind, input)
      if (verdict.moves) tags.push({ tag, kind: 'alias', reason: `asked by input 'extra-tags': ${verdict.reason}`, platformTags: false, followsRef: false })
      else held.push({ tag, reason: verdict.reason })
      continue
    }
    if (named && kind.release && compareReleases(named, kind.release) !== 0) {
      problems.push(
        `input 'extra-tags': '${tag}' names the release ${formatRelease(named)}, and this run publishes ${formatRelease(kind.release)}; nothing was built`
      )
      continue
    }
    tags.push({
      tag,
      kind: 'extra',
      reason: named ? `asked by input 'extra-tags': this run's release ${formatRelease(named)}, spelled so` : "asked by input 'extra-tags'",
      platformTags: false,
      followsRef: true
    })
  }
  // Tarballs and a local Docker carry the version in names only: nothing is refused where no tag is written.
  return { tags, held, notes, problems: input.publishes ? problems : [] }
}

/**
 * Which tag moves when: the policy's rules as one table, for docs/tag-policy.md (a test checks that the page carries
 * exactly these rows, and that each row's example gives what it says).
 */
export const TAG_RULES: ReadonlyArray<{ when: string; moves: string }> = [
  {
    when: 'a push of a branch (`main`)',
    moves: 'the version (`main`) and its platform tags; `latest` only when asked (`tag-latest: true`, or `latest` in `extra-tags`), then following the branch'
  },
  {
    when: 'a push of the highest release tag (`v1.16.0`)',
    moves: '`v1.16.0`, `latest` (`tag-latest: auto`), their platform tags, and the aliases asked for (`1.16`, `1`)'
  },
  {
    when: 'a push of a backport (`v1.15.9`, the repository has `v1.16.0`)',
    moves: "`v1.15.9` and its platform tags, and its own line's aliases (`1.15`); `latest` and `1` stay, with a notice"
  },
  {
    when: 'a push of a pre-release (`v1.17.0-rc.1`), or a `release` marked pre-release',
    moves: 'the version and its platform tags; no alias, `latest` included, with a notice'
  },
  { when: 'an alias of another line (`v1` on a `v2.0.0` run)', moves: 'nothing: refused before any build' },
  {
    when: 'a release-shaped version or alias (`v1.2.3`, `1.2`, `v1`) on a run that is not a release',
    moves: 'nothing: refused before any build, unless `release: true` (honoured on `workflow_dispatch`)'
  },
  {
    when: 'a version shaped like an alias (`latest`, `1`, `v1.16`), whatever gave it (a tag `refs/tags/latest`, the input, metadata-action)',
    moves: 'nothing: refused before any build'
  },
  {
    when: "a version that is not the tag, on a tag's run (`version: v2.0.0` dispatched on `refs/tags/v1.15.0`)",
    moves: 'nothing: refused before any build (`v1.15.0` and `1.15.0` are the tag)'
  },
  {
    when: 'a pull request from the same repository with `output-type: registry`',
    moves: '`pr-<number>` and its platform tags only; another version, extra tag or `latest` is refused'
  },
  {
    when: "an alias (`latest`, `1`, `1.16`) that holds a higher release when it is about to move (another release's run moved it meanwhile)",
    moves: 'it stays, with a notice, and `kept-tags` lists it'
  },
  {
    when: 'a version or extra tag ending in a platform suffix (`main-linux-amd64`)',
    moves: "a branch's version gets a hash instead (`main-linux-amd64-<hash>`); one given is refused"
  },
  { when: 'a `release` event that is `created`, `edited`, `deleted` or `unpublished`', moves: 'nothing: no build, with a notice' }
]
