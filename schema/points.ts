/**
 * The one home of the struct layouts of common.fbs (ChartRow, TrackPoint): their sizes,
 * typed-array views over a vector of them, and named accessors. Build, store, render and
 * bench read and write rows only through these; `bench/accessors.ts` checks that the JIT
 * inlines them (same speed as hand-written offsets). Also the per-track aggregate that both
 * the pipeline (precomputed, whole chart) and the reader (filtered) compute from points.
 */
import { STREAMS_NONE } from './format.ts'
import { StructViews64 } from './list-rows.ts'
import { lowerBound } from './lower-bound.ts'

/**
 * Bytes of one ChartRow: track u32 @0, streams u32 @4, rank @8, trend @9, previous_rank @10,
 * peak_rank @11, days_on_chart u16 @12, streak u16 @14, streams_change f64 @16, total_streams
 * f64 @24.
 */
export const CHART_ROW_SIZE = 32
/** Bytes of one TrackPoint: streams u32 @0, date u16 @4, region u8 @6, rank u8 @7. */
export const TRACK_POINT_SIZE = 8

/** The same bytes (a vector of structs, 4-byte aligned) as u8, u16 and u32 views (zero copy). */
export interface StructViews {
  u8: Uint8Array
  u16: Uint16Array
  u32: Uint32Array
}
/** A vector of ChartRows (8-byte aligned: u8 to f64 views); read it with the `row*` accessors. */
export type ChartRows = StructViews64
/** A vector of TrackPoints; read it with the `point*` accessors. */
export type PointViews = StructViews

/** Views over `bytes` (4-byte aligned; a whole number of structs). */
export function structViews(bytes: Uint8Array): StructViews {
  return {
    u8: bytes,
    u16: new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 1),
    u32: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2),
  }
}

/** Views over a vector of ChartRows (`bytes` 8-byte aligned in its buffer). */
export function chartRowViews(bytes: Uint8Array): ChartRows {
  return new StructViews64(bytes)
}

// ChartRow r: u32 words 8r, 8r+1; bytes 32r+8..32r+11; u16 halves 16r+6, 16r+7; f64 4r+2, 4r+3.

/** Track id of row r. */
export const rowTrack = (v: ChartRows, r: number): number => v.u32[r * 8]
/** Sets the track id of row r (a build renumbering its tracks). */
export const setRowTrack = (v: ChartRows, r: number, track: number): void => {
  v.u32[r * 8] = track
}
/** Streams of row r; STREAMS_NONE when none. */
export const rowStreams = (v: ChartRows, r: number): number => v.u32[r * 8 + 1]
/** Rank (1..200) of row r. */
export const rowRank = (v: ChartRows, r: number): number => v.u8[r * 32 + 8]
/** Trend code of row r (an index of TRENDS, schema/format.ts). */
export const rowTrend = (v: ChartRows, r: number): number => v.u8[r * 32 + 9]
/** Rank on the previous chart date; 0 when not on it. */
export const rowPreviousRank = (v: ChartRows, r: number): number => v.u8[r * 32 + 10]
/** Best rank up to row r's date. */
export const rowPeakRank = (v: ChartRows, r: number): number => v.u8[r * 32 + 11]
/** Chart dates up to row r's on which the track appeared. */
export const rowDaysOnChart = (v: ChartRows, r: number): number => v.u16[r * 16 + 6]
/** Consecutive chart dates ending at row r's. */
export const rowStreak = (v: ChartRows, r: number): number => v.u16[r * 16 + 7]
/** Streams minus those on the previous chart date; NaN when none. */
export const rowStreamsChange = (v: ChartRows, r: number): number => v.f64[r * 4 + 2]
/** Streams summed up to row r's date in its chart and region; -1 when none. */
export const rowTotalStreams = (v: ChartRows, r: number): number => v.f64[r * 4 + 3]

/** The fields of one ChartRow (a scratch object the writer copies from). */
export interface ChartRowValues {
  track: number
  streams: number
  rank: number
  trend: number
  previousRank: number
  peakRank: number
  daysOnChart: number
  streak: number
  /** NaN when none */
  streamsChange: number
  /** -1 when none */
  totalStreams: number
}

