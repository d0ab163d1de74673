/**
 * The private serving copy (`INDEX_MODE=copy`, the default): the server never maps a file
 * that someone else writes. A build found in INDEX_DIR is copied into
 * `<INDEX_DIR>.serving/<buildId>/` (manifest.json and every file it lists, never a fixed
 * list), checked there, and served from there; only the server writes that directory. So
 * `cp`, `truncate`, an editor or a hard link writing into INDEX_DIR changes nothing that is
 * served: it starts a new copy and check (index-holder.ts), and the served copy keeps
 * answering whatever that finds. A file is copied with copy_file_range (or a reflink where
 * the file system has them: the copy keeps its blocks when the original is written), never
 * through a mapping, so a file truncated while it is copied is a short copy that the check
 * refuses, not a SIGBUS.
 *
 * The same step installs a build elsewhere: `charts install-index` copies a directory beside
 * its target the same way before it checks and renames it in.
 */
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { copyFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { IndexManifest } from '../../schema/format.ts'
import { MANIFEST_FILE, readManifestFile } from '../../schema/manifest.ts'
import { IndexError } from './open-index.ts'

/** Where the server keeps its copies of INDEX_DIR's builds: `<INDEX_DIR>.serving`. */
export function servingRootOf(dir: string): string {
  return `${resolve(dir)}.serving`
}

/** What copying an index directory does: its manifest and the files to copy, in order. */
interface CopyPlan {
  manifest: IndexManifest
  /** manifest.json's bytes as read (written last, so a half copy has none) */
  manifestText: string
  /** [from, to] of every file the manifest lists */
  files: [string, string][]
}

/** Reads `from`'s manifest once and plans the copy of its files into `to`. */
function planCopy(from: string, to: string): CopyPlan {
  const { text, manifest } = readManifestFile(from)
  const names = Object.keys(manifest.files ?? {})
  return { manifest, manifestText: text, files: names.map((n) => [join(from, n), join(to, n)]) }
}

/** The system error of a failed copy, naming both ends. */
function copyError(error: unknown, from: string, to: string): IndexError {
  const e = error as NodeJS.ErrnoException
  return new IndexError(`index: cannot copy ${from} to ${to} (${e.code ?? e.message})`)
}

/**
 * Copies the index in `from` into the new directory `to`, blocking (start-up, the
 * install-index command): the files its manifest lists, then manifest.json. Resolves to the
 * manifest; throws IndexError naming the file and the cause.
 */
export function copyIndexNow(from: string, to: string): IndexManifest {
  const plan = planCopy(from, to)
  mkdirSync(to, { recursive: true })
  for (const [source, target] of plan.files) {
    try {
      copyFileSync(source, target, constants.COPYFILE_FICLONE)
    } catch (error) {
      throw copyError(error, source, target)
    }
  }
  writeFileSync(join(to, MANIFEST_FILE), plan.manifestText)
  return plan.manifest
}

/** copyIndexNow off the event loop (file copies on the thread pool), for a running server. */
export async function copyIndex(from: string, to: string): Promise<IndexManifest> {
  const plan = planCopy(from, to)
  mkdirSync(to, { recursive: true })
  for (const [source, target] of plan.files) {
    try {
      await copyFile(source, target, constants.COPYFILE_FICLONE)
    } catch (error) {
      throw copyError(error, source, target)
    }
  }
  await writeFile(join(to, MANIFEST_FILE), plan.manifestText)
  return plan.manifest
}

/** Prefix of a copy being made or checked (`<root>/.new-<pid>-<n>`). */
const NEW = '.new-'

/**
 * Whether `name` is a copy that another running process (a second server on the same
 * INDEX_DIR) is making or checking: never removed under it, or its copy fails and it serves
 * nothing until the directory changes.
 */
function copyOfAnother(name: string): boolean {
  const m = /^\.new-([0-9]+)-/.exec(name)
  const pid = Number(m?.[1] ?? process.pid)
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The server's copies of INDEX_DIR's builds, one directory per build under `root`
 * (`<root>/<buildId>`); a copy being made or checked lies beside them under a temporary name.
 * Only the one served is kept once a swap is done (`prune`): its files are unlinked, never
 * truncated, so a mapping of them stays valid until the last request using it is done.
 */
export class ServingCopies {
  private made = 0

  constructor(readonly root: string) {}

  /** Makes the root; the system error's code when it cannot be made (then there are no copies). */
  prepare(): string | null {
    try {
      mkdirSync(this.root, { recursive: true })
      return null
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      return `${this.root}: ${e.code ?? e.message}`
    }
  }

  /** The copy a previous run left of the build `from` holds now, or null. */
  kept(from: string): string | null {
    let id: string
    try {
      id = readManifestFile(from).manifest.buildId
    } catch {
      return null
    }
    const dir = join(this.root, id)
    return existsSync(join(dir, MANIFEST_FILE)) ? dir : null
  }

  /** A new copy of `from` under a temporary name, blocking (start-up). */
  copyNow(from: string): string {
    const dir = this.fresh()
    copyIndexNow(from, dir)
    return dir
  }

  /** A new copy of `from` under a temporary name, off the event loop. */
  async copy(from: string): Promise<string> {
    const dir = this.fresh()
    await copyIndex(from, dir)
    return dir
  }

  /** Puts a checked copy at its build's place (replacing a stale one); that path. */
  settle(copy: string, buildId: string): string {
    const dir = join(this.root, buildId)
    if (copy === dir) return dir
    rmSync(dir, { recursive: true, force: true })
    renameSync(copy, dir)
    return dir
  }

  /** Removes a copy that will not be served. */
  discard(copy: string): void {
    rmSync(copy, { recursive: true, force: true })
  }

  /** Removes every copy but `served` and those another running server is making. */
  prune(served: string): void {
    let names: string[]
    try {
      names = readdirSync(this.root)
    } catch {
      return
    }
    for (const name of names)
      if (join(this.root, name) !== served && !copyOfAnother(name))
        rmSync(join(this.root, name), { recursive: true, force: true })
  }

  private fresh(): string {
    const dir = join(this.root, `${NEW}${process.pid}-${++this.made}`)
    rmSync(dir, { recursive: true, force: true })
    return dir
  }
}
