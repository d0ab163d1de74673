/**
 * What a --base build takes over from its base (base-index.ts) in each stage: the region
 * numbering's map back to the base, the daily charts' prefixes (chart-data.ts ChartPrefix),
 * Spotify's weekly charts merged with the new ones, the weekly cutoffs and the prefixes of
 * the weekly charts and top lists. The base's track ids are the store's first track indices
 * (base-index.ts seedStore), so the index's numbering of them is the order's remap.
 */
import { CHARTS } from '../schema/format.ts'
import {
  WEEKLY_ROW_SIZE,
  weeklyRank,
  weeklyStreams,
  weeklyTrack,
  weekStartOf,
} from '../schema/list-rows.ts'
import {
  CHART_ROW_SIZE,
  type ChartRowValues,
  chartRowViews,
  rowTrack,
  writeRow,
} from '../schema/points.ts'
import type { BaseIndex } from './base-index.ts'
import type { ChartPrefix, ReplacedCounts } from './chart-data.ts'
import type { DailyRankings } from './chart-points.ts'
import type { TopsPrefix } from './top-lists.ts'
import { NO_CUTOFF, type WeeklyPrefix } from './weekly-data.ts'

/** A base and how its regions map into the new numbering. */
export interface BaseMap {
  index: BaseIndex
  /** per region id: the region's id in the base, or -1 (a new region) */
  baseRegion: Int32Array
  /** per daily chart (CHARTS order), its prefix (filled in by ranking: firstNewDay) */
  charts: ChartPrefix[]
  /** per region id, the weeks copied from the base (filled in by the weekly charts) */
  weeklyCopied: Uint32Array
}

/** Maps the new region ids back to the base's (the store's first regions are the base's). */
export function baseMapOf(
  index: BaseIndex,
  regionRemap: Uint8Array,
  regionNames: readonly string[],
): BaseMap {
  const baseRegion = new Int32Array(regionNames.length).fill(-1)
  for (let s = 0; s < index.catalog.regions.count; s++) baseRegion[regionRemap[s]] = s
  const charts = CHARTS.map((name, chartId) => ({
    base: index.charts[chartId],
    baseRegion,
    name,
    regionNames,
    firstNewDay: new Int32Array(regionNames.length).fill(-1),
    copiedDates: new Uint32Array(regionNames.length),
  }))
  return { index, baseRegion, charts, weeklyCopied: new Uint32Array(regionNames.length) }
}

/**
 * Per region id, the first week whose weekly chart is computed again: the week of its first
 * new or replaced top200 date, or of its first new Spotify chart; NO_CUTOFF when neither.
 */
function weeklyCutoffs(map: BaseMap, official: DailyRankings): Int32Array {
  const firstNew = map.charts[0].firstNewDay
  const cutoff = new Int32Array(firstNew.length).fill(NO_CUTOFF)
  for (let r = 0; r < cutoff.length; r++) {
    if (firstNew[r] >= 0) cutoff[r] = weekStartOf(firstNew[r])
    const o = official.regionDateOffsets[r]
    if (o < official.regionDateOffsets[r + 1]) cutoff[r] = Math.min(cutoff[r], official.dates[o])
  }
  return cutoff
}

/**
 * Spotify's weekly charts from the cutoff on: the base's (its official weeks, tracks
 * renumbered) and the new ones; a week both give is the new one's, the base's rows counted
 * as replaced (the overlap rule).
 */
function mergeOfficial(
  map: BaseMap,
  cutoff: Int32Array,
  fresh: DailyRankings,
  trackRemap: Uint32Array,
  replaced: ReplacedCounts,
): DailyRankings {
  const base = map.index.weekly
  const freshRows = chartRowViews(fresh.rows)
  const regionCount = cutoff.length
  const regionDateOffsets = new Uint32Array(regionCount + 1)
  const dates: number[] = []
  const dateRowOffsets: number[] = [0]
  const rows = chartRowViews(
    new Uint8Array(
      (fresh.rows.length / CHART_ROW_SIZE + base.rows.u8.length / WEEKLY_ROW_SIZE) * CHART_ROW_SIZE,
    ),
  )
  let out = 0
  const row = {
    previousRank: 0,
    peakRank: 0,
    daysOnChart: 0,
    streak: 0,
    trend: 0,
  } as ChartRowValues
  row.streamsChange = Number.NaN
  row.totalStreams = -1
  for (let r = 0; r < regionCount; r++) {
    regionDateOffsets[r] = dates.length
    let o = fresh.regionDateOffsets[r]
    const oEnd = fresh.regionDateOffsets[r + 1]
    const rb = map.baseRegion[r]
    const w0 = rb < 0 ? 0 : base.regionWeekOffsets[rb]
    const wEnd = rb < 0 ? 0 : base.regionWeekOffsets[rb + 1]
    // the base's official weeks from the cutoff on
    const next = (w: number) => {
      while (w < wEnd && (base.weekOfficial[w] !== 1 || base.weeks[w] < cutoff[r])) w++
      return w
    }
    for (let w = next(w0); w < wEnd || o < oEnd; w = next(w)) {
      const baseWeek = w < wEnd ? base.weeks[w] : 0xffff
      const freshWeek = o < oEnd ? fresh.dates[o] : 0xffff
      if (freshWeek <= baseWeek) {
        if (freshWeek === baseWeek) {
          replaced.charts++
          replaced.rows += base.weekRowOffsets[w + 1] - base.weekRowOffsets[w]
          w++
        }
        const from = fresh.dateRowOffsets[o]
        const to = fresh.dateRowOffsets[o + 1]
        rows.u8.set(
          freshRows.u8.subarray(from * CHART_ROW_SIZE, to * CHART_ROW_SIZE),
          out * CHART_ROW_SIZE,
        )
        out += to - from
        dates.push(freshWeek)
        o++
      } else {
        for (let k = base.weekRowOffsets[w]; k < base.weekRowOffsets[w + 1]; k++) {
          row.track = trackRemap[weeklyTrack(base.rows, k)]
          row.rank = weeklyRank(base.rows, k)
          row.streams = weeklyStreams(base.rows, k)
          writeRow(rows, out++, row)
        }
        dates.push(baseWeek)
        w++
      }
      dateRowOffsets.push(out)
    }
  }
  regionDateOffsets[regionCount] = dates.length
  return {
    regionDateOffsets,
    dates: Uint16Array.from(dates),
    dateRowOffsets: Uint32Array.from(dateRowOffsets),
    rows: rows.u8.subarray(0, out * CHART_ROW_SIZE),
  }
}

