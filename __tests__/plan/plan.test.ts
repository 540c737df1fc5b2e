import { describe, expect, it } from '@jest/globals'
import { createArgv as createBuilderCommand } from '../../src/system/buildx.js'
import { InputError } from '../../src/inputs/definitions.js'
import { withoutOptionalAnnotations } from '../../src/plan/plan.js'
import { planOf, registryTags, settingsOf } from '../helpers/plan.js'

// The seed's five build samples: what each leaves on disk or in the registry.
describe('the seed build samples', () => {
  it.each([
    {
      sample: 'local build to docker (make container)',
      inputs: {},
      platforms: ['linux/amd64'],
      tags: ['velero/velero:main-linux-amd64'],
      tarballs: [],
      lists: []
    },
    {
      sample: 'local build for linux-amd64 and windows-amd64 to tar',
      inputs: { 'output-type': 'tar', os: 'linux,windows' },
      platforms: ['linux/amd64', 'windows/amd64/ltsc2022'],
      tags: ['velero/velero:main-linux-amd64', 'velero/velero:main-windows-ltsc2022-amd64'],
      tarballs: ['_output/velero-main-linux-amd64.tar', '_output/velero-main-windows-ltsc2022-amd64.tar'],
      lists: []
    },
    {
      sample: 'local build for linux-amd64, linux-arm64 and windows-amd64 to tar',
      inputs: { 'output-type': 'tar', os: 'linux,windows', arch: 'amd64,arm64' },
      platforms: ['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'],
      tags: ['velero/velero:main-linux-amd64', 'velero/velero:main-linux-arm64', 'velero/velero:main-windows-ltsc2022-amd64'],
      tarballs: ['_output/velero-main-linux-amd64.tar', '_output/velero-main-linux-arm64.tar', '_output/velero-main-windows-ltsc2022-amd64.tar'],
      lists: []
    },
    {
      sample: 'push build for linux-amd64 and windows-amd64',
      inputs: { 'output-type': 'registry', os: 'linux,windows' },
      platforms: ['linux/amd64', 'windows/amd64/ltsc2022'],
      tags: ['velero/velero:main', 'velero/velero:main-linux-amd64', 'velero/velero:main-windows-ltsc2022-amd64'],
      tarballs: [],
      lists: [['velero/velero:main', ['velero/velero:main-linux-amd64', 'velero/velero:main-windows-ltsc2022-amd64']]]
    },
    {
      sample: 'push build for linux-amd64, linux-arm64 and windows-amd64',
      inputs: { 'output-type': 'registry', os: 'linux,windows', arch: 'amd64,arm64' },
      platforms: ['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'],
      tags: ['velero/velero:main', 'velero/velero:main-linux-amd64', 'velero/velero:main-linux-arm64', 'velero/velero:main-windows-ltsc2022-amd64'],
      tarballs: [],
      lists: [['velero/velero:main', ['velero/velero:main-linux-amd64', 'velero/velero:main-linux-arm64', 'velero/velero:main-windows-ltsc2022-amd64']]]
    }
  ])('$sample', ({ inputs, platforms, tags, tarballs, lists }) => {
    const plan = planOf(inputs)
    expect(plan.targets.map((t) => t.platform)).toEqual(platforms)
    expect(registryTags(plan)).toEqual([...tags].sort())
    expect(plan.targets.flatMap((t) => (t.tarball ? [t.tarball] : []))).toEqual(tarballs)
    expect(plan.lists.map((l) => [l.ref, l.platformTags.map((t) => t.ref)])).toEqual(lists)
  })
})

