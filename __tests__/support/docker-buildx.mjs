// A stand-in for the docker-buildx CLI plugin, kept only for what real buildx cannot show here: other buildx versions
// (`buildx version` answers STANDIN_VERSION) and builds that take a fixed time, for `npm run bench`. Everything else
// is tested on real buildx and BuildKit. The real docker CLI calls it as a plugin (DOCKER_CONFIG/cli-plugins/
// docker-buildx). It behaves like buildx v0.28 where the action depends on it:
// - unknown flags, and a --builder that was never created, are refused as buildx refuses them;
// - type=registry pushes a real small image whose config carries the platform, and for Windows the os.version
//   of the base image named by the Dockerfile's last FROM; unless --provenance=false --sbom=false it pushes an
//   index with an unknown/unknown attestation entry, as buildx does;
// - a builder reaches a registry on loopback only with --driver-opt network=host, and speaks plain HTTP to it
//   only when its buildkitd config says http = true;
// - type=tar writes the root filesystem tarball, type=docker an image archive "loaded" into a directory that
//   stands for the local Docker, type=docker/oci with dest an image archive; as buildx before 0.30, the directory
//   of dest must exist; --metadata-file is written.
// Knobs for tests (environment): STANDIN_BUILD_SECONDS (time a build takes), STANDIN_FAIL_PLATFORMS (comma list
// of platforms whose build fails), STANDIN_REGISTRY_MIRRORS (host=mirror,... where base images are pulled from),
// STANDIN_VERSION (what `buildx version` says), STANDIN_BUILDKIT_VERSION (what `buildx inspect` says),
// STANDIN_CREATE_FAILURES (how many `buildx create` fail as a failed pull of the BuildKit image).
// Every call is appended to $DOCKER_CONFIG/buildx-standin/calls.jsonl.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { MEDIA, RegistryClient, makeImage, parseReference, sha256, tarOf } from './oci.mjs'

const argv = process.argv.slice(2)
const configDir = process.env.DOCKER_CONFIG || path.join(process.env.HOME || '/root', '.docker')
const stateDir = path.join(configDir, 'buildx-standin')
const buildersDir = path.join(stateDir, 'builders')
mkdirSync(buildersDir, { recursive: true })

function fail(message, code = 1) {
  process.stderr.write(`ERROR: ${message}\n`)
  process.exit(code)
}

if (argv[0] === 'docker-cli-plugin-metadata') {
  process.stdout.write(
    JSON.stringify({
      SchemaVersion: '0.1.0',
      Vendor: 'velero-multiarch-build tests',
      Version: 'v0.0.0-standin',
      ShortDescription: 'Docker Buildx (test stand-in)'
    })
  )
  process.exit(0)
}

// The docker CLI passes the plugin's own name first.
const args = argv[0] === 'buildx' ? argv.slice(1) : argv
appendFileSync(path.join(stateDir, 'calls.jsonl'), JSON.stringify({ args, pid: process.pid, start: Date.now() }) + '\n')

/**
 * Parses flags against a table: name -> 'value' | 'bool' | 'list'. Returns { flags, positional }.
 * Unknown flags fail as buildx (cobra) fails.
 */
function parseFlags(list, table, command) {
  const flags = {}
  const positional = []
  for (let i = 0; i < list.length; i++) {
    const arg = list[i]
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg)
      continue
    }
    const equals = arg.indexOf('=')
    const name = equals >= 0 ? arg.slice(0, equals) : arg
    const kind = table[name]
    if (kind === undefined) fail(`unknown flag: ${name}\nSee 'docker buildx ${command} --help'.`, 125)
    const canonical = kind.alias ?? name
    const type = kind.type ?? kind
    let value
    if (type === 'bool') value = equals >= 0 ? arg.slice(equals + 1) : 'true'
    else if (equals >= 0) value = arg.slice(equals + 1)
    else if (i + 1 < list.length) value = list[++i]
    else fail(`flag needs an argument: ${name}`, 125)
    if (type === 'list') (flags[canonical] ??= []).push(value)
    else flags[canonical] = value
  }
  return { flags, positional }
}

