// `npm run bench`: the action's own cost, measured with the test harness (the bundled action, Debian's
// docker-registry, the real docker CLI, the buildx stand-in taking a fixed time per build). Medians of several
// runs; printed as a table and written to bench/results/latest.json. Nothing here asserts a time. Builds that only
// sleep say nothing about running them together (two real compiles on two cores contend): that is measured on real
// BuildKit by `npm run bench:real` (bench/real.ts).
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runAction } from '../__tests__/helpers/action.js'
import { DockerCall, dockerSetup, pushBaseImage, startRegistry } from '../__tests__/helpers/docker.js'
import { startFaultProxy } from '../__tests__/helpers/fault-proxy.js'
import { exampleWorkspace } from '../__tests__/helpers/workspace.js'

const RUNS = Number(process.env.BENCH_RUNS ?? '5')
const BUILD_SECONDS = Number(process.env.BENCH_BUILD_SECONDS ?? '1')

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Milliseconds covered by at least one docker command (commands overlap while builds run together). */
function timeInDocker(calls: DockerCall[]): number {
  const spans = calls.map((c) => [c.start, c.end]).sort((a, b) => a[0] - b[0])
  let total = 0
  let [start, end] = spans[0] ?? [0, 0]
  for (const [s, e] of spans.slice(1)) {
    if (s > end) {
      total += end - start
      ;[start, end] = [s, e]
    } else end = Math.max(end, e)
  }
  return total + (end - start)
}

const PLATFORM_SETS: Record<number, Record<string, string>> = {
  1: { os: 'linux', arch: 'amd64' },
  4: { os: 'linux,windows', arch: 'amd64,arm64,s390x' },
  // Every platform the inputs allow: seven Linux architectures and two Windows versions.
  9: { os: 'linux,windows', arch: 'amd64,arm64,arm/v7,ppc64le,s390x,riscv64,386', 'windows-version': 'ltsc2022,ltsc2025' }
}