describe('build commands', () => {
  it('gives buildx the exact arguments of the seed, one platform per build', () => {
    const plan = planOf({ 'output-type': 'tar', os: 'linux,windows', registry: 'gcr.io/velero-gcp' })
    expect(plan.targets[0].command).toEqual([
      'buildx',
      'build',
      '--builder',
      'velero-multiarch-test',
      '--platform',
      'linux/amd64',
      '--output',
      'type=tar,dest=_output/velero-main-linux-amd64.tar',
      '--provenance=false',
      '--sbom=false',
      '--pull',
      '--metadata-file',
      '/tmp/run/metadata-linux-amd64.json',
      '-f',
      'Dockerfile',
      '-t',
      'gcr.io/velero-gcp/velero:main-linux-amd64',
      '--build-arg',
      'GOPROXY=https://proxy.golang.org',
      '--build-arg',
      'PKG=github.com/vmware-tanzu/velero',
      '--build-arg',
      'BIN=velero',
      '--build-arg',
      'VERSION=main',
      '--build-arg',
      'GIT_SHA=0123456789abcdef0123456789abcdef01234567',
      '--build-arg',
      'GIT_TREE_STATE=clean',
      '--build-arg',
      'REGISTRY=gcr.io/velero-gcp',
      '--label',
      'org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567',
      '--label',
      'org.opencontainers.image.source=https://github.com/vmware-tanzu/velero',
      '--label',
      'org.opencontainers.image.version=main',
      '--label',
      'org.opencontainers.image.created=2026-11-28T12:00:00Z',
      '.'
    ])
    const windows = plan.targets[1].command
    expect(windows.slice(windows.indexOf('--platform'), windows.indexOf('--platform') + 2)).toEqual(['--platform', 'windows/amd64'])
    expect(windows.slice(windows.indexOf('-f'), windows.indexOf('-f') + 2)).toEqual(['-f', 'Dockerfile-Windows'])
    expect(windows).toContain('OS_VERSION=ltsc2022')
  })

  it('pushes by digest alone, with no tag, and loads with type=docker under the platform tag', () => {
    const pushed = planOf({ 'output-type': 'registry' }).targets[0]
    expect(pushed.command).toContain('type=image,name=velero/velero,push-by-digest=true,name-canonical=true,push=true')
    expect(pushed.command).not.toContain('-t')
    expect(pushed.tags).toEqual(['velero/velero:main-linux-amd64'])
    const loaded = planOf({}).targets[0].command
    expect(loaded).toContain('type=docker')
    expect(loaded.slice(loaded.indexOf('-t'), loaded.indexOf('-t') + 2)).toEqual(['-t', 'velero/velero:main-linux-amd64'])
  })

  it('puts user build args after the standard ones and lets them override one of the same name', () => {
    const plan = planOf({ 'build-args': 'GOPROXY=direct\nEXTRA=a b;$(c)=d\n\n' })
    const args = plan.targets[0].buildArgs
    expect(args.map(([k]) => k)).toEqual(['PKG', 'BIN', 'VERSION', 'GIT_SHA', 'GIT_TREE_STATE', 'REGISTRY', 'GOPROXY', 'EXTRA'])
    expect(args.slice(-2)).toEqual([
      ['GOPROXY', 'direct'],
      ['EXTRA', 'a b;$(c)=d']
    ])
    expect(plan.targets[0].command).toContain('EXTRA=a b;$(c)=d')
  })

  it('tags every platform with latest too, and publishes a latest list, when tag-latest is set', () => {
    const plan = planOf({ 'output-type': 'registry', os: 'linux,windows', 'tag-latest': 'true', version: 'v1.16.0', release: 'true' })
    expect(plan.targets[0].tags).toEqual(['velero/velero:v1.16.0-linux-amd64', 'velero/velero:latest-linux-amd64'])
    expect(plan.lists.map((l) => l.ref)).toEqual(['velero/velero:v1.16.0', 'velero/velero:latest'])
    expect(plan.lists[1].platformTags.map((t) => t.ref)).toEqual(['velero/velero:latest-linux-amd64', 'velero/velero:latest-windows-ltsc2022-amd64'])
    expect(plan.lists[1].entries).toEqual(plan.lists[0].entries)
  })

  it('names an architecture variant with a dash in tags and a slash in --platform', () => {
    const plan = planOf({ 'output-type': 'registry', arch: 'arm/v7' })
    expect(plan.targets[0].tags).toEqual(['velero/velero:main-linux-arm-v7'])
    expect(plan.targets[0].command).toContain('linux/arm/v7')
  })

  it('builds one Windows image per Windows version, after the Linux ones, ignoring arch', () => {
    const plan = planOf({ 'output-type': 'registry', os: 'windows,linux', arch: 'arm64', 'windows-version': 'ltsc2025,ltsc2022' })
    expect(plan.targets.map((t) => t.platform)).toEqual(['linux/arm64', 'windows/amd64/ltsc2025', 'windows/amd64/ltsc2022'])
    expect(plan.lists[0].entries.filter((e) => e.windowsVersion).map((e) => e.windowsVersion)).toEqual(['ltsc2025', 'ltsc2022'])
  })
})

