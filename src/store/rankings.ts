/** Rankings: the rows of one (chart, region, date), ordered by rank, with their chart facts. */
import { STREAMS_NONE } from '../../schema/format.ts'
import {
  rowDaysOnChart,
  rowPeakRank,
  rowPreviousRank,
  rowRank,
  rowStreak,
  rowStreams,
  rowStreamsChange,
  rowTotalStreams,
  rowTrack,
  rowTrend,
} from '../../schema/points.ts'
import type { ChartIndex } from './open-index.ts'
import { pageRange } from './page.ts'

/** One ranking row as numbers (ids and codes; the renderers turn them into text). */
export interface RankingRow {
  rank: number
  track: number
  /** -1 when none */
  streams: number
  /** trend code (an index of TRENDS, schema/format.ts) */
  trend: number
  /** 0 when not on the previous chart date */
  previousRank: number
  peakRank: number
  daysOnChart: number
  streak: number
  /** streams minus those on the previous chart date; null when not on it or without streams */
  streamsChange: number | null
  /** streams summed up to this date in the chart and region; -1 when none (viral50) */
  totalStreams: number
}

/** Row range [start, end) of the ranking at a global date position, after offset and limit. */
export function rankingRange(chart: ChartIndex, datePos: number, offset: number, limit: number) {
  return pageRange(chart.dateRowOffsets[datePos], chart.dateRowOffsets[datePos + 1], offset, limit)
}

/** The entry at row r (decoded from the mapped struct; no string work). */
export function rankingEntry(chart: ChartIndex, r: number): RankingRow {
  const v = chart.rows
  const s = rowStreams(v, r)
  return {
    rank: rowRank(v, r),
    track: rowTrack(v, r),
    streams: s === STREAMS_NONE ? -1 : s,
    trend: rowTrend(v, r),
    previousRank: rowPreviousRank(v, r),
    peakRank: rowPeakRank(v, r),
    daysOnChart: rowDaysOnChart(v, r),
    streak: rowStreak(v, r),
    streamsChange: Number.isNaN(rowStreamsChange(v, r)) ? null : rowStreamsChange(v, r),
    totalStreams: rowTotalStreams(v, r),
  }
}
