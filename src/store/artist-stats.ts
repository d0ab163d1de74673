/**
 * An artist's totals (docs/API.md /artist: `stats`, `byRegion`): one region's figures at a time,
 * since Global already holds every country's streams and no answer adds streams across
 * regions.
 */

import { type ChartName, STREAMS_NONE } from '../../schema/format.ts'
import { pointDate, pointRank, pointRegion, pointStreams } from '../../schema/points.ts'
import { BoundedCache } from '../bounded-cache.ts'
import {
  type ArtistFilter,
  type ArtistTrack,
  artistTracks,
  hasAllDates,
  roleOf,
} from './artists.ts'
import type { Index } from './open-index.ts'
import { perIndex } from './per-index.ts'

/** An artist's totals within one region; dates as day numbers, -1 when it has no rows. */
export interface RegionTotals {
  region: number
  /** distinct tracks */
  tracks: number
  /** sum of streams; null on viral50 (no streams) */
  totalStreams: number | null
  /** best rank; -1 without rows */
  peakRank: number
  /** distinct tracks that reached rank 1 */
  numberOnes: number
  /** distinct tracks that reached rank 10 or better */
  topTens: number
  /** distinct dates with at least one of its rows */
  chartDays: number
  firstDate: number
  lastDate: number
}

/**
 * The `stats` of an /artist answer: its region's totals, how many regions it has rows in, and
 * its tracks and streams there as lead and as featured artist (roleOf).
 */
