// `npm run bench:real`: what a publish costs on real buildx and BuildKit, with a build shaped like Velero's (a cold
// Go cross-compile of about 73,000 lines per platform, shared/bench), for linux/amd64, linux/arm64 and
// windows/ltsc2022. Every way runs once per round on the same remote-driver builder, with a CACHEBUST of its own
// (a cold compile), in an order rotated from round to round; the figures are medians of paired ratios to the
// design's commands run one after another in the same round. The re-runs repeat a first run of their own (same
// commit, inputs and repository, every build from BuildKit's cache) and are paired with the script's re-run.
// Nothing here asserts a time.
// Environment: BENCH_ROUNDS (default 7), BENCH_WAYS (way names separated by ';', default all), BENCH_BEFORE (the git
// commit whose dist/ is "before"), SHARED_DIR (where shared/bench is).
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, runAction } from '../__tests__/helpers/action.js'
import { pushBaseImages, startBuildkit } from '../__tests__/helpers/buildkit.js'
import { DockerCall, startRegistry } from '../__tests__/helpers/docker.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '7')
// The commit whose dist/ is "before": HEAD unless told.
const BEFORE = process.env.BENCH_BEFORE ?? 'HEAD'
const PLATFORMS = { os: 'linux,windows', arch: 'amd64,arm64' }

function sharedBench(): string {
  for (const dir of [process.env.SHARED_DIR, path.join(ROOT, '../shared'), path.join(ROOT, '../../shared'), '/work/shared']) {
    if (dir && existsSync(path.join(dir, 'bench/gen.sh'))) return path.join(dir, 'bench')
  }
  throw new Error('shared/bench not found next to this repository; set SHARED_DIR')
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function run(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<{ code: number; stderr: string; seconds: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stderr, seconds: (performance.now() - started) / 1000 }))
  })
}

interface Sample {
  seconds: number
  /** Seconds per phase, for the ways that report them. */
  phases: Record<string, number>
}

const LEGS = [
  { os: 'linux', arch: 'amd64' },
  { os: 'linux', arch: 'arm64' },
  { os: 'windows', arch: 'amd64' }
]

/** The phases of an action run, from the docker commands it ran (recorded by the shim) and their gaps. */
function actionPhases(calls: DockerCall[], started: number, ended: number): Record<string, number> {
  const phases: Record<string, number> = {}
  const add = (name: string, ms: number): void => {
    phases[name] = (phases[name] ?? 0) + ms / 1000
  }
  const sorted = [...calls].sort((a, b) => a.start - b.start)
  let covered = started
  for (const call of sorted) {
    const name =
      call.args[0] === 'buildx' && call.args[1] === 'build'
        ? `build ${call.args[call.args.indexOf('--platform') + 1]}`
        : `docker ${call.args.slice(0, 2).join(' ')}`
    add(name, call.end - call.start)
    if (call.start > covered) add('between docker commands', call.start - covered)
    covered = Math.max(covered, call.end)
  }
  add('between docker commands', Math.max(0, ended - covered))
  // The publish's own cost: from the end of the last build to the end of the run (reading back, the lists, the tags).
  const builds = calls.filter((call) => call.args[0] === 'buildx' && call.args[1] === 'build')
  if (builds.length > 0) add('after the builds', ended - Math.max(...builds.map((call) => call.end)))
  return phases
}

