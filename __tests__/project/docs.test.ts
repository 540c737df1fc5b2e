// The README and docs/ as a reader follows them: every relative link reaches a file of the repository, every
// anchor a heading of its page (as GitHub makes anchors), every page is reachable from the README, and the
// placeholder in `uses:` is explained once and pointed to from every page that shows it.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../helpers/action.js'

const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8')

/** The text outside fenced code blocks and inline code: where links and headings are. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '))
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes, a repeat numbered. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const match of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = match[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** Every link of a page that stays in the repository: `[text](target)`, without web and mail addresses. */
function relativeLinks(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^(https?|mailto):/.test(target))
}

/** The links of `file` that lead nowhere, each with why; `pages` gives a page's text, undefined for no such file. */
function brokenLinks(file: string, pages: (file: string) => string | undefined): string[] {
  const broken: string[] = []
  for (const link of relativeLinks(pages(file) ?? '')) {
    const [target, anchor] = link.split('#')
    const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), target))
    const text = resolved.startsWith('..') ? undefined : pages(resolved)
    if (text === undefined) broken.push(`${link}: no file ${resolved}`)
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(text).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${resolved}`)
  }
  return broken
}

/** The repository's files: a page's text, '' for a file that is not a page, undefined for none. */
const repository = (file: string): string | undefined => (!existsSync(path.join(ROOT, file)) ? undefined : file.endsWith('.md') ? read(file) : '')

describe('the README and docs/', () => {
  it.each(PAGES)('every relative link and anchor of %s resolves', (file) => {
    expect(brokenLinks(file, repository)).toEqual([])
  })

  it('finds a broken link and a broken anchor, as GitHub makes anchors (so that a pass means something)', () => {
    const pages: Record<string, string> = {
      'README.md':
        '# A title\n## What to write in `uses:`\n## A title\nSee [one](docs/a.md#two), [gone](docs/b.md), [up](../x.md), [`code`](#a-title-1), and `[not a link](#nowhere)`.\n',
      'docs/a.md':
        '# One\nBack to [the start](../README.md#what-to-write-in-uses) and [a missing heading](../README.md#what-to-write)\n```\n# not a heading\n```\n'
    }
    const known = (file: string): string | undefined => pages[file]
    expect(anchorsOf(pages['README.md'])).toEqual(new Set(['a-title', 'what-to-write-in-uses', 'a-title-1']))
    expect(brokenLinks('README.md', known)).toEqual(['docs/a.md#two: no heading #two in docs/a.md', 'docs/b.md: no file docs/b.md', '../x.md: no file ../x.md'])
    expect(brokenLinks('docs/a.md', known)).toEqual(['../README.md#what-to-write: no heading #what-to-write in README.md'])
  })

  it('reaches every page of docs/ from the README', () => {
    const linked = new Set(relativeLinks(read('README.md')).map((link) => path.normalize(link.split('#')[0])))
    expect(PAGES.filter((page) => page.startsWith('docs/') && !linked.has(page))).toEqual([])
  })

  it('keeps the front page short: at most about 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(320)
  })

  it('explains the placeholder of `uses:` once, and every page that shows it points there', () => {
    expect(anchorsOf(read('README.md')).has('what-to-write-in-uses')).toBe(true)
    const explanations = PAGES.filter((page) => read(page).includes('stands for the\nrepository you take this action from'))
    expect(explanations).toEqual(['README.md'])
    const unexplained = PAGES.filter(
      (page) => page !== 'README.md' && read(page).includes('org/velero-multiarch-build@v1') && !read(page).includes('../README.md#what-to-write-in-uses')
    )
    expect(unexplained).toEqual([])
  })
})