export interface ArtistStats extends Omit<RegionTotals, 'region'> {
  /** entries of byRegion */
  regions: number
  leadTracks: number
  /** null on viral50 */
  leadStreams: number | null
  featuredTracks: number
  featuredStreams: number | null
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

/** Per index, the stamps of each chart asked about (made on first use). */
const scratch = perIndex(() => new Map<ChartName, PairStamps>())

function pairStamps(index: Index, chart: ChartName): PairStamps {
  const byChart = scratch(index)
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

const REGION_NONE = -1

/**
 * The artist's totals in every region with at least one of its rows on the chart between
 * `from` and `to` (day numbers, inclusive), ordered by total streams (desc; nulls last), then
 * chart days (desc), then region name. Cost: one pass over the points of the artist's tracks
 * (a track's points are grouped by region, so each (track, region) group is one run).
 */
export function artistByRegion(
  index: Index,
  artist: number,
  chartName: ChartName,
  from: number,
  to: number,
): RegionTotals[] {
  const chart = index.charts[chartName]
  const points = chart.points
  const seen = pairStamps(index, chartName)
  const stamp = seen.next()
  const n = index.regionCount
  const tracks = new Uint32Array(n)
  const streams = new Float64Array(n)
  const peak = new Uint16Array(n).fill(256)
  const ones = new Uint32Array(n)
  const tens = new Uint32Array(n)
  const days = new Uint32Array(n)
  const first = new Uint16Array(n).fill(0xffff)
  const last = new Int32Array(n).fill(-1)
  for (let k = index.artistTrackOffsets[artist]; k < index.artistTrackOffsets[artist + 1]; k++) {
    const t = index.artistTracks[k]
    const end = chart.trackPointOffsets[t + 1]
    let region = REGION_NONE
    let best = 256
    for (let i = chart.trackPointOffsets[t]; i <= end; i++) {
      const r = i < end ? pointRegion(points, i) : REGION_NONE
      if (r !== region) {
        // the end of a (track, region) run: count the track there if it had rows
        if (best < 256) {
          tracks[region]++
          if (best === 1) ones[region]++
          if (best <= 10) tens[region]++
        }
        region = r
        best = 256
      }
      if (i === end) break
      const d = pointDate(points, i)
      if (d < from || d > to) continue
      const rank = pointRank(points, i)
      if (rank < best) best = rank
      if (rank < peak[r]) peak[r] = rank
      const s = pointStreams(points, i)
      if (s !== STREAMS_NONE) streams[r] += s
      const slot = r * seen.span + d - seen.firstDay
      if (seen.stamps[slot] !== stamp) {
        seen.stamps[slot] = stamp
        days[r]++
      }
      if (d < first[r]) first[r] = d
      if (d > last[r]) last[r] = d
    }
  }
  const out: RegionTotals[] = []
  for (let r = 0; r < n; r++) {
    if (tracks[r] === 0) continue
    out.push({
      region: r,
      tracks: tracks[r],
      totalStreams: chartName === 'viral50' ? null : streams[r],
      peakRank: peak[r],
      numberOnes: ones[r],
      topTens: tens[r],
      chartDays: days[r],
      firstDate: first[r],
      lastDate: last[r],
    })
  }
  const names = out.map((x) => index.regions.text(x.region))
  const order = out.map((_, i) => i)
  order.sort(
    (a, b) =>
      (out[b].totalStreams ?? -1) - (out[a].totalStreams ?? -1) ||
      out[b].chartDays - out[a].chartDays ||
      (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0),
  )
  return order.map((i) => out[i])
}

/**
 * `stats` for the region of `tracks` (the artist's tracks there) from its byRegion entry;
 * zeros and nulls when it has none.
 */
export function statsOf(
  index: Index,
  artist: number,
  tracks: readonly ArtistTrack[],
  byRegion: readonly RegionTotals[],
  filter: Pick<ArtistFilter, 'region' | 'chart'>,
): ArtistStats {
  const streamless = filter.chart === 'viral50'
  const roles = { leadTracks: 0, leadStreams: 0, featuredTracks: 0, featuredStreams: 0 }
  for (const t of tracks) {
    const lead = roleOf(index, artist, t.track) === 'lead'
    const streams = Math.max(t.totalStreams, 0)
    if (lead) roles.leadTracks++
    else roles.featuredTracks++
    if (lead) roles.leadStreams += streams
    else roles.featuredStreams += streams
  }
  const split = {
    ...roles,
    leadStreams: streamless ? null : roles.leadStreams,
    featuredStreams: streamless ? null : roles.featuredStreams,
  }
  const mine = byRegion.find((x) => x.region === filter.region)
  if (mine) {
    const { region: _, ...totals } = mine
    return { ...totals, regions: byRegion.length, ...split }
  }
  return {
    tracks: 0,
    totalStreams: streamless ? null : 0,
    peakRank: -1,
    numberOnes: 0,
    topTens: 0,
    chartDays: 0,
    firstDate: -1,
    lastDate: -1,
    regions: byRegion.length,
    ...split,
  }
}

/** What an artist page shows: its tracks in one region, their totals, and every region's. */
export interface ArtistPage {
  tracks: ArtistTrack[]
  stats: ArtistStats
  byRegion: RegionTotals[]
}

/** Bytes the all-dates pages of one index may keep (estimated: see `pageWeight`). */
const WHOLE_CHART_BYTES = 16 * 1024 * 1024
const wholeChartPages = perIndex(() => new BoundedCache<ArtistPage>(WHOLE_CHART_BYTES))

/** A page's memory, roughly: its track and region objects and arrays. */
const pageWeight = (page: ArtistPage) => 256 + page.tracks.length * 96 + page.byRegion.length * 112

/**
 * The artist's tracks and totals under `filter`. All-dates pages (the default: Global, any
 * chosen region) are kept per index in a bounded cache with frequency admission: byRegion
 * takes a pass over every point of the artist's tracks (a top artist at full scale: most of
 * a ~270 µs uncached answer), and the offset/limit/format variants of one artist share them.
 * Pages with dates are computed each time (their answers are still cached whole by the
 * responder).
 */
export function artistPage(index: Index, artist: number, filter: ArtistFilter): ArtistPage {
  const compute = (): ArtistPage => {
    const tracks = artistTracks(index, artist, filter)
    const byRegion = artistByRegion(index, artist, filter.chart, filter.from, filter.to)
    return { tracks, stats: statsOf(index, artist, tracks, byRegion, filter), byRegion }
  }
  if (!hasAllDates(filter)) return compute()
  const pages = wholeChartPages(index)
  const key = `${artist}|${filter.chart}|${filter.region}`
  let page = pages.get(key)
  if (page === undefined) {
    page = compute()
    pages.set(key, page, pageWeight(page))
  }
  return page
}
