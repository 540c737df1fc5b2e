// Secrets in their three forms: parsed (a value of several lines between id<<EOF and EOF), masked line by line,
// withheld from forks, refused where provenance would publish them, and, on real buildx and BuildKit, reaching a
// `RUN --mount=type=secret` byte for byte while appearing nowhere else.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { maskedParts, parseSecrets } from '../../src/inputs/secrets.js'
import { provenanceProblems, withholdFromFork } from '../../src/policy/trust.js'
import { runAction, EVENTS } from '../helpers/action.js'
import { Buildkit } from '../helpers/buildkit.js'
import { describeOnBuildkit, withRegistryAndBuildkit } from '../helpers/describe-buildkit.js'
import { Registry, registryGet, skopeoRaw } from '../helpers/docker.js'
import { settingsOf } from '../helpers/plan.js'
import { appWorkspace } from '../helpers/workspace.js'

// A key as a PEM file holds one: five lines, ending with a newline.
const PEM_LINES = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEAu1SU1LfVLPHCozMxH2Mo',
  '4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKh',
  'wIDAQABAkEAkdXyD8Wn5mOE9Cz4Eehm9zU8ZbL5Mx0KqO5wWk3cGqBmt9DPnV9LmKQc',
  '-----END PRIVATE KEY-----'
]
const PEM = `${PEM_LINES.join('\n')}\n`
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

describe('the secrets input', () => {
  it.each<[string, string, Array<[string, string]>, string[]]>([
    [
      'one id=value per line',
      'a=1\nb=two words = kept\n',
      [
        ['a', '1'],
        ['b', 'two words = kept']
      ],
      []
    ],
    [
      'a value of several lines',
      `key<<EOF\n${PEM_LINES.join('\n')}\nEOF\nplain=x`,
      [
        ['key', PEM_LINES.join('\n')],
        ['plain', 'x']
      ],
      []
    ],
    [
      'two values of several lines, any delimiter',
      'a<<END\n1\n2\nEND\nb<<X_9\n{\n  "k": "v"\n}\nX_9',
      [
        ['a', '1\n2'],
        ['b', '{\n  "k": "v"\n}']
      ],
      []
    ],
    ['an empty value of several lines', 'a<<EOF\nEOF', [['a', '']], []],
    [
      'a value that never ends',
      'a=1\nkey<<EOF\nline\nEOF2',
      [['a', '1']],
      ['line 2 starts a value of several lines that never ends: no line holds only its delimiter']
    ],
    [
      'a delimiter that is no word',
      'key<<\nx',
      [],
      [
        "line 1 starts a value of several lines, but its delimiter after << is not a word (letters, digits and '_')",
        "line 2 has no '=' and starts no value of several lines; each secret is id=value, or id<<EOF, its lines, then EOF"
      ]
    ],
    ['a bad id', '-x=1', [], ["line 1 does not start with a valid id (letters, digits, '.', '_' and '-')"]]
  ])('%s', (_case, text, pairs, problems) => {
    expect(parseSecrets(text)).toEqual({ pairs, problems })
  })

  it('masks a value whole and each of its lines that holds a letter or digit, not a line of braces', () => {
    expect(maskedParts('{\n  "private_key": "abc"\n}')).toEqual(['{\n  "private_key": "abc"\n}', '"private_key": "abc"'])
    expect(maskedParts(PEM)).toEqual([PEM, ...PEM_LINES])
  })
})

describe('secrets and forks, secrets and provenance', () => {
  it("withholds every form from a fork's run unless fork-secrets is true", () => {
    const settings = settingsOf({ secrets: 'a=1', 'secret-files': 'b=key.pem', 'secret-envs': 'c=KEY' })
    const withheld = withholdFromFork(settings, { fork: true, baseScope: false }, '/work/space')
    expect(withheld.settings).toMatchObject({ secrets: [], secretFiles: [], secretEnvs: [] })
    expect(withheld.warnings).toEqual([
      "this run builds a fork's code, so the secrets a, b, c are withheld from its build (fork-secrets: true would give them)"
    ])
    expect(withholdFromFork({ ...settings, forkSecrets: true }, { fork: true, baseScope: false }, '/work/space').settings).toMatchObject({
      secretFiles: [['b', 'key.pem']],
      secretEnvs: [['c', 'KEY']]
    })
  })

  it('refuses a secret-looking build arg where provenance mode=max would publish it, unless declared public', () => {
    const inputs = { 'output-type': 'registry', provenance: 'mode=max', 'build-args': 'API_TOKEN=x\nNPM_TOKEN=y\nDEBUG=1', 'public-build-args': 'NPM_TOKEN' }
    expect(provenanceProblems(settingsOf(inputs))).toEqual([
      "input 'build-args': API_TOKEN look secret, and provenance mode=max publishes every build argument's value, readable by anyone who can pull the image; pass them with secrets, secret-files or secret-envs, or name them in public-build-args if they are not secret"
    ])
    expect(provenanceProblems(settingsOf({ ...inputs, provenance: 'mode=min' }))).toEqual([])
    // The docker output drops attestations, so nothing is published.
    expect(provenanceProblems(settingsOf({ ...inputs, 'output-type': 'docker' }))).toEqual([])
  })
})

