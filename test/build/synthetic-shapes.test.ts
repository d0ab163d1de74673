/**
 * The two catalog shapes, read back from the parquet files independently of the generator:
 * the wide shape has less day-to-day overlap, more local hits (tracks charting in one region
 * only), shorter runs of days, tracks coming back for more runs and fewer artists than the
 * default shape at the same scale and seed; both keep the chart rules; the default shape's
 * output is pinned byte for byte (the sample and the recorded benchmarks were made with it).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../../build/gen-data.ts'
import { SCALES, type Scale } from '../../build/synthetic.ts'
import { SHAPES } from '../../build/synthetic-shapes.ts'
import { type RawRow, readRows, tempDir } from '../helpers.ts'

const tmp = tempDir()
// as many releases per region as the full scale has (~8 a day), so the catalog is not the limit
const SCALE: Scale = { ...SCALES.small, regions: 12, days: 60, releasesPerDay: 100 }
const rows: Record<string, RawRow[]> = {}

beforeAll(async () => {
  for (const shape of ['default', 'wide']) {
    const out = join(tmp.dir, `${shape}.parquet`)
    await generateDataset({ scale: SCALE, shape: SHAPES[shape], seed: 42, out })
    rows[shape] = await readRows(out)
  }
}, 120_000)
afterAll(() => tmp.cleanup())

const DAY = 86_400_000

/** What tells the shapes apart, computed naively from rows. */
function shapeFacts(list: RawRow[]) {
  const regionsOf = new Map<string, Set<string>>()
  const artists = new Set<string>()
  const top = new Map<string, Map<string, Set<string>>>() // region → date → track urls
  for (const r of list) {
    let regions = regionsOf.get(r.url)
    if (!regions) regionsOf.set(r.url, (regions = new Set()))
    regions.add(r.region)
    for (const a of r.artist.split(', ')) artists.add(a)
    if (r.chart !== 'top200') continue
    let days = top.get(r.region)
    if (!days) top.set(r.region, (days = new Map()))
    let urls = days.get(r.date)
    if (!urls) days.set(r.date, (urls = new Set()))
    urls.add(r.url)
  }
  // share of a day's top200 tracks that were on the region's chart the day before
  let overlap = 0
  let pairs = 0
  // runs: consecutive chart days of a track in a region
  let runs = 0
  let runDays = 0
  const runsOf = new Map<string, number>()
  for (const [region, days] of top) {
    const dates = [...days.keys()].sort()
    const last = new Map<string, number>()
    for (let i = 0; i < dates.length; i++) {
      const day = Date.parse(dates[i]) / DAY
      const urls = days.get(dates[i])!
      const before =
        i > 0 && Date.parse(dates[i - 1]) / DAY === day - 1 ? days.get(dates[i - 1]) : undefined
      if (before) {
        let shared = 0
        for (const u of urls) if (before.has(u)) shared++
        overlap += shared / urls.size
        pairs++
      }
      for (const u of urls) {
        runDays++
        if (last.get(u) !== day - 1) {
          runs++
          const key = `${u}|${region}`
          runsOf.set(key, (runsOf.get(key) ?? 0) + 1)
        }
        last.set(u, day)
      }
    }
  }
  const oneRegion = [...regionsOf.values()].filter((s) => s.size === 1).length
  return {
    tracks: regionsOf.size,
    artists: artists.size,
    overlap: overlap / pairs,
    oneRegion: oneRegion / regionsOf.size,
    meanRun: runDays / runs,
    runsPerTrackRegion: runs / runsOf.size,
  }
}

describe('catalog shapes (12 regions, 60 days, 100 releases a day)', () => {
  test('wide: less day-to-day overlap, more local hits, shorter runs, tracks back for more runs, fewer artists', () => {
    const d = shapeFacts(rows.default)
    const w = shapeFacts(rows.wide)
    expect(d.overlap).toBeGreaterThan(0.95)
    expect(w.overlap).toBeLessThan(d.overlap - 0.02)
    expect(w.oneRegion).toBeGreaterThan(d.oneRegion + 0.02)
    expect(w.meanRun).toBeLessThan(d.meanRun * 0.75)
    expect(w.runsPerTrackRegion).toBeGreaterThan(d.runsPerTrackRegion)
    expect(w.artists).toBeLessThan(d.artists * 0.8)
    // the same amount of chart data
    expect(Math.abs(rows.wide.length - rows.default.length)).toBeLessThan(
      rows.default.length * 0.02,
    )
  })

  test('wide: every top200 day ranks 1..n with streams never rising; viral50 has none', () => {
    const days = new Map<string, RawRow[]>()
    for (const r of rows.wide) {
      const key = `${r.chart}|${r.region}|${r.date}`
      let list = days.get(key)
      if (!list) days.set(key, (list = []))
      list.push(r)
    }
    expect(days.size).toBeGreaterThan(SCALE.regions * 40)
    for (const [key, list] of days) {
      const sorted = [...list].sort((a, b) => a.rank - b.rank)
      expect(sorted.map((r) => r.rank)).toEqual(sorted.map((_, i) => i + 1))
      for (let i = 0; i < sorted.length; i++) {
        const s = sorted[i].streams
        if (key.startsWith('viral50|')) expect(s).toBeNull()
        else if (s === null || (i > 0 && s > sorted[i - 1].streams!))
          throw new Error(`${key}: rank ${i + 1} has ${s} streams after ${sorted[i - 1]?.streams}`)
      }
    }
  })

  test('the default shape writes the same bytes as before shapes existed (CSV, seed 42)', async () => {
    const out = join(tmp.dir, 'pinned.csv')
    await generateDataset({ scale: { ...SCALES.tiny, regions: 3, days: 8 }, seed: 42, out })
    // past the line that marks the file synthetic (added later): the same header and rows
    const text = readFileSync(out, 'utf8')
    expect(text).toStartWith('#spotify-charts-api.synthetic {')
    const rows = text.slice(text.indexOf('\n') + 1)
    const sha = createHash('sha256').update(rows).digest('hex')
    expect(sha).toBe(PINNED_SHA256)
  })
})

/**
 * SHA-256 of `gen-data --scale tiny --regions 3 --days 8 --seed 42` as CSV, made before shapes
 * existed (and before its first line marked it synthetic).
 */
const PINNED_SHA256 = 'a2acd0204c15c03aa8fb8422b811bc5f28e3914691df0bd9798073ae12747661'
