/**
 * Holds the served index and swaps in newly published ones, serving only what passed the
 * check (verify-index.ts). A swap is one reference assignment between requests (handlers
 * read the index synchronously), so no request ever sees half of two indexes; an old
 * mapping is released once nothing references it (see mmap.ts).
 *
 * What is served (INDEX_MODE): by default a private copy of each build (serving-copy.ts,
 * `copies`): the build in the directory is copied into `<dir>.serving/<buildId>/`, checked
 * there and mapped from there, so nothing written into the directory (cp, truncate, an editor,
 * a hard link) can reach a served byte; it only starts a new copy and check. Without copies
 * the directory's own files are mapped (`mmap`: for a directory nobody writes, such as a
 * read-only image) or read into memory (`memory`).
 *
 * What it watches: manifest.json and every index file, by inode, size and mtime (a few stat
 * calls per look). A new build renamed into place changes the inodes; a file copied over or
 * truncated in place keeps its inode and changes size or mtime. Either way the directory is
 * copied (or opened) and checked again while the current index keeps serving; a build that
 * fails is refused, logged once, and not tried again until something in the directory
 * changes. The build already served, found again, is checked and left as it is.
 *
 * Mapping the directory's own files (`mmap`), an in-place change to a served file reaches the
 * served bytes too: that index is dropped at once (503 `index refused`) rather than answer
 * from bytes nobody checked, and a read past the new end of a truncated file is a SIGBUS that
 * no watch can prevent. Copies and memory are unaffected.
 *
 * When to look: on every poll (the server's timer, SIGHUP) and, with `watch()`, as soon as
 * the kernel reports a change in the directory or a rename of it (fs.watch, inotify), so an
 * in-place write is noticed within milliseconds rather than at the next poll (a write through
 * a hard link elsewhere is seen at the next poll).
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { FIXED_INDEX_FILES, isAnswersFileName } from '../../schema/format.ts'
import { MANIFEST_FILE, readManifest } from '../../schema/manifest.ts'
import { DirectoryWatch } from './dir-watch.ts'
import type { IndexMode } from './mmap.ts'
import { type Index, openIndex } from './open-index.ts'
import { ServingCopies } from './serving-copy.ts'
import { verifyIndex, verifyIndexNow } from './verify-index.ts'

/** What a client is told when no index is served (503 body); details go to the log. */
export type IndexProblem = 'no index loaded' | 'index refused'

/** What happened on a look at the directory, for the log and metrics. */
export type LoadEvent =
  | {
      kind: 'loaded'
      index: Index
      /** ms to copy the build (null: not copied; 0: the copy of a previous run, kept) */
      copyMs: number | null
      openMs: number
      checkMs: number
      previous: string | null
    }
  | { kind: 'in-place'; reason: string }
  | { kind: 'same'; buildId: string }
  | { kind: 'refused'; reason: string; buildId: string | null; serving: string | null }
  | { kind: 'missing'; reason: string }
  | { kind: 'lost'; reason: string; buildId: string }

/** The files every index directory has, manifest first (a snapshot starting `-|` has none). */
const WATCHED = [MANIFEST_FILE, ...FIXED_INDEX_FILES]

/** The stored answers files in `dir` (their number varies with the build), by name. */
function answersFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter(isAnswersFileName).sort()
  } catch {
    return []
  }
}

/**
 * inode, size and mtime of every watched file and of the stored answers files there are
 * (`-` for a missing one, `!CODE` for one that cannot be looked at), as one string.
 */
function snapshotOf(dir: string): string {
  return [...WATCHED, ...answersFilesIn(dir)]
    .map((name) => {
      try {
        const st = statSync(join(dir, name))
        return `${st.ino}:${st.size}:${st.mtimeMs}`
      } catch (error) {
        // missing is `-`; a file that cannot be looked at (EACCES) is not missing
        const code = (error as NodeJS.ErrnoException).code
        return code === 'ENOENT' || code === 'ENOTDIR' ? '-' : `!${code}`
      }
    })
    .join('|')
}

/** Options of a holder. */
export interface HolderOptions {
  /** how the served files are held: mapped (default) or read into memory */
  mode?: IndexMode
  /**
   * serve private copies made under this directory (`<dir>.serving`, serving-copy.ts) rather
   * than the directory's own files; where it cannot be made (a read-only parent) the
   * directory's files are served in place, said once (`in-place`)
   */
  copies?: string
  onEvent?: (event: LoadEvent) => void
}

/** Times of one load, ms. */
interface LoadTimes {
  copyMs: number | null
  openMs: number
  checkMs: number
}

/** The served index of a directory. */
export class IndexHolder {
  /** the served index: opened and checked */
  current: Index | null = null
  /** why nothing is served (when current is null), as told to clients */
  problem: IndexProblem = 'no index loaded'
  /** builds swapped in, builds refused (counters for /metrics) */
  readonly counts = { swaps: 0, refusals: 0 }
  readonly mode: IndexMode
  /** where the served copies are made (null: the directory's own files are served) */
  private copies: ServingCopies | null
  /** the directory snapshot last looked at (loaded or refused): unchanged → nothing to do */
  private seen = ''
  private looking: Promise<boolean> | null = null
  private readonly onEvent: (event: LoadEvent) => void
  private watching: DirectoryWatch | null = null

  constructor(
    readonly dir: string,
    options: HolderOptions = {},
  ) {
    this.mode = options.mode ?? 'mmap'
    this.onEvent = options.onEvent ?? (() => {})
    this.copies = options.copies ? new ServingCopies(options.copies) : null
  }

