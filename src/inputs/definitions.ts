// The action's interface: its inputs (action.yml, the README and the command line's flags follow the INPUTS table),
// the Settings they are read into (settings.ts), and what follows from settings alone.
import type { Annotations } from './annotations.js'
import { LINUX_ARCHITECTURES, LinuxArchitecture, OperatingSystem, OutputType, WINDOWS_VERSIONS, WindowsVersion } from '../shared/platforms.js'

export interface InputDefinition {
  name: string
  default: string
  /** The variable of Velero's Makefile that this input replaces; the command line reads it from the environment. */
  seedVariable?: string
  description: string
  /**
   * The default action.yml gives, where it differs: `auto` (decided from the workflow event; outside GitHub it
   * means `default`) or an expression of the workflow.
   */
  actionDefault?: string
}

/** The action's interface. action.yml, the README and the command line's flags follow this table (a test checks). */
export const INPUTS: readonly InputDefinition[] = [
  {
    name: 'output-type',
    default: 'docker',
    actionDefault: 'auto',
    seedVariable: 'BUILD_OUTPUT_TYPE',
    description: '`docker`, `tar`, `registry`, or `auto` (from the workflow event; docker outside GitHub)'
  },
  { name: 'os', default: 'linux', seedVariable: 'BUILD_OS', description: 'operating systems: `linux`, `windows` (comma or newline separated)' },
  {
    name: 'arch',
    default: 'amd64',
    seedVariable: 'BUILD_ARCH',
    description: `Linux architectures: ${LINUX_ARCHITECTURES.join(', ')}; Windows is always amd64`
  },
  { name: 'windows-version', default: 'ltsc2022', seedVariable: 'BUILD_WINDOWS_VERSION', description: `Windows versions: ${WINDOWS_VERSIONS.join(', ')}` },
  {
    name: 'buildx-instance',
    default: '',
    seedVariable: 'BUILDX_INSTANCE',
    description: 'an existing buildx builder; empty: the action creates one and removes it afterwards'
  },
  {
    name: 'buildkit-image',
    default: '',
    description:
      "BuildKit image of a builder the action creates (tag or digest, such as moby/buildkit:v0.24.0); empty: buildx's default, moby/buildkit:buildx-stable-1"
  },
  { name: 'registry', default: 'velero', seedVariable: 'REGISTRY', description: 'registry and namespace in front of `bin`, and the REGISTRY build argument' },
  { name: 'bin', default: 'velero', seedVariable: 'BIN', description: 'binary name: last part of the image and of tarball names, and the BIN build argument' },
  { name: 'image', default: '', seedVariable: 'IMAGE', description: 'repository without a tag; empty: `<registry>/<bin>`' },
  {
    name: 'version',
    default: 'main',
    actionDefault: 'auto',
    seedVariable: 'VERSION',
    description: 'the tag of the manifest list and the start of every platform tag; `auto`: from the Git ref (main outside GitHub)'
  },
  {
    name: 'tag-latest',
    default: 'false',
    actionDefault: 'auto',
    seedVariable: 'TAG_LATEST',
    description:
      'also publish `latest` and the `latest-<platform>` tags: `true` asks for them (on a release run they move only to the highest release), `auto`: on a release run of the highest release, `false`: not asked here (extra-tags may ask)'
  },
  { name: 'dockerfile', default: 'Dockerfile', seedVariable: 'VELERO_DOCKERFILE', description: 'Dockerfile for Linux, relative to the workspace' },
  {
    name: 'windows-dockerfile',
    default: 'Dockerfile-Windows',
    seedVariable: 'VELERO_DOCKERFILE_WINDOWS',
    description: 'Dockerfile for Windows, relative to the workspace'
  },
  {
    name: 'context',
    default: '.',
    description: "build context, relative to the workspace, or a Git or HTTP URL; git reads the run's commit, its time and the tree's state there"
  },
  { name: 'build-args', default: '', description: 'newline-separated `KEY=VALUE` lines, after (and overriding) the standard ones' },
  { name: 'labels', default: '', description: 'newline-separated `KEY=VALUE` image labels' },
  {
    name: 'annotations',
    default: '',
    description:
      'newline-separated `key=value` OCI annotations, as docker/metadata-action writes them: `manifest:` (or no prefix) on every image, `index:` on every published list (which is then an OCI index); buildx 0.12 or later'
  },
  {
    name: 'default-annotations',
    default: 'auto',
    description:
      '`org.opencontainers.image.*` annotations (source, revision, version, created, description, licenses) on the lists, under the keys `annotations` does not give: `auto` (on lists that are OCI indexes anyway: attestations or index annotations), `true` (every list, as an OCI index), `false`'
  },
  {
    name: 'extra-tags',
    default: '',
    description:
      "newline-separated full references (such as docker/metadata-action's `tags` output) under which the list is also published, by the tag policy: `latest` as tag-latest true, aliases (`1`, `1.16`) in release order, release-shaped tags on release runs only; same repository as `image`, no platform tags of their own"
  },
  {
    name: 'release',
    default: 'false',
    description:
      'this run is a release though it is not a tag push: its version and aliases may be release-shaped, in release order (honoured on workflow_dispatch, in a reusable workflow when its caller was dispatched, and on the command line)'
  },
  {
    name: 'secrets',
    default: '',
    description:
      'newline-separated `id=value` build secrets, or `id<<EOF`, lines, `EOF` for several lines (buildx `--secret`, never build args); not on the command line, where ps shows it: use --secret-files or --secret-envs'
  },
  { name: 'secret-files', default: '', description: 'newline-separated `id=path` build secrets read from files in the workspace' },
  { name: 'secret-envs', default: '', description: 'newline-separated `id=VARIABLE` build secrets read from the environment' },
  {
    name: 'fork-secrets',
    default: 'false',
    description: "give secrets to a run caused by a fork's pull request (pull_request_target, workflow_run), whose code can read them; false: they are withheld"
  },
  {
    name: 'public-build-args',
    default: '',
    description:
      'build-args names that look secret (PASSWORD, TOKEN, SECRET or KEY in the name, or a word AUTH, PAT, CRED(S), CREDENTIAL(S), PASSWD, PWD, PRIVATE, CERT or PEM) but are not; the others are masked and withheld from runs caused by a fork'
  },
  { name: 'cache-from', default: '', description: 'newline-separated buildx cache sources; `{platform}` becomes the platform (`linux-arm64`)' },
  { name: 'cache-to', default: '', description: 'newline-separated buildx cache destinations; `{platform}` as in cache-from' },
  { name: 'no-cache', default: 'false', description: "build without BuildKit's cache" },
  {
    name: 'reproducible',
    default: 'auto',
    description:
      "the same commit and inputs give the same images: SOURCE_DATE_EPOCH = the commit's time, BuildKit's rewrite-timestamp, org.opencontainers.image.created = the commit's time. `auto`: what the toolset supports, the log says what it cannot promise; `true`: a BuildKit older than 0.13, or of unknown version, is refused before any build; `false`: the run's time, as before"
  },
  { name: 'tar-format', default: 'rootfs', description: '`rootfs` (the root filesystem, as the seed), `docker` or `oci` (image archives)' },
  { name: 'pkg', default: 'github.com/vmware-tanzu/velero', seedVariable: 'PKG', description: 'the `PKG` build argument: the Go package of the project' },
  { name: 'insecure-registry', default: 'false', seedVariable: 'INSECURE_REGISTRY', description: "the image's registry speaks plain HTTP" },
  { name: 'output-dir', default: '_output', description: 'where tarballs are written, inside the workspace' },
  { name: 'max-parallel', default: 'auto', description: 'how many platform builds run at once: `auto` (as the machine can take them), a number, or 0 (all)' },
  { name: 'fail-fast', default: 'true', description: 'when a platform fails, stop the other builds; false: run every platform to the end' },
  { name: 'retries', default: '3', description: 'further attempts after a transient registry fault (429, 5xx, dropped connection, timeout); 0 to 10' },
  { name: 'retry-max-wait', default: '120', description: 'cap, in seconds, on the time one command spends waiting between retries; 0 to 3600' },
  {
    name: 'command-timeout',
    default: '300',
    description:
      'seconds any one command but a build, or one registry or GitHub API request, may run (docker buildx imagetools, buildx version/inspect/create/rm, credential helpers, git, the registry, the GitHub API) before it is stopped (a command with SIGTERM, then SIGKILL 5 s later)'
  },
  {
    name: 'provenance',
    default: 'false',
    description:
      "SLSA provenance attestation for every platform: `false` (as the design), `true` or `mode=min`, `mode=max` (records the build arguments' values)"
  },
  {
    name: 'sbom',
    default: 'false',
    description:
      'SBOM attestation for every platform: `false` (as the design), `true` (its scanner image comes from Docker Hub), `generator=<image>` (another scanner image)'
  },
  {
    name: 'sign',
    default: 'false',
    description:
      "sign every image and list the run publishes: a SLSA provenance statement per digest, signed with Sigstore for the job's OIDC identity, verified, recorded with GitHub's attestations API and attached in the registry; needs permissions id-token: write and attestations: write"
  },
  {
    name: 'sigstore',
    default: 'auto',
    description:
      "the Sigstore instance sign uses: `auto` (public-good for a public repository, GitHub's for a private one), `public-good`, `github`; SIGSTORE_FULCIO_URL and the other SIGSTORE_* variables name others"
  },
  {
    name: 'role',
    default: 'all',
    description:
      "`all` (build and publish), `build` (one leg of a split run: build and push these platforms, hand the results on), `merge` (build nothing: check the legs' results and publish the lists)"
  },
  {
    name: 'results-dir',
    default: '',
    description:
      'where a leg writes its results and the merge reads them; empty: velero-multiarch-results under RUNNER_TEMP (the temporary directory outside GitHub); relative to the workspace'
  },
  {
    name: 'allow-other-commit',
    default: 'false',
    description:
      "the checkout may hold another commit than the event's (GITHUB_SHA), on purpose (a dispatch that rebuilds a release tag); the images, the log and the signed statements then name both. false: such a run pushes nothing"
  },
  { name: 'dry-run', default: 'false', description: 'print the plan and every command, run nothing' },
  {
    name: 'github-token',
    default: '',
    actionDefault: '${{ github.token }}',
    description:
      "token for the GitHub API, with contents: read: the repository's release tags, where the run's ref points and how two commits stand; with sign, the attestations API and the trusted root"
  }
]