describe('docker output', () => {
  it("builds only the machine's own platform and warns about what it ignored", () => {
    const plan = planOf({ os: 'linux,windows', arch: 'amd64,arm64' }, { hostArch: 'arm64' })
    expect(plan.targets.map((t) => t.platform)).toEqual(['linux/arm64'])
    expect(plan.targets[0].tags).toEqual(['velero/velero:main-linux-arm64'])
    expect(plan.warnings).toHaveLength(1)
    expect(plan.warnings[0]).toContain('ignored: linux/amd64, windows/amd64/ltsc2022')
  })

  it('says nothing when nothing was ignored', () => {
    expect(planOf({}).warnings).toEqual([])
  })
})

describe('the builder', () => {
  it('creates its own builder, never global, when none is named', () => {
    const plan = planOf({})
    expect(plan.builder).toMatchObject({ name: 'velero-multiarch-test', create: true, hostNetwork: false })
    expect(plan.builder.configFile).toBeUndefined()
  })

  it('uses a named builder and does not create it', () => {
    const plan = planOf({ 'buildx-instance': 'ci-builder' })
    expect(plan.builder).toMatchObject({ name: 'ci-builder', create: false })
    expect(plan.targets[0].command.slice(2, 4)).toEqual(['--builder', 'ci-builder'])
  })

  it('reaches a plain-HTTP registry on loopback through host networking and a buildkitd config', () => {
    const plan = planOf({ 'output-type': 'registry', registry: '127.0.0.1:5000', 'insecure-registry': 'true' })
    expect(plan.builder.hostNetwork).toBe(true)
    expect(plan.builder.configFile).toBe('/tmp/run/buildkitd.toml')
    expect(plan.builder.config).toBe('[registry."127.0.0.1:5000"]\n  http = true\n  insecure = true\n')
    expect(plan.insecure).toBe(true)
  })

  it('keeps the default network for a remote registry', () => {
    expect(planOf({ 'output-type': 'registry', registry: 'ghcr.io/org' }).builder.hostNetwork).toBe(false)
  })

  it.each([
    ['a tag', 'moby/buildkit:v0.24.0'],
    ['a digest', `moby/buildkit@sha256:${'a'.repeat(64)}`],
    ['a mirror', 'mirror.example.com:5000/moby/buildkit:v0.32.2']
  ])('pins the BuildKit image of the builder it creates to %s (buildkit-image)', (_what, image) => {
    const plan = planOf({ 'output-type': 'registry', registry: '127.0.0.1:5000', 'buildkit-image': image })
    expect(createBuilderCommand(plan.builder)).toEqual([
      'buildx',
      'create',
      '--name',
      'velero-multiarch-test',
      '--driver',
      'docker-container',
      '--driver-opt',
      'network=host',
      '--driver-opt',
      `image=${image}`,
      '--bootstrap'
    ])
  })

  it("leaves the BuildKit image to buildx's default when buildkit-image is empty", () => {
    expect(createBuilderCommand(planOf({}).builder).join(' ')).not.toContain('image=')
  })
})