async function main(): Promise<void> {
  const bench = sharedBench()
  const registry = await startRegistry()
  const buildkit = await startBuildkit([registry.host])
  const docker = buildkit.docker()
  const env = { ...process.env, ...docker.env }
  process.stderr.write("bench:real: base images (busybox, nanoserver, golang from Debian's golang-1.19-go)\n")
  pushBaseImages(registry, buildkit)
  const work = mkdtempSync(path.join(os.tmpdir(), 'bench-real-'))
  // golang-base.sh and the context name localhost:5000; here the registry is elsewhere.
  const golangBase = path.join(work, 'golang-base.sh')
  writeFileSync(golangBase, readFileSync(path.join(bench, 'golang-base.sh'), 'utf8').replaceAll('localhost:5000', registry.host), { mode: 0o755 })
  execFileSync(golangBase, [], { env: { ...env, BUILDER: buildkit.builder }, stdio: ['ignore', 'ignore', 'inherit'] })
  const context = path.join(work, 'context')
  execFileSync(path.join(bench, 'gen.sh'), [context], { stdio: ['ignore', 'ignore', 'inherit'] })
  for (const file of ['Dockerfile', 'Dockerfile-Windows']) {
    writeFileSync(path.join(context, file), readFileSync(path.join(context, file), 'utf8').replaceAll('localhost:5000', registry.host))
  }
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', context, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args])
      .toString()
      .trim()
  git('commit', '-qam', 'the bench registry')
  const gitSha = git('rev-parse', 'HEAD')

  const before = path.join(work, 'before')
  mkdirSync(before)
  execFileSync('sh', ['-c', `git -C "$1" archive "$2" dist | tar -x -C "$3"`, 'sh', ROOT, BEFORE, before])
  // "after" is dist/ as it was when the benchmark started: rebuilding it meanwhile changes nothing here.
  const after = path.join(work, 'after')
  cpSync(path.join(ROOT, 'dist'), path.join(after, 'dist'), { recursive: true })

  let counter = 0
  const action =
    (maxParallel: string | undefined, entry = after, again?: { registry: string; cachebust: string; inputs?: Record<string, string> }) =>
    async (): Promise<Sample> => {
      const setup = buildkit.docker()
      const started = Date.now()
      const result = await runAction(
        {
          'output-type': 'registry',
          registry: again?.registry ?? `${registry.prefix}/action${counter++}`,
          'insecure-registry': 'true',
          'buildx-instance': buildkit.builder,
          version: 'main',
          'tag-latest': 'false',
          ...PLATFORMS,
          ...(maxParallel === undefined ? {} : { 'max-parallel': maxParallel }),
          'build-args': `CACHEBUST=${again?.cachebust ?? randomUUID()}`,
          ...again?.inputs
        },
        { workspace: context, env: setup.env, entry: path.join(entry, 'dist/index.js') }
      )
      const ended = Date.now()
      if (result.exitCode !== 0) throw new Error(`the action failed:\n${result.stdout.slice(-4000)}\n${result.stderr}`)
      return { seconds: (ended - started) / 1000, phases: actionPhases(setup.dockerTimings(), started, ended) }
    }
  // A split run on this one machine: the legs one after another, then the merge. On GitHub the legs run at once
  // on runners of their own, so what counts is the critical path: the slowest leg, then the merge.
  const split = async (): Promise<Sample> => {
    const image = `${registry.prefix}/split${counter++}`
    const resultsDir = mkdtempSync(path.join(work, 'results-'))
    const common = {
      'output-type': 'registry',
      registry: image,
      'insecure-registry': 'true',
      'buildx-instance': buildkit.builder,
      version: 'main',
      'tag-latest': 'false',
      'results-dir': resultsDir
    }
    const timed = async (inputs: Record<string, string>): Promise<number> => {
      const started = Date.now()
      const result = await runAction({ ...common, ...inputs }, { workspace: context, env: buildkit.docker().env, entry: path.join(after, 'dist/index.js') })
      if (result.exitCode !== 0) throw new Error(`split ${inputs.role} failed:\n${result.stdout.slice(-4000)}`)
      return (Date.now() - started) / 1000
    }
    const cachebust = randomUUID()
    const legs: number[] = []
    for (const leg of LEGS) legs.push(await timed({ role: 'build', ...leg, 'build-args': `CACHEBUST=${cachebust}` }))
    const merge = await timed({ role: 'merge', ...PLATFORMS })
    return {
      seconds: Math.max(...legs) + merge,
      phases: {
        'leg linux/amd64': legs[0],
        'leg linux/arm64': legs[1],
        'leg windows': legs[2],
        merge,
        'all legs and merge, one machine': legs.reduce((a, b) => a + b, 0) + merge
      }
    }
  }
  const design = (mode: string, again?: { image: string; cachebust: string }) => async (): Promise<Sample> => {
    const result = await run(path.join(ROOT, 'bench/design-commands.sh'), [], {
      cwd: context,
      env: {
        ...env,
        MODE: mode,
        BUILDER: buildkit.builder,
        IMAGE: again?.image ?? `${registry.prefix}/design${counter++}/velero`,
        CONTEXT: context,
        CACHEBUST: again?.cachebust ?? randomUUID(),
        NANOSERVER: `${registry.prefix}/windows/nanoserver`,
        GIT_SHA: gitSha
      }
    })
    if (result.code !== 0) throw new Error(`design-commands.sh (${mode}) failed:\n${result.stderr}`)
    const phases = Object.fromEntries(
      result.stderr
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map(([seconds, name]) => [name, Number(seconds)])
    )
    return { seconds: result.seconds, phases }
  }

  // A re-run: the same commit and inputs again, into the repository the first run published to, every build from
  // BuildKit's cache. The script pushes and moves its tags again; the action finds every tag unchanged.
  const rerunCache = randomUUID()
  const scriptAgain = { image: `${registry.prefix}/design-again/velero`, cachebust: rerunCache }
  const actionAgain = { registry: `${registry.prefix}/action-again`, cachebust: rerunCache }
  // The same without reproducible images: what rewrite-timestamp costs a re-run (it rewrites every layer it exports).
  const actionAgainPlain = { registry: `${registry.prefix}/action-again-plain`, cachebust: rerunCache, inputs: { reproducible: 'false' } }

  const allWays: Record<string, () => Promise<Sample>> = {
    'script, one after another': design('sequential'),
    'script, three together': design('together'),
    'native linux + windows': design('native'),
    'action, max-parallel 1': action('1'),
    'action, max-parallel 2': action('2'),
    'action, max-parallel 0 (all)': action('0'),
    'action, default': action(undefined),
    // The bundle before this change (BENCH_BEFORE), with the same inputs.
    'before: action, default': action(undefined, before),
    'split: slowest leg + merge': split,
    're-run: script, one after another': design('sequential', scriptAgain),
    're-run: action, default': action(undefined, after, actionAgain),
    're-run: action, reproducible false': action(undefined, after, actionAgainPlain)
  }
  const chosen = process.env.BENCH_WAYS?.split(';').map((name) => name.trim()) ?? Object.keys(allWays)
  const ways = Object.entries(allWays).filter(([name]) => chosen.includes(name))
  const samples: Record<string, Sample[]> = Object.fromEntries(ways.map(([name]) => [name, []]))
  // What the re-runs re-run: one first run of each, not measured.
  if (chosen.some((name) => name.startsWith('re-run: '))) {
    process.stderr.write('bench:real: the first runs the re-runs repeat\n')
    await design('sequential', scriptAgain)()
    await action(undefined, after, actionAgain)()
    await action(undefined, after, actionAgainPlain)()
  }

  for (let round = 0; round < ROUNDS; round++) {
    const order = [...ways.slice(round % ways.length), ...ways.slice(0, round % ways.length)]
    for (const [name, way] of order) {
      const sample = await way()
      samples[name].push(sample)
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${name}: ${sample.seconds.toFixed(1)} s\n`)
    }
  }

  await buildkit.stop()
  await registry.stop()

  // A re-run is paired with the script's re-run in the same round; every other way with the script's first run.
  const referenceOf = (name: string): string => (name.startsWith('re-run: ') ? 're-run: script, one after another' : 'script, one after another')
  const ratios = (name: string, to: string): number[] => samples[name].map((sample, round) => sample.seconds / samples[to][round].seconds)
  const table = ways.map(([name]) => {
    const reference = referenceOf(name)
    const paired = samples[reference] ? ratios(name, reference) : []
    return {
      way: name,
      medianSeconds: median(samples[name].map((s) => s.seconds)),
      ratio: paired.length ? median(paired) : undefined,
      spread: paired.length ? [Math.min(...paired), Math.max(...paired)] : undefined,
      toNative: samples['native linux + windows'] ? median(ratios(name, 'native linux + windows')) : undefined,
      phases: Object.fromEntries(
        [...new Set(samples[name].flatMap((s) => Object.keys(s.phases)))].map((phase) => [phase, median(samples[name].map((s) => s.phases[phase] ?? 0))])
      )
    }
  })
  const results = { date: new Date().toISOString(), rounds: ROUNDS, cpus: os.availableParallelism(), before: BEFORE, table, samples }
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
  writeFileSync(path.join(ROOT, 'bench/results/real.json'), `${JSON.stringify(results, null, 2)}\n`)

  const lines = [
    `${ROUNDS} rounds, ${os.availableParallelism()} CPUs; ratio: paired to "script, one after another" in the same round (a re-run to the script's re-run), median (min-max)`,
    '',
    '| way | median s | ratio to the script | ratio to native + windows |',
    '|---|---|---|---|',
    ...table.map(
      (row) =>
        `| ${row.way} | ${row.medianSeconds.toFixed(1)} | ${row.ratio?.toFixed(3) ?? ''} (${row.spread?.map((x) => x.toFixed(2)).join('-') ?? ''}) | ${row.toNative?.toFixed(3) ?? ''} |`
    ),
    '',
    'Phases (median seconds):',
    ...table.map(
      (row) =>
        `  ${row.way}: ${Object.entries(row.phases)
          .map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`)
          .join(', ')}`
    )
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
