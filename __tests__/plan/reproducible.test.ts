// Reproducible images, as the plan decides them: SOURCE_DATE_EPOCH, rewrite-timestamp and the created time, from the
// input and the commit's time (what the builder's BuildKit keeps of it: __tests__/build/features.test.ts).
// Table-driven, no process.
import { describe, expect, it } from '@jest/globals'
import { planOf, settingsOf } from '../helpers/plan.js'

const COMMIT_TIME = 1764590400 // 2025-12-01T12:00:00Z
const AT_COMMIT = '2025-12-01T12:00:00Z'
const RUN_TIME = '2026-11-28T12:00:00Z' // helpers/plan.ts FACTS.created

const outputOf = (command: string[]): string => command[command.indexOf('--output') + 1]
const argsOf = (command: string[], flag: string): string[] => command.flatMap((arg, i) => (command[i - 1] === flag ? [arg] : []))

describe('reproducible images in the plan', () => {
  const registry = { 'output-type': 'registry', os: 'linux,windows', arch: 'amd64,arm64', registry: 'ghcr.io/org' }

  it('auto, at a commit: every build gets SOURCE_DATE_EPOCH, rewrite-timestamp, and the commit time as its created label', () => {
    const plan = planOf(registry, { commitTime: COMMIT_TIME })
    expect(plan.targets).toHaveLength(3)
    for (const target of plan.targets) {
      expect(argsOf(target.command, '--build-arg')).toContain(`SOURCE_DATE_EPOCH=${COMMIT_TIME}`)
      expect(outputOf(target.command)).toMatch(/,rewrite-timestamp=true$/)
      expect(argsOf(target.command, '--label')).toContain(`org.opencontainers.image.created=${AT_COMMIT}`)
    }
    expect(plan.reproducibility).toMatchObject({ mode: 'auto', epoch: COMMIT_TIME, created: AT_COMMIT, rewriteTimestamps: true })
    expect(plan.reproducibility.notes).toEqual([
      `reproducible auto: SOURCE_DATE_EPOCH=${COMMIT_TIME} (${AT_COMMIT}, the commit's committer time) for every build, and org.opencontainers.image.created the same`,
      expect.stringMatching(
        /^the Windows images are reproducible only where BuildKit reuses their layers from this builder's cache: BuildKit writes the time of the build into the LIBARCHIVE\.creationtime headers/
      )
    ])
    expect(plan.warnings).toEqual([])
  })

  it('puts the commit time in the default index annotations too', () => {
    const plan = planOf({ ...registry, 'default-annotations': 'true' }, { commitTime: COMMIT_TIME })
    expect(plan.indexAnnotations).toContainEqual(['org.opencontainers.image.created', AT_COMMIT])
  })

  it.each<[string, Record<string, string>, string | undefined]>([
    ['a registry push', {}, 'type=image,name=ghcr.io/org/velero,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true'],
    ['a local Docker image', { 'output-type': 'docker', os: 'linux', arch: 'amd64' }, 'type=docker,rewrite-timestamp=true'],
    ['an OCI archive', { 'output-type': 'tar', 'tar-format': 'oci' }, 'type=oci,dest=_output/velero-main-linux-amd64.tar,rewrite-timestamp=true'],
    // The tar exporter clamps its files to SOURCE_DATE_EPOCH itself.
    ['a root filesystem tarball', { 'output-type': 'tar' }, 'type=tar,dest=_output/velero-main-linux-amd64.tar']
  ])('%s: the exporter is told to rewrite timestamps where it has the option', (_case, inputs, output) => {
    const plan = planOf({ ...registry, ...inputs }, { commitTime: COMMIT_TIME })
    expect(outputOf(plan.targets[0].command)).toBe(output)
    expect(argsOf(plan.targets[0].command, '--build-arg')).toContain(`SOURCE_DATE_EPOCH=${COMMIT_TIME}`)
  })

  it.each<[string, Record<string, string>, Partial<Parameters<typeof planOf>[1]>, RegExp | undefined]>([
    ['false: the run time, as before', { reproducible: 'false' }, { commitTime: COMMIT_TIME }, undefined],
    [
      'no commit time (not a checkout git can read)',
      {},
      {},
      /^reproducible auto: git could not read the commit's time in the context: the images take the run's time and are not reproducible$/
    ],
    [
      'a context that is a URL',
      { context: 'https://github.com/org/app.git#main' },
      { commitTime: COMMIT_TIME },
      /^reproducible auto: the context is a URL, so no commit time is read/
    ],
    [
      'a SOURCE_DATE_EPOCH in build-args that is no time',
      { 'build-args': 'SOURCE_DATE_EPOCH=yesterday' },
      { commitTime: COMMIT_TIME },
      /build-args sets SOURCE_DATE_EPOCH to "yesterday", which is no time in seconds since 1970/
    ],
    ['the merge, which builds nothing', { role: 'merge' }, { commitTime: COMMIT_TIME }, undefined]
  ])('%s: no SOURCE_DATE_EPOCH, no rewrite, the run time', (_case, inputs, facts, note) => {
    const plan = planOf({ ...registry, ...inputs }, facts)
    for (const target of plan.targets) {
      expect(argsOf(target.command, '--build-arg').filter((arg) => arg.startsWith('SOURCE_DATE_EPOCH=') && arg !== 'SOURCE_DATE_EPOCH=yesterday')).toEqual([])
      expect(outputOf(target.command)).not.toContain('rewrite-timestamp')
      expect(argsOf(target.command, '--label')).toContain(`org.opencontainers.image.created=${RUN_TIME}`)
    }
    expect(plan.reproducibility.epoch).toBeUndefined()
    if (note) expect(plan.reproducibility.notes).toEqual([expect.stringMatching(note)])
    else expect(plan.reproducibility.notes).toEqual([])
  })

  it("takes a SOURCE_DATE_EPOCH given in build-args as the user's own, once", () => {
    const plan = planOf({ ...registry, 'build-args': 'SOURCE_DATE_EPOCH=1700000000' }, { commitTime: COMMIT_TIME })
    expect(argsOf(plan.targets[0].command, '--build-arg').filter((arg) => arg.startsWith('SOURCE_DATE_EPOCH='))).toEqual(['SOURCE_DATE_EPOCH=1700000000'])
    expect(argsOf(plan.targets[0].command, '--label')).toContain('org.opencontainers.image.created=2023-11-14T22:13:20Z')
    expect(plan.reproducibility.notes[0]).toContain("(2023-11-14T22:13:20Z, build-args' SOURCE_DATE_EPOCH)")
  })

  it('warns that true cannot keep its promise for Windows images, and leaves Linux-only runs alone', () => {
    expect(planOf({ ...registry, reproducible: 'true' }, { commitTime: COMMIT_TIME }).warnings).toEqual([
      expect.stringMatching(/^reproducible true: the Windows images are reproducible only where/)
    ])
    expect(planOf({ ...registry, os: 'linux', reproducible: 'true' }, { commitTime: COMMIT_TIME }).warnings).toEqual([])
  })

  it('says that a dirty tree is reproducible from the tree, not the commit', () => {
    const plan = planOf(registry, { commitTime: COMMIT_TIME, gitTreeState: 'dirty' })
    expect(plan.reproducibility.notes).toContain(
      'the checkout has changes that are not committed: the images are reproducible from this tree, not from the commit alone'
    )
  })

  describe("docker/metadata-action's created time (its run's)", () => {
    const metadata = {
      ...registry,
      labels: 'org.opencontainers.image.created=2026-11-30T09:15:00.123Z\norg.opencontainers.image.title=velero',
      annotations: 'manifest:org.opencontainers.image.created=2026-11-30T09:15:00.123Z\nindex:org.opencontainers.image.created=2026-11-30T09:15:00.123Z'
    }

    it('is replaced by the commit time in labels and annotations, with a notice for each', () => {
      const plan = planOf(metadata, { commitTime: COMMIT_TIME })
      const command = plan.targets[0].command
      expect(argsOf(command, '--label').filter((l) => l.startsWith('org.opencontainers.image.created='))).toEqual([
        `org.opencontainers.image.created=${AT_COMMIT}`
      ])
      expect(argsOf(command, '--label')).toContain('org.opencontainers.image.title=velero')
      expect(argsOf(command, '--annotation')).toContain(`manifest:org.opencontainers.image.created=${AT_COMMIT}`)
      expect(plan.indexAnnotations).toContainEqual(['org.opencontainers.image.created', AT_COMMIT])
      expect(plan.notices).toEqual(
        ["input 'annotations' (index:)", "input 'labels'", "input 'annotations' (manifest:)"].map(
          (input) =>
            `${input} sets org.opencontainers.image.created to 2026-11-30T09:15:00.123Z (docker/metadata-action writes its run's time there), but reproducible images carry their commit's time, ${AT_COMMIT}: that is what they get`
        )
      )
      expect(plan.warnings).toEqual([])
    })

    it('is kept as given with reproducible false', () => {
      const plan = planOf({ ...metadata, reproducible: 'false' }, { commitTime: COMMIT_TIME })
      expect(argsOf(plan.targets[0].command, '--label')).toContain('org.opencontainers.image.created=2026-11-30T09:15:00.123Z')
      expect(plan.notices).toEqual([])
    })
  })

  it('refuses a value of reproducible that is not one, naming the allowed ones', () => {
    expect(() => settingsOf({ reproducible: 'yes' })).toThrow(/input 'reproducible'.*'yes'.*auto.*true.*false/)
  })
})
