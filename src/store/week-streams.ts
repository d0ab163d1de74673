/**
 * A ranking entry's streams over the 7 calendar days ending on its date, and over the 7 days
 * before (docs/API.md, /rankings: `weekStreams`, `weekStreamsChange`), from the track's
 * points in the chart and region: days it was not on the chart count nothing.
 */
import { STREAMS_NONE } from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import { lowerBoundRegion, pointDate, pointStreams } from '../../schema/points.ts'
import type { ChartIndex } from './open-index.ts'

/** The two 7-day sums of an entry. */
export interface WeekStreams {
  /** streams on days `day - 6` to `day`; -1 when none of those rows has streams */
  week: number
  /** streams on days `day - 13` to `day - 7`; -1 when none of those rows has streams */
  before: number
}

/**
 * The 7-day sums of track t on `chart` in `region` for the entry on `day`, into `out`.
 * Cost: two binary searches over the track's points and at most 14 reads.
 */
export function weekStreamsOf(
  chart: ChartIndex,
  region: number,
  day: number,
  t: number,
  out: WeekStreams,
): WeekStreams {
  const p = chart.points
  const end = chart.trackPointOffsets[t + 1]
  const lo = lowerBoundRegion(p, chart.trackPointOffsets[t], end, region)
  const hi = lowerBoundRegion(p, lo, end, region + 1)
  out.week = -1
  out.before = -1
  for (let i = lowerBound(lo, hi, (k) => pointDate(p, k) < day - 13); i < hi; i++) {
    const d = pointDate(p, i)
    if (d > day) break
    const streams = pointStreams(p, i)
    if (streams === STREAMS_NONE) continue
    if (d >= day - 6) out.week = Math.max(out.week, 0) + streams
    else out.before = Math.max(out.before, 0) + streams
  }
  return out
}
