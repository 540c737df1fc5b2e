// Build options reaching real builds: build arguments, labels, secrets and per-platform caches, read back from what
// BuildKit produced.
import { expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { runAction } from '../helpers/action.js'
import { Buildkit } from '../helpers/buildkit.js'
import { Registry, skopeoConfig } from '../helpers/docker.js'
import { imageContent } from '../helpers/image.js'

let registry: Registry
let buildkit: Buildkit

async function act(inputs: Record<string, string>, workspace = appWorkspace(registry)) {
  const docker = buildkit.docker()
  const run = await runAction(
    { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'registry', ...inputs },
    { workspace, env: docker.env }
  )
  return { run, docker, workspace }
}

const fields = (text: string | undefined) =>
  Object.fromEntries(
    (text ?? '')
      .trim()
      .split('\n')
      .map((line) => line.split('='))
  )

describeOnBuildkit('build options on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })

  it('the standard build args carry the checkout; build-args come after them and override one of the same name; labels land on the config', async () => {
    const image = `${registry.prefix}/args`
    const workspace = appWorkspace(registry)
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace }).toString().trim()
    const { run } = await act(
      {
        registry: image,
        version: 'main',
        'build-args': 'VERSION=from-build-args',
        labels: 'org.opencontainers.image.source=https://example.com/velero\nrelease=main'
      },
      workspace
    )
    expect(run.exitCode).toBe(0)
    const ref = `${image}/velero:main-linux-amd64`
    expect(fields(imageContent(ref).files.get('app/build-info')?.toString())).toEqual({
      platform: 'linux/amd64',
      version: 'from-build-args',
      git_sha: commit,
      tree: 'clean'
    })
    expect((skopeoConfig(ref).config as { Labels: Record<string, string> }).Labels).toMatchObject({
      'org.opencontainers.image.source': 'https://example.com/velero',
      release: 'main'
    })
  })

  it('a secret is readable by RUN --mount=type=secret, and is in no layer, history, config or log', async () => {
    const secret = 's3cr3t-value-4c1d'
    const image = `${registry.prefix}/secret`
    const { run, docker } = await act({ registry: image, secrets: `token=${secret}`, 'build-args': 'NPM_TOKEN=arg-value' })
    expect(run.exitCode).toBe(0)
    const content = imageContent(`${image}/velero:main-linux-amd64`)
    // The build read it: the image holds its hash, made inside the RUN step.
    expect(content.files.get('app/token.sha256')?.toString().trim()).toBe(createHash('sha256').update(secret).digest('hex'))
    for (const blob of [content.manifest, content.config, ...content.layers]) expect(blob.includes(secret)).toBe(false)
    const build = docker.dockerCalls().find((args) => args[1] === 'build') ?? []
    expect(build[build.indexOf('--secret') + 1]).toMatch(/^id=token,src=\/.+\/secrets\/token$/)
    expect(JSON.stringify(build)).not.toContain(secret)
    // The runner hides every ::add-mask:: value in later lines; apart from that line, the value is never printed.
    expect(run.stdout).toContain(`::add-mask::${secret}`)
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(shown.join('\n') + run.stderr + JSON.stringify(run.outputs)).not.toContain(secret)
    // A build arg named like a secret is masked too, printed as *** in the build command (the command line has no
    // runner to mask it), and the user is told to use secrets instead.
    expect(run.stdout).toContain('::add-mask::arg-value')
    expect(build).toContain('NPM_TOKEN=arg-value')
    expect(run.stdout).toMatch(/docker buildx build .*--build-arg 'NPM_TOKEN=\*\*\*'/)
    expect(shown.join('\n')).not.toContain('NPM_TOKEN=arg-value')
    expect(run.annotations).toContainEqual(expect.stringMatching(/^::warning::build-args NPM_TOKEN look like secrets/))
  })

  it('cache-to and cache-from with {platform}: one cache per platform, and a cold builder finds the compile step in it', async () => {
    const caches = mkdtempSync(path.join(os.tmpdir(), 'caches-'))
    const inputs = {
      registry: `${registry.prefix}/cache`,
      os: 'linux,windows',
      arch: 'amd64,arm64',
      'cache-to': `type=local,dest=${caches}/{platform},mode=max`,
      'cache-from': `type=local,src=${caches}/{platform}`
    }
    // One checkout for both runs: GIT_SHA, a build argument of the compile step, is part of its cache key.
    const workspace = appWorkspace(registry)
    const first = await act(inputs, workspace)
    expect(first.run.exitCode).toBe(0)
    expect(readdirSync(caches).sort()).toEqual(['linux-amd64', 'linux-arm64', 'windows-ltsc2022-amd64'])
    for (const platform of readdirSync(caches)) expect(existsSync(path.join(caches, platform, 'index.json'))).toBe(true)

    buildkit.prune()
    const second = await act(inputs, workspace)
    expect(second.run.exitCode).toBe(0)
    for (const platform of ['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022']) {
      const lines = second.run.stdout.split('\n').filter((line) => line.startsWith(`[${platform}] `))
      const compile = lines.find((line) => / RUN .*mkdir -p \/out/.test(line))
      const step = /\] (#\d+) /.exec(compile ?? '')?.[1]
      expect(step).toBeDefined()
      expect(lines).toContain(`[${platform}] ${step} CACHED`)
    }
  })
})
