import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { INPUTS } from '../../src/inputs/definitions.js'
import { TAG_RULES } from '../../src/policy/tags.js'
import { SECRET_PARTS, SECRET_WORDS } from '../../src/inputs/secrets.js'
import { RESULT_SCHEMA } from '../../src/split/result-schema.js'
import { MAX_RESULT_BYTES, MAX_RESULT_FILES } from '../../src/system/result-files.js'
import { actionMetadata, ROOT } from '../helpers/action.js'

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const doc = (page: string): string => readFileSync(path.join(ROOT, 'docs', page), 'utf8')

/** The rows of the table in `text` whose header starts with `first`, as arrays of cells. */
function tableOf(text: string, first: string): string[][] {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`| ${first} |`))
  const rows: string[][] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    )
  }
  return rows
}

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, with the same defaults', () => {
    const declared = actionMetadata().inputs
    expect(Object.keys(declared).sort()).toEqual(INPUTS.map((i) => i.name).sort())
    for (const input of INPUTS) expect(String(declared[input.name].default ?? '')).toBe(input.actionDefault ?? input.default)
  })

  it('runs dist/index.js for both steps on node24', () => {
    expect(actionMetadata().runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/index.js' })
  })
})

describe('the docs', () => {
  it("carry the tag policy's own table of which tag moves when, row for row (docs/tag-policy.md)", () => {
    expect(tableOf(doc('tag-policy.md'), 'when')).toEqual(TAG_RULES.map((row) => [row.when, row.moves]))
  })

  it('name the words that make a build argument look secret, as the code has them (docs/secrets.md)', () => {
    const secrets = doc('secrets.md')
    const section = secrets.slice(secrets.indexOf('## Secret-looking build argument names'), secrets.indexOf('## Logging in'))
    const bold = [...section.matchAll(/\*\*([A-Z]+)\*\*/g)].map((m) => m[1])
    expect(bold).toEqual([...SECRET_PARTS, ...SECRET_WORDS])
  })
})

describe('docs/split-runs.md', () => {
  it("gives the result files' schema and bounds as the code has them", () => {
    const text = doc('split-runs.md').replace(/\n/g, ' ')
    expect(text).toContain(`holds \`schema\` (${RESULT_SCHEMA})`)
    expect(text).toContain(`JSON of schema ${RESULT_SCHEMA} with`)
    expect(text).toContain(`of at most ${MAX_RESULT_BYTES / 1024} KiB, at most ${MAX_RESULT_FILES} of them`)
  })
})

describe('the README', () => {
  it('documents every input with its default and seed parameter', () => {
    const rows = tableOf(readme, 'input')
    expect(rows.map((row) => row[0].replace(/`/g, '')).sort()).toEqual(INPUTS.map((i) => i.name).sort())
    for (const input of INPUTS) {
      const row = rows.find((r) => r[0] === `\`${input.name}\``) ?? []
      expect(row[1]).toBe(input.seedVariable ?? '')
      // `image` documents its computed default rather than the empty string.
      const documented = input.name === 'image' ? '' : row[2].replace(/`/g, '').replace(/^empty$/, '')
      expect(documented).toBe(input.name === 'image' ? '' : (input.actionDefault ?? input.default))
    }
  })

  it('documents every output action.yml declares', () => {
    const rows = tableOf(readme, 'output')
    expect(rows.map((row) => row[0].replace(/`/g, '')).sort()).toEqual(Object.keys(actionMetadata().outputs).sort())
  })
})
