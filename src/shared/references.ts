// The image reference grammar of the distribution project (what `docker push` accepts), as small checks that
// return a sentence saying what is wrong, or undefined when the value is fine.

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`)
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]*$/

export const MAX_TAG_LENGTH = 128
export const MAX_NAME_LENGTH = 255
export const DOCKER_HUB = 'docker.io'

/** Docker treats the first part of a name as a registry host when it has a dot or a port, or is localhost. */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost'
}

/** Splits `host:port/a/b` into the registry host (docker.io when none is named) and the path. */
export function splitRepository(name: string): { host: string; path: string } {
  const slash = name.indexOf('/')
  if (slash > 0 && looksLikeHost(name.slice(0, slash))) {
    return { host: name.slice(0, slash), path: name.slice(slash + 1) }
  }
  if (slash < 0 && looksLikeHost(name) && (name.includes('.') || name.includes(':'))) {
    return { host: name, path: '' }
  }
  return { host: DOCKER_HUB, path: name }
}

function checkPath(path: string, whole: string): string | undefined {
  for (const component of path.split('/')) {
    if (PATH_COMPONENT.test(component)) continue
    if (PATH_COMPONENT.test(component.toLowerCase())) {
      return `repository paths must be lower case; did you mean '${lowerCasePath(whole)}'?`
    }
    if (component === '') return 'it has an empty path component (two slashes, or a slash at an end)'
    return `'${component}' is not a valid path component (lower-case letters and digits, separated by '.', '_', '__' or '-')`
  }
  return undefined
}

function lowerCasePath(name: string): string {
  const { host, path } = splitRepository(name)
  return host === DOCKER_HUB && !name.startsWith(DOCKER_HUB) ? path.toLowerCase() : `${host}/${path.toLowerCase()}`
}

/** A repository name without a tag, such as `velero/velero` or `127.0.0.1:5000/team/velero`. */
export function checkRepository(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (name.length > MAX_NAME_LENGTH) return `it is ${name.length} characters long; a repository name has at most ${MAX_NAME_LENGTH}`
  if (name.includes('@') || /:[^/]*$/.test(splitRepository(name).path)) {
    return 'it must name a repository without a tag or digest'
  }
  const { host, path } = splitRepository(name)
  if (!DOMAIN.test(host)) return `'${host}' is not a valid registry host`
  if (path === '') return 'it names a registry host but no repository'
  return checkPath(path, name)
}

/**
 * The `registry` input: what comes before `/<bin>`. It may be a host alone (`127.0.0.1:5000`), a path
 * (`velero`) or both (`gcr.io/velero-gcp`).
 */
export function checkRegistryPrefix(prefix: string): string | undefined {
  if (prefix === '') return 'it is empty'
  const { host, path } = splitRepository(prefix)
  if (!DOMAIN.test(host)) return `'${host}' is not a valid registry host`
  return path === '' ? undefined : checkPath(path, prefix)
}

/** One path component, as `bin` must be: it names the binary, the tarballs and the last part of the image. */
export function checkPathComponent(component: string): string | undefined {
  if (component === '') return 'it is empty'
  if (component.includes('/')) return 'it must be a single name without a slash'
  return checkPath(component, component)
}

/** `sha256-<hex>`: where a registry without a referrers API keeps what refers to an image (its signatures). */
export const REFERRER_TAG = /^sha256-[0-9a-f]{64}$/

export function checkTag(tag: string): string | undefined {
  if (tag === '') return 'it is empty'
  if (REFERRER_TAG.test(tag))
    return "a tag 'sha256-<digest>' is where registries without a referrers API keep an image's signatures; it is never an image's tag"
  if (tag.length > MAX_TAG_LENGTH) return `it is ${tag.length} characters long; a tag has at most ${MAX_TAG_LENGTH}`
  if (!TAG.test(tag)) {
    return "a tag holds letters, digits, '_', '.' and '-', and does not start with '.' or '-'"
  }
  return undefined
}

/** An image to pull: a repository with an optional tag and digest (`docker/buildkit-syft-scanner:1`). */
export function checkImageReference(ref: string): string | undefined {
  const at = ref.indexOf('@')
  if (at >= 0 && !/^sha256:[a-f0-9]{64}$/.test(ref.slice(at + 1))) return `'${ref.slice(at + 1)}' is not a sha256 digest`
  const named = at >= 0 ? ref.slice(0, at) : ref
  const colon = named.lastIndexOf(':')
  const hasTag = colon > named.lastIndexOf('/')
  const tagProblem = hasTag ? checkTag(named.slice(colon + 1)) : undefined
  return checkRepository(hasTag ? named.slice(0, colon) : named) ?? (tagProblem && `its tag: ${tagProblem}`)
}

/** buildx's own rule for builder names. */
export function checkBuilderName(name: string): string | undefined {
  return /^[a-zA-Z][a-zA-Z0-9._-]*$/.test(name) ? undefined : "a builder name starts with a letter and holds letters, digits, '.', '_' and '-'"
}

/** `repository:tag`, split, or a sentence saying why it is not one (no tag, a digest, a bad name). */
export function parseTaggedReference(ref: string): { repository: string; tag: string } | string {
  if (ref.includes('@')) return 'names a digest; give a tag (repository:tag)'
  const colon = ref.lastIndexOf(':')
  if (colon <= ref.lastIndexOf('/')) return 'has no tag; give a full reference (repository:tag)'
  const repository = ref.slice(0, colon)
  const tag = ref.slice(colon + 1)
  const problem = checkRepository(repository) ?? (checkTag(tag) && `its tag: ${checkTag(tag)}`)
  return problem ? `is not a valid reference: ${problem}` : { repository, tag }
}

/** Docker Hub's names in full (`docker.io/library/alpine`), so that two spellings of one repository compare equal. */
function fullName(repository: string): string {
  const { host, path } = splitRepository(repository)
  const hub = host === DOCKER_HUB || host === 'index.docker.io' || host === 'registry-1.docker.io'
  return hub ? `${DOCKER_HUB}/${path.includes('/') ? path : `library/${path}`}` : `${host}/${path}`
}

export function sameRepository(a: string, b: string): boolean {
  return fullName(a) === fullName(b)
}

/** A registry on this machine's loopback (`localhost:5000`, `127.0.0.1:5000`, `[::1]:5000`). */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '')
  return name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name)
}
