// Argument arrays for every docker command the action runs. Pure: nothing here starts a process, so the exact
// command lines are tested as data and printed as-is by the dry run.

export interface BuildCommandSpec {
  builder: string
  platform: string
  /** buildx's --output value, e.g. `type=registry` or `type=tar,dest=_output/x.tar`. */
  output: string
  /** The image exporter clamps the times of files in layers to SOURCE_DATE_EPOCH (BuildKit 0.13 and later). */
  rewriteTimestamp: boolean
  metadataFile: string
  dockerfile: string
  tags: string[]
  buildArgs: Array<[string, string]>
  labels: Array<[string, string]>
  /** OCI annotations of the image manifest (buildx's `manifest:` level). */
  annotations: Array<[string, string]>
  /** Secret ids and the files or environment variables that hold them. */
  secrets: SecretSource[]
  cacheFrom: string[]
  cacheTo: string[]
  noCache: boolean
  /** buildx's --provenance and --sbom values; `false` for both keeps each push a single image, as the design. */
  provenance: string
  sbom: string
  context: string
}

/** Where buildx reads a secret: a file, or a variable of its environment. Never the value itself. */
export type SecretSource = { id: string; file: string } | { id: string; env: string }

const secretFlag = (secret: SecretSource): string => ('file' in secret ? `id=${secret.id},src=${secret.file}` : `id=${secret.id},env=${secret.env}`)

export function buildCommand(spec: BuildCommandSpec): string[] {
  return [
    'buildx',
    'build',
    '--builder',
    spec.builder,
    '--platform',
    spec.platform,
    '--output',
    spec.rewriteTimestamp ? `${spec.output},rewrite-timestamp=true` : spec.output,
    // With both false, as the design has them, each push is a single image; otherwise buildx pushes an index of
    // the image and its attestation manifest.
    `--provenance=${spec.provenance}`,
    `--sbom=${spec.sbom}`,
    '--pull',
    '--metadata-file',
    spec.metadataFile,
    '-f',
    spec.dockerfile,
    ...spec.tags.flatMap((tag) => ['-t', tag]),
    ...spec.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    ...spec.labels.flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    ...spec.annotations.flatMap(([key, value]) => ['--annotation', `manifest:${key}=${value}`]),
    ...spec.secrets.flatMap((secret) => ['--secret', secretFlag(secret)]),
    ...spec.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
    ...spec.cacheTo.flatMap((cache) => ['--cache-to', cache]),
    ...(spec.noCache ? ['--no-cache'] : []),
    spec.context
  ]
}

export interface BuilderSpec {
  name: string
  /** Host networking lets the builder container reach a registry on the runner's own loopback. */
  hostNetwork: boolean
  /** A buildkitd.toml path, for registries that speak plain HTTP. */
  configFile?: string
  /** The BuildKit image of the builder's container; undefined: buildx's default. */
  image?: string
}

export function createBuilderCommand(spec: BuilderSpec, bootstrap = true): string[] {
  return [
    'buildx',
    'create',
    '--name',
    spec.name,
    '--driver',
    'docker-container',
    ...(spec.hostNetwork ? ['--driver-opt', 'network=host'] : []),
    ...(spec.image ? ['--driver-opt', `image=${spec.image}`] : []),
    ...(spec.configFile ? ['--config', spec.configFile] : []),
    ...(bootstrap ? ['--bootstrap'] : [])
  ]
}

export function inspectBuilderCommand(name: string): string[] {
  return ['buildx', 'inspect', name]
}

export function buildxVersionCommand(): string[] {
  return ['buildx', 'version']
}

export function removeBuilderCommand(name: string): string[] {
  return ['buildx', 'rm', name]
}

/** buildkitd's configuration that marks one registry as plain HTTP. */
export function buildkitdConfig(registryHost: string): string {
  return `[registry."${registryHost}"]\n  http = true\n  insecure = true\n`
}

/**
 * The list imagetools assembles from these sources, printed and never pushed (`--dry-run`): the publish stage checks
 * those bytes and pushes them itself, so no tag moves before the list is checked.
 */
export function imagetoolsCreateCommand(builder: string | undefined, list: string, sources: string[], annotations: Array<[string, string]> = []): string[] {
  return [
    'buildx',
    'imagetools',
    'create',
    ...(builder ? ['--builder', builder] : []),
    '--dry-run',
    ...annotations.flatMap(([key, value]) => ['--annotation', `index:${key}=${value}`]),
    '-t',
    list,
    ...sources
  ]
}
