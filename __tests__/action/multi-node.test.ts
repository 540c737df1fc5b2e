// One job, one builder with two nodes (two buildkitd, one that builds only linux/arm64): each per-platform build
// of a single run goes to the node that has its platform. Without emulation, the arm64 node can only run stages
// that COPY, so the Dockerfile here has no RUN.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { runAction } from '../helpers/action.js'
import { Buildkit, buildxAtLeast, pushBaseImages, startBuildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit } from '../helpers/describe-buildkit.js'
import { appWorkspace } from '../helpers/workspace.js'
import { Registry, skopeoRaw, startRegistry } from '../helpers/docker.js'

let registry: Registry
let amd64: Buildkit
let arm64: Buildkit

describeOnBuildkit(
  'a builder with an amd64 node and an arm64 node',
  () => {
    beforeAll(async () => {
      registry = await startRegistry()
      amd64 = await startBuildkit([registry.host], { platforms: ['linux/amd64'] })
      arm64 = await startBuildkit([registry.host], { platforms: ['linux/arm64'] })
      pushBaseImages(registry, amd64)
    })

    afterAll(async () => {
      await arm64?.stop()
      await amd64?.stop()
      await registry?.stop()
    })

    it('builds each platform on the node that has it, and says which in the metadata output (buildx 0.13 and later)', async () => {
      const docker = amd64.docker()
      const env = { ...process.env, DOCKER_CONFIG: docker.configDir }
      execFileSync('docker', ['buildx', 'create', '--append', '--name', amd64.builder, '--node', 'arm64-node', arm64.address], { env, stdio: 'ignore' })
      const workspace = appWorkspace(registry)
      writeFileSync(
        path.join(workspace, 'Dockerfile'),
        `FROM ${registry.prefix}/base/busybox:latest\nARG VERSION\nCOPY app.sh /app/app\nLABEL version=$VERSION\n`
      )
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'copy only'], { cwd: workspace })

      const run = await runAction(
        { 'buildx-instance': amd64.builder, 'output-type': 'registry', registry: `${registry.prefix}/multi`, 'insecure-registry': 'true', arch: 'amd64,arm64' },
        { workspace, env: docker.env }
      )
      expect(run.exitCode).toBe(0)
      const metadata = JSON.parse(run.outputs.metadata)
      // buildx names the node in its metadata file (buildx.build.ref) from 0.13; before, the action cannot say.
      expect(metadata['linux/amd64'].node).toBe(buildxAtLeast(13) ? `${amd64.builder}0` : null)
      expect(metadata['linux/arm64'].node).toBe(buildxAtLeast(13) ? 'arm64-node' : null)
      expect(skopeoRaw(`${registry.prefix}/multi/velero:main`)?.json.manifests?.map((m) => m.platform)).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux' }
      ])
    })
  },
  { ownBuildkitd: 'the nodes are buildkitd daemons started by the tests' }
)
