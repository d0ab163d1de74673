/**
 * Weekly charts (docs/API.md): for each region and each Friday to Thursday week with data,
 * Spotify's own weekly chart when a weekly download gave it (`official`), else the chart
 * derived from the daily top200: a track's streams are the sum of its daily streams that week
 * and its `days` the number of its daily rows; tracks ranked by streams descending, then
 * Spotify id; the first 200 make the chart. On an official chart, ranks and streams are
 * Spotify's and `days` still counts the track's daily rows that week (0 when none). Chart
 * facts as for daily entries, counted in weeks over the region's weekly charts of either kind
 * (previous rank on the region's previous weekly chart present in the data).
 */
import { STREAMS_NONE } from '../schema/format.ts'
import {
  type ListRows,
  setWeeklyTrack,
  WEEKLY_ROW_SIZE,
  type WeeklyRowValues,
  weeklyPeakRank,
  weeklyRank,
  weeklyStreak,
  weeklyTrack,
  weeklyWeeksOnChart,
  weekStartOf,
  writeWeeklyRow,
} from '../schema/list-rows.ts'
import {
  type ChartRows,
  type ChartRowValues,
  chartRowViews,
  rowRank,
  rowStreams,
  rowTrack,
} from '../schema/points.ts'
import type { TableViews } from '../schema/table-views.ts'
import type { WEEKLY_TABLE } from '../schema/tables.ts'
import { FactState } from './chart-data.ts'
import type { DailyRankings } from './chart-points.ts'
import type { TableData } from './index-files.ts'
import { StructBuffer } from './struct-buffer.ts'

/** Tracks on a weekly chart. */
export const WEEKLY_SIZE = 200

/** The columns of the Weekly table (schema/tables.ts WEEKLY_TABLE; `rows`: WeeklyRows' bytes). */
export type WeeklyData = TableData<typeof WEEKLY_TABLE>

/** The daily chart rows a weekly chart is summed from (top200's ChartData). */
export type DailyRows = DailyRankings

/** One week's streams and daily rows per track, reset through the tracks it touched. */
class WeekTally {
  readonly sums: Float64Array
  readonly days: Uint8Array
  private readonly touched: number[] = []
  private readonly byStreams: (a: number, b: number) => number

  constructor(trackIds: readonly string[]) {
    this.sums = new Float64Array(trackIds.length)
    this.days = new Uint8Array(trackIds.length)
    const { sums } = this
    this.byStreams = (a, b) =>
      sums[b] - sums[a] || (trackIds[a] < trackIds[b] ? -1 : trackIds[a] > trackIds[b] ? 1 : 0)
  }

  /** Adds the daily rows [from, to) of one chart date. */
  addDate(rows: ChartRows, from: number, to: number): void {
    for (let r = from; r < to; r++) {
      const t = rowTrack(rows, r)
      const s = rowStreams(rows, r)
      if (this.days[t] === 0) this.touched.push(t)
      this.days[t]++
      if (s !== STREAMS_NONE) this.sums[t] += s
    }
  }

  /** The week's tracks, most streams first (ties by Spotify id). */
  ranked(): readonly number[] {
    return this.touched.sort(this.byStreams)
  }

  /** Empties the tally for the next week. */
  reset(): void {
    for (const t of this.touched) {
      this.sums[t] = 0
      this.days[t] = 0
    }
    this.touched.length = 0
  }
}

/** Writes weekly charts as WeeklyRows, with chart facts counted in weeks. */
class WeeklyRowWriter {
  readonly out = new StructBuffer(WEEKLY_ROW_SIZE)
  // chart facts per track, counted in weeks (daysOnChart is weeks on chart here)
  private readonly facts: FactState
  private readonly values = {} as ChartRowValues
  private readonly entry = {} as WeeklyRowValues

  constructor(trackCount: number) {
    this.facts = new FactState(trackCount)
  }

  /**
   * Copies weekly rows [from, to) of a base index (its tracks renumbered by `trackRemap`) as
   * the region's week number `pos`, carrying their facts forward.
   */
  copy(
    base: ListRows,
    from: number,
    to: number,
    trackRemap: Uint32Array,
    region: number,
    pos: number,
  ): void {
    const { out, values } = this
    const views = out.reserve(to - from)
    views.u8.set(
      base.u8.subarray(from * WEEKLY_ROW_SIZE, to * WEEKLY_ROW_SIZE),
      out.count * WEEKLY_ROW_SIZE,
    )
    values.streams = STREAMS_NONE
    for (let r = from; r < to; r++, out.count++) {
      const t = trackRemap[weeklyTrack(base, r)]
      setWeeklyTrack(views, out.count, t)
      values.rank = weeklyRank(base, r)
      values.peakRank = weeklyPeakRank(base, r)
      values.daysOnChart = weeklyWeeksOnChart(base, r)
      values.streak = weeklyStreak(base, r)
      this.facts.carry(t, region, pos, values)
    }
  }

  /** Writes the chart of the tallied week, the region's week number `pos`: its first WEEKLY_SIZE tracks. */
  writeWeek(tally: WeekTally, region: number, pos: number): void {
    const ranked = tally.ranked()
    const n = Math.min(WEEKLY_SIZE, ranked.length)
    const views = this.out.reserve(n)
    for (let k = 0; k < n; k++) {
      const t = ranked[k]
      this.writeEntry(
        views,
        { t, rank: k + 1, streams: tally.sums[t], days: tally.days[t] },
        region,
        pos,
      )
    }
  }

