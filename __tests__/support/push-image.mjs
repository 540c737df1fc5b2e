// Pushes a small base image to a plain-HTTP registry: node push-image.mjs [--list] <host/repo:tag> <os> <arch> [os.version]
// The tests use it for the Windows base images whose os.version a build inherits. With --list the tag names a
// one-entry manifest list whose platform carries the os.version, as Microsoft publishes nanoserver.
import { MEDIA, RegistryClient, makeImage, parseReference, sha256 } from './oci.mjs'

const args = process.argv.slice(2)
const asList = args[0] === '--list'
const [ref, os, architecture, osVersion] = asList ? args.slice(1) : args
const { host, repository, reference } = parseReference(ref)
const image = makeImage({ os, architecture, osVersion, files: [{ name: 'base.txt', content: `base ${ref}` }] })
const client = new RegistryClient(host, 'http')
if (!asList) {
  process.stdout.write(`${await client.pushImage(repository, [reference], image)}\n`)
} else {
  const digest = await client.pushImage(repository, [sha256(image.manifest)], image)
  const platform = { architecture, os, ...(osVersion ? { 'os.version': osVersion } : {}) }
  const list = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.dockerList,
      manifests: [{ mediaType: image.mediaType, digest, size: image.manifest.length, platform }]
    })
  )
  process.stdout.write(`${await client.pushManifest(repository, reference, list, MEDIA.dockerList)}\n`)
}
