/** The one binary search of the project, shared by the pipeline and the reader. */

/**
 * First i in [lo, hi) for which `before(i)` is false, or hi. `before` must be true on a
 * prefix of the range and false after it: over a sorted range, `before(i)` is "element i
 * sorts before the key". O(log(hi - lo)) calls of `before`.
 */
export function lowerBound(lo: number, hi: number, before: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(mid)) lo = mid + 1
    else hi = mid
  }
  return lo
}