  /**
   * Writes Spotify's chart of the week (`official` rows [from, to), by rank), the region's
   * week number `pos`; `tally` holds the week's daily rows (for `days`).
   */
  writeOfficial(
    official: ChartRows,
    rows: { from: number; to: number },
    tally: WeekTally,
    region: number,
    pos: number,
  ): void {
    const views = this.out.reserve(rows.to - rows.from)
    for (let r = rows.from; r < rows.to; r++) {
      const t = rowTrack(official, r)
      const entry = {
        t,
        rank: rowRank(official, r),
        streams: rowStreams(official, r),
        days: tally.days[t],
      }
      this.writeEntry(views, entry, region, pos)
    }
  }

  /** Writes the next row: track `t` at `rank` with its week's streams and daily rows, and its facts. */
  private writeEntry(
    views: ReturnType<StructBuffer['reserve']>,
    e: { t: number; rank: number; streams: number; days: number },
    region: number,
    pos: number,
  ): void {
    const { values, entry } = this
    this.facts.see(e.t, region, pos, e.rank, values)
    entry.streams = e.streams
    entry.track = e.t
    entry.weeksOnChart = values.daysOnChart
    entry.streak = values.streak
    entry.days = e.days
    entry.previousRank = values.previousRank
    entry.peakRank = values.peakRank
    entry.rank = e.rank
    writeWeeklyRow(views, this.out.count++, entry)
  }
}

/**
 * A base index's weekly charts, which a --base build continues: each region's weeks before
 * its cutoff (the week of its first new daily chart or of its first new Spotify chart) are
 * copied with their facts carried forward; from the cutoff on they are computed again.
 */
export interface WeeklyPrefix {
  base: Pick<
    TableViews<typeof WEEKLY_TABLE>,
    'regionWeekOffsets' | 'weeks' | 'weekDays' | 'weekOfficial' | 'weekRowOffsets' | 'rows'
  >
  /** per region id: the region's id in the base, or -1 */
  baseRegion: Int32Array
  /** base track id -> track id */
  trackRemap: Uint32Array
  /** per region id: the Friday of the first week computed again (NO_CUTOFF: none) */
  cutoff: Int32Array
  /** filled in: per region id, how many of its first weeks were copied from the base */
  copiedWeeks: Uint32Array
}

/** WeeklyPrefix.cutoff of a region with nothing new: every base week is copied. */
export const NO_CUTOFF = 0x10000

/**
 * Builds every region's weekly charts from the daily top200 and Spotify's weekly charts
 * (`official`: its dates are the weeks' Fridays; with a prefix, only weeks from the cutoff on).
 * `trackIds` are the Spotify ids in track id order (ties in streams are broken by them).
 * Cost: one pass over the rows plus a sort of each derived week's tracks.
 */
export function buildWeeklyData(
  daily: DailyRows,
  official: DailyRows,
  trackIds: readonly string[],
  prefix?: WeeklyPrefix,
): WeeklyData {
  const regionCount = daily.regionDateOffsets.length - 1
  const rows = chartRowViews(daily.rows)
  const officialRows = chartRowViews(official.rows)
  const tally = new WeekTally(trackIds)
  const writer = new WeeklyRowWriter(trackIds.length)
  const weeks: number[] = []
  const weekDays: number[] = []
  const weekOfficial: number[] = []
  const weekRowOffsets: number[] = [0]
  const regionWeekOffsets = new Uint32Array(regionCount + 1)
  for (let region = 0; region < regionCount; region++) {
    regionWeekOffsets[region] = weeks.length
    let d = daily.regionDateOffsets[region]
    const dEnd = daily.regionDateOffsets[region + 1]
    let o = official.regionDateOffsets[region]
    const oEnd = official.regionDateOffsets[region + 1]
    let pos = 0
    const rb = prefix ? prefix.baseRegion[region] : -1
    if (prefix && rb >= 0) {
      const { base } = prefix
      const cutoff = prefix.cutoff[region]
      for (let w = base.regionWeekOffsets[rb]; w < base.regionWeekOffsets[rb + 1]; w++, pos++) {
        if (base.weeks[w] >= cutoff) break
        writer.copy(
          base.rows,
          base.weekRowOffsets[w],
          base.weekRowOffsets[w + 1],
          prefix.trackRemap,
          region,
          pos,
        )
        weeks.push(base.weeks[w])
        weekDays.push(base.weekDays[w])
        weekOfficial.push(base.weekOfficial[w])
        weekRowOffsets.push(writer.out.count)
      }
      prefix.copiedWeeks[region] = pos
      while (d < dEnd && weekStartOf(daily.dates[d]) < cutoff) d++
    }
    for (; d < dEnd || o < oEnd; pos++) {
      const week = Math.min(
        d < dEnd ? weekStartOf(daily.dates[d]) : 0xffff,
        o < oEnd ? official.dates[o] : 0xffff,
      )
      let charts = 0
      for (; d < dEnd && weekStartOf(daily.dates[d]) === week; d++, charts++)
        tally.addDate(rows, daily.dateRowOffsets[d], daily.dateRowOffsets[d + 1])
      const isOfficial = o < oEnd && official.dates[o] === week
      if (isOfficial) {
        const rows = { from: official.dateRowOffsets[o], to: official.dateRowOffsets[o + 1] }
        writer.writeOfficial(officialRows, rows, tally, region, pos)
        o++
      } else writer.writeWeek(tally, region, pos)
      tally.reset()
      weeks.push(week)
      weekDays.push(charts)
      weekOfficial.push(isOfficial ? 1 : 0)
      weekRowOffsets.push(writer.out.count)
    }
  }
  regionWeekOffsets[regionCount] = weeks.length
  return {
    regionWeekOffsets,
    weeks: Uint16Array.from(weeks),
    weekDays: Uint8Array.from(weekDays),
    weekRowOffsets: Uint32Array.from(weekRowOffsets),
    rows: writer.out.finish(),
    weekOfficial: Uint8Array.from(weekOfficial),
  }
}
