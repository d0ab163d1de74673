/** #1 runs (docs/API.md /number-ones): who held rank 1 of a chart and region, and for how many dates. */
import { rowRank, rowTrack } from '../../schema/points.ts'
import type { ChartIndex } from './open-index.ts'

/** A run of dates with the same track at rank 1; dates as day numbers. */
export interface NumberOneRun {
  track: number
  from: number
  to: number
  /** dates in the run */
  days: number
}

/**
 * The region's #1 runs, ascending by `from`: maximal runs of consecutive dates of the region's
 * own date list (gaps in the calendar do not break a run) with the same track at rank 1; a
 * date without a rank 1 row ends a run. Cost: one look at the first row of each date.
 */
export function numberOneRuns(chart: ChartIndex, region: number): NumberOneRun[] {
  const runs: NumberOneRun[] = []
  const v = chart.rows
  let open: NumberOneRun | null = null
  for (let d = chart.regionDateOffsets[region]; d < chart.regionDateOffsets[region + 1]; d++) {
    const r = chart.dateRowOffsets[d]
    const top = r < chart.dateRowOffsets[d + 1] && rowRank(v, r) === 1 ? rowTrack(v, r) : -1
    const day = chart.dates[d]
    if (open !== null && top === open.track) {
      open.to = day
      open.days++
      continue
    }
    open = top < 0 ? null : { track: top, from: day, to: day, days: 1 }
    if (open) runs.push(open)
  }
  return runs
}
