/**
 * One chart kind's rankings from the row store: rows grouped by region and date and ordered
 * by rank (deduplicated), each with its chart facts (chart-points.ts adds every track's points
 * and the per-track aggregates).
 *
 * Duplicate rule, within one (chart, region, date) of one input file, rows taken in rank
 * order and, for equal ranks, in input order:
 *  - a row equal to a kept row of the same rank (same track, streams, trend) is a
 *    `duplicate row` and dropped;
 *  - another row with a rank already taken is a `rank conflict`: the first one wins;
 *  - a track already on that chart that day at a better rank is a `repeated track`: dropped.
 * Overlap rule: a (chart, region, date) that several input files give is the last file's
 * (in reading order: the `--input`s as given, a folder's files by name); the rows the
 * duplicate rule kept of each earlier file's are dropped and counted as replaced.
 */

import { isoFromDay, STREAMS_NONE, TREND_NONE, TRENDS, trendCode } from '../schema/format.ts'
import {
  CHART_ROW_SIZE,
  type ChartRows,
  type ChartRowValues,
  chartRowViews,
  readRow,
  writeRow,
} from '../schema/points.ts'
import type { RowStore } from './ingest.ts'

/** Counts of rows resolved by the duplicate rule. */
export interface DuplicateCounts {
  'duplicate row': number
  'rank conflict': number
  'repeated track': number
}

/** What the overlap rule replaced: earlier files' charts (and their kept rows) given again later. */
export interface ReplacedCounts {
  charts: number
  rows: number
}

/** What rankChart needs: the store, the chart, and how store regions map to region ids. */
export interface ChartDataOptions {
  store: RowStore
  /** 0 top200, 1 viral50, 2 Spotify's weekly top 200 */
  chartId: number
  /** store region index -> region id (sorted order) */
  regionRemap: Uint8Array
  regionCount: number
  /** counts of the duplicate rule, added to */
  duplicates: DuplicateCounts
  /** counts of the overlap rule, added to */
  replaced: ReplacedCounts
  /** the base index's rankings of this chart, continued (build-index --base) */
  prefix?: ChartPrefix
}

/**
 * A base index's rankings of a chart, which a --base build continues: each region's dates
 * before its first new one are copied (rows, facts and trends as the base computed them) and
 * the facts carried forward from them. A new chart on a region's last base date replaces
 * it (the overlap rule); one before it is refused: the facts of the later dates would change,
 * and the base keeps no input trend to compute them again from.
 */
export interface ChartPrefix {
  /** the base chart (regionDateOffsets, dates, dateRowOffsets, rows: ChartRows) */
  base: Pick<Rankings, 'regionDateOffsets' | 'dates' | 'dateRowOffsets' | 'rows'>
  /** per region id of the new index: the region's id in the base, or -1 */
  baseRegion: Int32Array
  /** the chart's name and the regions' names, for the refusal */
  name: string
  regionNames: readonly string[]
  /** filled in: per region id, the day of its first date not copied from the base, or -1 */
  firstNewDay: Int32Array
  /** filled in: per region id, how many of its first dates were copied from the base */
  copiedDates: Uint32Array
}

/**
 * The rankings of one chart of the store: its buckets walked region by region, date by date,
 * the duplicate and overlap rules applied, each row with its facts. Rows name tracks by their
 * store index (the index's numbering is known only once every chart's kept rows are counted:
 * chart-points.ts renumbers them).
 */
export function rankChart(options: ChartDataOptions): Rankings {
  return rankRows(options, bucketRows(options))
}

/** The chart's store rows in (region id, day) buckets, input order within a bucket. */
interface Buckets {
  /** store row indices, bucket after bucket */
  order: Uint32Array
  /** bucket b (= region id × span + day - minDay) is order[start[b] .. start[b + 1]) */
  start: Uint32Array
  minDay: number
  /** days from the first to the last date of the chart */
  span: number
}

/** Stage 1: a stable counting sort of the chart's rows by (region id, day). Two passes over the store. */
function bucketRows({ store, chartId, regionRemap, regionCount }: ChartDataOptions): Buckets {
  const c = store.columns
  let minDay = 0xffff
  let maxDay = 0
  let n = 0
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] !== chartId) continue
    n++
    if (c.day[i] < minDay) minDay = c.day[i]
    if (c.day[i] > maxDay) maxDay = c.day[i]
  }
  const span = n === 0 ? 0 : maxDay - minDay + 1
  const start = new Uint32Array(regionCount * span + 1)
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] === chartId) start[regionRemap[c.region[i]] * span + c.day[i] - minDay + 1]++
  }
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1]
  const fill = start.slice(0, start.length - 1)
  const order = new Uint32Array(n)
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] === chartId)
      order[fill[regionRemap[c.region[i]] * span + c.day[i] - minDay]++] = i
  }
  return { order, start, minDay, span }
}