const builderPath = (name) => path.join(buildersDir, `${name}.json`)

function loadBuilder(name) {
  if (!existsSync(builderPath(name))) fail(`no builder "${name}" found`)
  return JSON.parse(readFileSync(builderPath(name), 'utf8'))
}

/** The `[registry."host"]` sections of a buildkitd.toml, with their http/insecure keys. */
function parseBuildkitdConfig(text) {
  const registries = {}
  let current
  for (const line of text.split('\n')) {
    const section = /^\s*\[registry\."([^"]+)"\]\s*$/.exec(line)
    if (section) {
      current = registries[section[1]] = {}
      continue
    }
    if (/^\s*\[/.test(line)) current = undefined
    const pair = /^\s*(\w+)\s*=\s*(true|false)\s*$/.exec(line)
    if (current && pair) current[pair[1]] = pair[2] === 'true'
  }
  return registries
}

function createCommand(list) {
  const { flags, positional } = parseFlags(
    list,
    {
      '--name': 'value',
      '--driver': 'value',
      '--driver-opt': 'list',
      '--config': 'value',
      '--buildkitd-config': { type: 'value', alias: '--config' },
      '--bootstrap': 'bool',
      '--use': 'bool',
      '--platform': 'list',
      '--node': 'value',
      '--append': 'bool',
      '--leave': 'bool',
      '--buildkitd-flags': 'value',
      '--driver-opts': { type: 'list', alias: '--driver-opt' }
    },
    'create'
  )
  if (positional.length > 1) fail('"docker buildx create" requires at most 1 argument.', 125)
  const name = flags['--name'] ?? `standin_${process.pid}`
  if (!/^[a-zA-Z][a-zA-Z0-9._-]*$/.test(name)) fail(`invalid name ${name}`)
  if (existsSync(builderPath(name))) fail(`existing instance for "${name}" but no append mode, specify the node name to make changes for existing instances`)
  const driver = flags['--driver'] ?? 'docker-container'
  if (!['docker-container', 'kubernetes', 'remote'].includes(driver)) fail(`failed to find driver "${driver}"`)
  const driverOpts = Object.fromEntries((flags['--driver-opt'] ?? []).flatMap((o) => o.split(',')).map((o) => o.split('=')))
  let registries = {}
  if (flags['--config']) {
    if (!existsSync(flags['--config'])) fail(`open ${flags['--config']}: no such file or directory`)
    registries = parseBuildkitdConfig(readFileSync(flags['--config'], 'utf8'))
  }
  writeFileSync(builderPath(name), JSON.stringify({ name, driver, driverOpts, registries, bootstrapped: flags['--bootstrap'] === 'true' }))
  // As a pull of the BuildKit image that fails: the builder is recorded, but does not boot.
  const failures = path.join(stateDir, 'create-failures')
  const failed = existsSync(failures) ? Number(readFileSync(failures, 'utf8')) : 0
  if (failed < Number(process.env.STANDIN_CREATE_FAILURES ?? '0')) {
    writeFileSync(failures, String(failed + 1))
    fail(`failed to bootstrap builder: failed to pull moby/buildkit:buildx-stable-1: received unexpected HTTP status: 503 Service Unavailable`)
  }
  if (flags['--bootstrap'] === 'true') process.stderr.write(`#1 [internal] booting buildkit\n#1 DONE 0.1s\n`)
  process.stdout.write(`${name}\n`)
}

function rmCommand(list) {
  const { positional } = parseFlags(
    list,
    { '--force': 'bool', '-f': { type: 'bool', alias: '--force' }, '--keep-state': 'bool', '--all-inactive': 'bool' },
    'rm'
  )
  const name = positional[0]
  if (!name) fail('no builder given')
  loadBuilder(name)
  rmSync(builderPath(name))
  process.stderr.write(`${name} removed\n`)
}

function lsCommand() {
  process.stdout.write('NAME/NODE\tDRIVER/ENDPOINT\tSTATUS\n')
  for (const file of readdirSync(buildersDir)) {
    const builder = JSON.parse(readFileSync(path.join(buildersDir, file), 'utf8'))
    process.stdout.write(`${builder.name}\t${builder.driver}\trunning\n`)
  }
}

