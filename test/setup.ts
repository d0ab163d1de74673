/**
 * Preloaded before the test files (bunfig.toml): what a test run shares across files (the
 * served datasets, the sample index) is released once, after the last file. Under `bun test`
 * no process 'exit' hook runs, and a file's afterAll runs before the next file starts.
 */
import { afterAll } from 'bun:test'

const cleanups: (() => unknown)[] = []

/** Runs `cleanup` once the last test file is done (cleanups run last registered first). */
export function atRunEnd(cleanup: () => unknown): void {
  cleanups.push(cleanup)
}

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