let registry: Registry
let buildkit: Buildkit

describeOnBuildkit('secrets on real buildx and BuildKit', () => {
  withRegistryAndBuildkit((started, rig) => {
    registry = started
    buildkit = rig
  })
  let workspace: string
  beforeAll(() => {
    workspace = appWorkspace(registry)
    mkdirSync(path.join(workspace, 'keys'))
    writeFileSync(path.join(workspace, 'keys/deploy.pem'), PEM)
  })

  async function act(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, cwd = workspace) {
    const summary = path.join(mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md')
    writeFileSync(summary, '')
    const docker = buildkit.docker({ GITHUB_STEP_SUMMARY: summary, ...env })
    const run = await runAction(
      { 'buildx-instance': buildkit.builder, 'insecure-registry': 'true', 'output-type': 'tar', ...inputs },
      { workspace: cwd, env: docker.env }
    )
    return { run, docker, summary: readFileSync(summary, 'utf8') }
  }
  const checksum = (cwd = workspace): string =>
    execFileSync('tar', ['-xOf', path.join(cwd, '_output/velero-main-linux-amd64.tar'), 'app/token.sha256'])
      .toString()
      .trim()

  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, string]>([
    ['a file (secret-files)', { 'secret-files': 'token=keys/deploy.pem' }, {}, PEM],
    ['the environment (secret-envs)', { 'secret-envs': 'token=DEPLOY_KEY' }, { DEPLOY_KEY: PEM }, PEM],
    ['a value of several lines (secrets, id<<EOF)', { secrets: `token<<EOF\n${PEM_LINES.join('\n')}\nEOF` }, {}, PEM_LINES.join('\n')]
  ])('a 5-line key from %s reaches RUN --mount=type=secret byte for byte, and every line of it is masked', async (_from, inputs, env, bytes) => {
    // BuildKit keeps a secret out of a step's cache key: without no-cache the step of an earlier case would be reused.
    const { run, docker } = await act({ ...inputs, 'no-cache': 'true' }, env)
    expect(run.exitCode).toBe(0)
    expect(checksum()).toBe(sha256(bytes))
    const masks = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.slice('::add-mask::'.length))
    expect(masks).toEqual(expect.arrayContaining(PEM_LINES))
    // buildx got a file or a variable, never the value.
    expect(docker.dockerCalls().flat().join(' ')).not.toContain(PEM_LINES[1])
  })

  it('appears nowhere: not in the log, the outputs, the summary, the metadata or the published provenance', async () => {
    const image = `${registry.prefix}/secret/velero`
    const { run, summary } = await act({ 'output-type': 'registry', image, provenance: 'mode=max', 'secret-files': 'token=keys/deploy.pem' })
    expect(run.exitCode).toBe(0)
    const shown = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    const where = { host: registry.host, repository: image.slice(registry.host.length + 1) }
    const index = skopeoRaw(`${image}:main`)?.json.manifests ?? []
    const attestation = JSON.parse((await registryGet(where, 'manifests', index[1].digest)).toString()) as { layers: Array<{ digest: string }> }
    const provenance = (await Promise.all(attestation.layers.map((layer) => registryGet(where, 'blobs', layer.digest))))
      .map((blob) => blob.toString())
      .join('\n')
    expect(provenance).toContain('token')
    for (const text of [shown, run.stderr, JSON.stringify(run.outputs), summary, run.outputs.metadata, provenance]) {
      for (const line of PEM_LINES.slice(1, 4)) expect(text).not.toContain(line)
    }
  })

  it('with provenance mode=max, a build arg whose name looks secret is refused before any command', async () => {
    const { run, docker } = await act({
      'output-type': 'registry',
      image: `${registry.prefix}/refused/velero`,
      provenance: 'mode=max',
      'build-args': 'API_TOKEN=not-for-the-provenance'
    })
    expect(run.exitCode).toBe(1)
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::error::input 'build-args': API_TOKEN look secret, and provenance mode=max publishes every build argument's value/)
    )
    expect(docker.dockerCalls()).toEqual([])
  })

  it("a fork's pull_request_target gets none of it", async () => {
    const fork = appWorkspace(registry)
    mkdirSync(path.join(fork, 'keys'))
    writeFileSync(path.join(fork, 'keys/deploy.pem'), PEM)
    const event = {
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_EVENT_PATH: path.join(EVENTS, 'pull-request-fork.json'),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'vmware-tanzu/velero'
    }
    const { run } = await act(
      { 'output-type': 'auto', version: 'auto', 'secret-files': 'token=keys/deploy.pem', 'secret-envs': 'other=DEPLOY_KEY' },
      { ...event, DEPLOY_KEY: PEM },
      fork
    )
    expect(run.exitCode).toBe(0)
    expect(run.annotations).toContain(
      "::warning::this run builds a fork's code, so the secrets token, other are withheld from its build (fork-secrets: true would give them)"
    )
    const files = execFileSync('tar', ['-tf', path.join(fork, '_output/velero-pr-43-linux-amd64.tar')]).toString()
    expect(files).not.toContain('app/token.sha256')
  })
})
