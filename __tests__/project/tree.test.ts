// The source tree shows the flow: a folder per stage, the entry points alone at the top, every import along the flow
// inputs -> policy -> plan -> build -> split -> publish -> report (system/ and shared/ below all of them, importing no
// stage), and no import circle (type imports count: they tie the files together all the same).
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../helpers/action.js'

const SRC = path.join(ROOT, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every relative import of a file, `import type` and dynamic `import()` included, as the files they name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map((match) => match[1])
  return [...new Set(specifiers.map((specifier) => path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'))))]
}

/** The stages in the order data flows through them; a stage may import the ones before it, never one after. */
const FLOW = ['inputs', 'policy', 'plan', 'build', 'split', 'publish', 'report']
/** Below every stage: the edges (system/) and what every module uses (shared/). */
const BELOW = ['system', 'shared']

/** Each import of `graph` that runs against the flow, as `from -> to`, by the folders of `src` they are in. */
function againstFlow(graph: Map<string, string[]>, src: string): string[] {
  const folder = (file: string): string => {
    const parts = path.relative(src, file).split(path.sep)
    return parts.length > 1 ? parts[0] : ''
  }
  const wrong: string[] = []
  for (const [file, imports] of graph) {
    const from = folder(file)
    if (from === '') continue
    for (const target of imports) {
      const to = folder(target)
      if (to === from) continue
      // The top holds the entry points and the composition: nothing below may import them.
      const top = to === ''
      const stageToLater = FLOW.includes(from) && FLOW.includes(to) && FLOW.indexOf(to) > FLOW.indexOf(from)
      const belowToStage = BELOW.includes(from) && FLOW.includes(to)
      const sharedToSystem = from === 'shared' && to === 'system'
      if (top || stageToLater || belowToStage || sharedToSystem) wrong.push(`${path.relative(src, file)} -> ${path.relative(src, target)}`)
    }
  }
  return wrong
}

/** Every circle of the graph, each as the files around it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

describe('the source tree', () => {
  const files = sources(SRC)
  const graph = new Map(files.map((file) => [file, importsOf(file)]))

  it('has no import circle, type imports included', () => {
    const named = circles(graph).map((circle) => circle.map((file) => path.relative(SRC, file)).join(' -> '))
    expect(named).toEqual([])
  })

  it('finds a circle where there is one (the check itself)', () => {
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']]
        ])
      )
    ).toEqual([['a', 'b', 'c', 'a']])
  })

  it('imports only along the flow: no stage imports a later one, system/ and shared/ no stage, shared/ not system/, none the top', () => {
    expect(againstFlow(graph, SRC)).toEqual([])
  })

  it('finds an import against the flow where there is one (the check itself)', () => {
    const at = (file: string): string => path.join(SRC, file)
    const crafted = new Map([
      [at('inputs/stage.ts'), [at('policy/auto.ts'), at('shared/log.ts')]],
      [at('publish/stage.ts'), [at('policy/tag-guard.ts'), at('build/stage.ts')]],
      [at('system/edges.ts'), [at('plan/plan.ts')]],
      [at('shared/log.ts'), [at('system/runner.ts')]],
      [at('report/stage.ts'), [at('pipeline.ts')]]
    ])
    expect(againstFlow(crafted, SRC)).toEqual([
      'inputs/stage.ts -> policy/auto.ts',
      'system/edges.ts -> plan/plan.ts',
      'shared/log.ts -> system/runner.ts',
      'report/stage.ts -> pipeline.ts'
    ])
  })

  it('imports only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => !files.includes(target)).map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`)
    )
    expect(missing).toEqual([])
  })

  it('keeps the entry points alone at the top, every other file in the folder of its stage', () => {
    expect(
      readdirSync(SRC)
        .filter((name) => name.endsWith('.ts'))
        .sort()
    ).toEqual(['cli.ts', 'command-line.ts', 'index.ts', 'main.ts', 'pipeline.ts'])
    expect(
      readdirSync(SRC, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    ).toEqual(['build', 'inputs', 'plan', 'policy', 'publish', 'report', 'shared', 'split', 'system'])
  })

  it('has every module reached by a test, but the entry points, which the action tests run through dist/', () => {
    const tests = sources(path.join(ROOT, '__tests__')).filter((file) => file.endsWith('.test.ts'))
    const reached = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      for (const target of importsOf(file)) if (existsSync(target)) visit(target)
    }
    tests.forEach(visit)
    const entryPoints = ['cli.ts', 'command-line.ts', 'index.ts', 'main.ts'].map((name) => path.join(SRC, name))
    expect(files.filter((file) => !reached.has(file) && !entryPoints.includes(file)).map((file) => path.relative(SRC, file))).toEqual([])
  })

  it('lets no shared module depend on a stage', () => {
    const shared = files.filter((file) => path.relative(SRC, file).startsWith(`shared${path.sep}`))
    const outside = shared.flatMap((file) =>
      (graph.get(file) ?? [])
        .filter((target) => !path.relative(SRC, target).startsWith(`shared${path.sep}`))
        .map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`)
    )
    expect(outside).toEqual([])
  })
})
