// Annotations on every image and on the lists, and lists under extra tags: through dist/ on real buildx and
// BuildKit, read back with skopeo. On a buildx before 0.12 they are refused before any build.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { runAction } from '../helpers/action.js'
import { Buildkit, buildxAtLeast, WINDOWS_2022 } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { Registry, skopeoRaw } from '../helpers/docker.js'

let registry: Registry
let buildkit: Buildkit
let workspace: string

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const DESCRIPTION = 'Backup and migrate Kubernetes applications and their persistent volumes'

interface Descriptor {
  digest: string
  platform?: Record<string, string>
}

async function act(inputs: Record<string, string>) {
  const docker = buildkit.docker()
  return runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', os: 'linux,windows', ...inputs },
    { workspace, env: docker.env }
  )
}

/** The annotations of each image manifest a list names, by platform. */
function imageAnnotations(repository: string, list: string): Record<string, Record<string, string> | undefined> {
  const manifests = (skopeoRaw(list)?.json.manifests ?? []) as Descriptor[]
  return Object.fromEntries(manifests.map((m) => [`${m.platform?.os}/${m.platform?.architecture}`, skopeoRaw(`${repository}@${m.digest}`)?.json.annotations]))
}

describeOnBuildkit('annotations and extra tags on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  beforeAll(() => {
    workspace = appWorkspace(registry)
  })

  if (!buildxAtLeast(12)) {
    it('are refused before any build on a buildx before 0.12, naming the version needed', async () => {
      const repository = `${registry.prefix}/refused/velero`
      const run = await act({ image: repository, annotations: 'index:org.opencontainers.image.description=x', 'extra-tags': `${repository}:stable` })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toMatch(/input 'annotations' \(index:\) needs buildx 0\.12\.0 \(found 0\.\d+\.\d+\) or later/)
      expect(run.stdout).not.toContain('buildx build')
      expect(skopeoRaw(`${repository}:main`)).toBeUndefined()
    })
    return
  }

  describe('index and manifest annotations, with extra tags', () => {
    const repository = () => `${registry.prefix}/annotated/velero`
    let run: Awaited<ReturnType<typeof act>>
    beforeAll(async () => {
      run = await act({
        image: repository(),
        version: 'v1.16.0',
        release: 'true',
        'tag-latest': 'false',
        annotations: `manifest:org.example.team=storage\nindex:org.opencontainers.image.description=${DESCRIPTION}`,
        'extra-tags': `${repository()}:v1.16\n${repository()}:stable\n${repository()}:v1.16.0`
      })
    })

    it('publishes an OCI index with the given annotation and the defaults, Windows keeping its os.version', () => {
      expect(run.exitCode).toBe(0)
      const index = skopeoRaw(`${repository()}:v1.16.0`)
      expect(index?.json.mediaType).toBe(OCI_INDEX)
      const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
      expect(index?.json.annotations).toMatchObject({
        'org.opencontainers.image.description': DESCRIPTION,
        'org.opencontainers.image.revision': commit,
        'org.opencontainers.image.version': 'v1.16.0',
        'org.opencontainers.image.created': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      })
      expect((index?.json.manifests as Descriptor[]).map((m) => m.platform)).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'amd64', os: 'windows', 'os.version': WINDOWS_2022 }
      ])
      expect(run.outputs.digest).toBe(index?.digest)
    })

    it('sets the manifest annotation on every image, Windows included', () => {
      expect(imageAnnotations(repository(), `${repository()}:v1.16.0`)).toEqual({
        'linux/amd64': expect.objectContaining({ 'org.example.team': 'storage' }),
        'windows/amd64': expect.objectContaining({ 'org.example.team': 'storage' })
      })
    })

    it('publishes the same index under each extra tag, without platform tags of their own, and lists them in the tags output', () => {
      const digest = skopeoRaw(`${repository()}:v1.16.0`)?.digest
      expect(skopeoRaw(`${repository()}:v1.16`)?.digest).toBe(digest)
      expect(skopeoRaw(`${repository()}:stable`)?.digest).toBe(digest)
      expect(skopeoRaw(`${repository()}:stable-linux-amd64`)).toBeUndefined()
      expect(JSON.parse(run.outputs.tags)).toEqual([`${repository()}:v1.16.0`, `${repository()}:v1.16`, `${repository()}:stable`])
    })
  })

  it('gives the list no annotation when none is asked for a list, the images still annotated (in OCI media types)', async () => {
    const repository = `${registry.prefix}/plain/velero`
    const run = await act({ image: repository, annotations: 'org.example.team=storage' })
    expect(run.exitCode).toBe(0)
    const list = skopeoRaw(`${repository}:main`)
    // Annotated images are OCI manifests (BuildKit refuses annotations in Docker ones), so the list is an OCI index.
    expect(list?.json.mediaType).toBe(OCI_INDEX)
    expect(list?.json.annotations).toBeUndefined()
    expect((list?.json.manifests as Descriptor[]).map((m) => m.platform?.['os.version'])).toEqual([undefined, WINDOWS_2022])
    expect(Object.values(imageAnnotations(repository, `${repository}:main`))).toEqual([
      expect.objectContaining({ 'org.example.team': 'storage' }),
      expect.objectContaining({ 'org.example.team': 'storage' })
    ])
  })
})
