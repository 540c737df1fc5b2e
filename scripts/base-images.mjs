// Makes the example's base images on a machine that cannot pull them (offline), into a registry storage directory
// that `--local-builder` serves to its BuildKit as the mirror of docker.io and mcr.microsoft.com:
// - docker.io/library/golang:1.19 (linux/amd64: the example's build stage runs on the build platform), Debian's
//   busybox-static for a shell and Debian's Go 1.19 (/usr/lib/go-1.19, package golang-1.19-go) with the glibc its
//   `go` command links against; the layers are made with GNU tar, no BuildKit needed;
// - mcr.microsoft.com/windows/nanoserver:ltsc2022 and :ltsc2025, stand-ins of the kind the tests push (a Windows
//   config with its os.version, published as a one-entry list as Microsoft publishes nanoserver): no Windows base
//   image can be downloaded here, and BuildKit on Linux only copies into one.
// usage: node scripts/base-images.mjs MIRROR_DIR DEBS_DIR      (writes MIRROR_DIR/registry and MIRROR_DIR/mirrors.json)
// Plain JavaScript, as scripts/setup.sh runs it before npm ci: it pushes with the tests' small OCI client
// (__tests__/support/oci.mjs, plain JavaScript too), and starts docker-registry itself as src/system/daemons.ts does.
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { MEDIA, RegistryClient, makeImage, sha256 } from '../__tests__/support/oci.mjs'

const GOROOT = '/usr/lib/go-1.19'
const WINDOWS = { ltsc2022: '10.0.20348.2700', ltsc2025: '10.0.26100.1742' }
const [mirrorDir, debsDir] = process.argv.slice(2)
if (!mirrorDir || !debsDir) throw new Error('usage: node scripts/base-images.mjs MIRROR_DIR DEBS_DIR')
if (!existsSync(path.join(GOROOT, 'bin/go'))) throw new Error(`base-images: ${GOROOT}/bin/go is missing (apt-get install golang-1.19-go)`)
const busyboxDeb = readdirSync(debsDir).find((name) => /^busybox-static_.*_amd64\.deb$/.test(name))
if (!busyboxDeb) throw new Error(`base-images: no busybox-static_*_amd64.deb in ${debsDir} (scripts/test-deps.sh fetches it)`)

const work = mkdtempSync(path.join(os.tmpdir(), 'base-images-'))
const run = (program, args) => execFileSync(program, args, { stdio: ['ignore', 'pipe', 'inherit'] }).toString()

/** A layer of a directory: GNU tar with fixed owners, times and order (the same files give the same digests). */
async function layerOf(dir, name) {
  const tar = path.join(work, `${name}.tar`)
  run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=gnu', '-C', dir, '-cf', tar, '.'])
  const gz = `${tar}.gz`
  await pipeline(createReadStream(tar), createGzip(), createWriteStream(gz))
  const diffId = createHash('sha256')
  await pipeline(createReadStream(tar), diffId)
  return { diffId: `sha256:${diffId.digest('hex')}`, bytes: readFileSync(gz) }
}

/** Debian's static busybox, with a link per applet: /bin/sh for the build stage's RUN. */
function busyboxRoot() {
  const unpacked = path.join(work, 'busybox-deb')
  run('dpkg-deb', ['-x', path.join(debsDir, busyboxDeb), unpacked])
  const root = path.join(work, 'busybox')
  mkdirSync(path.join(root, 'bin'), { recursive: true })
  cpSync(path.join(unpacked, 'bin/busybox'), path.join(root, 'bin/busybox'))
  for (const applet of run(path.join(root, 'bin/busybox'), ['--list-full']).split('\n').filter(Boolean)) {
    const link = path.join(root, applet)
    mkdirSync(path.dirname(link), { recursive: true })
    if (!existsSync(link)) symlinkSync('/bin/busybox', link)
  }
  return root
}

