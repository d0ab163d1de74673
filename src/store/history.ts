/** A track's history across every region it charted in (docs/API.md /tracks/{trackId}/history). */
import type { ChartName } from '../../schema/format.ts'
import { lowerBoundRegion, pointRank, pointRegion } from '../../schema/points.ts'
import type { Index } from './open-index.ts'

/** One region's points of a track: [start, end) of the chart's points, and its best rank. */
export interface RegionSeries {
  region: number
  start: number
  end: number
  bestRank: number
}

/**
 * The track's points on `chart`, one series per region, ordered by best rank, then region
 * name. Cost: one pass over the track's points (they are grouped by region already).
 */
export function trackSeries(index: Index, t: number, chart: ChartName): RegionSeries[] {
  const c = index.charts[chart]
  const p = c.points
  const end = c.trackPointOffsets[t + 1]
  const out: RegionSeries[] = []
  for (let i = c.trackPointOffsets[t]; i < end; ) {
    const region = pointRegion(p, i)
    const next = lowerBoundRegion(p, i, end, region + 1)
    let bestRank = 256
    for (let k = i; k < next; k++) bestRank = Math.min(bestRank, pointRank(p, k))
    out.push({ region, start: i, end: next, bestRank })
    i = next
  }
  const name = (r: number) => index.regions.text(r)
  return out.sort(
    (a, b) =>
      a.bestRank - b.bestRank ||
      (name(a.region) < name(b.region) ? -1 : name(a.region) > name(b.region) ? 1 : 0),
  )
}