describe('image naming', () => {
  it('uses image when given, and registry and bin otherwise', () => {
    expect(planOf({ 'output-type': 'registry', image: 'ghcr.io/org/app' }).lists[0].ref).toBe('ghcr.io/org/app:main')
    expect(planOf({ 'output-type': 'registry', registry: 'localhost:5000/team', bin: 'tool' }).lists[0].ref).toBe('localhost:5000/team/tool:main')
  })

  it('names tarballs after bin and version, in the output directory', () => {
    const plan = planOf({ 'output-type': 'tar', bin: 'tool', version: 'v1.2.3', 'output-dir': 'out/images' })
    expect(plan.targets[0].tarball).toBe('out/images/tool-v1.2.3-linux-amd64.tar')
  })
})

describe('build options', () => {
  it('passes labels, secrets as files, per-platform caches and no-cache to every build', () => {
    const plan = planOf({
      'output-type': 'registry',
      os: 'linux,windows',
      labels: 'org.opencontainers.image.source=https://git.example.com/fork\norg.example.team=storage',
      secrets: 'token=not-in-the-plan',
      'cache-from': 'type=registry,ref=ghcr.io/org/cache:{platform}',
      'cache-to': 'type=registry,ref=ghcr.io/org/cache:{platform},mode=max',
      'no-cache': 'true'
    })
    const windows = plan.targets[1].command
    const after = (flag: string) => windows[windows.indexOf(flag) + 1]
    // The OCI labels of the checkout and the event, then the user's; the action's revision and source win.
    expect(windows.filter((_, i) => windows[i - 1] === '--label')).toEqual([
      'org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567',
      'org.opencontainers.image.source=https://github.com/vmware-tanzu/velero',
      'org.opencontainers.image.version=main',
      'org.opencontainers.image.created=2026-11-28T12:00:00Z',
      'org.example.team=storage'
    ])
    expect(plan.warnings).toContain(
      "input 'labels' sets org.opencontainers.image.source to https://git.example.com/fork, but the action sets it to https://github.com/vmware-tanzu/velero (this run's repository), and its value wins"
    )
    expect(after('--secret')).toBe('id=token,src=/tmp/run/secrets/token')
    expect(after('--cache-from')).toBe('type=registry,ref=ghcr.io/org/cache:windows-ltsc2022-amd64')
    expect(after('--cache-to')).toBe('type=registry,ref=ghcr.io/org/cache:windows-ltsc2022-amd64,mode=max')
    expect(windows).toContain('--no-cache')
    expect(plan.targets[0].command).toContain('type=registry,ref=ghcr.io/org/cache:linux-amd64')
    expect(JSON.stringify(plan)).not.toContain('not-in-the-plan')
  })

  it('hands buildx secret files and variables by path and name, never their values', () => {
    const plan = planOf({ 'output-type': 'registry', 'secret-files': 'key=keys/deploy.pem', 'secret-envs': 'kube=KUBECONFIG_DATA' })
    const command = plan.targets[0].command
    expect(command.filter((_, i) => command[i - 1] === '--secret')).toEqual(['id=key,src=keys/deploy.pem', 'id=kube,env=KUBECONFIG_DATA'])
  })

  it.each([
    ['rootfs', 'type=tar,dest=_output/velero-main-linux-amd64.tar'],
    ['docker', 'type=docker,dest=_output/velero-main-linux-amd64.tar'],
    ['oci', 'type=oci,dest=_output/velero-main-linux-amd64.tar']
  ])('tar-format %s exports with %s', (format, output) => {
    expect(planOf({ 'output-type': 'tar', 'tar-format': format }).targets[0].command).toContain(output)
  })
})

describe('secrets in build args', () => {
  it('warns about build args named like secrets, pointing to the secrets input', () => {
    const plan = planOf({ 'build-args': 'GITHUB_TOKEN=x\nDB_PASSWORD=y\nPLAIN=z' })
    expect(plan.warnings).toEqual([
      'build-args GITHUB_TOKEN, DB_PASSWORD look like secrets: build arguments stay in the image history for anyone who pulls it. Pass secrets with secrets, secret-files or secret-envs (buildx --secret) instead, or name them in public-build-args if they are not secret.'
    ])
  })
})