/** The rankings of a chart: deduplicated rows with their chart facts, and their offsets. */
export interface Rankings {
  /** rows by region, date and rank; `track` is the store's track index */
  rows: ChartRows
  /** rows kept */
  count: number
  regionDateOffsets: Uint32Array
  dates: Uint16Array
  dateRowOffsets: Uint32Array
  /** per store track t: its rows are pointCount[t + 1] */
  pointCount: Uint32Array
}

/**
 * Per track, the chart facts so far in the current (chart, region): state resets when the
 * track's region changes, since rows are walked region by region, date by date. The weekly
 * charts (weekly-data.ts) use it too, with weeks for dates.
 */
export class FactState {
  readonly region: Int32Array
  /** position (among the region's dates) of the track's last date */
  readonly lastPos: Int32Array
  readonly lastRank: Uint8Array
  readonly peak: Uint8Array
  readonly days: Uint16Array
  readonly streak: Uint16Array
  /** streams of the track's last row (STREAMS_NONE when none) */
  readonly lastStreams: Uint32Array
  /** streams of its rows so far */
  readonly total: Float64Array
  constructor(trackCount: number) {
    this.region = new Int32Array(trackCount).fill(-1)
    this.lastPos = new Int32Array(trackCount)
    this.lastRank = new Uint8Array(trackCount)
    this.peak = new Uint8Array(trackCount)
    this.days = new Uint16Array(trackCount)
    this.streak = new Uint16Array(trackCount)
    this.lastStreams = new Uint32Array(trackCount)
    this.total = new Float64Array(trackCount)
  }

  /**
   * Records track t at `rank` with `row.streams` on date position `pos` of `region`; fills the
   * facts of `row`: previous rank, peak, days, streak, and the change of streams since the
   * previous date and their running total (NaN and -1 when there are none).
   */
  see(t: number, region: number, pos: number, rank: number, row: ChartRowValues): void {
    let previous = 0
    const streams = row.streams
    if (this.region[t] !== region) {
      this.region[t] = region
      this.peak[t] = rank
      this.days[t] = 1
      this.streak[t] = 1
      this.total[t] = 0
    } else {
      const consecutive = this.lastPos[t] === pos - 1
      if (consecutive) previous = this.lastRank[t]
      if (rank < this.peak[t]) this.peak[t] = rank
      if (this.days[t] < 0xffff) this.days[t]++
      this.streak[t] = consecutive ? Math.min(this.streak[t] + 1, 0xffff) : 1
    }
    const had = this.lastStreams[t]
    row.streamsChange =
      previous !== 0 && streams !== STREAMS_NONE && had !== STREAMS_NONE ? streams - had : NaN
    if (streams !== STREAMS_NONE) this.total[t] += streams
    row.totalStreams = streams === STREAMS_NONE ? -1 : this.total[t]
    this.lastStreams[t] = streams
    this.lastPos[t] = pos
    this.lastRank[t] = rank
    row.previousRank = previous
    row.peakRank = this.peak[t]
    row.daysOnChart = this.days[t]
    row.streak = this.streak[t]
  }

  /**
   * Takes track t's facts from a row already computed (a base index's, copied: --base), as
   * `see` would have left them after it: `row` on date position `pos` of `region`.
   */
  carry(t: number, region: number, pos: number, row: ChartRowValues): void {
    if (this.region[t] !== region) {
      this.region[t] = region
      this.total[t] = 0
    }
    this.lastPos[t] = pos
    this.lastRank[t] = row.rank
    this.peak[t] = row.peakRank
    this.days[t] = row.daysOnChart
    this.streak[t] = row.streak
    this.lastStreams[t] = row.streams
    // a row without streams leaves the running total as its track's previous rows had it
    if (row.streams !== STREAMS_NONE) this.total[t] = row.totalStreams
  }
}

const RE_ENTRY = trendCode('RE_ENTRY')
const NEW_ENTRY = trendCode('NEW_ENTRY')
const MOVE_UP = trendCode('MOVE_UP')
const MOVE_DOWN = trendCode('MOVE_DOWN')
const SAME_POSITION = trendCode('SAME_POSITION')

/**
 * The trend code of a row with its facts filled in (docs/API.md, /rankings): RE_ENTRY on a
 * re-entry (not on the previous date, on the chart before), whatever the input says; else the
 * input's code, or where it gave none, one from the previous rank.
 */
