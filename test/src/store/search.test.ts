/**
 * Search from the mapped index: prefix and word matches ranked by chart rows, as a naive
 * computation over the rows read from the parquet file finds them.
 */
import { describe, expect, test } from 'bun:test'
import { search } from '../../../src/store/search.ts'
import { naiveKey, naiveSplit } from '../../helpers.ts'
import { idOf, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()

describe('search vs naive computation', () => {
  test('search: prefix and word matches, ranked by chart rows', () => {
    const artistRows = new Map<string, { name: string; rows: number }>()
    const trackRows = new Map<string, number>()
    for (const r of sample.rows) trackRows.set(idOf(r.url), (trackRows.get(idOf(r.url)) ?? 0) + 1)
    const seen = new Set<string>()
    for (const r of sample.rows) {
      const id = idOf(r.url)
      if (seen.has(id)) continue
      seen.add(id)
      for (const name of naiveSplit(r.artist)) {
        const key = naiveKey(name)
        const entry = artistRows.get(key) ?? { name, rows: 0 }
        entry.rows += trackRows.get(id)!
        artistRows.set(key, entry)
      }
    }
    const words = (key: string) => [key, ...key.split(/[^\p{L}\p{N}]+/u).filter(Boolean)]
    for (const q of ['tyler', 'the cre', 'BEYON', 'ka', 'Corazon', 'love']) {
      const k = naiveKey(q)
      const hits = search(sample.index, q, 10)
      // short queries are answered from a per-sample.index memo the second time: the same hits,
      // and the limit is part of what it remembers
      expect(search(sample.index, q, 10)).toEqual(hits)
      expect(search(sample.index, q, 3).artists).toEqual(hits.artists.slice(0, 3))
      const want = [...artistRows.entries()]
        .filter(([key]) => words(key).some((w) => w.startsWith(k)) || key.includes(` ${k}`))
        .sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : 1))
        .slice(0, 10)
        .map(([key]) => key)
      expect(hits.artists.map((a) => sample.index.artistKeys.text(a))).toEqual(want)
      for (const t of hits.tracks) {
        const title = naiveKey(sample.index.titles.text(t))
        expect(
          title.startsWith(k) ||
            title.includes(` ${k}`) ||
            words(title).some((w) => w.startsWith(k)),
        ).toBe(true)
      }
    }
  })
})