async function main(): Promise<void> {
  const registry = await startRegistry()
  const proxy = await startFaultProxy(registry.host)
  pushBaseImage(`${registry.host}/windows/nanoserver:ltsc2022`, 'windows', 'amd64', '10.0.20348.2700')
  pushBaseImage(`${registry.host}/windows/nanoserver:ltsc2025`, 'windows', 'amd64', '10.0.26100.1742')
  let runCounter = 0

  async function timedRun(inputs: Record<string, string>, buildSeconds: number, through = registry.host) {
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}`, STANDIN_BUILD_SECONDS: String(buildSeconds) })
    const started = Date.now()
    const run = await runAction(
      { 'output-type': 'registry', registry: `${through}/bench${runCounter++}`, 'insecure-registry': 'true', ...inputs },
      { workspace: exampleWorkspace(), env: docker.env }
    )
    const wall = Date.now() - started
    if (run.exitCode !== 0) throw new Error(`benchmark run failed:\n${run.stdout}\n${run.stderr}`)
    const calls = docker.dockerTimings()
    return { wall, calls, inDocker: timeInDocker(calls), firstDocker: Math.min(...calls.map((c) => c.start)) - started }
  }

  // 1. The action's own overhead.
  const overhead: Array<Record<string, number>> = []
  for (const platforms of [1, 4, 9]) {
    const runs = []
    for (let i = 0; i < RUNS; i++) runs.push(await timedRun(PLATFORM_SETS[platforms], BUILD_SECONDS))
    overhead.push({
      platforms,
      wallSeconds: median(runs.map((r) => r.wall)) / 1000,
      dockerSeconds: median(runs.map((r) => r.inDocker)) / 1000,
      overheadSeconds: median(runs.map((r) => r.wall - r.inDocker)) / 1000,
      dockerCommands: median(runs.map((r) => r.calls.length))
    })
  }

  // 3. Registry requests of the publish stage (from the end of the last build), counted by a proxy: those made while
  // imagetools assembles a list, and the action's own (reading each image back, what each tag holds, the pushes).
  proxy.requests.length = 0
  proxy.arrivals.length = 0
  const counted = await timedRun({ os: 'linux,windows', arch: 'amd64,arm64' }, 0, proxy.host)
  const lastBuild = Math.max(...counted.calls.filter((c) => c.args[1] === 'build').map((c) => c.end))
  const assembling = counted.calls.filter((c) => c.args[1] === 'imagetools')
  const publishRequests = proxy.arrivals.filter((at) => at > lastBuild)
  const duringImagetools = publishRequests.filter((at) => assembling.some((call) => at >= call.start && at <= call.end)).length
  const requests = { platforms: 3, total: publishRequests.length, imagetools: duringImagetools, action: publishRequests.length - duringImagetools }

  // 3b. The merge of a split run, for the same three platforms, from one checkout: its requests against the single
  // run's publish.
  const legs = exampleWorkspace()
  const resultsDir = path.join(legs, 'results')
  // Legs and merge name the same image (the merge checks it): both through the proxy, which counts only the merge.
  const splitRepository = `${proxy.host}/split${runCounter++}`
  for (const leg of [
    { os: 'linux', arch: 'amd64' },
    { os: 'linux', arch: 'arm64' },
    { os: 'windows', arch: 'amd64' }
  ]) {
    const docker = dockerSetup({ STANDIN_REGISTRY_MIRRORS: `mcr.microsoft.com=${registry.host}` })
    const run = await runAction(
      { 'output-type': 'registry', registry: splitRepository, 'insecure-registry': 'true', role: 'build', 'results-dir': resultsDir, ...leg },
      { workspace: legs, env: docker.env }
    )
    if (run.exitCode !== 0) throw new Error(`leg failed:\n${run.stdout}`)
  }
  proxy.requests.length = 0
  proxy.arrivals.length = 0
  const mergeDocker = dockerSetup()
  const merged = await runAction(
    {
      'output-type': 'registry',
      registry: splitRepository,
      'insecure-registry': 'true',
      role: 'merge',
      'results-dir': resultsDir,
      os: 'linux,windows',
      arch: 'amd64,arm64'
    },
    { workspace: legs, env: mergeDocker.env }
  )
  if (merged.exitCode !== 0) throw new Error(`merge failed:\n${merged.stdout}`)
  const mergeRequests = proxy.arrivals.length

  // 4. Size and start-up.
  const startups = []
  for (let i = 0; i < RUNS; i++) startups.push((await timedRun(PLATFORM_SETS[1], 0)).firstDocker)
  const dryRuns = []
  for (let i = 0; i < RUNS; i++) {
    const started = Date.now()
    await runAction({ 'dry-run': 'true', ...PLATFORM_SETS[9], 'output-type': 'registry' }, { workspace: exampleWorkspace() })
    dryRuns.push(Date.now() - started)
  }
  const startup = {
    distBytes: statSync(path.join(ROOT, 'dist/index.js')).size,
    firstDockerCommandSeconds: median(startups) / 1000,
    dryRunSeconds: median(dryRuns) / 1000
  }

  await proxy.close()
  await registry.stop()

  const results = { date: new Date().toISOString(), runs: RUNS, buildSeconds: BUILD_SECONDS, overhead, requests, mergeRequests, startup }
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`)

  const lines = [
    `Medians of ${RUNS} runs; the buildx stand-in takes ${BUILD_SECONDS} s per build.`,
    '',
    '| platforms | wall s | in docker s | overhead s | docker commands |',
    '|---|---|---|---|---|',
    ...overhead.map(
      (o) => `| ${o.platforms} | ${o.wallSeconds.toFixed(2)} | ${o.dockerSeconds.toFixed(2)} | ${o.overheadSeconds.toFixed(2)} | ${o.dockerCommands} |`
    ),
    '',
    `Registry requests of the publish stage, one list of ${requests.platforms} platforms: ${requests.total} (while imagetools assembles it ${requests.imagetools}, the action's own ${requests.action})`,
    `The merge of a split run, same platforms: ${mergeRequests} requests`,
    '',
    `dist/index.js: ${(startup.distBytes / 1024).toFixed(0)} KiB; process start to first docker command: ${startup.firstDockerCommandSeconds.toFixed(2)} s; dry run of 9 platforms: ${startup.dryRunSeconds.toFixed(2)} s`
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