export function entryTrend(given: number, row: ChartRowValues): number {
  const previous = row.previousRank
  if (previous === 0 && row.daysOnChart > 1) return RE_ENTRY
  if (given !== TREND_NONE && given < TRENDS.length) return given
  if (previous === 0) return NEW_ENTRY
  return previous > row.rank ? MOVE_UP : previous < row.rank ? MOVE_DOWN : SAME_POSITION
}

/** Puts `rows` (store row indices in input order) in rank order, then input order. */
function inRankOrder(rows: number[], rank: Uint8Array): number[] {
  // input usually arrives in rank order already: sort only when it did not
  let sorted = true
  for (let k = 1; k < rows.length && sorted; k++) sorted = rank[rows[k - 1]] <= rank[rows[k]]
  if (!sorted) rows.sort((x, y) => rank[x] - rank[y] || x - y)
  return rows
}

/**
 * The rows of one bucket to emit, in rank order: the last input file's rows (overlap rule),
 * each file's taken by the duplicate rule. Counts go to `options`.
 */
class BucketRule {
  private readonly all: number[] = []
  private readonly segment: number[] = []
  private readonly seen: Uint32Array
  private stamp = 0
  /** the store's columns (views made once: the store does not grow while charts are built) */
  private readonly c: RowStore['columns']

  constructor(private readonly options: ChartDataOptions) {
    this.seen = new Uint32Array(options.store.tracks.length)
    this.c = options.store.columns
  }

  /** The kept rows of bucket `b` (a reused array). */
  rowsOf(buckets: Buckets, b: number, kept: number[]): number[] {
    const { store, replaced } = this.options
    const { all } = this
    all.length = 0
    for (let k = buckets.start[b]; k < buckets.start[b + 1]; k++) all.push(buckets.order[k])
    // one file's rows: the common case, no split
    const lastInput = store.inputOf(all[all.length - 1])
    if (store.inputOf(all[0]) === lastInput) return this.keep(inRankOrder(all, this.c.rank), kept)
    let from = 0
    while (from < all.length) {
      const input = store.inputOf(all[from])
      let to = from + 1
      while (to < all.length && store.inputOf(all[to]) === input) to++
      this.segment.length = 0
      for (let k = from; k < to; k++) this.segment.push(all[k])
      this.keep(inRankOrder(this.segment, this.c.rank), kept)
      if (input !== lastInput) {
        replaced.charts++
        replaced.rows += kept.length
      }
      from = to
    }
    return kept
  }

  /** Applies the duplicate rule to one file's rows of a bucket, in rank order. */
  private keep(rows: readonly number[], kept: number[]): number[] {
    const { c } = this
    const { duplicates } = this.options
    const stamp = ++this.stamp
    kept.length = 0
    let keptRank = 0
    let keptRow = -1
    for (const i of rows) {
      const rank = c.rank[i]
      if (rank === keptRank) {
        const same =
          c.track[i] === c.track[keptRow] &&
          c.streams[i] === c.streams[keptRow] &&
          c.trend[i] === c.trend[keptRow]
        duplicates[same ? 'duplicate row' : 'rank conflict']++
        continue
      }
      if (this.seen[c.track[i]] === stamp) {
        duplicates['repeated track']++
        continue
      }
      this.seen[c.track[i]] = stamp
      keptRank = rank
      keptRow = i
      kept.push(i)
    }
    return kept
  }
}

/** Where rankRows writes: its arrays and how far it has come. */
interface RankOutput {
  rows: ChartRows
  dates: Uint16Array
  dateRowOffsets: Uint32Array
  pointCount: Uint32Array
  facts: FactState
  /** rows and dates written so far */
  out: number
  dateCount: number
}

/**
 * Copies the base's dates of `region` that come before its first new chart (ChartPrefix) to
 * the output, carrying each track's facts forward from its last copied row; resolves to the
 * rows and dates copied.
 */