function inspectCommand(list) {
  const { positional } = parseFlags(list, { '--bootstrap': 'bool' }, 'inspect')
  const builder = loadBuilder(positional[0] ?? 'default')
  const buildkit = process.env.STANDIN_BUILDKIT_VERSION ?? 'v0.24.0'
  process.stdout.write(
    `Name:   ${builder.name}\nDriver: ${builder.driver}\n\nNodes:\nName:             ${builder.name}0\nStatus:           running\nBuildKit version: ${buildkit}\n`
  )
}

const BUILD_FLAGS = {
  '--add-host': 'list',
  '--allow': 'list',
  '--annotation': 'list',
  '--attest': 'list',
  '--build-arg': 'list',
  '--build-context': 'list',
  '--builder': 'value',
  '--cache-from': 'list',
  '--cache-to': 'list',
  '--call': 'value',
  '--cgroup-parent': 'value',
  '--check': 'bool',
  '--file': 'value',
  '-f': { type: 'value', alias: '--file' },
  '--iidfile': 'value',
  '--label': 'list',
  '--load': 'bool',
  '--metadata-file': 'value',
  '--network': 'value',
  '--no-cache': 'bool',
  '--no-cache-filter': 'list',
  '--output': 'list',
  '-o': { type: 'list', alias: '--output' },
  '--platform': 'list',
  '--progress': 'value',
  '--provenance': 'value',
  '--pull': 'bool',
  '--push': 'bool',
  '--quiet': 'bool',
  '-q': { type: 'bool', alias: '--quiet' },
  '--sbom': 'value',
  '--secret': 'list',
  '--shm-size': 'value',
  '--ssh': 'list',
  '--tag': 'list',
  '-t': { type: 'list', alias: '--tag' },
  '--target': 'value',
  '--ulimit': 'list',
  '--debug': 'bool'
}

/** buildx's CSV form: `type=tar,dest=x`. */
const parseCsv = (value) => Object.fromEntries(value.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))

/** The ARGs before the first FROM, and the last stage: its base image (with ARGs substituted) and whether it RUNs. */
function readDockerfile(file, buildArgs) {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  const globals = {}
  let seenFrom = false
  let last
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/)
    const upper = instruction.toUpperCase()
    if (upper === 'ARG' && !seenFrom) {
      const [name, value] = rest.join(' ').split('=')
      globals[name] = value ?? ''
    } else if (upper === 'FROM') {
      seenFrom = true
      const words = rest.filter((w) => !w.startsWith('--platform'))
      last = { base: words[0], run: false }
    } else if (upper === 'RUN' && last) {
      last.run = true
    }
  }
  if (!last) fail('failed to solve: the Dockerfile has no FROM')
  const values = { ...globals, ...buildArgs }
  last.base = last.base.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => values[a ?? b] ?? '')
  return last
}

function mirrorOf(host) {
  for (const pair of (process.env.STANDIN_REGISTRY_MIRRORS ?? '').split(',').filter(Boolean)) {
    const [from, to] = pair.split('=')
    if (from === host) return to
  }
  return undefined
}

/** Reads the base image's config for the platform, as BuildKit does when it resolves FROM. */
async function baseConfig(base, platform) {
  if (base === 'scratch') return undefined
  const withHost = base.includes('/') && /[.:]/.test(base.split('/')[0]) ? base : `docker.io/${base.includes('/') ? base : `library/${base}`}`
  const { host, repository, reference } = parseReference(withHost)
  const mirror = mirrorOf(host)
  const notFound = () => fail(`failed to solve: ${base}: failed to resolve source metadata for ${base}: not found`)
  if (!mirror) notFound()
  const client = new RegistryClient(mirror, 'http')
  let manifest = await client.getManifest(repository, reference)
  if (!manifest) notFound()
  if (manifest.manifests) {
    const entry = manifest.manifests.find((m) => m.platform?.os === platform.os && m.platform?.architecture === platform.arch)
    if (!entry) fail(`failed to solve: ${base}: no match for platform in manifest: not found`)
    manifest = await client.getManifest(repository, entry.digest)
  }
  return JSON.parse((await client.getBlob(repository, manifest.config.digest)).toString())
}