describe('roles of a run split across jobs', () => {
  it('a leg builds the platforms it selects, pushes them by digest and publishes no list, natively on an arm64 runner', () => {
    const plan = planOf({ 'output-type': 'registry', role: 'build', os: 'linux', arch: 'arm64' }, { hostArch: 'arm64' })
    expect(plan.targets.map((t) => t.platform)).toEqual(['linux/arm64'])
    expect(plan.targets[0].command).toEqual(
      expect.arrayContaining(['--platform', 'linux/arm64', '--output', 'type=image,name=velero/velero,push-by-digest=true,name-canonical=true,push=true'])
    )
    expect(plan.lists).toEqual([])
  })

  it('the merge builds nothing, and publishes the lists of the whole set with their platform tags', () => {
    const plan = planOf({ 'output-type': 'registry', role: 'merge', os: 'linux,windows', arch: 'amd64,arm64', 'tag-latest': 'true' })
    expect(plan.targets.map((t) => t.platform)).toEqual(['linux/amd64', 'linux/arm64', 'windows/amd64/ltsc2022'])
    expect(plan.lists.map((list) => [list.ref, list.platformTags.map((t) => t.tag)])).toEqual([
      ['velero/velero:main', ['main-linux-amd64', 'main-linux-arm64', 'main-windows-ltsc2022-amd64']],
      ['velero/velero:latest', ['latest-linux-amd64', 'latest-linux-arm64', 'latest-windows-ltsc2022-amd64']]
    ])
  })

  it('a tar leg on an arm64 runner writes its tarball like any other', () => {
    const plan = planOf({ 'output-type': 'tar', role: 'build', os: 'linux', arch: 'arm64' }, { hostArch: 'arm64' })
    expect(plan.targets[0].tarball).toBe('_output/velero-main-linux-arm64.tar')
  })
})

describe('attestations', () => {
  it('are off by default, as the design has them', () => {
    expect(planOf({ 'output-type': 'registry' }).targets[0].command).toEqual(expect.arrayContaining(['--provenance=false', '--sbom=false']))
  })

  it.each([
    ['true', 'false', '--provenance=mode=min', '--sbom=false'],
    ['mode=max', 'false', '--provenance=mode=max', '--sbom=false'],
    ['false', 'true', '--provenance=false', '--sbom=true'],
    ['mode=min', 'generator=ghcr.io/org/scanner:1', '--provenance=mode=min', '--sbom=generator=ghcr.io/org/scanner:1']
  ])('provenance %s and sbom %s reach every build', (provenance, sbom, provenanceFlag, sbomFlag) => {
    const plan = planOf({ 'output-type': 'registry', os: 'linux,windows', provenance, sbom })
    expect(plan.attested).toBe(true)
    for (const target of plan.targets) expect(target.command).toEqual(expect.arrayContaining([provenanceFlag, sbomFlag]))
  })

  it('warn that mode=max publishes the build arguments', () => {
    expect(planOf({ 'output-type': 'registry', provenance: 'mode=max' }).warnings.join('\n')).toContain(
      'provenance mode=max records the value of every build argument'
    )
  })

  it.each([
    [{ 'output-type': 'docker' }, 'output-type docker'],
    [{ 'output-type': 'tar', 'tar-format': 'docker' }, 'tar-format docker']
  ])('are dropped, with a warning, where a Docker image cannot carry them (%o)', (inputs, named) => {
    const plan = planOf({ ...inputs, provenance: 'true', sbom: 'true' })
    expect(plan.attested).toBe(false)
    expect(plan.targets[0].command).toEqual(expect.arrayContaining(['--provenance=false', '--sbom=false']))
    expect(plan.warnings.join('\n')).toContain(`provenance and sbom are dropped: ${named} writes a Docker image`)
  })

  it('are kept in tarballs of the root filesystem and in OCI archives', () => {
    for (const format of ['rootfs', 'oci']) {
      expect(planOf({ 'output-type': 'tar', 'tar-format': format, provenance: 'true' }).targets[0].command).toContain('--provenance=mode=min')
    }
  })
})

