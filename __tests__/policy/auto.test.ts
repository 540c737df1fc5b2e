// `auto` decided from the workflow event: the bundled action in dry-run mode, fed event payload files as GitHub
// writes them, with the tags API answered by a local HTTP server (GITHUB_API_URL).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { runAction, EVENTS } from '../helpers/action.js'
import { startTagsApi, TagsApi } from '../helpers/github-api.js'
import { exampleWorkspace } from '../helpers/workspace.js'
import { branchVersion, decideAuto, sanitizeTag, MAX_DERIVED_VERSION } from '../../src/policy/auto.js'
import { isFork } from '../../src/policy/event.js'
import { followedRef } from '../../src/policy/follow-ref.js'
import type { WorkflowEvent } from '../../src/system/github.js'
import { isReleaseShaped } from '../../src/policy/tags.js'
import { withholdFromFork } from '../../src/policy/trust.js'
import { settingsOf } from '../helpers/plan.js'
import { checkTag } from '../../src/shared/references.js'

/** The rule of docs/tag-policy.md for a branch name that is not a tag as it is: cleaned, then `-` and 12 hex digits of its sha256. */
const hashed = (cleaned: string, branch: string): string => `${cleaned}-${createHash('sha256').update(branch).digest('hex').slice(0, 12)}`

let api: TagsApi

beforeAll(async () => {
  api = await startTagsApi('vmware-tanzu/velero', ['v1.16.0', 'v1.15.2', 'v1.17.0-rc.1', 'v1.16.1', 'nightly'])
})

afterAll(async () => {
  await api.close()
})

interface EventCase {
  name: string
  event: string
  file: string
  ref: string
  baseRef?: string
  actor?: string
  inputs?: Record<string, string>
}

async function dryRun(c: EventCase) {
  return runAction(
    { 'dry-run': 'true', os: 'linux,windows', 'github-token': 'test-token', ...c.inputs },
    {
      workspace: exampleWorkspace(),
      env: {
        GITHUB_EVENT_NAME: c.event,
        GITHUB_EVENT_PATH: path.join(EVENTS, c.file),
        GITHUB_REF: c.ref,
        GITHUB_BASE_REF: c.baseRef ?? '',
        GITHUB_REPOSITORY: 'vmware-tanzu/velero',
        GITHUB_ACTOR: c.actor ?? 'maintainer',
        GITHUB_API_URL: api.url
      }
    }
  )
}

