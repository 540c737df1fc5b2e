// Pushes a small base image to a plain-HTTP registry: node push-image.mjs <host/repo:tag> <os> <arch> [os.version]
// The tests use it for the Windows base images whose os.version a build inherits.
import { RegistryClient, makeImage, parseReference } from './oci.mjs'

const [ref, os, architecture, osVersion] = process.argv.slice(2)
const { host, repository, reference } = parseReference(ref)
const image = makeImage({ os, architecture, osVersion, files: [{ name: 'base.txt', content: `base ${ref}` }] })
process.stdout.write(`${await new RegistryClient(host, 'http').pushImage(repository, [reference], image)}\n`)