function copyPrefix(
  options: ChartDataOptions,
  buckets: Buckets,
  region: number,
  o: RankOutput,
): { rows: number; dates: number } {
  const prefix = options.prefix!
  const { base } = prefix
  const rb = prefix.baseRegion[region]
  let firstNew = -1
  for (let d = 0; d < buckets.span && firstNew < 0; d++) {
    const b = region * buckets.span + d
    if (buckets.start[b] !== buckets.start[b + 1]) firstNew = buckets.minDay + d
  }
  prefix.firstNewDay[region] = firstNew
  if (rb < 0) return { rows: 0, dates: 0 }
  const a = base.regionDateOffsets[rb]
  const b = base.regionDateOffsets[rb + 1]
  if (a === b) return { rows: 0, dates: 0 }
  const lastBase = base.dates[b - 1]
  if (firstNew >= 0 && firstNew < lastBase)
    throw new Error(
      `base: the ${prefix.name} chart of ${prefix.regionNames[region]} on ${isoFromDay(firstNew)} comes before the base's last one (${isoFromDay(lastBase)}); a --base build adds a region's charts on or after its last date: build from all the inputs instead`,
    )
  // a new chart of the last base date replaces it
  const end = firstNew === lastBase ? b - 1 : b
  if (end < b) {
    options.replaced.charts++
    options.replaced.rows += base.dateRowOffsets[b] - base.dateRowOffsets[b - 1]
  }
  const from = base.dateRowOffsets[a]
  const to = base.dateRowOffsets[end]
  o.rows.u8.set(
    base.rows.u8.subarray(from * CHART_ROW_SIZE, to * CHART_ROW_SIZE),
    o.out * CHART_ROW_SIZE,
  )
  const row = {} as ChartRowValues
  for (let di = a; di < end; di++) {
    const k = o.dateCount + di - a
    o.dates[k] = base.dates[di]
    o.dateRowOffsets[k] = o.out + base.dateRowOffsets[di] - from
    for (let r = base.dateRowOffsets[di]; r < base.dateRowOffsets[di + 1]; r++) {
      readRow(base.rows, r, row)
      o.facts.carry(row.track, region, di - a, row)
      o.pointCount[row.track + 1]++
    }
  }
  prefix.copiedDates[region] = end - a
  return { rows: to - from, dates: end - a }
}

/** Stage 2: walk the buckets in (region, date) order, apply the duplicate rule, emit rows with their facts. */
function rankRows(options: ChartDataOptions, buckets: Buckets): Rankings {
  const { store, regionCount } = options
  const c = store.columns
  const trackCount = store.tracks.length
  const { order, span, minDay } = buckets
  const prefix = options.prefix
  const baseRows = prefix ? prefix.base.dateRowOffsets[prefix.base.dates.length] : 0
  const rows = chartRowViews(new Uint8Array((order.length + baseRows) * CHART_ROW_SIZE))
  const dates = new Uint16Array(
    Math.min(order.length, regionCount * span) + (prefix ? prefix.base.dates.length : 0),
  )
  const dateRowOffsets = new Uint32Array(dates.length + 1)
  const regionDateOffsets = new Uint32Array(regionCount + 1)
  const rule = new BucketRule(options)
  const facts = new FactState(trackCount)
  const pointCount = new Uint32Array(trackCount + 1)
  const row: ChartRowValues = {
    track: 0,
    streams: 0,
    rank: 0,
    trend: 0,
    previousRank: 0,
    peakRank: 0,
    daysOnChart: 0,
    streak: 0,
    streamsChange: Number.NaN,
    totalStreams: -1,
  }
  let out = 0
  let dateCount = 0
  const kept: number[] = []
  const out0 = { rows, dates, dateRowOffsets, pointCount, facts }
  for (let region = 0; region < regionCount; region++) {
    regionDateOffsets[region] = dateCount
    let pos = 0
    if (prefix) {
      const copied = copyPrefix(options, buckets, region, { ...out0, out, dateCount })
      out += copied.rows
      dateCount += copied.dates
      pos = copied.dates
    }
    for (let d = 0; d < span; d++) {
      const b = region * span + d
      if (buckets.start[b] === buckets.start[b + 1]) continue
      const dayOut = out
      for (const i of rule.rowsOf(buckets, b, kept)) {
        const rank = c.rank[i]
        const track = c.track[i]
        row.track = track
        row.streams = c.streams[i]
        row.rank = rank
        facts.see(track, region, pos, rank, row)
        row.trend = entryTrend(c.trend[i], row)
        writeRow(rows, out, row)
        pointCount[track + 1]++
        out++
      }
      dates[dateCount] = minDay + d
      dateRowOffsets[dateCount] = dayOut
      dateCount++
      pos++
    }
  }
  regionDateOffsets[regionCount] = dateCount
  dateRowOffsets[dateCount] = out
  return {
    rows: chartRowViews(rows.u8.subarray(0, out * CHART_ROW_SIZE)),
    count: out,
    regionDateOffsets,
    dates: dates.slice(0, dateCount),
    dateRowOffsets: dateRowOffsets.slice(0, dateCount + 1),
    pointCount,
  }
}