export interface Settings {
  /** `auto` is decided by the policy, from the workflow event (policy/auto.ts). */
  outputType: OutputType | 'auto'
  os: OperatingSystem[]
  arch: LinuxArchitecture[]
  windowsVersions: WindowsVersion[]
  /** Set when the user named a builder; the action then neither creates nor removes one. */
  buildxInstance?: string
  /** The BuildKit image of a builder the action creates; undefined: buildx's default. */
  buildkitImage?: string
  registry: string
  bin: string
  image: string
  /** The registry host of `image` (docker.io when it names none). */
  registryHost: string
  /** `auto` is decided by the policy, from the workflow event (policy/auto.ts). */
  version: string
  /** `auto` and `true` ask the tag policy for `latest` (policy/tags.ts); `false` does not. */
  tagLatest: TagLatest
  /** The run is a release though it is not a tag run (input `release`; the tag policy says where it is honoured). */
  release: boolean
  dockerfile: string
  windowsDockerfile: string
  context: string
  buildArgs: Array<[string, string]>
  labels: Array<[string, string]>
  /** OCI annotations: on every image manifest, and on every list (which makes the lists OCI indexes). */
  annotations: Annotations
  defaultAnnotations: DefaultAnnotations
  /** More tags asked for (the tags alone: each was checked to name `image`'s repository); the tag policy judges them. */
  extraTags: string[]
  /** Build secrets by id; their values are never logged. */
  secrets: Array<[string, string]>
  /** Build secrets read from files in the workspace: id and path (buildx reads the file). */
  secretFiles: Array<[string, string]>
  /** Build secrets read from the environment: id and variable name (buildx reads the variable). */
  secretEnvs: Array<[string, string]>
  /** Secrets reach the build of a fork's code too. */
  forkSecrets: boolean
  /** Build argument names that look secret but are declared public. */
  publicBuildArgs: string[]
  cacheFrom: string[]
  cacheTo: string[]
  noCache: boolean
  /** Reproducible images (plan/reproducible.ts): auto, true (refuse what cannot be), false (the run's time). */
  reproducible: Reproducible
  tarFormat: TarFormat
  pkg: string
  insecureRegistry: boolean
  outputDir: string
  maxParallel: MaxParallel
  failFast: boolean
  retries: number
  retryMaxWait: number
  /** Seconds any one command but a build may run before it is stopped. */
  commandTimeout: number
  /** buildx's --provenance value: false, mode=min or mode=max. */
  provenance: 'false' | 'mode=min' | 'mode=max'
  /** buildx's --sbom value: false, true or generator=<image>. */
  sbom: string
  /** Sign what the run publishes (sigstore.ts), with this Sigstore instance. */
  sign: boolean
  sigstore: SigstoreChoice
  role: Role
  /** Absolute: where a leg writes its results and the merge reads them. */
  resultsDir: string
  /** The checkout may hold another commit than the event's (policy/commit.ts). */
  allowOtherCommit: boolean
  dryRun: boolean
  /** The github-token input: the GitHub API's; never logged. */
  githubToken: string
  /** The inputs the user set (the others took their defaults), for the log's "from the input" and "the default". */
  given: readonly string[]
}

