/**
 * A ranking entry's streams over the 7 calendar days ending on its date, and over the 7 days
 * before (docs/API.md, /rankings: `weekStreams`, `weekStreamsChange`), from the chart's rows
 * in the region: days the track was not on the chart count nothing.
 */
import { STREAMS_NONE } from '../../schema/format.ts'
import { rowStreams, rowTrack } from '../../schema/points.ts'
import type { ChartIndex } from './open-index.ts'

/** The two 7-day sums of an entry. */
export interface WeekStreams {
  /** streams on days `day - 6` to `day`; -1 when none of those rows has streams */
  week: number
  /** streams on days `day - 13` to `day - 7`; -1 when none of those rows has streams */
  before: number
}

/**
 * The 7-day sums of every entry of one ranking at once, from the rankings of its region on
 * the 13 days before it: at most 14 charts read in order. (Each entry's own track points,
 * three binary searches over memory far apart per entry, made most of a top 200 body's cost:
 * ~0.25 ms of ~0.37.) Checked over HTTP against test/charts-naive.ts by test/e2e/rankings.test.ts.
 * `fill` for a ranking, then `sums` for its tracks.
 */
export class WeekWindow {
  private week = new Float64Array(0)
  private before = new Float64Array(0)
  /** per track: the fill that last reset its sums (0: none yet) */
  private stamp = new Uint32Array(0)
  private fills = 0

  /**
   * Sums every track's streams over the 14 days up to the ranking at date position `datePos`
   * of `chart`, in `region` (whose date positions are consecutive and in date order).
   */
  fill(chart: ChartIndex, region: number, datePos: number, trackCount: number): this {
    if (this.stamp.length < trackCount) {
      this.week = new Float64Array(trackCount)
      this.before = new Float64Array(trackCount)
      this.stamp = new Uint32Array(trackCount)
      this.fills = 0
    }
    if (++this.fills === 0xffffffff) {
      this.stamp.fill(0)
      this.fills = 1
    }
    const fill = this.fills
    const { week, before, stamp } = this
    const { dates, dateRowOffsets, rows } = chart
    const day = dates[datePos]
    const first = chart.regionDateOffsets[region]
    for (let pos = datePos; pos >= first && dates[pos] >= day - 13; pos--) {
      const recent = dates[pos] >= day - 6
      for (let r = dateRowOffsets[pos]; r < dateRowOffsets[pos + 1]; r++) {
        const streams = rowStreams(rows, r)
        if (streams === STREAMS_NONE) continue
        const t = rowTrack(rows, r)
        if (stamp[t] !== fill) {
          stamp[t] = fill
          week[t] = -1
          before[t] = -1
        }
        if (recent) week[t] = Math.max(week[t], 0) + streams
        else before[t] = Math.max(before[t], 0) + streams
      }
    }
    return this
  }

  /** Track t's two sums in the ranking last filled, into `out` (-1: no rows with streams). */
  sums(t: number, out: WeekStreams): WeekStreams {
    const filled = this.stamp[t] === this.fills
    out.week = filled ? this.week[t] : -1
    out.before = filled ? this.before[t] : -1
    return out
  }
}
