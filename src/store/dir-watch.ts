/**
 * Noticing a change in an index directory at once: fs.watch (inotify) on the directory and
 * on its name in the parent, where a new build is renamed in. Best effort: where fs.watch is
 * unavailable the holder's polls remain. (A write through a hard link in another directory
 * raises no event here: the next poll sees it.)
 */
import { type FSWatcher, statSync, watch } from 'node:fs'
import { basename, dirname } from 'node:path'

/** Calls `look` when the directory at `path` changes; `stop` ends it. */
export class DirectoryWatch {
  private parent: FSWatcher | null = null
  private dir: FSWatcher | null = null
  private dirIno = -1
  private stopped = false

  /**
   * Starts watching: at most one `look` per 25 ms, so the burst of events of one copy or
   * rename makes one look; after each, the directory now at `path` is watched (a build
   * renamed in is another directory).
   */
  constructor(
    private readonly path: string,
    look: () => Promise<unknown>,
  ) {
    let pending = false
    const changed = () => {
      if (pending) return
      pending = true
      setTimeout(() => {
        pending = false
        void look().finally(() => this.watchDir(changed))
      }, 25)
    }
    const name = basename(path)
    try {
      this.parent = watch(dirname(path), (_, file) => {
        if (file === name) changed()
      })
      this.parent.on('error', () => {})
    } catch {}
    this.watchDir(changed)
  }

  /** Stops watching (server shutdown, tests). */
  stop(): void {
    this.stopped = true
    this.parent?.close()
    this.dir?.close()
  }

  /** (Re)watches the directory now at the path. */
  private watchDir(changed: () => void): void {
    if (this.stopped) return
    let ino = -1
    try {
      ino = statSync(this.path).ino
    } catch {}
    if (ino === this.dirIno) return
    this.dir?.close()
    this.dir = null
    this.dirIno = ino
    if (ino < 0) return
    try {
      this.dir = watch(this.path, changed)
      this.dir.on('error', () => {})
    } catch {}
  }
}