/** What `go build` uses of Debian's Go (links resolved), the glibc of `go` and `gofmt`, and the usual directories. */
function goRoot() {
  const root = path.join(work, 'go')
  const target = path.join(root, GOROOT.slice(1))
  mkdirSync(path.join(target, 'pkg'), { recursive: true })
  for (const part of ['VERSION', 'bin', 'src']) cpSync(path.join(GOROOT, part), path.join(target, part), { recursive: true, dereference: true })
  for (const part of ['tool', 'include']) cpSync(path.join(GOROOT, 'pkg', part), path.join(target, 'pkg', part), { recursive: true, dereference: true })
  const libraries = new Set()
  for (const bin of ['go', 'gofmt']) {
    // ldd fails on a static binary ("not a dynamic executable"): it then needs no library.
    let linked = ''
    try {
      linked = execFileSync('ldd', [path.join(GOROOT, 'bin', bin)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()
    } catch {
      linked = ''
    }
    for (const line of linked.split('\n')) {
      const match = /=> (\/\S+)/.exec(line) ?? /^\s*(\/\S+)/.exec(line)
      if (match) libraries.add(match[1])
    }
  }
  for (const library of libraries) {
    mkdirSync(path.join(root, path.dirname(library)), { recursive: true })
    copyFileSync(library, path.join(root, library))
  }
  for (const dir of ['tmp', 'root/.cache/go-build', 'go/bin']) mkdirSync(path.join(root, dir), { recursive: true })
  chmodSync(path.join(root, 'tmp'), 0o1777)
  return root
}

async function pushGolang(client) {
  const layers = [await layerOf(busyboxRoot(), 'busybox'), await layerOf(goRoot(), 'go')]
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {
        Env: [
          `GOROOT=${GOROOT}`,
          `PATH=${GOROOT}/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
          'HOME=/root',
          'GOPATH=/go',
          'GOCACHE=/root/.cache/go-build',
          'GOFLAGS=-buildvcs=false'
        ],
        WorkingDir: '/go',
        Cmd: ['/bin/sh']
      },
      rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
      history: [
        { created_by: `busybox-static (${busyboxDeb})` },
        { created_by: `Debian's Go ${readFileSync(path.join(GOROOT, 'VERSION'), 'utf8').split('\n')[0]} from ${GOROOT}` }
      ]
    })
  )
  for (const layer of layers) await client.pushBlob('library/golang', layer.bytes)
  await client.pushBlob('library/golang', config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: MEDIA.dockerConfig, digest: sha256(config), size: config.length },
      layers: layers.map((layer) => ({ mediaType: MEDIA.dockerLayer, digest: sha256(layer.bytes), size: layer.bytes.length }))
    })
  )
  await client.pushManifest('library/golang', '1.19', manifest, MEDIA.dockerManifest)
}

async function pushNanoserver(client, tag, osVersion) {
  const image = makeImage({
    os: 'windows',
    architecture: 'amd64',
    osVersion,
    files: [{ name: 'Files/base.txt', content: `a stand-in for nanoserver ${tag}, made by scripts/base-images.mjs` }]
  })
  const digest = await client.pushImage('windows/nanoserver', [sha256(image.manifest)], image)
  const list = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.dockerList,
      manifests: [
        { mediaType: image.mediaType, digest, size: image.manifest.length, platform: { architecture: 'amd64', os: 'windows', 'os.version': osVersion } }
      ]
    })
  )
  await client.pushManifest('windows/nanoserver', tag, list, MEDIA.dockerList)
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const storage = path.join(mirrorDir, 'registry')
rmSync(mirrorDir, { recursive: true, force: true })
mkdirSync(storage, { recursive: true })
const host = `127.0.0.1:${await freePort()}`
writeFileSync(
  path.join(work, 'registry.yml'),
  [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    'http:',
    `  addr: ${host}`,
    ''
  ].join('\n')
)
// Its log (a 404 for every blob asked about before its upload) is shown only when it does not start.
const registry = spawn('docker-registry', ['serve', path.join(work, 'registry.yml')], { stdio: ['ignore', 'ignore', 'pipe'] })
let registryLog = ''
registry.stderr.on('data', (chunk) => (registryLog = (registryLog + chunk).slice(-2000)))
try {
  for (let attempt = 0; ; attempt++) {
    if ((await fetch(`http://${host}/v2/`).catch(() => undefined))?.status === 200) break
    if (attempt > 200 || registry.exitCode !== null) throw new Error(`base-images: docker-registry did not start: ${registryLog}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const client = new RegistryClient(host, 'http')
  await pushGolang(client)
  for (const [tag, osVersion] of Object.entries(WINDOWS)) await pushNanoserver(client, tag, osVersion)
  const images = ['docker.io/library/golang:1.19', ...Object.keys(WINDOWS).map((tag) => `mcr.microsoft.com/windows/nanoserver:${tag}`)]
  writeFileSync(path.join(mirrorDir, 'mirrors.json'), `${JSON.stringify({ hosts: ['docker.io', 'mcr.microsoft.com'], images }, null, 2)}\n`)
  process.stdout.write(`${images.join(', ')}\n`)
} finally {
  registry.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
