/**
 * The synthetic data as a chart fan would check it, read back from the parquet file
 * independently of the generator: top200 streams never rise with rank, viral50 has none,
 * and the built-in sample keeps the quirks the pipeline must handle (comma names, accents,
 * other scripts, quotes, missing days, regions joining late). Deterministic by seed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../../build/gen-data.ts'
import { SCALES } from '../../build/synthetic.ts'
import { REGIONS } from '../../build/synthetic-names.ts'
import { type RawRow, readRows, tempDir } from '../helpers.ts'

const tmp = tempDir()
let rows: RawRow[]
const DAY = 86_400_000

beforeAll(async () => {
  const out = join(tmp.dir, 'small.parquet')
  await generateDataset({ scale: SCALES.small, seed: 42, out })
  rows = await readRows(out)
}, 120_000)
afterAll(() => tmp.cleanup())

/** Rows grouped by `chart|region|date`. */
function byChartDay(): Map<string, RawRow[]> {
  const days = new Map<string, RawRow[]>()
  for (const r of rows) {
    const key = `${r.chart}|${r.region}|${r.date}`
    let list = days.get(key)
    if (!list) days.set(key, (list = []))
    list.push(r)
  }
  return days
}

describe('synthetic data (the built-in sample, scale small)', () => {
  test('every top200 day: ranks 1..n and streams never rising with rank; viral50 has no streams', () => {
    let days = 0
    let pairs = 0
    for (const [key, list] of byChartDay()) {
      const sorted = [...list].sort((a, b) => a.rank - b.rank)
      expect(sorted.map((r) => r.rank)).toEqual(sorted.map((_, i) => i + 1))
      if (key.startsWith('viral50|')) {
        expect(sorted.every((r) => r.streams === null)).toBe(true)
        continue
      }
      days++
      for (let i = 1; i < sorted.length; i++) {
        pairs++
        const [a, b] = [sorted[i - 1].streams, sorted[i].streams]
        if (a === null || b === null || b > a)
          throw new Error(`${key}: rank ${i + 1} has ${b} streams after ${a}`)
      }
    }
    expect(days).toBeGreaterThan(500)
    expect(pairs).toBeGreaterThan(100_000)
  })

  test('real region names, Global first; some regions join late; some days are missing', () => {
    const names = [...new Set(rows.map((r) => r.region))]
    expect(names.length).toBe(SCALES.small.regions)
    expect(names[0]).toBe('Global')
    const known = new Set(REGIONS.map((r) => r.name))
    for (const name of names) expect(known.has(name)).toBe(true)
    const first = new Map<string, string>()
    const dates = new Map<string, Set<string>>()
    for (const r of rows) {
      if (!first.has(r.region) || r.date < first.get(r.region)!) first.set(r.region, r.date)
      const key = `${r.chart}|${r.region}`
      let set = dates.get(key)
      if (!set) dates.set(key, (set = new Set()))
      set.add(r.date)
    }
    const start = first.get('Global')!
    expect([...first.values()].filter((d) => d > start).length).toBeGreaterThan(0)
    // a gap: a chart of a region with fewer dates than its first-to-last span
    const gaps = [...dates.values()].filter((set) => {
      const sorted = [...set].sort()
      const span = (Date.parse(sorted.at(-1)!) - Date.parse(sorted[0])) / DAY + 1
      return set.size < span
    })
    expect(gaps.length).toBeGreaterThan(0)
  })

  test('names: comma names in credits, accents, other scripts, quotes, commas in titles', () => {
    const artists = rows.map((r) => r.artist)
    const titles = rows.map((r) => r.title)
    for (const name of ['Tyler, The Creator', 'Earth, Wind & Fire', 'Beyoncé'])
      expect(artists.some((a) => a.includes(name))).toBe(true)
    expect(artists.some((a) => /[, ]/.test(a) && a.split(', ').length >= 2)).toBe(true)
    expect(artists.some((a) => /[À-ÿŁłŒœ]/.test(a))).toBe(true)
    for (const script of ['Hiragana', 'Hangul', 'Cyrillic']) {
      const re = new RegExp(`\\p{Script=${script}}`, 'u')
      expect(artists.some((a) => re.test(a)) || titles.some((t) => re.test(t))).toBe(true)
    }
    expect(titles.some((t) => t.includes('"'))).toBe(true)
    expect(titles.some((t) => t.includes(', '))).toBe(true)
  })

  test('the same seed gives the same file; another seed another', async () => {
    const scale = { ...SCALES.tiny, regions: 3, days: 8 }
    const a = join(tmp.dir, 'a.parquet')
    const b = join(tmp.dir, 'b.parquet')
    const c = join(tmp.dir, 'c.parquet')
    await generateDataset({ scale, seed: 9, out: a })
    await generateDataset({ scale, seed: 9, out: b })
    await generateDataset({ scale, seed: 10, out: c })
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false)
  })
})

test('the full scale has the 70 real regions', () => {
  expect(SCALES.full.regions).toBe(70)
  expect(new Set(REGIONS.map((r) => r.name)).size).toBe(70)
})
