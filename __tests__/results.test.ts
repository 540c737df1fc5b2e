// What legs hand to the merge, and what the merge refuses: pure checks and the files themselves.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Agreement, checkResults, PlatformResult, readResults, RESULT_SCHEMA, writeResults } from '../src/results.js'
import { planOf } from './helpers/plan.js'

const merge = planOf({ 'output-type': 'registry', role: 'merge', os: 'linux,windows', arch: 'amd64,arm64', version: 'v1.16.0' })
const agreed: Agreement = { image: 'velero/velero', version: 'v1.16.0', tagLatest: false, insecureRegistry: false, outputType: 'registry', provenance: 'false', sbom: 'false' }

function result(platform: string, changes: Partial<PlatformResult> = {}): PlatformResult {
  return {
    schema: RESULT_SCHEMA,
    platform,
    ...agreed,
    tags: [`velero/velero:v1.16.0-${platform.replaceAll('/', '-')}`],
    digest: `sha256:${'a'.repeat(64)}`,
    'os.version': null,
    tarball: null,
    seconds: 12,
    node: 'builder0',
    manifests: [{ kind: 'image', digest: `sha256:${'a'.repeat(64)}` }],
    buildx: 'github.com/docker/buildx v0.28.0 b1281b8',
    ...changes
  }
}

const complete = () => [result('linux/amd64'), result('linux/arm64'), result('windows/amd64/ltsc2022')].map((r, i) => ({ file: `${i}.json`, result: r }))

describe('checkResults', () => {
  it('accepts one result per platform of the whole set, all agreeing with the merge', () => {
    expect(checkResults(merge, agreed, complete())).toEqual([])
  })

  it.each<[string, (read: ReturnType<typeof complete>) => ReturnType<typeof complete>, string]>([
    ['a missing leg', (read) => read.slice(0, 2), 'windows/amd64/ltsc2022 has no result: its leg did not run, failed, or its results were not downloaded into results-dir'],
    ['a duplicated platform', (read) => [...read, { file: 'again.json', result: result('linux/arm64') }], 'linux/arm64 has 2 results (1.json, again.json): two legs built it'],
    ['a platform outside the set', (read) => [...read, { file: 's390x.json', result: result('linux/s390x') }], "s390x.json: linux/s390x is not in the merge's platform set"],
    ['a leg with another version', (read) => [read[0], { file: '1.json', result: result('linux/arm64', { version: 'v1.16.1' }) }, read[2]], '1.json was built with version "v1.16.1", but the merge has "v1.16.0"'],
    ['a leg with another image', (read) => [read[0], read[1], { file: '2.json', result: result('windows/amd64/ltsc2022', { image: 'ghcr.io/fork/velero' }) }], '2.json was built with image "ghcr.io/fork/velero", but the merge has "velero/velero"'],
    ['a leg that decided tag-latest otherwise', (read) => [{ file: '0.json', result: result('linux/amd64', { tagLatest: true }) }, read[1], read[2]], '0.json was built with tag-latest true, but the merge has false'],
    ['a leg on plain HTTP', (read) => [{ file: '0.json', result: result('linux/amd64', { insecureRegistry: true }) }, read[1], read[2]], '0.json was built with insecure-registry true, but the merge has false'],
    ['a leg that built tarballs', (read) => [{ file: '0.json', result: result('linux/amd64', { outputType: 'tar' }) }, read[1], read[2]], '0.json was built with output-type "tar", but the merge has "registry"']
  ])('names %s', (_case, change, problem) => {
    expect(checkResults(merge, agreed, change(complete())).join('\n')).toContain(problem)
  })
})

describe('result files', () => {
  it('are one per platform, and a re-run of the leg replaces its own earlier ones', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    const leg = planOf({ 'output-type': 'registry', role: 'build', os: 'linux', arch: 'amd64,arm64' })
    await writeResults(dir, leg, [result('linux/amd64'), result('linux/arm64')])
    await writeResults(dir, leg, [result('linux/amd64', { digest: 'sha256:again' })])
    const read = await readResults(dir)
    expect(read.map((r) => r.result.platform).sort()).toEqual(['linux/amd64', 'linux/arm64'])
    expect(read.find((r) => r.result.platform === 'linux/amd64')?.result.digest).toBe('sha256:again')
    expect(readdirSync(dir).every((name) => /^linux-(amd64|arm64)\.[0-9a-f]{8}\.json$/.test(name))).toBe(true)
  })

  it('of another schema are refused, naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    writeFileSync(path.join(dir, 'linux-amd64.x.json'), JSON.stringify({ ...result('linux/amd64'), schema: 2 }))
    await expect(readResults(dir)).rejects.toThrow('linux-amd64.x.json has schema 2; this version of the action reads schema 1')
  })

  it('must be there', async () => {
    await expect(readResults('/nonexistent/results')).rejects.toThrow('results-dir /nonexistent/results does not exist: download the legs\' results into it first')
  })
})
