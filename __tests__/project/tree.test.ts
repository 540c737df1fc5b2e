// The source tree shows the flow: a folder per stage, the entry points alone at the top, and no import circle
// (type imports count: they tie the files together all the same).
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
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
    ).toEqual(['cli.ts', 'index.ts', 'main.ts', 'pipeline.ts'])
    expect(
      readdirSync(SRC, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    ).toEqual(['build', 'inputs', 'plan', 'policy', 'publish', 'report', 'shared', 'split', 'system'])
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
