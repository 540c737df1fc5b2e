// Reproducible releases through dist/ on real buildx and BuildKit: the same commit and inputs give the same image
// digests and the same list, a re-run moves nothing, and the created time is the commit's. On BuildKit before 0.13,
// reproducible true is refused by name and auto says what it cannot promise.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { runAction } from '../helpers/action.js'
import { Buildkit, buildkitAtLeast, TOOLSET } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, registryTags, skopeoRaw } from '../helpers/docker.js'
import { appWorkspace } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit
let workspace: string
let commitTime: string

const THREE = { os: 'linux,windows', arch: 'amd64,arm64' }
const configOf = (ref: string): { created?: string; config: { Labels?: Record<string, string> } } =>
  JSON.parse(execFileSync('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${ref}`]).toString())
const entries = (ref: string): string[] => (skopeoRaw(ref)?.json.manifests ?? []).map((m) => m.digest)

/** A release of v1.16.0 from the command line (release: true), the three platforms unless told. */
async function act(inputs: Record<string, string>) {
  return runAction(
    {
      'buildx-instance': buildkit.builder,
      'insecure-registry': 'true',
      'output-type': 'registry',
      version: 'v1.16.0',
      release: 'true',
      'tag-latest': 'false',
      ...THREE,
      ...inputs
    },
    { workspace, env: buildkit.docker().env }
  )
}

describeOnBuildkit(`reproducible releases, on real buildx and BuildKit (${TOOLSET} toolset)`, () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(() => {
    workspace = appWorkspace(registry)
    const seconds = Number(execFileSync('git', ['show', '-s', '--format=%ct', 'HEAD'], { cwd: workspace }).toString())
    commitTime = new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  })

  const rewrites = buildkitAtLeast(13)

  ;(rewrites ? describe : describe.skip)('on BuildKit 0.13 or later', () => {
    const image = () => `${registry.prefix}/release/velero`
    const tags = ['v1.16.0', 'v1.16.0-linux-amd64', 'v1.16.0-linux-arm64', 'v1.16.0-windows-ltsc2022-amd64']
    let first: Awaited<ReturnType<typeof act>>
    let before: Array<string | undefined>
    beforeAll(async () => {
      first = await act({ image: image() })
      expect(first.exitCode).toBe(0)
      before = tags.map((tag) => skopeoRaw(`${image()}:${tag}`)?.digest)
    })

    it('a re-run of the commit builds the same images and the same list, moves no tag, and says so', async () => {
      const again = await act({ image: image() })
      expect(again.exitCode).toBe(0)
      expect(tags.map((tag) => skopeoRaw(`${image()}:${tag}`)?.digest)).toEqual(before)
      expect(JSON.parse(again.outputs['unchanged-tags']).sort()).toEqual(tags.map((tag) => `${image()}:${tag}`).sort())
      expect(JSON.parse(again.outputs.tags)).toEqual([`${image()}:v1.16.0`])
      expect(again.outputs.digest).toBe(first.outputs.digest)
      expect(again.stdout).toContain(`${image()}:v1.16.0 holds what this run built already, and is left as it is`)
      expect(again.stdout).not.toMatch(/^.* -> sha256:/m)
      // Nothing to assemble either: the registry holds this run's list.
      expect(again.stdout).not.toContain('docker buildx imagetools create')
    })

    it('a no-cache build of the commit gives the same Linux images; Windows differs, as the log says', async () => {
      const other = `${registry.prefix}/no-cache/velero`
      const run = await act({ image: other, 'no-cache': 'true' })
      expect(run.exitCode).toBe(0)
      const [amd64, arm64, windows] = entries(`${other}:v1.16.0`)
      const [firstAmd64, firstArm64, firstWindows] = entries(`${image()}:v1.16.0`)
      expect([amd64, arm64]).toEqual([firstAmd64, firstArm64])
      // BuildKit's Windows layers carry the time of the build in LIBARCHIVE.creationtime, which rewrite-timestamp
      // does not clamp (util/winlayers, to BuildKit 0.32.2). When this fails, BuildKit has fixed it: say so in the
      // docs (reproducible.md) and in the plan's note (plan/reproducible.ts), and compare all three here.
      expect(windows).not.toBe(firstWindows)
      expect(run.stdout).toContain("the Windows images are reproducible only where BuildKit reuses their layers from this builder's cache")
    })

    it("labels every image and its config with the commit's time, over docker/metadata-action's run time, with a notice", async () => {
      const other = `${registry.prefix}/metadata/velero`
      const run = await act({
        image: other,
        os: 'linux',
        arch: 'amd64',
        labels: 'org.opencontainers.image.created=2026-11-30T09:15:00.123Z',
        'default-annotations': 'true'
      })
      expect(run.exitCode).toBe(0)
      const config = configOf(`${other}:v1.16.0-linux-amd64`)
      expect(config.config.Labels?.['org.opencontainers.image.created']).toBe(commitTime)
      expect(config.created).toBe(commitTime)
      expect(skopeoRaw(`${other}:v1.16.0`)?.json.annotations?.['org.opencontainers.image.created']).toBe(commitTime)
      expect(run.annotations).toContain(
        `::notice::input 'labels' sets org.opencontainers.image.created to 2026-11-30T09:15:00.123Z (docker/metadata-action writes its run's time there), but reproducible images carry their commit's time, ${commitTime}: that is what they get`
      )
    })

    it('with attestations, a re-run keeps the list and the attestations it holds, and moves nothing', async () => {
      const other = `${registry.prefix}/attested/velero`
      const inputs = { image: other, os: 'linux', arch: 'amd64,arm64', provenance: 'mode=min' }
      expect((await act(inputs)).exitCode).toBe(0)
      const held = ['v1.16.0', 'v1.16.0-linux-amd64', 'v1.16.0-linux-arm64'].map((tag) => skopeoRaw(`${other}:${tag}`)?.digest)
      const again = await act(inputs)
      expect(again.exitCode).toBe(0)
      expect(['v1.16.0', 'v1.16.0-linux-amd64', 'v1.16.0-linux-arm64'].map((tag) => skopeoRaw(`${other}:${tag}`)?.digest)).toEqual(held)
      expect(again.stdout).toContain(
        `${other}:v1.16.0 holds this run's list already (${held[0]}: its images, platforms and annotations, with attestations of an earlier build of the same images), so it is not assembled again`
      )
      expect(again.stdout).not.toContain('docker buildx imagetools create')
      expect(JSON.parse(again.outputs['unchanged-tags'])).toHaveLength(3)
      expect(again.outputs.digest).toBe(held[0])
    })

    it('reproducible false builds as before: a second run moves the tags to new images', async () => {
      const other = `${registry.prefix}/not-reproducible/velero`
      const inputs = { image: other, os: 'linux', arch: 'amd64', reproducible: 'false' }
      expect((await act(inputs)).exitCode).toBe(0)
      const held = skopeoRaw(`${other}:v1.16.0-linux-amd64`)?.digest
      await new Promise((resolve) => setTimeout(resolve, 1100)) // the created label is in whole seconds
      const again = await act(inputs)
      expect(again.exitCode).toBe(0)
      expect(skopeoRaw(`${other}:v1.16.0-linux-amd64`)?.digest).not.toBe(held)
      expect(JSON.parse(again.outputs['unchanged-tags'])).toEqual([])
    })
  })

  ;(rewrites ? describe.skip : describe)('on BuildKit before 0.13', () => {
    it('refuses reproducible true by name, before any build, naming the version it needs', async () => {
      const other = `${registry.prefix}/old-true/velero`
      const run = await act({ image: other, reproducible: 'true' })
      expect(run.exitCode).toBe(1)
      expect(run.annotations.join('\n')).toMatch(/input 'reproducible': 'true' needs BuildKit 0\.13\.0 \(builder \S+ runs 0\.\d+\.\d+\) or later/)
      expect(run.stdout).not.toContain('docker buildx build ')
      expect(registryTags(other)).toEqual([])
    })

    it('with auto, builds and says what it cannot promise', async () => {
      const run = await act({ image: `${registry.prefix}/old-auto/velero`, os: 'linux', arch: 'amd64' })
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toMatch(
        /reproducible auto: BuildKit 0\.\d+\.\d+ applies SOURCE_DATE_EPOCH to the image config and history, but cannot rewrite the times of the files a build writes into layers \(BuildKit 0\.13\.0 can\)/
      )
      expect(run.stdout).not.toContain('rewrite-timestamp=true')
      expect(run.stdout).toContain(`--build-arg SOURCE_DATE_EPOCH=`)
    })
  })
})
