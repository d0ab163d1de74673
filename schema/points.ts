/**
 * Layout of the struct vectors (see common.fbs) as typed-array views, and the per-track
 * aggregate that both the pipeline (precomputed, whole chart) and the reader (filtered)
 * compute from a slice of TrackPoints.
 */
import { STREAMS_NONE } from './format.ts'

/** Bytes of one ChartRow: track u32 @0, streams u32 @4, rank @8, trend @9, previous_rank @10, peak_rank @11, days_on_chart u16 @12, streak u16 @14. */
export const CHART_ROW_SIZE = 16
/** Bytes of one TrackPoint: streams u32 @0, date u16 @4, region u8 @6, rank u8 @7. */
export const TRACK_POINT_SIZE = 8

/** Typed views over a vector of TrackPoints (zero copy). Point i: streams[2i], date[4i+2], region/rank bytes[8i+6], [8i+7]. */
export interface PointViews {
  u8: Uint8Array
  u16: Uint16Array
  u32: Uint32Array
}

/** Views over `bytes` (4-byte aligned) holding TrackPoints. */
export function pointViews(bytes: Uint8Array): PointViews {
  return {
    u8: bytes,
    u16: new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 1),
    u32: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2),
  }
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
    const r = p.u8[i * 8 + 6]
    if (region >= 0 && r !== region) continue
    const d = p.u16[i * 4 + 2]
    if (d < from || d > to) continue
    rows++
    const rank = p.u8[i * 8 + 7]
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
    const s = p.u32[i * 2]
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

/** First index in [lo, hi) whose region byte is >= region (points ordered by region). */
export function lowerBoundRegion(p: PointViews, lo: number, hi: number, region: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (p.u8[mid * 8 + 6] < region) lo = mid + 1
    else hi = mid
  }
  return lo
}