function refuseUnreachable(builder, host) {
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host)
  if (loopback && builder.driverOpts.network !== 'host') {
    fail(`failed to solve: failed to push ${host}: failed to do request: Head "https://${host}/v2/": dial tcp ${host}: connect: connection refused`)
  }
  if (!builder.registries[host]?.http) {
    fail(`failed to solve: failed to push to ${host}: failed to do request: Head "https://${host}/v2/": http: server gave HTTP response to HTTPS client`)
  }
}

/** Pushes under each tag, or with `byDigest` under each repository by the digest alone (push-by-digest=true). */
async function pushTo(builder, tags, image, attest, byDigest = false) {
  let digest
  let descriptor
  for (const tag of tags) {
    const parsed = parseReference(tag)
    const { host, repository } = parsed
    refuseUnreachable(builder, host)
    const client = new RegistryClient(host, 'http')
    const imageDigest = await client.pushImage(repository, [attest || byDigest ? imageDigestTag(image) : parsed.reference], image)
    descriptor = { mediaType: image.mediaType, digest: imageDigest, size: image.manifest.length }
    digest = imageDigest
    if (attest) {
      // As buildx does by default: an index of the image and an attestation manifest for unknown/unknown.
      const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.2' }))
      const config = Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', rootfs: { type: 'layers', diff_ids: [] } }))
      await client.pushBlob(repository, statement)
      await client.pushBlob(repository, config)
      const attestation = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA.ociManifest,
          config: { mediaType: MEDIA.ociConfig, digest: sha256(config), size: config.length },
          layers: [
            {
              mediaType: MEDIA.inToto,
              digest: sha256(statement),
              size: statement.length,
              annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
            }
          ]
        })
      )
      const attestationDigest = await client.pushManifest(repository, sha256(attestation), attestation, MEDIA.ociManifest)
      const index = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MEDIA.ociIndex,
          manifests: [
            { ...descriptor, platform: image.platform },
            {
              mediaType: MEDIA.ociManifest,
              digest: attestationDigest,
              size: attestation.length,
              annotations: { 'vnd.docker.reference.digest': imageDigest, 'vnd.docker.reference.type': 'attestation-manifest' },
              platform: { architecture: 'unknown', os: 'unknown' }
            }
          ]
        })
      )
      digest = await client.pushManifest(repository, byDigest ? sha256(index) : parsed.reference, index, MEDIA.ociIndex)
      descriptor = { mediaType: MEDIA.ociIndex, digest, size: index.length }
    }
  }
  return { digest, descriptor }
}

const imageDigestTag = (image) => sha256(image.manifest)

/** A `docker save` archive: what `docker load` and `skopeo inspect docker-archive:` read. */
function dockerArchive(image, tags) {
  const configName = `${sha256(image.config).slice(7)}.json`
  const layerName = `${sha256(image.tar).slice(7)}/layer.tar`
  return tarOf([
    { name: configName, content: image.config },
    { name: layerName, content: image.tar },
    { name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: tags, Layers: [layerName] }]) }
  ])
}

