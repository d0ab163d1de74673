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