/** Writes row r from `x`. */
export function writeRow(v: ChartRows, r: number, x: ChartRowValues): void {
  v.u32[r * 8] = x.track
  v.u32[r * 8 + 1] = x.streams
  v.u8[r * 32 + 8] = x.rank
  v.u8[r * 32 + 9] = x.trend
  v.u8[r * 32 + 10] = x.previousRank
  v.u8[r * 32 + 11] = x.peakRank
  v.u16[r * 16 + 6] = x.daysOnChart
  v.u16[r * 16 + 7] = x.streak
  v.f64[r * 4 + 2] = x.streamsChange
  v.f64[r * 4 + 3] = x.totalStreams
}

/** Reads row r into `x` (the accessors above, all at once). */
export function readRow(v: ChartRows, r: number, x: ChartRowValues): ChartRowValues {
  x.track = rowTrack(v, r)
  x.streams = rowStreams(v, r)
  x.rank = rowRank(v, r)
  x.trend = rowTrend(v, r)
  x.previousRank = rowPreviousRank(v, r)
  x.peakRank = rowPeakRank(v, r)
  x.daysOnChart = rowDaysOnChart(v, r)
  x.streak = rowStreak(v, r)
  x.streamsChange = rowStreamsChange(v, r)
  x.totalStreams = rowTotalStreams(v, r)
  return x
}

// TrackPoint i: u32 word 2i; u16 half 4i+2; bytes 8i+6, 8i+7.

/** Streams of point i; STREAMS_NONE when none. */
export const pointStreams = (p: PointViews, i: number): number => p.u32[i * 2]
/** Day number of point i. */
export const pointDate = (p: PointViews, i: number): number => p.u16[i * 4 + 2]
/** Region id of point i. */
export const pointRegion = (p: PointViews, i: number): number => p.u8[i * 8 + 6]
/** Rank of point i. */
export const pointRank = (p: PointViews, i: number): number => p.u8[i * 8 + 7]

/** The fields of one TrackPoint (a scratch object the writer copies from). */
export interface PointValues {
  streams: number
  date: number
  region: number
  rank: number
}

/** Writes point i from `x`. */
export function writePoint(p: PointViews, i: number, x: PointValues): void {
  p.u32[i * 2] = x.streams
  p.u16[i * 4 + 2] = x.date
  p.u8[i * 8 + 6] = x.region
  p.u8[i * 8 + 7] = x.rank
}

/** First index in [lo, hi) whose region is >= region (points ordered by region). */
export function lowerBoundRegion(p: PointViews, lo: number, hi: number, region: number): number {
  return lowerBound(lo, hi, (i) => pointRegion(p, i) < region)
}

/** Aggregate of a track's points under some filter. */
export interface PointAggregate {
  /** points counted */
  rows: number
  peakRank: number
  peakDate: number
  firstDate: number
  lastDate: number
  /** distinct dates */
  days: number
  /** distinct regions */
  regions: number
  /** sum of streams; -1 when no point had streams */
  totalStreams: number
}

/**
 * Aggregates points [start, end) (ordered by region, then date) that pass the region and
 * date filters (`region` -1 = all; dates inclusive). `dayStamp` is a scratch array of 65536
 * entries and `stamp` a value not yet used in it (distinct-date counting without a Set).
 * Cost: one pass over the slice.
 */
export function aggregatePoints(
  p: PointViews,
  start: number,
  end: number,
  region: number,
  from: number,
  to: number,
  dayStamp: Uint32Array,
  stamp: number,
  out: PointAggregate,
): PointAggregate {
  let rows = 0
  let peakRank = 256
  let peakDate = 0
  let firstDate = 0xffff
  let lastDate = 0
  let days = 0
  let regions = 0
  let lastRegion = -1
  let total = 0
  let anyStreams = false
  for (let i = start; i < end; i++) {
    const r = pointRegion(p, i)
    if (region >= 0 && r !== region) continue
    const d = pointDate(p, i)
    if (d < from || d > to) continue
    rows++
    const rank = pointRank(p, i)
    if (rank < peakRank || (rank === peakRank && d < peakDate)) {
      peakRank = rank
      peakDate = d
    }
    if (d < firstDate) firstDate = d
    if (d > lastDate) lastDate = d
    if (dayStamp[d] !== stamp) {
      dayStamp[d] = stamp
      days++
    }
    if (r !== lastRegion) {
      regions++
      lastRegion = r
    }
    const s = pointStreams(p, i)
    if (s !== STREAMS_NONE) {
      total += s
      anyStreams = true
    }
  }
  out.rows = rows
  out.peakRank = peakRank
  out.peakDate = peakDate
  out.firstDate = firstDate
  out.lastDate = lastDate
  out.days = days
  out.regions = regions
  out.totalStreams = anyStreams ? total : -1
  return out
}