describe('annotations', () => {
  const registry = { 'output-type': 'registry', os: 'linux,windows' }

  it.each<[string, Record<string, string>, boolean, string[]]>([
    ["no annotations: the design's docker manifest lists", {}, false, []],
    [
      'default-annotations true: every list an OCI index with the defaults',
      { 'default-annotations': 'true' },
      true,
      ['source', 'revision', 'version', 'created']
    ],
    ['attestations: an OCI index anyway, with the defaults', { provenance: 'true' }, true, ['source', 'revision', 'version', 'created']],
    ['attestations with default-annotations false: no annotations', { provenance: 'true', 'default-annotations': 'false' }, true, []],
    [
      "an index annotation: an OCI index, the user's first, then the defaults under other keys",
      { annotations: 'index:org.opencontainers.image.version=v9\nindex:org.example.team=storage' },
      true,
      ['version', 'org.example.team', 'source', 'revision', 'created']
    ],
    ['manifest annotations alone: still docker manifest lists', { annotations: 'org.example.team=storage\nmanifest:org.example.tier=1' }, false, []]
  ])('%s', (_case, inputs, ociIndex, keys) => {
    const plan = planOf({ ...registry, ...inputs })
    expect(plan.ociIndex).toBe(ociIndex)
    expect(plan.indexAnnotations.map(([key]) => key.replace('org.opencontainers.image.', ''))).toEqual(keys)
  })

  it('takes the description and licenses from the repository when the event has them', () => {
    const plan = planOf({ ...registry, 'default-annotations': 'true' }, { description: 'Backup and migrate Kubernetes', licenses: 'Apache-2.0' })
    expect(Object.fromEntries(plan.indexAnnotations)).toMatchObject({
      'org.opencontainers.image.description': 'Backup and migrate Kubernetes',
      'org.opencontainers.image.licenses': 'Apache-2.0'
    })
  })

  it('set manifest annotations on every build, Windows included, in OCI media types', () => {
    const plan = planOf({ ...registry, annotations: 'manifest:org.example.team=storage\norg.example.tier=1' })
    for (const target of plan.targets) {
      expect(target.command.join(' ')).toContain('--output type=image,name=velero/velero,push-by-digest=true,name-canonical=true,push=true,oci-mediatypes=true')
      expect(target.command.join(' ')).toContain('--annotation manifest:org.example.team=storage --annotation manifest:org.example.tier=1')
    }
  })

  it('pass none to a root filesystem tarball, and say so', () => {
    const plan = planOf({ 'output-type': 'tar', annotations: 'org.example.team=storage' })
    expect(plan.targets[0].command).not.toContain('--annotation')
    expect(plan.warnings.join('\n')).toContain('annotations are dropped: tar-format rootfs')
  })

  it("leave the defaults out for a buildx that cannot set them, and keep the user's", () => {
    const plan = withoutOptionalAnnotations(planOf({ ...registry, provenance: 'true', annotations: 'index:org.example.team=storage' }))
    expect(plan.indexAnnotations).toEqual([['org.example.team', 'storage']])
  })

  it.each<[string, string]>([
    ['=nothing', "line 1: '' is not an annotation key"],
    ['org.example.team', "line 1 ('org.example.team') has no '='"],
    [
      'manifest-descriptor:org.example.team=x',
      "line 1: the prefix 'manifest-descriptor:' is buildx's, but this action places annotations on every image manifest and every published index only"
    ],
    ['index[linux/amd64]:org.example.team=x', "line 1: the prefix 'index[linux/amd64]:' is buildx's"],
    ['label:org.example.team=x', "line 1: 'label:' is not an annotation level; allowed prefixes: manifest: (or none), index:"]
  ])('refuse %j, naming the line and the allowed prefixes', (line, problem) => {
    expect(() => settingsOf({ annotations: line })).toThrow(`input 'annotations': ${problem}`)
  })
})