/**
 * The weekly charts' prefix and Spotify's charts to compute them with, from the new
 * Spotify charts (`fresh`, renumbered); the base's official weeks replaced are counted.
 */
export function weeklyContinuation(
  map: BaseMap,
  fresh: DailyRankings,
  trackRemap: Uint32Array,
  replaced: ReplacedCounts,
): { prefix: WeeklyPrefix; official: DailyRankings } {
  const cutoff = weeklyCutoffs(map, fresh)
  return {
    prefix: {
      base: map.index.weekly,
      baseRegion: map.baseRegion,
      trackRemap,
      cutoff,
      copiedWeeks: map.weeklyCopied,
    },
    official: mergeOfficial(map, cutoff, fresh, trackRemap, replaced),
  }
}

/** The top lists' prefix: a region whose top200 rows did not change keeps its lists. */
export function topsPrefix(map: BaseMap, trackRemap: Uint32Array): TopsPrefix {
  const firstNew = map.charts[0].firstNewDay
  return {
    base: map.index.tops,
    baseRegion: map.baseRegion,
    trackRemap,
    changed: Uint8Array.from(firstNew, (day) => (day >= 0 ? 1 : 0)),
  }
}

/** Where a new index's default answers sit (answers.fbs numbering), for the carry. */
export interface AnswerLayout {
  /** per daily chart (CHARTS order): its regions' date offsets */
  regionDateOffsets: Uint32Array[]
  regionWeekOffsets: Uint32Array
}

/** The base's stored answers a --base build takes over unchanged. */
export interface AnswerCarry {
  /** per answer of the new index: the base's answer with the same body, or -1 (render it) */
  from(next: AnswerLayout): Int32Array
  /** the base's stored gzip body of answer `n` (a view of its file) */
  body(n: number): Uint8Array
}

/**
 * The base's stored answers a --base build can copy instead of rendering: those of the dates
 * and weeks copied from the base (rank and charts stages), unless one of their tracks'
 * fragments changed (its credited artists' display names follow the rows: see
 * catalog-data.ts), since everything else such a body holds is what the base held.
 * `trackJson` is the new catalog's fragments in track id order. Undefined when the base has
 * no stored answers.
 */
export function answerCarry(
  map: BaseMap,
  trackRemap: Uint32Array,
  trackJson: readonly string[],
): AnswerCarry | undefined {
  const { index } = map
  if (index.answers.length === 0) return undefined
  const pool = index.catalog.trackJson
  const changed = new Uint8Array(pool.count)
  for (let s = 0; s < pool.count; s++)
    changed[s] = Buffer.from(trackJson[trackRemap[s]]).equals(
      pool.buf.subarray(pool.offsets[s], pool.offsets[s + 1]),
    )
      ? 0
      : 1
  const baseCharts = index.charts
  const baseFirst = [
    0,
    baseCharts[0].dates.length,
    baseCharts[0].dates.length + baseCharts[1].dates.length,
  ]
  /** whether rows [from, to) of the base name a track whose fragment changed */
  const touched = (track: (r: number) => number, from: number, to: number) => {
    for (let r = from; r < to; r++) if (changed[track(r)] === 1) return true
    return false
  }
  return {
    from(next) {
      const nextFirst = [
        0,
        next.regionDateOffsets[0].at(-1)!,
        next.regionDateOffsets[0].at(-1)! + next.regionDateOffsets[1].at(-1)!,
      ]
      const out = new Int32Array(nextFirst[2] + next.regionWeekOffsets.at(-1)!).fill(-1)
      for (let r = 0; r < map.baseRegion.length; r++) {
        const rb = map.baseRegion[r]
        if (rb < 0) continue
        for (const [c, prefix] of map.charts.entries()) {
          const base = baseCharts[c]
          const track = (row: number) => rowTrack(base.rows, row)
          for (let i = 0; i < prefix.copiedDates[r]; i++) {
            const p = base.regionDateOffsets[rb] + i
            if (!touched(track, base.dateRowOffsets[p], base.dateRowOffsets[p + 1]))
              out[nextFirst[c] + next.regionDateOffsets[c][r] + i] = baseFirst[c] + p
          }
        }
        const weekly = index.weekly
        const track = (row: number) => weeklyTrack(weekly.rows, row)
        for (let i = 0; i < map.weeklyCopied[r]; i++) {
          const w = weekly.regionWeekOffsets[rb] + i
          if (!touched(track, weekly.weekRowOffsets[w], weekly.weekRowOffsets[w + 1]))
            out[nextFirst[2] + next.regionWeekOffsets[r] + i] = baseFirst[2] + w
        }
      }
      return out
    },
    body(n) {
      let k = index.answers.length - 1
      while (k > 0 && index.answers[k].first > n) k--
      const { offsets, bodies, first } = index.answers[k]
      return bodies.subarray(offsets[n - first], offsets[n - first + 1])
    },
  }
}
