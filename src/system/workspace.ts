// The workspace edge: the checkout's files as the action reads them (only through links that stay inside it:
// safe-paths.ts) and writes them (never through a link), and a directory private to the run (secrets, buildx's
// metadata files, a builder's configuration), removed when the run ends. A dry run reads as a real run does and
// writes nothing in the checkout.
import { lstatSync, readFileSync, statSync } from 'node:fs'
import { lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { checkedPath, PathUse } from './safe-paths.js'

export type { PathUse } from './safe-paths.js'

/** What is at a path: `link` only when links are not followed. */
export type PathKind = 'file' | 'directory' | 'link' | 'other'

export interface Workspace {
  /** The workspace's path: the checkout, the root every relative input is read from. */
  readonly root: string
  /** A directory private to this run, made on first use. */
  runDirectory(): Promise<string>
  /** Removes the run's private directory. */
  dispose(): Promise<void>
  /** The real path of `given` after checking every link below the workspace (`what` names it in errors). */
  checkedPath(given: string, use: PathUse, what: string): string
  /** What is at `file` (following links, or not); undefined when nothing is. */
  kindOf(file: string, options?: { followLinks?: boolean }): PathKind | undefined
  /** The size of a regular file, or undefined. */
  sizeOf(file: string): number | undefined
  /** A text file's content; throws when it is larger than `maxBytes`. */
  readText(file: string, maxBytes: number): string
  /** Writes a file only this user reads (a secret's value, a builder's configuration). */
  writePrivate(file: string, text: string): Promise<void>
  /** Makes directories the builds write into. */
  makeDirectories(dirs: string[]): Promise<void>
  /**
   * Removes a file that a build which did not finish wrote, when it is a regular file no older than `sinceMs`;
   * returns whether it did.
   */
  removeUnfinished(file: string, sinceMs: number): Promise<boolean>
}

/** The workspace on this machine's disk. */
export class LocalWorkspace implements Workspace {
  private runDir?: Promise<string>

  constructor(
    readonly root: string,
    /** Where the run's private directory is made: RUNNER_TEMP in a workflow, else the machine's temporary directory. */
    private readonly tempRoot: string
  ) {}

  runDirectory(): Promise<string> {
    this.runDir ??= mkdtemp(path.join(this.tempRoot, 'velero-multiarch-'))
    return this.runDir
  }

  async dispose(): Promise<void> {
    const dir = await this.runDir?.catch(() => undefined)
    if (dir) await rm(dir, { recursive: true, force: true })
  }

  checkedPath(given: string, use: PathUse, what: string): string {
    return checkedPath(this.root, given, use, what)
  }

  kindOf(file: string, options: { followLinks?: boolean } = {}): PathKind | undefined {
    const stat = options.followLinks === false ? lstatSync(file, { throwIfNoEntry: false }) : statSync(file, { throwIfNoEntry: false })
    if (!stat) return undefined
    return stat.isSymbolicLink() ? 'link' : stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other'
  }

  sizeOf(file: string): number | undefined {
    const stat = lstatSync(file, { throwIfNoEntry: false })
    return stat?.isFile() ? stat.size : undefined
  }

  readText(file: string, maxBytes: number): string {
    const size = this.sizeOf(file)
    if (size === undefined) throw new Error(`${file} is not a regular file`)
    if (size > maxBytes) throw new Error(`${file} is ${size} bytes; at most ${maxBytes} are read`)
    return readFileSync(file, 'utf8')
  }

  async writePrivate(file: string, text: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    await writeFile(file, text, { mode: 0o600 })
  }

  async makeDirectories(dirs: string[]): Promise<void> {
    for (const dir of new Set(dirs)) await mkdir(dir, { recursive: true })
  }

  async removeUnfinished(file: string, sinceMs: number): Promise<boolean> {
    const stat = await lstat(file).catch(() => undefined)
    if (!stat?.isFile() || stat.mtimeMs < sinceMs - 1000) return false
    await rm(file, { force: true })
    return true
  }
}

/** The workspace of a dry run: read as a real run reads it; nothing is written (the run's directory aside). */
export class DryWorkspace extends LocalWorkspace {
  async writePrivate(): Promise<void> {}
  async makeDirectories(): Promise<void> {}
  async removeUnfinished(): Promise<boolean> {
    return false
  }
}
