/** Close-name suggestions for 404 answers: edit distance over a small candidate set. */

/** Levenshtein distance, capped: returns `cap + 1` as soon as it is exceeded. */
export function editDistance(a: string, b: string, cap = 64): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > cap) return cap + 1
    prev = cur
  }
  return prev[b.length]
}

/**
 * Up to `max` candidates closest to `query` (both normalised): prefix matches first, then
 * by edit distance, keeping only those within a third of the query's length (at least 2).
 */
export function closest(
  query: string,
  candidates: readonly { key: string; name: string }[],
  max = 5,
): string[] {
  const cap = Math.max(2, Math.ceil(query.length / 3))
  const scored: { name: string; score: number }[] = []
  for (const c of candidates) {
    const prefix = c.key.startsWith(query) || query.startsWith(c.key)
    const d = prefix ? 0 : editDistance(query, c.key, cap)
    if (d <= cap) scored.push({ name: c.name, score: d + (prefix ? 0 : 1) })
  }
  scored.sort((x, y) => x.score - y.score || (x.name < y.name ? -1 : 1))
  return [...new Set(scored.map((s) => s.name))].slice(0, max)
}

let prevRow = new Int32Array(64)
let curRow = new Int32Array(64)

/**
 * Levenshtein distance of `a` and `b[start..end)` (UTF-16 units; default all of `b`), or
 * `cap + 1` as soon as it must exceed `cap`. Two reused typed rows, no allocation: the
 * whole-catalog scans of `nearestNames` and `nearestTitles` call it hundreds of thousands of
 * times per query.
 */
export function boundedDistance(
  a: string,
  b: string,
  cap: number,
  start = 0,
  end = b.length,
): number {
  const n = a.length
  const m = end - start
  if (Math.abs(n - m) > cap) return cap + 1
  if (m + 1 > prevRow.length) {
    prevRow = new Int32Array(2 * (m + 1))
    curRow = new Int32Array(2 * (m + 1))
  }
  let prev = prevRow
  let cur = curRow
  for (let j = 0; j <= m; j++) prev[j] = j
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(i - 1)
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1] + (ca === b.charCodeAt(start + j - 1) ? 0 : 1)
      const del = prev[j] + 1
      const ins = cur[j - 1] + 1
      const v = Math.min(sub, del, ins)
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > cap) return cap + 1
    const t = prev
    prev = cur
    cur = t
  }
  return prev[m]
}

/**
 * Positions of the up to `max` keys closest to `query` by edit distance, within a third of
 * the query's length (at least 2), closest first; ties by `weight` (desc), then position.
 * Cost: one bounded distance per key whose length is within reach (the bound tightens to the
 * worst kept distance once `max` are kept).
 */
export function nearestNames(
  query: string,
  keys: readonly string[],
  weight: (i: number) => number,
  max = 5,
): number[] {
  return nearestBy(
    query,
    keys.length,
    (i, cap) => boundedDistance(query, keys[i], cap),
    weight,
    max,
  )
}

/**
 * Positions among `count` candidates of the up to `max` closest to `query` by `distance(i, cap)`
 * (a distance, or anything above `cap` when it exceeds it), within a third of the query's
 * length (at least 2), closest first; ties by `weight` (desc), then position. The bound
 * tightens to the worst kept distance once `max` are kept.
 */
export function nearestBy(
  query: string,
  count: number,
  distance: (i: number, cap: number) => number,
  weight: (i: number) => number,
  max = 5,
): number[] {
  let cap = Math.max(2, Math.ceil(query.length / 3))
  const kept: { i: number; d: number; w: number }[] = []
  const worse = (x: { d: number; w: number; i: number }, y: { d: number; w: number; i: number }) =>
    x.d - y.d || y.w - x.w || x.i - y.i
  for (let i = 0; i < count; i++) {
    const d = distance(i, cap)
    if (d > cap) continue
    kept.push({ i, d, w: weight(i) })
    if (kept.length > max) {
      kept.sort(worse)
      kept.length = max
      cap = kept[max - 1].d
    }
  }
  return kept.sort(worse).map((k) => k.i)
}
