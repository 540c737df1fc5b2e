// The edge between the jobs of a split run: the files a leg writes into results-dir and the merge reads, carried
// between jobs as artifacts. Another job wrote what the merge reads, so every file is read bounded and never through
// a link, and what a leg writes is a new file, never one that is there already. What the files say is the split
// stage's to check (split/result-codec.ts); this port moves bytes.
import { randomUUID } from 'node:crypto'
import { lstat, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** A result file is a few hundred bytes; larger is not one, and is not read whole. */
export const MAX_RESULT_BYTES = 64 * 1024
/** Nine platforms at most, and a file or two a re-run may have left: more is not a results directory. */
export const MAX_RESULT_FILES = 64

/** One file of results-dir: its name, and its text or why it cannot be read. */
export type ResultFile = { name: string; text: string } | { name: string; problem: string }

export interface ResultFiles {
  /** Every `.json` file of `dir`, in name order; throws when the directory is missing or holds too many. */
  read(dir: string): Promise<ResultFile[]>
  /**
   * Writes each `[prefix, text]` as a new file `<prefix><unique>.json`, after removing the files of the same prefixes
   * an earlier run of the leg left there. Returns the files written.
   */
  write(dir: string, files: Array<[string, string]>): Promise<string[]>
}

/** A file's text, when it is a regular file (never through a link) of at most MAX_RESULT_BYTES. */
async function readBounded(file: string): Promise<string> {
  const stat = await lstat(file)
  if (!stat.isFile())
    throw new Error(`is not a regular file (${stat.isSymbolicLink() ? 'a symbolic link' : 'a directory or device'}); results are never read through one`)
  if (stat.size > MAX_RESULT_BYTES) throw new Error(`is ${stat.size} bytes; a result file is at most ${MAX_RESULT_BYTES}`)
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(MAX_RESULT_BYTES + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > MAX_RESULT_BYTES) throw new Error(`grew past ${MAX_RESULT_BYTES} bytes while being read`)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** Result files on this machine's disk. */
export class LocalResultFiles implements ResultFiles {
  async read(dir: string): Promise<ResultFile[]> {
    let names: string[]
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
    } catch {
      throw new Error(`results-dir ${dir} does not exist: download the legs' results into it first (actions/download-artifact with merge-multiple: true)`)
    }
    if (names.length > MAX_RESULT_FILES)
      throw new Error(`results-dir ${dir} holds ${names.length} .json files; the results of a run are at most ${MAX_RESULT_FILES}`)
    const files: ResultFile[] = []
    for (const name of names) {
      try {
        files.push({ name, text: await readBounded(path.join(dir, name)) })
      } catch (error) {
        files.push({ name, problem: (error as Error).message })
      }
    }
    return files
  }

  async write(dir: string, files: Array<[string, string]>): Promise<string[]> {
    await mkdir(dir, { recursive: true })
    const existing = await readdir(dir)
    const written: string[] = []
    for (const [prefix, text] of files) {
      for (const old of existing.filter((name) => name.startsWith(prefix) && name.endsWith('.json'))) await rm(path.join(dir, old), { force: true })
      const file = path.join(dir, `${prefix}${randomUUID().slice(0, 8)}.json`)
      // A new file, never one that is there already (a link included).
      await writeFile(file, text, { flag: 'wx' })
      written.push(file)
    }
    return written
  }
}
