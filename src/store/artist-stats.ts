/** An artist's totals (docs/API.md v2 `stats`) over the same rows as its track list. */

import type { ChartName } from '../../schema/format.ts'
import { lowerBoundRegion, pointDate, pointRegion } from '../../schema/points.ts'
import { BoundedCache } from '../bounded-cache.ts'
import { type ArtistFilter, type ArtistTrack, artistTracks, isWholeChart } from './artists.ts'
import type { Index } from './open-index.ts'

/** The `stats` of an /artist answer; dates as day numbers, -1 when it has no rows. */
export interface ArtistStats {
  tracks: number
  /** null on viral50 (no streams) */
  totalStreams: number | null
  peakRank: number
  numberOnes: number
  topTens: number
  /** distinct (region, date) pairs with at least one of its rows */
  chartDays: number
  firstDate: number
  lastDate: number
  regions: number
}

/**
 * A stamp per (region, day) of a chart's date span, for counting distinct pairs in one pass
 * without a set or a sort (regions × days × 4 bytes: about 0.5 MB for 70 regions × 5 years;
 * made once per index and chart).
 */
class PairStamps {
  readonly stamps: Uint32Array
  private stamp = 0
  constructor(
    regions: number,
    readonly firstDay: number,
    readonly span: number,
  ) {
    this.stamps = new Uint32Array(Math.max(1, regions * span))
  }
  /** A stamp not yet used in `stamps`. */
  next(): number {
    this.stamp = (this.stamp + 1) >>> 0
    if (this.stamp === 0) {
      this.stamps.fill(0)
      this.stamp = 1
    }
    return this.stamp
  }
}

const scratch = new WeakMap<Index, Map<ChartName, PairStamps>>()

function pairStamps(index: Index, chart: ChartName): PairStamps {
  let byChart = scratch.get(index)
  if (!byChart) scratch.set(index, (byChart = new Map()))
  let s = byChart.get(chart)
  if (!s) {
    const dates = index.charts[chart].dates
    let first = 0xffff
    let last = 0
    for (let i = 0; i < dates.length; i++) {
      if (dates[i] < first) first = dates[i]
      if (dates[i] > last) last = dates[i]
    }
    s = new PairStamps(index.regionCount, first, Math.max(0, last - first + 1))
    byChart.set(chart, s)
  }
  return s
}

/**
 * Totals over `tracks` (the artist's tracks under `filter`, as artistTracks gives them); the
 * distinct regions and (region, date) pairs need one pass over their points under the filter.
 * Cost: O(points) of the artist's tracks.
 */
export function artistStats(
  index: Index,
  tracks: ArtistTrack[],
  filter: ArtistFilter,
): ArtistStats {
  const stats: ArtistStats = {
    tracks: tracks.length,
    totalStreams: filter.chart === 'viral50' ? null : 0,
    peakRank: -1,
    numberOnes: 0,
    topTens: 0,
    chartDays: 0,
    firstDate: -1,
    lastDate: -1,
    regions: 0,
  }
  const chart = index.charts[filter.chart]
  const seen = pairStamps(index, filter.chart)
  const stamp = seen.next()
  const regionSeen = new Uint8Array(index.regionCount)
  for (const t of tracks) {
    if (stats.totalStreams !== null && t.totalStreams > 0) stats.totalStreams += t.totalStreams
    if (stats.peakRank < 0 || t.peakRank < stats.peakRank) stats.peakRank = t.peakRank
    if (t.peakRank === 1) stats.numberOnes++
    if (t.peakRank <= 10) stats.topTens++
    if (stats.firstDate < 0 || t.firstDate < stats.firstDate) stats.firstDate = t.firstDate
    if (t.lastDate > stats.lastDate) stats.lastDate = t.lastDate
    let start = chart.trackPointOffsets[t.track]
    let end = chart.trackPointOffsets[t.track + 1]
    if (filter.region >= 0) {
      start = lowerBoundRegion(chart.points, start, end, filter.region)
      end = lowerBoundRegion(chart.points, start, end, filter.region + 1)
    }
    for (let i = start; i < end; i++) {
      const d = pointDate(chart.points, i)
      if (d < filter.from || d > filter.to) continue
      const region = pointRegion(chart.points, i)
      const slot = region * seen.span + d - seen.firstDay
      if (seen.stamps[slot] !== stamp) {
        seen.stamps[slot] = stamp
        stats.chartDays++
      }
      if (regionSeen[region] === 0) {
        regionSeen[region] = 1
        stats.regions++
      }
    }
  }
  return stats
}

/** What an artist page shows: its tracks under a filter, in order, and their totals. */
export interface ArtistPage {
  tracks: ArtistTrack[]
  stats: ArtistStats
}

/** Bytes the whole-chart pages of one index may keep (estimated: see `pageWeight`). */
const WHOLE_CHART_BYTES = 16 * 1024 * 1024
const wholeChartPages = new WeakMap<Index, BoundedCache<ArtistPage>>()

/** A page's memory, roughly: its track objects and arrays. */
const pageWeight = (page: ArtistPage) => 256 + page.tracks.length * 96

/**
 * The artist's tracks and totals under `filter`. Whole-chart pages (the default: no region,
 * no dates) are kept per index in a bounded cache with frequency admission: their totals
 * take a pass over every point of the artist's tracks (a top artist at full scale: most of a
 * ~270 µs uncached answer), and the offset/limit/format variants of one artist share them.
 * Filtered pages are computed each time (their answers are still cached whole by the
 * responder).
 */
export function artistPage(index: Index, artist: number, filter: ArtistFilter): ArtistPage {
  const compute = () => {
    const tracks = artistTracks(index, artist, filter)
    return { tracks, stats: artistStats(index, tracks, filter) }
  }
  if (!isWholeChart(filter)) return compute()
  let pages = wholeChartPages.get(index)
  if (!pages) wholeChartPages.set(index, (pages = new BoundedCache(WHOLE_CHART_BYTES)))
  const key = `${artist}|${filter.chart}`
  let page = pages.get(key)
  if (page === undefined) {
    page = compute()
    pages.set(key, page, pageWeight(page))
  }
  return page
}
