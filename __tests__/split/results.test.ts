// What legs hand to the merge, and what the merge refuses: pure checks and the files themselves.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Agreement, decodeResult, ResultDocument } from '../../src/split/result-codec.js'
import { checkResults, LegResult, MergeIdentity, resultPrefix } from '../../src/split/results.js'
import { RESULT_SCHEMA } from '../../src/split/result-schema.js'
import { readLegResults } from '../../src/split/stage.js'
import { LocalResultFiles } from '../../src/system/result-files.js'
import { planOf } from '../helpers/plan.js'

const files = new LocalResultFiles()
const readResults = (dir: string): Promise<LegResult[]> => readLegResults(dir, files)

/** A result as the merge reads it from a file of that name. */
function leg(file: string, document: ResultDocument): LegResult {
  const decoded = decodeResult(JSON.stringify(document), file)
  if ('problems' in decoded) throw new Error(decoded.problems.join('; '))
  return { file, record: decoded.record, leg: decoded.leg }
}

const merge = planOf({ 'output-type': 'registry', role: 'merge', os: 'linux,windows', arch: 'amd64,arm64', version: 'v1.16.0', release: 'true' })
const agreed: Agreement = { image: 'velero/velero', version: 'v1.16.0', insecureRegistry: false, outputType: 'registry', provenance: 'false', sbom: 'false' }
const COMMIT = 'c'.repeat(40)
const identity: MergeIdentity = { commit: COMMIT, repository: 'vmware-tanzu/velero', runId: '1234' }

function result(platform: string, changes: Partial<ResultDocument> = {}): ResultDocument {
  return {
    schema: RESULT_SCHEMA,
    platform,
    ...agreed,
    ...identity,
    runAttempt: '1',
    digest: `sha256:${'a'.repeat(64)}`,
    tarball: null,
    seconds: 12,
    node: 'builder0',
    buildx: 'github.com/docker/buildx v0.28.0 b1281b8',
    ...changes
  }
}

const complete = (): LegResult[] => [result('linux/amd64'), result('linux/arm64'), result('windows/amd64/ltsc2022')].map((r, i) => leg(`${i}.json`, r))

describe('checkResults', () => {
  it('accepts one result per platform of the whole set, all agreeing with the merge', () => {
    expect(checkResults(merge, agreed, identity, complete())).toEqual([])
  })

  it.each<[string, (read: ReturnType<typeof complete>) => ReturnType<typeof complete>, string]>([
    [
      'a missing leg',
      (read) => read.slice(0, 2),
      'windows/amd64/ltsc2022 has no result: its leg did not run, failed, or its results were not downloaded into results-dir'
    ],
    [
      'a duplicated platform',
      (read) => [...read, leg('again.json', result('linux/arm64'))],
      'linux/arm64 has 2 results (1.json, again.json): two legs built it'
    ],
    ['a platform outside the set', (read) => [...read, leg('s390x.json', result('linux/s390x'))], "s390x.json: linux/s390x is not in the merge's platform set"],
    [
      'a leg with another version',
      (read) => [read[0], leg('1.json', result('linux/arm64', { version: 'v1.16.1' })), read[2]],
      '1.json was built with version "v1.16.1", but the merge has "v1.16.0"'
    ],
    [
      'a leg with another image',
      (read) => [read[0], read[1], leg('2.json', result('windows/amd64/ltsc2022', { image: 'ghcr.io/fork/velero' }))],
      '2.json was built with image "ghcr.io/fork/velero", but the merge has "velero/velero"'
    ],
    [
      'a leg on plain HTTP',
      (read) => [leg('0.json', result('linux/amd64', { insecureRegistry: true })), read[1], read[2]],
      '0.json was built with insecure-registry true, but the merge has false'
    ],
    [
      'a leg that built tarballs',
      (read) => [leg('0.json', result('linux/amd64', { outputType: 'tar' })), read[1], read[2]],
      '0.json was built with output-type "tar", but the merge has "registry"'
    ],
    [
      'a leg of another commit',
      (read) => [read[0], leg('1.json', result('linux/arm64', { commit: 'a'.repeat(40) })), read[2]],
      `1.json was built at commit "${'a'.repeat(40)}", but this merge runs at commit "${COMMIT}" (GITHUB_SHA)`
    ],
    [
      'a leg of another run',
      (read) => [read[0], leg('1.json', result('linux/arm64', { runId: '999' })), read[2]],
      '1.json was built in workflow run "999", but this merge runs in workflow run "1234" (GITHUB_RUN_ID)'
    ],
    [
      'a leg of another repository',
      (read) => [read[0], read[1], leg('2.json', result('windows/amd64/ltsc2022', { repository: 'someone/velero' }))],
      '2.json was built in repository "someone/velero", but this merge runs in repository "vmware-tanzu/velero" (GITHUB_REPOSITORY)'
    ],
    [
      'a registry leg that pushed nothing',
      (read) => [read[0], read[1], leg('2.json', result('windows/amd64/ltsc2022', { digest: null }))],
      '2.json names no digest: its leg pushed nothing'
    ]
  ])('names %s', (_case, change, problem) => {
    expect(checkResults(merge, agreed, identity, change(complete())).join('\n')).toContain(problem)
  })

  it('accepts legs of different attempts of the run: re-running failed jobs re-runs only some legs', () => {
    const read = complete()
    read[1] = leg('1.json', result('linux/arm64', { runAttempt: '2' }))
    expect(checkResults(merge, agreed, identity, read)).toEqual([])
  })

  it('outside GitHub, needs the legs to agree among themselves', () => {
    const read = complete()
    read[2] = leg('2.json', result('windows/amd64/ltsc2022', { commit: 'b'.repeat(40) }))
    expect(checkResults(merge, agreed, { commit: '', repository: '', runId: '' }, read)).toEqual([
      `2.json was built at commit "${'b'.repeat(40)}", but 0.json at commit "${COMMIT}"`
    ])
  })
})

