/**
 * Holds the open index and swaps in a newly published one. A swap is one reference
 * assignment between requests (handlers read the index synchronously), so no request ever
 * sees half of two indexes; the old mapping is released once nothing references it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Index, openIndex } from './open-index.ts'

/** What happened on a load attempt, for the log. */
export type LoadEvent =
  | { kind: 'loaded'; index: Index; ms: number; previous: string | null }
  | { kind: 'failed'; message: string }

/** The current index of a directory. */
export class IndexHolder {
  current: Index | null = null
  /** why no index is loaded (when current is null) */
  problem = 'not loaded yet'

  constructor(
    readonly dir: string,
    private readonly onEvent: (event: LoadEvent) => void = () => {},
  ) {}

  /** Opens the directory's index and swaps it in; keeps the current one on failure. */
  load(): boolean {
    const started = performance.now()
    try {
      const index = openIndex(this.dir)
      const previous = this.current?.buildId ?? null
      this.current = index
      this.onEvent({ kind: 'loaded', index, ms: performance.now() - started, previous })
      return true
    } catch (error) {
      const message = (error as Error).message
      if (!this.current) this.problem = message
      this.onEvent({ kind: 'failed', message })
      return false
    }
  }

  /** Loads again when the published manifest names another build (one small file read). */
  reloadIfChanged(): boolean {
    const path = join(this.dir, 'manifest.json')
    if (!existsSync(path)) return false
    let buildId: string | undefined
    try {
      buildId = JSON.parse(readFileSync(path, 'utf8')).buildId
    } catch {
      return false
    }
    if (buildId === this.current?.buildId) return false
    return this.load()
  }
}