describe('sign', () => {
  it('signs only where something is published, and leaves the lists in the media types of their images', () => {
    expect(planOf({ 'output-type': 'registry', sign: 'true' })).toMatchObject({ sign: true, ociIndex: false })
    expect(planOf({ 'output-type': 'registry', sign: 'true', role: 'build' })).toMatchObject({ sign: false, ociIndex: false })
    const tarballs = planOf({ 'output-type': 'tar', sign: 'true' })
    expect(tarballs.sign).toBe(false)
    expect(tarballs.warnings.join('\n')).toContain('sign is true, but output-type tar publishes nothing, so nothing is signed')
  })

  it('reports a wrong insecure-registry once, also when sign reads it', () => {
    let problems: string[] = []
    try {
      settingsOf({ sign: 'true', 'insecure-registry': 'maybe' })
    } catch (error) {
      problems = (error as InputError).problems
    }
    expect(problems.filter((p) => p.startsWith("input 'insecure-registry'"))).toHaveLength(1)
  })

  it('is refused for a plain-HTTP registry off this machine, where bundles cannot be attached', () => {
    expect(() => settingsOf({ sign: 'true', 'insecure-registry': 'true', registry: 'registry.lan:5000/org' })).toThrow(
      "input 'sign': true, with insecure-registry true for registry.lan:5000"
    )
    expect(settingsOf({ sign: 'true', 'insecure-registry': 'true', registry: '127.0.0.1:5000/org' }).sign).toBe(true)
  })
})

describe('extra-tags', () => {
  const registry = { 'output-type': 'registry', os: 'linux,windows', registry: 'ghcr.io/org', version: 'v1.16.0', release: 'true' }

  it("publish every list under each, with the version's images and no platform tags of their own", () => {
    const plan = planOf({ ...registry, 'extra-tags': 'ghcr.io/org/velero:v1.16\nghcr.io/org/velero:v1.16.0\nghcr.io/org/velero:stable' })
    expect(plan.lists.map((list) => list.ref)).toEqual(['ghcr.io/org/velero:v1.16.0', 'ghcr.io/org/velero:v1.16', 'ghcr.io/org/velero:stable'])
    expect(plan.lists[2].entries).toEqual(plan.lists[0].entries)
    expect(plan.lists.map((list) => list.platformTags.length)).toEqual([2, 0, 0])
    expect(plan.targets.flatMap((target) => target.tags)).toEqual([
      'ghcr.io/org/velero:v1.16.0-linux-amd64',
      'ghcr.io/org/velero:v1.16.0-windows-ltsc2022-amd64'
    ])
  })

  it('take Docker Hub names however they are spelled', () => {
    const plan = planOf({ 'output-type': 'registry', 'extra-tags': 'docker.io/velero/velero:edge\nindex.docker.io/velero/velero:stable' })
    expect(plan.lists.map((list) => list.tag)).toEqual(['main', 'edge', 'stable'])
  })

  it.each<[string, string]>([
    ['ghcr.io/other/velero:v1', "'ghcr.io/other/velero:v1' is not in the repository of input 'image' (ghcr.io/org/velero)"],
    ['ghcr.io/org/velero', "'ghcr.io/org/velero' has no tag"],
    [`ghcr.io/org/velero@sha256:${'a'.repeat(64)}`, 'names a digest; give a tag'],

    ['ghcr.io/org/velero:-bad', 'is not a valid reference'],
    [`ghcr.io/org/velero:sha256-${'a'.repeat(64)}`, "is where registries without a referrers API keep an image's signatures"]
  ])('refuse %s', (ref, problem) => {
    expect(() => settingsOf({ ...registry, 'extra-tags': ref })).toThrow(problem)
  })

  it('refuse a tag that ends as a platform tag does, whatever platforms the run builds (the tag policy)', () => {
    expect(() => planOf({ ...registry, os: 'linux', 'extra-tags': 'ghcr.io/org/velero:v1.16.0-windows-ltsc2025-amd64' })).toThrow(
      "input 'extra-tags': 'v1.16.0-windows-ltsc2025-amd64' ends in -windows-ltsc2025-amd64, as a platform tag does"
    )
  })
})
