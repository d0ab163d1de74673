/**
 * The seeded draws the bench scripts share, so that each measures the same kind of request
 * from the same seed on every machine.
 */
import { isoFromDay } from '../schema/format.ts'
import type { ChartIndex, Index } from '../src/store/open-index.ts'

/** A seeded generator of floats in [0, 1) (a linear congruential one: fast, reproducible). */
export function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x80000000
  }
}

/** The region of date position `pos` of a chart (positions are grouped by region). */
export function regionOfPosition(chart: ChartIndex, pos: number): number {
  let region = 0
  while (chart.regionDateOffsets[region + 1] <= pos) region++
  return region
}

/**
 * `n` /rankings paths of the top 200: each a chart date drawn uniformly over every region's
 * dates (so regions with more dates are asked more often), with its region.
 */
export function rankingPaths(index: Index, n: number, random: () => number): string[] {
  const chart = index.charts.top200
  return Array.from({ length: n }, () => {
    const pos = Math.floor(random() * chart.dates.length)
    const region = encodeURIComponent(index.regions.text(regionOfPosition(chart, pos)))
    return `/rankings?region=${region}&date=${isoFromDay(chart.dates[pos])}`
  })
}
