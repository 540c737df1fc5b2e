// What an image holds, read with skopeo (an independent client): its manifest, config and the files of its layers.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'

/** The regular files of a tar archive, by name (without a leading `./`). */
export function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) break
    const text = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString()
        .replace(/\0.*$/s, '')
    const prefix = text(345, 155)
    const name = (prefix ? `${prefix}/` : '') + text(0, 100)
    const size = parseInt(text(124, 12).trim() || '0', 8)
    const type = text(156, 1)
    if (type === '0' || type === '') files.set(name.replace(/^\.\//, ''), archive.subarray(offset + 512, offset + 512 + size))
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

export interface ImageContent {
  manifest: Buffer
  config: Buffer
  /** Each layer uncompressed. */
  layers: Buffer[]
  /** The files of all layers, later layers winning. */
  files: Map<string, Buffer>
}

/** Copies an image out of a plain-HTTP registry with skopeo and reads it whole. */
export function imageContent(ref: string): ImageContent {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'image-'))
  try {
    execFileSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `dir:${dir}`], { stdio: 'pipe' })
    const manifest = readFileSync(path.join(dir, 'manifest.json'))
    const parsed = JSON.parse(manifest.toString()) as { config: { digest: string }; layers: Array<{ digest: string }> }
    const blob = (digest: string): Buffer => readFileSync(path.join(dir, digest.replace(/^sha256:/, '')))
    const layers = parsed.layers.map((layer) => {
      const bytes = blob(layer.digest)
      return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
    })
    const files = new Map<string, Buffer>()
    for (const layer of layers) for (const [name, content] of tarFiles(layer)) files.set(name, content)
    return { manifest, config: blob(parsed.config.digest), layers, files }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
