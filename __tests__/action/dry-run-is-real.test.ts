// The dry run is the real pipeline with a runner that records: one plan run both ways, on real buildx and BuildKit,
// gives the same docker commands in the same order, digests, sizes, times and temporary paths aside.
import { expect, it } from '@jest/globals'
import { runAction } from '../helpers/action.js'
import { Buildkit, buildkitAtLeast, buildxAtLeast } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import type { Registry } from '../helpers/docker.js'
import { appWorkspace } from '../helpers/workspace.js'

let registry: Registry
let buildkit: Buildkit

/** A command as both runs can agree on it: stand-ins for what only a real build knows. */
function normalized(args: string[]): string {
  return args
    .map((arg) => {
      if (!arg.startsWith('{')) return arg
      // A descriptor imagetools gets: its digest and size are the build's; its platform must be the same.
      const descriptor = JSON.parse(arg) as { platform?: Record<string, string> }
      return JSON.stringify({ platform: descriptor.platform })
    })
    .join(' ')
    .replace(/sha256:[0-9a-f]{64}|<digest of [^>]+>/g, '<digest>')
    .replace(/10\.0\.\d+\.\d+|<os\.version of the built image>/g, '<os.version>')
    .replace(/\/action-files-[A-Za-z0-9]+\/velero-multiarch-[A-Za-z0-9]+\//g, '/<runner temp>/<run>/')
    .replace(/created=\S+/g, 'created=<time>')
}

/** The docker commands a dry run printed where a real run runs them (a build's after its platform), in order. */
function dryCommands(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]+\] /, ''))
    .filter((line) => line.startsWith('docker '))
}

describeOnBuildkit('the dry run and a real run of one plan, on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })

  it.each([
    ['three platforms', {}],
    ['with provenance and an extra tag', { provenance: 'true', 'extra-tags': 'REPO:stable' }]
  ])('%s: the same commands, in the same order', async (_case, extra: Record<string, string>) => {
    const workspace = appWorkspace(registry)
    const repository = `${registry.prefix}/same${Math.random().toString(36).slice(2, 8)}`
    const inputs = {
      'buildx-instance': buildkit.builder,
      'insecure-registry': 'true',
      'output-type': 'registry',
      registry: repository,
      os: 'linux,windows',
      arch: 'amd64,arm64',
      // One build at a time: the order of concurrent builds is not the plan's to decide.
      'max-parallel': '1',
      ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, value.replace('REPO', `${repository}/velero`)]))
    }
    const dry = await runAction({ ...inputs, 'dry-run': 'true' }, { workspace, env: buildkit.docker().env })
    expect(dry.exitCode).toBe(0)
    const docker = buildkit.docker()
    const real = await runAction(inputs, { workspace, env: docker.env })
    expect(real.annotations.filter((a) => a.startsWith('::error'))).toEqual([])
    expect(real.exitCode).toBe(0)

    const ran = docker.dockerCalls().map((args) => `docker ${normalized(args)}`)
    const printed = dryCommands(dry.stdout).map((line) => {
      // The dry run prints each command as a shell line; its arguments are the real run's, quoted where needed.
      const args =
        line
          .match(/'(?:[^']|'\\'')*'|\S+/g)
          ?.slice(1)
          .map((arg) => (arg.startsWith("'") ? arg.slice(1, -1).replace(/'\\''/g, "'") : arg)) ?? []
      return `docker ${normalized(args)}`
    })
    // A dry run reads no toolset and says so: on a buildx before 0.12 the real run leaves out the default index
    // annotations, which the dry run's commands carry. Nothing else may differ (but rewrite-timestamp, below).
    expect(dry.stdout).toContain('Toolset: a dry run runs no command, so it reads no toolset')
    const withoutDefaults = (command: string): string => command.replace(/ --annotation index:org\.opencontainers\.image\.\w+=\S+/g, '')
    // And on a BuildKit before 0.13, which ignores it, no rewrite-timestamp (the log says what that cannot promise).
    const withoutRewrite = (command: string): string => (buildkitAtLeast(13) ? command : command.replace(',rewrite-timestamp=true', ''))
    // The version check and the reading of a named builder run at once: their order is not the plan's either.
    const atOnce = (commands: string[]): string[] => [...commands.slice(0, 2).sort(), ...commands.slice(2)]
    expect(
      ran
        .slice(0, 2)
        .map((command) => command.split(' ').slice(0, 3).join(' '))
        .sort()
    ).toEqual(['docker buildx inspect', 'docker buildx version'])
    expect(atOnce((buildxAtLeast(12) ? printed : printed.map(withoutDefaults)).map(withoutRewrite))).toEqual(atOnce(ran))
    expect(ran.filter((command) => command.startsWith('docker buildx build'))).toHaveLength(3)
    // And they would publish the same tags.
    expect(JSON.parse(dry.outputs.tags)).toEqual(JSON.parse(real.outputs.tags))
  })
})
