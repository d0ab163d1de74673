/**
 * Weekly charts from the daily top200 (docs/API.md, v2): for each region and each Friday to
 * Thursday week with data, a track's streams are the sum of its daily streams that week and
 * its `days` the number of its daily rows; tracks ranked by streams descending, then Spotify
 * id; the first 200 make the chart. Chart facts as for daily entries, counted in weeks
 * (previous rank on the region's previous weekly chart present in the data).
 */
import { STREAMS_NONE } from '../schema/format.ts'
import {
  WEEKLY_ROW_SIZE,
  type WeeklyRowValues,
  weekStartOf,
  writeWeeklyRow,
} from '../schema/list-rows.ts'
import { type ChartRowValues, chartRowViews, rowStreams, rowTrack } from '../schema/points.ts'
import type { WEEKLY_TABLE } from '../schema/tables.ts'
import { type ChartData, FactState } from './chart-data.ts'
import type { TableData } from './index-files.ts'
import { StructBuffer } from './struct-buffer.ts'

/** Tracks on a weekly chart. */
export const WEEKLY_SIZE = 200

/** The columns of the Weekly table (schema/tables.ts WEEKLY_TABLE; `rows`: WeeklyRows' bytes). */
export type WeeklyData = TableData<typeof WEEKLY_TABLE>

/** The daily chart rows a weekly chart is summed from (top200's ChartData). */
export type DailyRows = Pick<ChartData, 'regionDateOffsets' | 'dates' | 'dateRowOffsets' | 'rows'>

/**
 * Builds every region's weekly charts. `trackIds` are the Spotify ids in track id order
 * (ties in streams are broken by them). Cost: one pass over the rows plus a sort of each
 * week's tracks.
 */
export function buildWeeklyData(daily: DailyRows, trackIds: readonly string[]): WeeklyData {
  const regionCount = daily.regionDateOffsets.length - 1
  const trackCount = trackIds.length
  const rows = chartRowViews(daily.rows)
  // per-week accumulators, reset through the list of touched tracks
  const sums = new Float64Array(trackCount)
  const days = new Uint8Array(trackCount)
  const touched: number[] = []
  // chart facts per track, counted in weeks (daysOnChart is weeks on chart here)
  const facts = new FactState(trackCount)
  const values = {} as ChartRowValues
  const weeks: number[] = []
  const weekDays: number[] = []
  const weekRowOffsets: number[] = [0]
  const regionWeekOffsets = new Uint32Array(regionCount + 1)
  const out = new StructBuffer(WEEKLY_ROW_SIZE)
  const entry = {} as WeeklyRowValues
  const byStreams = (a: number, b: number) =>
    sums[b] - sums[a] || (trackIds[a] < trackIds[b] ? -1 : trackIds[a] > trackIds[b] ? 1 : 0)

  for (let region = 0; region < regionCount; region++) {
    regionWeekOffsets[region] = weeks.length
    let pos = 0
    let d = daily.regionDateOffsets[region]
    const dEnd = daily.regionDateOffsets[region + 1]
    while (d < dEnd) {
      const week = weekStartOf(daily.dates[d])
      let charts = 0
      for (; d < dEnd && weekStartOf(daily.dates[d]) === week; d++) {
        charts++
        for (let r = daily.dateRowOffsets[d]; r < daily.dateRowOffsets[d + 1]; r++) {
          const t = rowTrack(rows, r)
          const s = rowStreams(rows, r)
          if (days[t] === 0) touched.push(t)
          days[t]++
          if (s !== STREAMS_NONE) sums[t] += s
        }
      }
      touched.sort(byStreams)
      const n = Math.min(WEEKLY_SIZE, touched.length)
      const views = out.reserve(n)
      for (let k = 0; k < n; k++) {
        const t = touched[k]
        const rank = k + 1
        facts.see(t, region, pos, rank, values)
        entry.streams = sums[t]
        entry.track = t
        entry.weeksOnChart = values.daysOnChart
        entry.streak = values.streak
        entry.days = days[t]
        entry.previousRank = values.previousRank
        entry.peakRank = values.peakRank
        entry.rank = rank
        writeWeeklyRow(views, out.count++, entry)
      }
      for (const t of touched) {
        sums[t] = 0
        days[t] = 0
      }
      touched.length = 0
      weeks.push(week)
      weekDays.push(charts)
      weekRowOffsets.push(out.count)
      pos++
    }
  }
  regionWeekOffsets[regionCount] = weeks.length
  return {
    regionWeekOffsets,
    weeks: Uint16Array.from(weeks),
    weekDays: Uint8Array.from(weekDays),
    weekRowOffsets: Uint32Array.from(weekRowOffsets),
    rows: out.finish(),
  }
}