describe('result files', () => {
  it('are one per platform, and a re-run of the leg replaces its own earlier ones', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    const built = planOf({ 'output-type': 'registry', role: 'build', os: 'linux', arch: 'amd64,arm64' })
    const write = (documents: ResultDocument[]) =>
      files.write(
        dir,
        documents.map((d): [string, string] => [resultPrefix(d.platform, built), JSON.stringify(d)])
      )
    await write([result('linux/amd64'), result('linux/arm64')])
    await write([result('linux/amd64', { digest: `sha256:${'b'.repeat(64)}` })])
    const read = await readResults(dir)
    expect(read.map((r) => r.record.platform).sort()).toEqual(['linux/amd64', 'linux/arm64'])
    expect(read.find((r) => r.record.platform === 'linux/amd64')?.record.digest).toBe(`sha256:${'b'.repeat(64)}`)
    expect(readdirSync(dir).every((name) => /^linux-(amd64|arm64)\.[0-9a-f]{8}\.json$/.test(name))).toBe(true)
  })

  it('of another schema are refused, naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    writeFileSync(path.join(dir, 'linux-amd64.x.json'), JSON.stringify({ ...result('linux/amd64'), schema: 1 }))
    await expect(readResults(dir)).rejects.toThrow(
      'linux-amd64.x.json: has schema 1; this version of the action reads schema 3 (legs and merge must use the same version of the action)'
    )
  })

  const crafted: Array<[string, (file: string) => void, string]> = [
    [
      'a digest that is an option',
      (file) => writeFileSync(file, JSON.stringify(result('linux/amd64', { digest: '--help' }))),
      `field 'digest' must be a sha256 digest, not "--help"`
    ],
    [
      'a tarball outside the workspace',
      (file) => writeFileSync(file, JSON.stringify(result('linux/amd64', { tarball: '../../../etc/passwd' }))),
      `field 'tarball' must be a tarball path inside the workspace, not "../../../etc/passwd"`
    ],
    [
      'seconds that are not a number',
      (file) => writeFileSync(file, JSON.stringify({ ...result('linux/amd64'), seconds: 'NaN' })),
      `field 'seconds' must be a number of seconds from 0 to a week, not "NaN"`
    ],
    [
      'a key the action never writes',
      (file) => writeFileSync(file, JSON.stringify({ ...result('linux/amd64'), injected: '<script>' })),
      `field 'injected' is not one this version of the action writes`
    ],
    [
      'a field of the schema before (manifests)',
      (file) => writeFileSync(file, JSON.stringify({ ...result('linux/amd64'), manifests: [] })),
      `field 'manifests' is not one this version of the action writes`
    ],
    ['null', (file) => writeFileSync(file, 'null'), 'the file must be a JSON object, not null'],
    ['a field missing', (file) => writeFileSync(file, JSON.stringify({ ...result('linux/amd64'), commit: undefined })), `field 'commit' is missing`],
    ['not JSON', (file) => writeFileSync(file, '{"schema": 3,'), 'is not JSON'],
    [
      '50 MB',
      (file) => {
        writeFileSync(file, '')
        truncateSync(file, 50 * 1024 * 1024)
      },
      'is 52428800 bytes; a result file is at most 65536'
    ],
    ['a link to another file', (file) => symlinkSync('/etc/passwd', file), 'is not a regular file (a symbolic link); results are never read through one']
  ]
  it.each(crafted)('refuses %s, naming the file and what is wrong', async (_case, write, problem) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'results-'))
    write(path.join(dir, 'linux-amd64.crafted.json'))
    await expect(readResults(dir)).rejects.toThrow(`linux-amd64.crafted.json${problem.startsWith('is ') ? ' ' : ': '}${problem}`)
  })

  it('must be there', async () => {
    await expect(readResults('/nonexistent/results')).rejects.toThrow(
      "results-dir /nonexistent/results does not exist: download the legs' results into it first"
    )
  })
})
