/** Regions and their chart dates. */
import { CHARTS, type ChartName, normalizeName } from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { closest } from './suggest.ts'

/** A region with the charts and date span it has. */
export interface RegionInfo {
  id: number
  name: string
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
      charts,
      firstDate: sorted[0],
      lastDate: sorted[sorted.length - 1],
      days: sorted.length,
    })
  }
  return out
}

const lookups = new WeakMap<Index, Map<string, number>>()

/**
 * Region id of a name (case- and accent-insensitive), or -1. Names as given are remembered
 * per index (at most 4096), since NFKD normalisation costs more than the rest of a lookup.
 */
export function findRegion(index: Index, name: string): number {
  let seen = lookups.get(index)
  if (!seen) lookups.set(index, (seen = new Map()))
  let id = seen.get(name)
  if (id === undefined) {
    id = index.regionKeys.indexOf(normalizeName(name))
    if (seen.size >= 4096) seen.clear()
    seen.set(name, id)
  }
  return id
}

/** Region names close to `name`. */
export function suggestRegions(index: Index, name: string): string[] {
  const candidates = index.regionKeys.map((key, i) => ({ key, name: index.regions.text(i) }))
  return closest(normalizeName(name), candidates, 3)
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
