/**
 * Holds the served index and swaps in newly published ones, serving only what passed the
 * check (verify-index.ts). A swap is one reference assignment between requests (handlers
 * read the index synchronously), so no request ever sees half of two indexes; an old
 * mapping is released once nothing references it (see mmap.ts).
 *
 * What it watches: manifest.json and every index file, by inode, size and mtime (a few stat
 * calls per look). A new build renamed into place changes the inodes; a file copied over or
 * truncated in place keeps its inode and changes size or mtime. Either way the directory is
 * opened and checked again while the current index keeps serving; a build that fails is
 * refused, logged once, and not tried again until something in the directory changes.
 *
 * An in-place change to a file the served index maps (mmap mode) reaches the served bytes
 * too: that index is dropped at once (503 `index refused`) rather than answer from bytes
 * nobody checked. In memory mode the served copy is unaffected and keeps serving.
 *
 * When to look: on every poll (the server's timer, SIGHUP) and, with `watch()`, as soon as
 * the kernel reports a change in the directory or a rename of it (fs.watch, inotify), so an
 * in-place write is noticed within milliseconds rather than at the next poll. (Writing over a
 * mapped file in place can still kill the process: a read past the new end of a truncated
 * mapping is a SIGBUS. Install by rename: `charts install-index`, or the pull.)
 */
import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { CHARTS, INDEX_FILES } from '../../schema/format.ts'
import type { IndexMode } from './mmap.ts'
import { type Index, openIndex } from './open-index.ts'
import { verifyIndex, verifyIndexNow } from './verify-index.ts'

/** What a client is told when no index is served (503 body); details go to the log. */
export type IndexProblem = 'no index loaded' | 'index refused'

/** What happened on a look at the directory, for the log and metrics. */
export type LoadEvent =
  | { kind: 'loaded'; index: Index; openMs: number; checkMs: number; previous: string | null }
  | { kind: 'refused'; reason: string; buildId: string | null; serving: string | null }
  | { kind: 'missing'; reason: string }
  | { kind: 'lost'; reason: string; buildId: string }

const WATCHED = [
  'manifest.json',
  INDEX_FILES.catalog,
  ...CHARTS.map((c) => INDEX_FILES[c]),
  INDEX_FILES.weekly,
  INDEX_FILES.tops,
]

/** inode, size and mtime of every watched file (`-` for a missing one), as one string. */
function snapshotOf(dir: string): string {
  return WATCHED.map((name) => {
    try {
      const st = statSync(join(dir, name))
      return `${st.ino}:${st.size}:${st.mtimeMs}`
    } catch {
      return '-'
    }
  }).join('|')
}

/** Options of a holder. */
export interface HolderOptions {
  mode?: IndexMode
  onEvent?: (event: LoadEvent) => void
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
  /** the directory snapshot last looked at (loaded or refused): unchanged → nothing to do */
  private seen = ''
  private looking: Promise<boolean> | null = null
  private readonly onEvent: (event: LoadEvent) => void
  private watchers: { parent: FSWatcher | null; dir: FSWatcher | null; dirIno: number } | null =
    null

  constructor(
    readonly dir: string,
    options: HolderOptions = {},
  ) {
    this.mode = options.mode ?? 'mmap'
    this.onEvent = options.onEvent ?? (() => {})
  }

  /** Opens and checks the directory's index at once (start-up); true when it is served. */
  loadNow(): boolean {
    this.seen = snapshotOf(this.dir)
    const started = performance.now()
    let index: Index
    try {
      index = openIndex(this.dir, this.mode)
      const opened = performance.now()
      verifyIndexNow(index)
      this.swapIn(index, opened - started, performance.now() - opened)
      return true
    } catch (error) {
      this.refuse(error as Error)
      return false
    }
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

  /**
   * Looks again whenever the directory (or its name in the parent, where a new build is
   * renamed in) reports a change: at most one look per 25 ms, so the burst of events of one
   * copy or rename makes one look. Best effort: where fs.watch is unavailable the polls remain.
   */
  watch(): void {
    if (this.watchers) return
    let pending = false
    const changed = () => {
      if (pending) return
      pending = true
      setTimeout(() => {
        pending = false
        void this.reloadIfChanged().finally(() => this.watchDir(changed))
      }, 25)
    }
    const name = basename(this.dir)
    let parent: FSWatcher | null = null
    try {
      parent = watch(dirname(this.dir), (_, file) => {
        if (file === name) changed()
      })
      parent.on('error', () => {})
    } catch {}
    this.watchers = { parent, dir: null, dirIno: -1 }
    this.watchDir(changed)
  }

  /** Stops watching (server shutdown, tests). */
  unwatch(): void {
    this.watchers?.parent?.close()
    this.watchers?.dir?.close()
    this.watchers = null
  }

  /** (Re)watches the directory now at the path: a build renamed in is another directory. */
  private watchDir(changed: () => void): void {
    const w = this.watchers
    if (!w) return
    let ino = -1
    try {
      ino = statSync(this.dir).ino
    } catch {}
    if (ino === w.dirIno) return
    w.dir?.close()
    w.dir = null
    w.dirIno = ino
    if (ino < 0) return
    try {
      w.dir = watch(this.dir, changed)
      w.dir.on('error', () => {})
    } catch {}
  }

  private async look(): Promise<boolean> {
    const snapshot = snapshotOf(this.dir)
    if (snapshot === this.seen) return false
    this.seen = snapshot
    this.dropIfEditedInPlace()
    const started = performance.now()
    let index: Index
    try {
      index = openIndex(this.dir, this.mode)
      const opened = performance.now()
      await verifyIndex(index)
      this.swapIn(index, opened - started, performance.now() - opened)
      return true
    } catch (error) {
      this.refuse(error as Error)
      return false
    }
  }

  /** mmap mode: a served file whose inode is still in place but whose size or mtime moved. */
  private dropIfEditedInPlace(): void {
    const index = this.current
    if (index?.mode !== 'mmap') return
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

  private swapIn(index: Index, openMs: number, checkMs: number): void {
    const previous = this.current?.buildId ?? null
    this.current = index
    this.counts.swaps++
    this.onEvent({ kind: 'loaded', index, openMs, checkMs, previous })
  }

  private refuse(error: Error): void {
    const missing = this.seen.startsWith('-|')
    if (missing) {
      if (!this.current) this.problem = 'no index loaded'
      this.onEvent({ kind: 'missing', reason: error.message })
      return
    }
    if (!this.current) this.problem = 'index refused'
    this.counts.refusals++
    let buildId: string | null = null
    try {
      buildId = String(JSON.parse(readFileSync(join(this.dir, 'manifest.json'), 'utf8')).buildId)
    } catch {}
    this.onEvent({
      kind: 'refused',
      reason: error.message,
      buildId,
      serving: this.current?.buildId ?? null,
    })
  }
}
