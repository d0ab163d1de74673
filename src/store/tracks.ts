/** Tracks: lookup by Spotify id, per-region stats, history. */
import {
  CHARTS,
  type ChartName,
  LAST_DAY,
  STREAMS_NONE,
  TRACK_ID_LENGTH,
} from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import {
  aggregatePoints,
  lowerBoundRegion,
  type PointAggregate,
  type PointViews,
  pointDate,
  pointRank,
  pointRegion,
  pointStreams,
} from '../../schema/points.ts'
import type { NumberOneRun } from './number-ones.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { findDatePosition } from './regions.ts'

const TRACK_ID = /^[A-Za-z0-9]{22}$/

/** Whether `id` has the shape of a Spotify track id. */
export function isTrackId(id: string): boolean {
  return TRACK_ID.test(id)
}

/** Track number of a Spotify id, or -1. Binary search over the tracks in id order. */
export function findTrack(index: Index, id: string): number {
  if (!isTrackId(id)) return -1
  const order = index.trackIdOrder
  const i = lowerBound(0, index.trackCount, (k) => compareIdTo(index, order[k], id) < 0)
  return i < index.trackCount && compareIdTo(index, order[i], id) === 0 ? order[i] : -1
}

/** Compares the Spotify id of track t with `id` (22 ASCII characters), bytewise. */
function compareIdTo(index: Index, t: number, id: string): number {
  const ids = index.trackIds
  const base = t * TRACK_ID_LENGTH
  for (let k = 0; k < TRACK_ID_LENGTH; k++) {
    const d = ids[base + k] - id.charCodeAt(k)
    if (d !== 0) return d
  }
  return 0
}

/** Compares the Spotify ids of tracks a and b (bytewise), for orderings by id. */
export function compareTrackIds(index: Index, a: number, b: number): number {
  const ids = index.trackIds
  for (let k = 0; k < TRACK_ID_LENGTH; k++) {
    const d = ids[a * TRACK_ID_LENGTH + k] - ids[b * TRACK_ID_LENGTH + k]
    if (d !== 0) return d
  }
  return 0
}

/** The Spotify id of track t. */
export function trackIdOf(index: Index, t: number): string {
  return Buffer.from(
    index.trackIds.buffer,
    index.trackIds.byteOffset + t * TRACK_ID_LENGTH,
    TRACK_ID_LENGTH,
  ).toString('latin1')
}

/** A run of the track at #1 (its first and last day, and the chart dates in it). */
type TrackRun = Pick<NumberOneRun, 'from' | 'to' | 'days'>

/** One (chart, region) of a track. */
export interface TrackRegionStats extends PointAggregate {
  chart: ChartName
  region: number
  /** dates at its peak rank */
  daysAtPeak: number
  /** dates at rank 1 */
  daysAtNumberOne: number
  /** its runs at #1, ascending (consecutive dates of the region's date list) */
  numberOneRuns: TrackRun[]
  /** its most streams on one date and the first date they came, or null (no streams) */
  bestDay: { date: number; streams: number } | null
}

const dayStamp = new Uint32Array(65536)
let stamp = 0

/** A fresh stamp for distinct-day counting with the shared scratch array. */
export function nextStamp(): { dayStamp: Uint32Array; stamp: number } {
  stamp = (stamp + 1) >>> 0
  if (stamp === 0) {
    dayStamp.fill(0)
    stamp = 1
  }
  return { dayStamp, stamp }
}

/** Per chart and region stats of track t. Cost: one pass over its points. */
export function trackStats(index: Index, t: number): TrackRegionStats[] {
  const out: TrackRegionStats[] = []
  for (const name of CHARTS) {
    const chart = index.charts[name]
    const p = chart.points
    let i = chart.trackPointOffsets[t]
    const end = chart.trackPointOffsets[t + 1]
    while (i < end) {
      const region = pointRegion(p, i)
      const next = lowerBoundRegion(p, i, end, region + 1)
      const s = nextStamp()
      const agg = aggregatePoints(
        p,
        i,
        next,
        -1,
        0,
        LAST_DAY,
        s.dayStamp,
        s.stamp,
        {} as PointAggregate,
      )
      out.push({ chart: name, region, ...agg, ...staplesOf(chart, region, p, i, next, agg) })
      i = next
    }
  }
  return out
}

/**
 * The kworb staples of a track's points [start, end) in one region (docs/API.md,
 * /tracks/{trackId}): days at its peak and at #1, its #1 runs, its best day. Cost: one pass
 * over the points and a binary search per point at #1.
 */
function staplesOf(
  chart: ChartIndex,
  region: number,
  p: PointViews,
  start: number,
  end: number,
  agg: PointAggregate,
) {
  let daysAtPeak = 0
  let daysAtNumberOne = 0
  const numberOneRuns: TrackRun[] = []
  let lastPos = -2
  let best = -1
  let bestDate = 0
  for (let i = start; i < end; i++) {
    const rank = pointRank(p, i)
    const date = pointDate(p, i)
    if (rank === agg.peakRank) daysAtPeak++
    const streams = pointStreams(p, i)
    if (streams !== STREAMS_NONE && streams > best) {
      best = streams
      bestDate = date
    }
    if (rank !== 1) continue
    daysAtNumberOne++
    const pos = findDatePosition(chart, region, date)
    const run = numberOneRuns.at(-1)
    if (run && pos === lastPos + 1) {
      run.to = date
      run.days++
    } else numberOneRuns.push({ from: date, to: date, days: 1 })
    lastPos = pos
  }
  const bestDay = best < 0 ? null : { date: bestDate, streams: best }
  return { daysAtPeak, daysAtNumberOne, numberOneRuns, bestDay }
}

/** Point range [start, end) of track t on `chart` in `region` (ascending dates). O(log points). */
export function trackHistoryRange(
  index: Index,
  t: number,
  chart: ChartName,
  region: number,
): { start: number; end: number } {
  const c = index.charts[chart]
  const lo = c.trackPointOffsets[t]
  const hi = c.trackPointOffsets[t + 1]
  const start = lowerBoundRegion(c.points, lo, hi, region)
  const end = lowerBoundRegion(c.points, start, hi, region + 1)
  return { start, end }
}
