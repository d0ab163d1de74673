/** Movers (docs/API.md /rankings/movers): what changed on a chart since its previous date, from the rows' facts. */
import { rowDaysOnChart, rowPreviousRank, rowRank, rowTrack } from '../../schema/points.ts'
import type { ChartIndex } from './open-index.ts'

/** Row indices of each list; `dropouts` are rows of the previous date. */
export interface Movers {
  /** global date position of the previous date of the chart and region, -1 on its first */
  previousPos: number
  newEntries: number[]
  reEntries: number[]
  climbers: number[]
  fallers: number[]
  dropouts: number[]
}

let onChart = new Uint32Array(0)
let stamp = 0

/**
 * The movers of the ranking at global date position `datePos` of `region`, every list whole:
 * new entries (first day on the chart) and re-entries (back after a gap) by rank, climbers
 * and fallers by the size of their move (then rank), and the previous date's tracks that are
 * not on this one, by their previous rank. Cost: one pass over the two days' rows (at most
 * 400) and a sort of the movers.
 */
export function moversOf(
  chart: ChartIndex,
  region: number,
  datePos: number,
  trackCount: number,
): Movers {
  const v = chart.rows
  const previousPos = datePos > chart.regionDateOffsets[region] ? datePos - 1 : -1
  const out: Movers = {
    previousPos,
    newEntries: [],
    reEntries: [],
    climbers: [],
    fallers: [],
    dropouts: [],
  }
  if (onChart.length < trackCount) onChart = new Uint32Array(trackCount)
  stamp = (stamp + 1) >>> 0
  if (stamp === 0) {
    onChart.fill(0)
    stamp = 1
  }
  const change = (r: number) => rowPreviousRank(v, r) - rowRank(v, r)
  for (let r = chart.dateRowOffsets[datePos]; r < chart.dateRowOffsets[datePos + 1]; r++) {
    onChart[rowTrack(v, r)] = stamp
    const previous = rowPreviousRank(v, r)
    if (previous === 0) {
      if (rowDaysOnChart(v, r) === 1) out.newEntries.push(r)
      else out.reEntries.push(r)
    } else if (change(r) > 0) out.climbers.push(r)
    else if (change(r) < 0) out.fallers.push(r)
  }
  out.climbers.sort((a, b) => change(b) - change(a) || rowRank(v, a) - rowRank(v, b))
  out.fallers.sort((a, b) => change(a) - change(b) || rowRank(v, a) - rowRank(v, b))
  if (previousPos >= 0) {
    for (let r = chart.dateRowOffsets[previousPos]; r < chart.dateRowOffsets[previousPos + 1]; r++)
      if (onChart[rowTrack(v, r)] !== stamp) out.dropouts.push(r)
  }
  return out
}