  /** Whether builds are served from private copies (false: from the directory itself). */
  get copying(): boolean {
    return this.copies !== null
  }

  /**
   * Copies (or opens) and checks the directory's index at once (start-up); true when it is
   * served. A copy a previous run left of the same build is checked and served, not made
   * again.
   */
  loadNow(): boolean {
    this.seen = snapshotOf(this.dir)
    const copies = this.usableCopies()
    const kept = copies?.kept(this.dir)
    if (copies && kept) {
      try {
        this.serve(this.checkedNow(kept, 0), kept)
        return true
      } catch {
        copies.discard(kept)
      }
    }
    let copy: string | null = null
    try {
      const started = performance.now()
      copy = copies ? copies.copyNow(this.dir) : null
      this.serve(this.checkedNow(copy ?? this.dir, copy ? performance.now() - started : null), copy)
      return true
    } catch (error) {
      if (copy) copies?.discard(copy)
      this.refuse(error as Error, copy)
      return false
    }
  }

  /** Opens and checks `dir` at once: the index and the times it took. */
  private checkedNow(dir: string, copyMs: number | null): [Index, LoadTimes] {
    const started = performance.now()
    const index = openIndex(dir, this.mode)
    const opened = performance.now()
    verifyIndexNow(index)
    return [index, { copyMs, openMs: opened - started, checkMs: performance.now() - opened }]
  }

  /** The copies, once their directory exists; null (said once) when it cannot be made. */
  private usableCopies(): ServingCopies | null {
    const problem = this.copies?.prepare()
    if (problem) {
      this.copies = null
      this.onEvent({ kind: 'in-place', reason: problem })
    }
    return this.copies
  }

  /**
   * Looks at the directory; when anything in it changed, opens and checks it while the
   * current index keeps serving, then swaps it in or refuses it. Calls made while a look is
   * running share it. Resolves to true when a new index was swapped in.
   */
  reloadIfChanged(): Promise<boolean> {
    this.looking ??= this.look().finally(() => {
      this.looking = null
    })
    return this.looking
  }

  /** Looks again as soon as the directory reports a change (dir-watch.ts), not only at polls. */
  watch(): void {
    this.watching ??= new DirectoryWatch(this.dir, () => this.reloadIfChanged())
  }

  /** Stops watching (server shutdown, tests). */
  unwatch(): void {
    this.watching?.stop()
    this.watching = null
  }

  private async look(): Promise<boolean> {
    const snapshot = snapshotOf(this.dir)
    if (snapshot === this.seen) return false
    this.seen = snapshot
    this.dropIfEditedInPlace()
    const copies = this.usableCopies()
    let copy: string | null = null
    try {
      const started = performance.now()
      copy = copies ? await copies.copy(this.dir) : null
      const copied = performance.now()
      const index = openIndex(copy ?? this.dir, this.mode)
      const opened = performance.now()
      await verifyIndex(index)
      const times = {
        copyMs: copy ? copied - started : null,
        openMs: opened - copied,
        checkMs: performance.now() - opened,
      }
      // the build already served, found again (written over with the same bytes, say)
      if (copy && this.current?.buildId === index.buildId && this.current.dir !== this.dir) {
        copies?.discard(copy)
        this.onEvent({ kind: 'same', buildId: index.buildId })
        return false
      }
      this.serve([index, times], copy)
      return true
    } catch (error) {
      if (copy) copies?.discard(copy)
      this.refuse(error as Error, copy)
      return false
    }
  }

  /**
   * The directory's own files mapped: a served file whose inode is still in place but whose
   * size or mtime moved.
   */
  private dropIfEditedInPlace(): void {
    const index = this.current
    if (index?.mode !== 'mmap' || index.dir !== this.dir) return
    for (const file of index.files) {
      let st: ReturnType<typeof statSync>
      try {
        st = statSync(join(this.dir, file.name))
      } catch {
        continue
      }
      const was = file.identity
      if (st.ino === was.ino && (st.size !== was.size || st.mtimeMs !== was.mtimeMs)) {
        this.current = null
        this.problem = 'index refused'
        this.onEvent({
          kind: 'lost',
          reason: `${file.name} was changed in place (size ${was.size} → ${st.size}); its mapped bytes can no longer be trusted`,
          buildId: index.buildId,
        })
        return
      }
    }
  }

  /** Serves a checked index; a copy is put at its build's place and the others removed. */
  private serve([index, times]: [Index, LoadTimes], copy: string | null): void {
    if (copy && this.copies) {
      index.dir = this.copies.settle(copy, index.buildId)
      this.copies.prune(index.dir)
    }
    const previous = this.current?.buildId ?? null
    this.current = index
    this.counts.swaps++
    this.onEvent({ kind: 'loaded', index, ...times, previous })
  }

  /** Says why the directory's build is not served (a file of a copy named as in the directory). */
  private refuse(error: Error, copy: string | null = null): void {
    const reason = copy ? error.message.replaceAll(copy, this.dir) : error.message
    const missing = this.seen.startsWith('-|')
    if (missing) {
      if (!this.current) this.problem = 'no index loaded'
      this.onEvent({ kind: 'missing', reason })
      return
    }
    if (!this.current) this.problem = 'index refused'
    this.counts.refusals++
    let buildId: string | null = null
    try {
      buildId = String(readManifest(this.dir, { anyVersion: true }).buildId)
    } catch {}
    this.onEvent({
      kind: 'refused',
      reason,
      buildId,
      serving: this.current?.buildId ?? null,
    })
  }
}
