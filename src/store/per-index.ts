/**
 * The one way to keep something per open index: a value made on first use and kept while
 * that Index lives (a WeakMap keyed by it, so a swapped-out index takes its values with it,
 * and a new build never sees an old one's).
 */
import type { Index } from './open-index.ts'

/** `make(index)`, run once per index; later calls with that index return the same value. */
export function perIndex<T>(make: (index: Index) => T): (index: Index) => T {
  const values = new WeakMap<Index, T>()
  return (index) => {
    let value = values.get(index)
    if (value === undefined) {
      value = make(index)
      values.set(index, value)
    }
    return value
  }
}