/** An OCI image layout archive. */
function ociArchive(image, tags) {
  const blob = (bytes) => ({ name: `blobs/sha256/${sha256(bytes).slice(7)}`, content: bytes })
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA.ociIndex,
    manifests: [
      {
        mediaType: image.mediaType,
        digest: sha256(image.manifest),
        size: image.manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': tags[0]?.split(':').pop() ?? 'latest', 'io.containerd.image.name': tags[0] ?? '' }
      }
    ]
  }
  return tarOf([
    { name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', content: JSON.stringify(index) },
    blob(image.manifest),
    blob(image.config),
    blob(image.layer)
  ])
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function buildCommand(list) {
  const { flags, positional } = parseFlags(list, BUILD_FLAGS, 'build')
  if (positional.length !== 1) fail('"docker buildx build" requires exactly 1 argument.', 125)
  const builder = loadBuilder(flags['--builder'] ?? 'default')
  const platforms = (flags['--platform'] ?? []).flatMap((p) => p.split(','))
  if (platforms.length > 1) fail('this stand-in builds one platform per call')
  const [os, arch, variant] = (platforms[0] ?? 'linux/amd64').split('/')
  const platform = { os, arch }
  const buildArgs = Object.fromEntries((flags['--build-arg'] ?? []).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]))
  const context = positional[0]
  const dockerfile = flags['--file'] ?? path.join(context, 'Dockerfile')
  if (!existsSync(dockerfile)) fail(`failed to solve: failed to read dockerfile: open ${dockerfile}: no such file or directory`)
  for (const secret of (flags['--secret'] ?? []).map(parseCsv)) {
    if (secret.src && !existsSync(secret.src)) fail(`failed to stat ${secret.src}: no such file or directory`)
  }
  const outputs = (flags['--output'] ?? []).map(parseCsv)
  if (flags['--push'] === 'true') outputs.push({ type: 'registry' })
  if (flags['--load'] === 'true') outputs.push({ type: 'docker' })
  if (outputs.length > 1) fail('multiple outputs are not supported by this stand-in')
  const output = outputs[0]
  const tags = flags['--tag'] ?? []
  const attest = flags['--provenance'] !== 'false' || flags['--sbom'] !== 'false'
  const prefix = (n, text) => process.stderr.write(`#${n} ${text}\n`)

  prefix(1, `[internal] load build definition from ${path.basename(dockerfile)}`)
  prefix(1, 'DONE 0.0s')
  const stage = readDockerfile(dockerfile, buildArgs)
  prefix(2, `[internal] load metadata for ${stage.base}`)
  const base = await baseConfig(stage.base, platform)
  prefix(2, 'DONE 0.1s')
  if (os === 'windows' && stage.run) {
    fail('failed to solve: process "cmd /S /C ..." did not complete successfully: exec format error (BuildKit on Linux cannot run Windows commands)')
  }
  prefix(3, `[build 1/2] compiling for ${platforms[0] ?? 'linux/amd64'}`)
  await sleep(Number(process.env.STANDIN_BUILD_SECONDS ?? '0') * 1000)
  if ((process.env.STANDIN_FAIL_PLATFORMS ?? '').split(',').includes(platforms[0])) {
    prefix(3, 'ERROR: go build: exit status 2')
    fail(`failed to solve: process "/bin/sh -c go build -o /out/app ." did not complete successfully: exit code: 1`)
  }
  prefix(3, 'DONE 0.2s')

  const history = Object.entries(buildArgs).map(([k, v]) => `ARG ${k}=${v}`)
  const labels = Object.fromEntries((flags['--label'] ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  const image = makeImage({
    os,
    architecture: arch,
    variant,
    osVersion: base?.['os.version'],
    labels,
    history,
    oci: attest,
    files: [{ name: 'standin-build.json', content: JSON.stringify({ platform: platforms[0], buildArgs, labels }) }]
  })
  image.platform = { architecture: arch, os, ...(variant ? { variant } : {}), ...(base?.['os.version'] ? { 'os.version': base['os.version'] } : {}) }

  let result = { digest: sha256(image.manifest), descriptor: { mediaType: image.mediaType, digest: sha256(image.manifest), size: image.manifest.length } }
  const type = output?.type ?? 'cacheonly'
  if (type === 'image' && output.push === 'true' && output['push-by-digest'] === 'true') {
    prefix(4, `exporting to image, pushing ${output.name} by digest`)
    try {
      result = await pushTo(builder, [output.name], image, attest, true)
    } catch (error) {
      fail(`failed to solve: failed to push ${output.name}: ${error.message}`)
    }
  } else if (type === 'registry' || (type === 'image' && output.push === 'true')) {
    if (tags.length === 0) fail('tag is needed when pushing to registry')
    prefix(4, `exporting to image, pushing ${tags.join(', ')}`)
    try {
      result = await pushTo(builder, tags, image, attest)
    } catch (error) {
      fail(`failed to solve: failed to push ${tags[0]}: ${error.message}`)
    }
  } else if (type === 'tar' || ((type === 'docker' || type === 'oci') && output.dest)) {
    if (!output.dest) fail('dest is required for tar output')
    // As buildx before 0.30: the directory of dest must exist already.
    if (!existsSync(path.dirname(path.resolve(output.dest)))) fail(`failed to build: failed to open open ${output.dest}: no such file or directory`)
    const bytes = type === 'tar' ? image.tar : type === 'docker' ? dockerArchive(image, tags) : ociArchive(image, tags)
    writeFileSync(output.dest, bytes)
    prefix(4, `exporting to client tarball ${output.dest}`)
  } else if (type === 'docker') {
    // The local Docker: a directory of image archives, one per first tag.
    const loaded = process.env.STANDIN_DOCKER_IMAGES ?? path.join(stateDir, 'images')
    mkdirSync(loaded, { recursive: true })
    writeFileSync(path.join(loaded, `${(tags[0] ?? 'untagged').replace(/[/:]/g, '_')}.tar`), dockerArchive(image, tags))
    prefix(4, `exporting to docker image format, loading ${tags.join(', ')}`)
  } else if (type !== 'cacheonly') {
    fail(`unsupported output type ${type}`)
  }
  prefix(4, 'DONE 0.1s')
  if (flags['--metadata-file']) {
    writeFileSync(
      flags['--metadata-file'],
      JSON.stringify({
        'buildx.build.ref': `${builder.name}/${builder.name}0/${process.pid}`,
        'containerimage.config.digest': sha256(image.config),
        'containerimage.descriptor': result.descriptor,
        'containerimage.digest': result.digest,
        ...(tags.length ? { 'image.name': tags.join(',') } : {})
      })
    )
  }
}

/**
 * `imagetools create --dry-run -t REPO:TAG <descriptor>...`: the list buildx would push, from descriptor sources
 * fetched by digest in REPO (an index's entries taken whole, a later descriptor's platform replacing an earlier one).
 */
async function imagetoolsCommand(list) {
  if (list[0] !== 'create' || !list.includes('--dry-run')) fail('this stand-in knows imagetools create --dry-run only')
  const target = list[list.indexOf('-t') + 1]
  const { host, repository } = parseReference(target)
  const client = new RegistryClient(host, 'http')
  const annotations = Object.fromEntries(
    list.flatMap((arg, i) => (list[i - 1] === '--annotation' && arg.startsWith('index:') ? [arg.slice(6).split(/=(.*)/s).slice(0, 2)] : []))
  )
  const manifests = []
  for (const source of list.filter((arg) => arg.startsWith('{')).map((arg) => JSON.parse(arg))) {
    const fetched = await client.getManifest(repository, source.digest)
    if (!fetched) fail(`${repository}@${source.digest}: not found`)
    if (fetched.manifests) {
      manifests.push(...fetched.manifests)
      continue
    }
    const existing = manifests.find((m) => m.digest === source.digest)
    if (existing) existing.platform = source.platform
    else manifests.push({ mediaType: fetched.mediaType, digest: source.digest, size: source.size, ...(source.platform ? { platform: source.platform } : {}) })
  }
  const docker = Object.keys(annotations).length === 0 && manifests.every((m) => m.mediaType === MEDIA.dockerManifest)
  const index = {
    schemaVersion: 2,
    mediaType: docker ? MEDIA.dockerList : MEDIA.ociIndex,
    manifests,
    ...(Object.keys(annotations).length ? { annotations } : {})
  }
  process.stdout.write(`${JSON.stringify(index, null, 2)}\n`)
}

const commands = {
  imagetools: imagetoolsCommand,
  build: buildCommand,
  b: buildCommand,
  create: createCommand,
  rm: rmCommand,
  ls: lsCommand,
  inspect: inspectCommand,
  use: (list) => loadBuilder(list.find((a) => !a.startsWith('-'))),
  version: () => process.stdout.write(`github.com/docker/buildx ${process.env.STANDIN_VERSION ?? 'v0.28.0'} 0000000\n`)
}

const [command, ...rest] = args
if (!commands[command]) fail(`unknown command "${command}" for "docker buildx"`, 125)
await commands[command](rest)
