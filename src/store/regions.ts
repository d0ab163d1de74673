/** Regions and their chart dates. */

import { CHARTS, type ChartName, foldName, normalizeName } from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import { CODE_ALIASES } from '../../schema/region-table.ts'
import { BoundedCache } from '../bounded-cache.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { perIndex } from './per-index.ts'
import { closest, editDistance } from './suggest.ts'

/** A region with the charts and date span it has. */
export interface RegionInfo {
  id: number
  name: string
  /** ISO 3166-1 alpha-2 code in lower case ('global' for Global), null when unknown */
  code: string | null
  charts: ChartName[]
  firstDate: number
  lastDate: number
  /** distinct dates over all its charts */
  days: number
}

/** Every region, by name. Cost: one pass over each region's date lists (cache the answer). */
export function listRegions(index: Index): RegionInfo[] {
  const out: RegionInfo[] = []
  for (let id = 0; id < index.regionCount; id++) {
    const days = new Set<number>()
    const charts: ChartName[] = []
    for (const name of CHARTS) {
      const dates = regionDates(index.charts[name], id)
      if (dates.length === 0) continue
      charts.push(name)
      for (const d of dates) days.add(d)
    }
    if (charts.length === 0) continue
    const sorted = [...days].sort((a, b) => a - b)
    out.push({
      id,
      name: index.regions.text(id),
      code: index.regionCodes[id] || null,
      charts,
      firstDate: sorted[0],
      lastDate: sorted[sorted.length - 1],
      days: sorted.length,
    })
  }
  return out
}

/** What region lookups compare against (70-odd regions: plain arrays). */
interface RegionNames {
  /** display names */
  names: string[]
  /** folded names (foldName) */
  folds: string[]
  /** chart rows over both charts (ties between names that fold alike) */
  rows: number[]
  /** lower-case code → region id */
  codes: Map<string, number>
  /** names as given → id, remembered (at most 4096) */
  seen: BoundedCache<number>
}

/** Region names, folds, row counts and codes of an index (made once per index). */
const regionNames = perIndex((index): RegionNames => {
  const names = Array.from({ length: index.regionCount }, (_, i) => index.regions.text(i))
  const rows = names.map((_, id) => {
    let n = 0
    for (const chart of CHARTS) {
      const c = index.charts[chart]
      n += c.dateRowOffsets[c.regionDateOffsets[id + 1]] - c.dateRowOffsets[c.regionDateOffsets[id]]
    }
    return n
  })
  const codes = new Map<string, number>()
  index.regionCodes.forEach((code, id) => {
    if (code) codes.set(code, id)
  })
  return {
    names,
    folds: names.map(foldName),
    rows,
    codes,
    seen: new BoundedCache<number>(4096, 1 << 12),
  }
})

function lookupRegion(r: RegionNames, name: string): number {
  const exact = r.names.indexOf(name)
  if (exact >= 0) return exact
  const lower = name.trim().toLowerCase()
  // code aliases beyond ISO 3166-1 (docs/API.md): `uk` is the United Kingdom's `gb`
  const code = r.codes.get(CODE_ALIASES.get(lower) ?? lower)
  if (code !== undefined) return code
  const fold = foldName(name)
  let best = -1
  for (let id = 0; id < r.folds.length; id++) {
    if (r.folds[id] !== fold) continue
    if (best < 0 || r.rows[id] > r.rows[best]) best = id
    // an exact match (up to case and accents) wins over more rows
    if (normalizeName(r.names[id]) === normalizeName(name)) return id
  }
  return best
}

/**
 * Region id of a name or code, or -1 (docs/API.md): the name as given, else an ISO 3166-1 alpha-2
 * code in any case (`global` for Global, `uk` for `gb`), else the folded name (case-, accent-
 * and punctuation-insensitive; where several fold alike, an exact match up to case and
 * accents wins, else the one with the most chart rows). Answers are remembered per index (at
 * most 4096 names), since NFKD normalisation costs more than the rest of a lookup.
 */
export function findRegion(index: Index, name: string): number {
  const r = regionNames(index)
  let id = r.seen.get(name)
  if (id === undefined) {
    id = lookupRegion(r, name)
    r.seen.set(name, id)
  }
  return id
}

/**
 * Region names close to `name` (by name or by code); when nothing is close, the regions
 * with the most chart rows, so that a 404 always shows what to try.
 */
export function suggestRegions(index: Index, name: string): string[] {
  const r = regionNames(index)
  const lower = name.trim().toLowerCase()
  const byCode: string[] = []
  if (lower.length === 2) {
    // codes one letter off (`ux` → us, uy, ua)
    index.regionCodes.forEach((code, i) => {
      if (code.length === 2 && editDistance(lower, code) <= 1) byCode.push(r.names[i])
    })
  }
  const candidates = r.names.map((n, i) => ({ key: r.folds[i], name: n }))
  const close = [...new Set([...byCode.sort(), ...closest(foldName(name), candidates, 3)])]
  if (close.length > 0) return close.slice(0, 3)
  return r.names
    .map((n, i) => ({ n, rows: r.rows[i] }))
    .sort((a, b) => b.rows - a.rows)
    .slice(0, 3)
    .map((x) => x.n)
}

/** The region's dates on a chart, ascending day numbers (a view: zero copy). */
export function regionDates(chart: ChartIndex, region: number): Uint16Array {
  return chart.dates.subarray(chart.regionDateOffsets[region], chart.regionDateOffsets[region + 1])
}

/** Global date position of `day` in the region's dates, or -1. O(log dates). */
export function findDatePosition(chart: ChartIndex, region: number, day: number): number {
  const end = chart.regionDateOffsets[region + 1]
  const dates = chart.dates
  const i = lowerBound(chart.regionDateOffsets[region], end, (k) => dates[k] < day)
  return i < end && dates[i] === day ? i : -1
}

/** The available dates just before and just after `day` (day numbers; up to two). */
export function nearestDates(chart: ChartIndex, region: number, day: number): number[] {
  const start = chart.regionDateOffsets[region]
  const end = chart.regionDateOffsets[region + 1]
  const lo = lowerBound(start, end, (k) => chart.dates[k] < day)
  const out: number[] = []
  if (lo - 1 >= start) out.push(chart.dates[lo - 1])
  if (lo < end) out.push(chart.dates[lo])
  return out
}

/** Global date position of the region's latest date on the chart, or -1. */
export function latestDatePosition(chart: ChartIndex, region: number): number {
  const end = chart.regionDateOffsets[region + 1]
  return end > chart.regionDateOffsets[region] ? end - 1 : -1
}
