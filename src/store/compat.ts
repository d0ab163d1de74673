/**
 * The original service's `/tracks?date&region&artist`: rows matching every filter given,
 * by streams descending, at most `limit`. Ties (and rows without streams, which come
 * last) are ordered by date, region name, chart (top200 first), rank.
 */
import { CHARTS, type ChartName, STREAMS_NONE } from '../../schema/format.ts'
import { lowerBoundRegion } from '../../schema/points.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { findDatePosition } from './regions.ts'

/** A matching row. */
export interface CompatRow {
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

/** Filters: each -1 when absent (at least one must be given). */
export interface CompatFilter {
  day: number
  region: number
  artist: number
}

function better(a: CompatRow, b: CompatRow): boolean {
  if (a.streams !== b.streams) return a.streams > b.streams
  if (a.day !== b.day) return a.day < b.day
  if (a.region !== b.region) return a.region < b.region
  if (a.chart !== b.chart) return a.chart === 'top200'
  return a.rank < b.rank
}

/** A bounded list of the best rows (insertion into a sorted array; limit ≤ 200). */
class Best {
  readonly rows: CompatRow[] = []
  constructor(private readonly limit: number) {}
  /** Cheap pre-check on streams alone before building a row object. */
  mayTake(streams: number): boolean {
    return this.rows.length < this.limit || streams >= this.rows[this.rows.length - 1].streams
  }
  offer(row: CompatRow): void {
    const rows = this.rows
    if (rows.length === this.limit && !better(row, rows[rows.length - 1])) return
    let i = rows.length
    while (i > 0 && better(row, rows[i - 1])) i--
    rows.splice(i, 0, row)
    if (rows.length > this.limit) rows.pop()
  }
}

function offerRows(best: Best, chart: ChartIndex, region: number, datePos: number): void {
  const day = chart.dates[datePos]
  for (let r = chart.dateRowOffsets[datePos]; r < chart.dateRowOffsets[datePos + 1]; r++) {
    const s = chart.rowU32[r * 4 + 1]
    const streams = s === STREAMS_NONE ? -1 : s
    if (!best.mayTake(streams)) continue
    best.offer({
      chart: chart.name,
      region,
      day,
      rank: chart.rowU8[r * 16 + 8],
      track: chart.rowU32[r * 4],
      streams,
      trend: chart.rowU8[r * 16 + 9],
    })
  }
}

/** Trend code of the row (chart, region, day, rank): binary search by rank within the day. */
function trendOf(chart: ChartIndex, region: number, day: number, rank: number): number {
  const pos = findDatePosition(chart, region, day)
  let lo = chart.dateRowOffsets[pos]
  let hi = chart.dateRowOffsets[pos + 1]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (chart.rowU8[mid * 16 + 8] < rank) lo = mid + 1
    else hi = mid
  }
  return chart.rowU8[lo * 16 + 9]
}

/** Rows matching the filter, best first. Cost: proportional to the rows the filters select. */
export function compatRows(index: Index, filter: CompatFilter, limit = 200): CompatRow[] {
  const best = new Best(limit)
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
          const day = p.u16[i * 4 + 2]
          if (filter.day >= 0 && day !== filter.day) continue
          const s = p.u32[i * 2]
          const streams = s === STREAMS_NONE ? -1 : s
          if (!best.mayTake(streams)) continue
          best.offer({
            chart: name,
            region: p.u8[i * 8 + 6],
            day,
            rank: p.u8[i * 8 + 7],
            track: t,
            streams,
            trend: -1,
          })
        }
      }
    } else if (filter.region >= 0) {
      const r = filter.region
      if (filter.day >= 0) {
        const pos = findDatePosition(chart, r, filter.day)
        if (pos >= 0) offerRows(best, chart, r, pos)
      } else {
        for (let pos = chart.regionDateOffsets[r]; pos < chart.regionDateOffsets[r + 1]; pos++)
          offerRows(best, chart, r, pos)
      }
    } else {
      for (let r = 0; r < index.regionCount; r++) {
        const pos = findDatePosition(chart, r, filter.day)
        if (pos >= 0) offerRows(best, chart, r, pos)
      }
    }
  }
  for (const row of best.rows) {
    if (row.trend < 0) row.trend = trendOf(index.charts[row.chart], row.region, row.day, row.rank)
  }
  return best.rows
}