describe('auto, for each event shape', () => {
  it.each([
    { name: 'branch push', event: 'push', file: 'push-branch.json', ref: 'refs/heads/main', version: 'main', latest: false, output: 'registry' },
    {
      name: 'release branch push',
      event: 'push',
      file: 'push-branch.json',
      ref: 'refs/heads/release-1.16',
      version: 'release-1.16-dev',
      latest: false,
      output: 'registry'
    },
    {
      name: 'branch with a slash and odd characters',
      event: 'push',
      file: 'push-branch.json',
      ref: 'refs/heads/feature/Add+Windows',
      version: hashed('feature-Add-Windows', 'feature/Add+Windows'),
      latest: false,
      output: 'registry'
    },
    { name: 'highest release tag', event: 'push', file: 'push-tag.json', ref: 'refs/tags/v1.16.1', version: 'v1.16.1', latest: true, output: 'registry' },
    // A dry run reads the repository's tags from git only (it asks no API): latest is shown as it would move if v1.15.3
    // were the highest release; tag-decisions.test.ts runs the real thing against the API.
    { name: 'older release tag', event: 'push', file: 'push-tag.json', ref: 'refs/tags/v1.15.3', version: 'v1.15.3', latest: true, output: 'registry' },
    {
      name: 'pre-release tag',
      event: 'push',
      file: 'push-tag.json',
      ref: 'refs/tags/v1.18.0-rc.1',
      version: 'v1.18.0-rc.1',
      latest: false,
      output: 'registry'
    },
    {
      name: 'pull request from the same repository',
      event: 'pull_request',
      file: 'pull-request.json',
      ref: 'refs/pull/42/merge',
      baseRef: 'main',
      version: 'main-container',
      latest: false,
      output: 'tar'
    },
    {
      name: 'pull request from a fork',
      event: 'pull_request',
      file: 'pull-request-fork.json',
      ref: 'refs/pull/43/merge',
      baseRef: 'release-1.16',
      version: 'pr-43',
      latest: false,
      output: 'tar'
    },
    {
      name: 'pull_request_target from a fork',
      event: 'pull_request_target',
      file: 'pull-request-fork.json',
      ref: 'refs/heads/release-1.16',
      baseRef: 'release-1.16',
      version: 'pr-43',
      latest: false,
      output: 'tar'
    },
    {
      name: 'pull_request_target from the same repository',
      event: 'pull_request_target',
      file: 'pull-request.json',
      ref: 'refs/heads/main',
      baseRef: 'main',
      version: 'main-container',
      latest: false,
      output: 'tar'
    },
    {
      name: 'merge_group',
      event: 'merge_group',
      file: 'merge-group.json',
      ref: 'refs/heads/gh-readonly-queue/main/pr-42-1111111111111111111111111111111111111111',
      version: hashed(
        'gh-readonly-queue-main-pr-42-1111111111111111111111111111111111111111',
        'gh-readonly-queue/main/pr-42-1111111111111111111111111111111111111111'
      ),
      latest: false,
      output: 'tar'
    },
    {
      name: 'Dependabot',
      event: 'push',
      file: 'dependabot-push.json',
      ref: 'refs/heads/dependabot/go_modules/golang.org/x/net-0.33.0',
      actor: 'dependabot[bot]',
      version: hashed('dependabot-go_modules-golang.org-x-net-0.33.0', 'dependabot/go_modules/golang.org/x/net-0.33.0'),
      latest: false,
      output: 'tar'
    },
    {
      name: 'workflow_run of a push to a branch',
      event: 'workflow_run',
      file: 'workflow-run.json',
      ref: 'refs/heads/main',
      version: 'release-1.16-dev',
      latest: false,
      output: 'tar'
    },
    {
      name: 'workflow_run caused by a fork',
      event: 'workflow_run',
      file: 'workflow-run-fork.json',
      ref: 'refs/heads/main',
      version: 'fork-444444444444',
      latest: false,
      output: 'tar'
    },
    {
      name: 'create of a branch',
      event: 'create',
      file: 'push-branch.json',
      ref: 'refs/heads/release-1.17',
      version: 'release-1.17-dev',
      latest: false,
      output: 'tar'
    },
    {
      name: 'workflow_dispatch',
      event: 'workflow_dispatch',
      file: 'workflow-dispatch.json',
      ref: 'refs/heads/release-1.15',
      version: 'release-1.15-dev',
      latest: false,
      output: 'registry'
    }
  ])('$name: version $version, latest $latest, output $output', async (c) => {
    const run = await dryRun(c)
    expect(run.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
    expect(run.exitCode).toBe(0)
    const platformTags = JSON.parse(run.outputs['platform-tags']) as string[]
    expect(platformTags).toContain(`velero/velero:${c.version}-linux-amd64`)
    expect(platformTags.some((tag) => tag.startsWith('velero/velero:latest-'))).toBe(c.latest)
    expect(run.stdout).toContain(`Output: ${c.output};`)
    // The log says which rule chose each value.
    expect(run.stdout).toMatch(new RegExp(`^version: ${c.version.replace(/[.+]/g, '\\$&')} \\(.+\\)$`, 'm'))
    expect(run.stdout).toMatch(new RegExp(`^output-type: ${c.output} \\(.+\\)$`, 'm'))
  })

  it("asks no API in a dry run: the repository's tags come from git in the checkout", async () => {
    api.requests.length = 0
    const run = await dryRun({ name: '', event: 'push', file: 'push-tag.json', ref: 'refs/tags/v1.16.1' })
    expect(api.requests).toEqual([])
    // git in the checkout (not shallow, with no tag) is what a dry run asks.
    expect(run.stdout).toMatch(/^The repository's tags \(0, from git in .*\) decide the release order\.$/m)
    expect(run.stdout).toContain('tag latest (and its platform tags): asked by tag-latest: auto: v1.16.1 is the highest release of every release')
  })

  it('builds tarballs instead of pushing when registry is asked for on a fork pull request, and says why', async () => {
    const run = await dryRun({
      name: '',
      event: 'pull_request',
      file: 'pull-request-fork.json',
      ref: 'refs/pull/43/merge',
      baseRef: 'release-1.16',
      inputs: { 'output-type': 'registry' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::warning::output-type registry was asked for, but this pull_request run was caused by a pull request from a fork/)
    )
    expect(run.stdout).toContain('Output: tar;')
    expect(JSON.parse(run.outputs.tarballs)).toHaveLength(2)
  })

  it('keeps an explicit registry on a pull request from the same repository', async () => {
    const run = await dryRun({
      name: '',
      event: 'pull_request',
      file: 'pull-request.json',
      ref: 'refs/pull/42/merge',
      baseRef: 'main',
      inputs: { 'output-type': 'registry' }
    })
    expect(run.stdout).toContain('Output: registry;')
  })
})

describe('outside GitHub', () => {
  it("auto gives the seed's defaults", async () => {
    // An event name alone (left in the environment by a calling job) does not make this a workflow run.
    const run = await runAction(
      { 'dry-run': 'true' },
      { workspace: exampleWorkspace(), env: { GITHUB_ACTIONS: '', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/feature' } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.image).toBe('velero/velero:main-linux-amd64')
    expect(run.stdout).toContain('Output: docker;')
  })
})

describe('isFork', () => {
  it('treats a pull request whose head repository was deleted as a fork', () => {
    const event = {
      name: 'pull_request',
      ref: 'refs/pull/7/merge',
      baseRef: 'main',
      actor: 'someone',
      repository: 'vmware-tanzu/velero',
      payload: { pull_request: { head: { repo: null } }, repository: { full_name: 'vmware-tanzu/velero' } }
    }
    expect(isFork(event)).toBe(true)
    expect(
      isFork({
        ...event,
        payload: { pull_request: { head: { repo: { full_name: 'vmware-tanzu/velero', fork: false } } }, repository: { full_name: 'vmware-tanzu/velero' } }
      })
    ).toBe(false)
  })
})

describe('isFork for workflow_run', () => {
  const run = (workflowRun: Record<string, unknown>): WorkflowEvent => ({
    name: 'workflow_run',
    ref: 'refs/heads/main',
    baseRef: '',
    actor: 'someone',
    repository: 'vmware-tanzu/velero',
    payload: { workflow_run: workflowRun, repository: { full_name: 'vmware-tanzu/velero' } }
  })
  it.each([
    ['triggered by a fork (head_repository.fork)', { event: 'push', head_repository: { full_name: 'someone/velero', fork: true } }, true],
    ['triggered by a pull request from another repository', { event: 'pull_request', head_repository: { full_name: 'someone/velero', fork: false } }, true],
    ['triggered by a pull request whose fork is gone', { event: 'pull_request_target', head_repository: null }, true],
    [
      'triggered by a pull request of the repository itself',
      { event: 'pull_request', head_repository: { full_name: 'vmware-tanzu/velero', fork: false } },
      false
    ],
    ['triggered by a push', { event: 'push', head_repository: { full_name: 'vmware-tanzu/velero', fork: false } }, false]
  ])('%s: %s', (_case, workflowRun, fork) => {
    expect(isFork(run(workflowRun))).toBe(fork)
  })
})

describe('versions of branches', () => {
  it.each([
    ['main', 'main'],
    ['release-1.16', 'release-1.16-dev'],
    ['release-1.16-dev', 'release-1.16-dev-dev'],
    ['feature-x', 'feature-x'],
    ['feature/x', hashed('feature-x', 'feature/x')],
    ['x-0123456789ab', hashed('x-0123456789ab', 'x-0123456789ab')],
    ['b'.repeat(200), hashed('b'.repeat(MAX_DERIVED_VERSION - 13), 'b'.repeat(200))]
  ])('%s gives %s', (branch, version) => {
    expect(branchVersion(branch).value).toBe(version)
  })

  it.each([['latest'], ['Latest'], ['v1.16.0'], ['1.2'], ['v1.2.3-rc.1'], ['v1'], ['2'], ['v1.16/fix']])(
    '%s is refused, saying what to set instead',
    (branch) => {
      expect(() => branchVersion(branch)).toThrow(
        new RegExp(
          `^version is auto, and the branch '${branch.replace(/[.]/g, '\\.')}' would give the version .*Rename the branch, or set the version input for it`
        )
      )
    }
  )

  it.each([
    ['v1.16.0', true],
    ['1.2', true],
    ['v1.2.3-rc.1', true],
    ['v1', true],
    ['main', false],
    ['v2-migration', false],
    ['2024-cleanup', false],
    ['release-1.16-dev', false]
  ])('%s release-shaped: %s', (version, shaped) => {
    expect(isReleaseShaped(version)).toBe(shaped)
  })
})

describe("what a fork's run gets", () => {
  const settings = settingsOf({ secrets: 'token=abc\ncert=def', 'build-args': 'API_TOKEN=1\nNPM_TOKEN=2\nDEBUG=1', 'public-build-args': 'NPM_TOKEN' })
  it('no secrets and no secret-looking build-args, each withheld named in a warning', () => {
    const { settings: trusted, warnings } = withholdFromFork(settings, { fork: true, baseScope: false }, '/work/space')
    expect(trusted.secrets).toEqual([])
    expect(trusted.buildArgs).toEqual([
      ['NPM_TOKEN', '2'],
      ['DEBUG', '1']
    ])
    expect(warnings).toEqual([
      "this run builds a fork's code, so the secrets token, cert are withheld from its build (fork-secrets: true would give them)",
      "this run builds a fork's code, so the build-args API_TOKEN are withheld: their names look secret. Name them in public-build-args if they are not."
    ])
  })

  it('the secrets with fork-secrets true, and a warning that says what is exposed', () => {
    const { settings: trusted, warnings } = withholdFromFork({ ...settings, forkSecrets: true }, { fork: true, baseScope: false }, '/work/space')
    expect(trusted.secrets).toEqual(settings.secrets)
    expect(warnings[0]).toBe("fork-secrets is true: the secrets token, cert reach the build of a fork's code, which can read them and send them anywhere")
  })

  it('everything when the run is not a fork', () => {
    expect(withholdFromFork(settings, { fork: false, baseScope: false }, '/work/space')).toEqual({ settings, warnings: [] })
  })
})

describe('sanitizeTag', () => {
  it.each([
    ['feature/x', 'feature-x'],
    ['-leading', 'leading'],
    ['.hidden/..', 'hidden'],
    ['UPPER+case', 'UPPER-case'],
    ['///', 'unknown'],
    ['a'.repeat(300), 'a'.repeat(MAX_DERIVED_VERSION)]
  ])('%s -> %s', (input, expected) => {
    const tag = sanitizeTag(input)
    expect(tag).toBe(expected)
    expect(checkTag(`${tag}-windows-ltsc2022-amd64`)).toBeUndefined()
  })
})

describe('extra tags and the default annotations, from the event', () => {
  const branch: EventCase = { name: 'push to main', event: 'push', file: 'push-branch.json', ref: 'refs/heads/main' }
  const tag: EventCase = { name: 'push of v1.16.1', event: 'push', file: 'push-tag.json', ref: 'refs/tags/v1.16.1' }
  const registry = { 'output-type': 'registry', registry: 'ghcr.io/org' }

  it.each(['ghcr.io/org/velero:v1.16.0', 'ghcr.io/org/velero:v1'])('refuse %s on a branch push, before any command', async (ref) => {
    const run = await dryRun({ ...branch, inputs: { ...registry, 'extra-tags': `ghcr.io/org/velero:edge\n${ref}` } })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(`input 'extra-tags': '${ref.split(':')[1]}'`)
    expect(run.stdout).toContain("only a tag push, or a run with input 'release': true, moves a release's tags")
    expect(run.stdout).not.toContain('docker buildx')
  })

  it("take latest on a branch push when asked, as metadata-action's type=raw,value=latest,enable={{is_default_branch}} does: it follows the branch", async () => {
    const run = await dryRun({ ...branch, inputs: { ...registry, 'extra-tags': 'ghcr.io/org/velero:main\nghcr.io/org/velero:latest' } })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.tags)).toEqual(['ghcr.io/org/velero:main', 'ghcr.io/org/velero:latest'])
    expect(JSON.parse(run.outputs['platform-tags'])).toEqual(
      expect.arrayContaining(['ghcr.io/org/velero:main-linux-amd64', 'ghcr.io/org/velero:latest-linux-amd64'])
    )
    expect(run.stdout).toContain("latest is published because input 'extra-tags' asks for it: it then follows the version main, not a release")
  })

  it("publish a tag push's release tags, and give its lists the repository's description and license", async () => {
    const run = await dryRun({
      ...tag,
      inputs: { ...registry, 'extra-tags': 'ghcr.io/org/velero:v1.16\nghcr.io/org/velero:v1', 'default-annotations': 'true' }
    })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.tags)).toEqual([
      'ghcr.io/org/velero:v1.16.1',
      'ghcr.io/org/velero:latest',
      'ghcr.io/org/velero:v1.16',
      'ghcr.io/org/velero:v1'
    ])
    expect(run.stdout).toContain(
      "--annotation 'index:org.opencontainers.image.description=Backup and migrate Kubernetes applications and their persistent volumes'"
    )
    expect(run.stdout).toContain('--annotation index:org.opencontainers.image.licenses=Apache-2.0')
  })
})

describe("followedRef: the ref a run's tags follow", () => {
  const event = (name: string, ref: string, payload: WorkflowEvent['payload'] = {}): WorkflowEvent => ({
    name,
    ref,
    baseRef: '',
    actor: 'someone',
    repository: 'vmware-tanzu/velero',
    payload
  })
  it.each<[string, WorkflowEvent | undefined, string | undefined]>([
    ['a branch push', event('push', 'refs/heads/main'), 'refs/heads/main'],
    ['a tag push', event('push', 'refs/tags/v1.16.0'), 'refs/tags/v1.16.0'],
    ['a release', event('release', 'refs/tags/v1.16.0', { action: 'published', release: { tag_name: 'v1.16.0' } }), 'refs/tags/v1.16.0'],
    ['a dispatch on a branch', event('workflow_dispatch', 'refs/heads/release-1.16'), 'refs/heads/release-1.16'],
    // GITHUB_REF of a workflow_run is the default branch; the tags are of the triggering run's branch.
    [
      'a workflow_run',
      event('workflow_run', 'refs/heads/main', { workflow_run: { head_branch: 'release-1.16', head_sha: 'a'.repeat(40) } }),
      'refs/heads/release-1.16'
    ],
    ['a workflow_run that names no branch', event('workflow_run', 'refs/heads/main', { workflow_run: { head_branch: null } }), undefined],
    ["a pull request's merge ref", event('pull_request', 'refs/pull/42/merge'), undefined],
    ['outside GitHub', undefined, undefined]
  ])('%s', (_case, given, ref) => {
    expect(followedRef(given)).toBe(ref)
  })
})

describe('events that never push, whatever output-type says', () => {
  const event = (name: string, payload: Record<string, unknown> = {}, actor = 'maintainer'): WorkflowEvent => ({
    name,
    ref: name.startsWith('pull_request') ? 'refs/pull/42/merge' : 'refs/heads/main',
    baseRef: 'main',
    actor,
    repository: 'org/app',
    payload: { repository: { full_name: 'org/app' }, ...payload }
  })
  const sameRepository = { number: 42, pull_request: { number: 42, head: { repo: { full_name: 'org/app', fork: false } } } }
  const fromFork = { number: 43, pull_request: { number: 43, head: { repo: { full_name: 'someone/app', fork: true } } } }
  const registry = settingsOf({ 'output-type': 'registry' })
  const decide = (e: WorkflowEvent) => decideAuto({ ...registry, version: 'auto', given: ['output-type'] }, e)

  it.each<[string, WorkflowEvent, 'warning' | 'notice', RegExp]>([
    ["a fork's pull request", event('pull_request', fromFork), 'warning', /caused by a pull request from a fork/],
    ['pull_request_target', event('pull_request_target', sameRepository), 'notice', /a pull_request_target run builds code nobody has merged yet/],
    ['merge_group', event('merge_group'), 'notice', /a merge_group run builds code nobody has merged yet/],
    ["Dependabot's push", event('push', {}, 'dependabot[bot]'), 'notice', /triggered by Dependabot/]
  ])('%s: registry builds tarballs, and the log says why', (_case, e, level, why) => {
    const decided = decide(e)
    expect(decided.settings.outputType).toBe('tar')
    expect(decided.decisions.find((d) => d.name === 'output-type')).toMatchObject({ value: 'tar', source: 'event', reason: expect.stringMatching(why) })
    expect(level === 'warning' ? decided.warnings : decided.notices).toEqual([expect.stringMatching(why)])
  })

  it('a pull request from the same repository that asks for registry publishes under pr-<number>, never the base branch', () => {
    const decided = decide(event('pull_request', sameRepository))
    expect(decided.settings.outputType).toBe('registry')
    expect(decided.settings.version).toBe('pr-42')
    expect(decideAuto({ ...registry, outputType: 'auto', version: 'auto' }, event('pull_request', sameRepository)).settings.version).toBe('main-container')
  })
})