/** How many builds run at once: a number (0: all), or `auto` (build/schedule.ts). */
export type MaxParallel = number | 'auto'

export const TAG_LATEST = ['auto', 'true', 'false'] as const
export type TagLatest = (typeof TAG_LATEST)[number]

export const REPRODUCIBLE = ['auto', 'true', 'false'] as const
export type Reproducible = (typeof REPRODUCIBLE)[number]

export const DEFAULT_ANNOTATIONS = ['auto', 'true', 'false'] as const
export type DefaultAnnotations = (typeof DEFAULT_ANNOTATIONS)[number]

export const SIGSTORE_CHOICES = ['auto', 'public-good', 'github'] as const
export type SigstoreChoice = (typeof SIGSTORE_CHOICES)[number]

export const ROLES = ['all', 'build', 'merge'] as const
export type Role = (typeof ROLES)[number]

export const TAR_FORMATS = ['rootfs', 'docker', 'oci'] as const
export type TarFormat = (typeof TAR_FORMATS)[number]

export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:\n${problems.join('\n')}`)
    this.name = 'InputError'
  }
}

export type RawInputs = Record<string, string | undefined>

/** The value of `version`, `tag-latest` and `output-type` that the workflow event decides (policy/auto.ts). */
export const AUTO = 'auto'

/** The inputs as a reader found them: the action's step inputs, or the command line's flags and environment. */
export interface InputsRead {
  values: RawInputs
  /** The inputs the user set; the others take their defaults. */
  given: ReadonlySet<string>
  /** How an input is named in messages where it did not come from the action (`--os`, `environment variable BUILD_OS`). */
  names: Record<string, string>
  /** What reading found wrong already: an unknown flag, two spellings that disagree. */
  problems: string[]
  /** What reading found worth a warning: an input given empty where its default is not (its default is used). */
  warnings?: string[]
}

/** Their lines are kept as written: a value may start or end with a space. */
export const MULTILINE_INPUTS = ['build-args', 'labels', 'secrets', 'annotations']

/**
 * Whether the images carry the attestations asked for: the Docker formats (output docker, tar-format docker) cannot,
 * and drop them (with a warning); everything else keeps them.
 */
export function keepsAttestations(settings: Pick<Settings, 'provenance' | 'sbom' | 'outputType' | 'tarFormat'>): boolean {
  const wanted = settings.provenance !== 'false' || settings.sbom !== 'false'
  const dockerExporter = settings.outputType === 'docker' || (settings.outputType === 'tar' && settings.tarFormat === 'docker')
  return wanted && !dockerExporter
}

/** True when the context is fetched by buildx itself rather than read from the workspace. */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')
}
