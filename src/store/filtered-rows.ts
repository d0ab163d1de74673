/**
 * The filtered rows of `/tracks?date&region&artist`: rows matching every filter given, by
 * streams descending, at most `limit`. Ties (and rows without streams, which come last) are
 * ordered by date, region name, chart (top200 first), rank.
 */
import { CHARTS, type ChartName, STREAMS_NONE } from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import {
  lowerBoundRegion,
  pointDate,
  pointRank,
  pointRegion,
  pointStreams,
  rowRank,
  rowStreams,
  rowTrack,
  rowTrend,
} from '../../schema/points.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { findDatePosition } from './regions.ts'
import { TopK } from './top-k.ts'

/** A matching row. */
export interface FilteredRow {
  chart: ChartName
  region: number
  day: number
  rank: number
  track: number
  /** -1 when none */
  streams: number
  /** trend code (ChartRow.trend) */
  trend: number
}

/**
 * Filters (at least one must be given): `day` null when absent (any other day number, one
 * outside the index's days too, matches only rows of that day), `region` and `artist` -1.
 */
export interface RowFilter {
  day: number | null
  region: number
  artist: number
}

function better(a: FilteredRow, b: FilteredRow): boolean {
  if (a.streams !== b.streams) return a.streams > b.streams
  if (a.day !== b.day) return a.day < b.day
  if (a.region !== b.region) return a.region < b.region
  if (a.chart !== b.chart) return a.chart === 'top200'
  return a.rank < b.rank
}

/** The best rows so far (at most the limit). */
type Best = TopK<FilteredRow>

/** Whether a row with `streams` could enter `best` (checked before building the row object). */
function mayTake(best: Best, streams: number): boolean {
  const worst = best.worst
  return worst === undefined || streams >= worst.streams
}

function offerRows(best: Best, chart: ChartIndex, region: number, datePos: number): void {
  const day = chart.dates[datePos]
  const v = chart.rows
  for (let r = chart.dateRowOffsets[datePos]; r < chart.dateRowOffsets[datePos + 1]; r++) {
    const s = rowStreams(v, r)
    const streams = s === STREAMS_NONE ? -1 : s
    if (!mayTake(best, streams)) continue
    best.offer({
      chart: chart.name,
      region,
      day,
      rank: rowRank(v, r),
      track: rowTrack(v, r),
      streams,
      trend: rowTrend(v, r),
    })
  }
}

/** Trend code of the row (chart, region, day, rank): binary search by rank within the day. */
function trendOf(chart: ChartIndex, region: number, day: number, rank: number): number {
  const pos = findDatePosition(chart, region, day)
  const v = chart.rows
  const r = lowerBound(
    chart.dateRowOffsets[pos],
    chart.dateRowOffsets[pos + 1],
    (k) => rowRank(v, k) < rank,
  )
  return rowTrend(v, r)
}

/** Rows matching the filter, best first. Cost: proportional to the rows the filters select. */
export function filteredRows(index: Index, filter: RowFilter, limit = 200): FilteredRow[] {
  const best: Best = new TopK(limit, better)
  for (const name of CHARTS) {
    const chart = index.charts[name]
    if (filter.artist >= 0) {
      const a = filter.artist
      for (let k = index.artistTrackOffsets[a]; k < index.artistTrackOffsets[a + 1]; k++) {
        const t = index.artistTracks[k]
        let start = chart.trackPointOffsets[t]
        let end = chart.trackPointOffsets[t + 1]
        if (filter.region >= 0) {
          start = lowerBoundRegion(chart.points, start, end, filter.region)
          end = lowerBoundRegion(chart.points, start, end, filter.region + 1)
        }
        const p = chart.points
        for (let i = start; i < end; i++) {
          const day = pointDate(p, i)
          if (filter.day !== null && day !== filter.day) continue
          const s = pointStreams(p, i)
          const streams = s === STREAMS_NONE ? -1 : s
          if (!mayTake(best, streams)) continue
          best.offer({
            chart: name,
            region: pointRegion(p, i),
            day,
            rank: pointRank(p, i),
            track: t,
            streams,
            trend: -1,
          })
        }
      }
    } else if (filter.region >= 0) {
      const r = filter.region
      if (filter.day !== null) {
        const pos = findDatePosition(chart, r, filter.day)
        if (pos >= 0) offerRows(best, chart, r, pos)
      } else {
        for (let pos = chart.regionDateOffsets[r]; pos < chart.regionDateOffsets[r + 1]; pos++)
          offerRows(best, chart, r, pos)
      }
    } else if (filter.day !== null) {
      for (let r = 0; r < index.regionCount; r++) {
        const pos = findDatePosition(chart, r, filter.day)
        if (pos >= 0) offerRows(best, chart, r, pos)
      }
    }
  }
  for (const row of best.items) {
    if (row.trend < 0) row.trend = trendOf(index.charts[row.chart], row.region, row.day, row.rank)
  }
  return best.items
}
