/** An artist's totals (API.md v2 `stats`) over the same rows as its track list. */
import { lowerBoundRegion, pointDate, pointRegion } from '../../schema/points.ts'
import type { ArtistFilter, ArtistTrack } from './artists.ts'
import type { Index } from './open-index.ts'

/** The `stats` of an /artist answer; dates as day numbers, -1 when it has no rows. */
export interface ArtistStats {
  tracks: number
  /** null on viral50 (no streams) */
  totalStreams: number | null
  peakRank: number
  numberOnes: number
  topTens: number
  /** distinct (region, date) pairs with at least one of its rows */
  chartDays: number
  firstDate: number
  lastDate: number
  regions: number
}

/**
 * Totals over `tracks` (the artist's tracks under `filter`, as artistTracks gives them); the
 * distinct regions and (region, date) pairs need one pass over their points under the filter
 * and a sort of the pairs. Cost: O(points log points) of the artist's tracks.
 */
export function artistStats(
  index: Index,
  tracks: ArtistTrack[],
  filter: ArtistFilter,
): ArtistStats {
  const stats: ArtistStats = {
    tracks: tracks.length,
    totalStreams: filter.chart === 'viral50' ? null : 0,
    peakRank: -1,
    numberOnes: 0,
    topTens: 0,
    chartDays: 0,
    firstDate: -1,
    lastDate: -1,
    regions: 0,
  }
  const chart = index.charts[filter.chart]
  const pairs: number[] = []
  for (const t of tracks) {
    if (stats.totalStreams !== null && t.totalStreams > 0) stats.totalStreams += t.totalStreams
    if (stats.peakRank < 0 || t.peakRank < stats.peakRank) stats.peakRank = t.peakRank
    if (t.peakRank === 1) stats.numberOnes++
    if (t.peakRank <= 10) stats.topTens++
    if (stats.firstDate < 0 || t.firstDate < stats.firstDate) stats.firstDate = t.firstDate
    if (t.lastDate > stats.lastDate) stats.lastDate = t.lastDate
    let start = chart.trackPointOffsets[t.track]
    let end = chart.trackPointOffsets[t.track + 1]
    if (filter.region >= 0) {
      start = lowerBoundRegion(chart.points, start, end, filter.region)
      end = lowerBoundRegion(chart.points, start, end, filter.region + 1)
    }
    for (let i = start; i < end; i++) {
      const d = pointDate(chart.points, i)
      if (d >= filter.from && d <= filter.to) pairs.push(pointRegion(chart.points, i) * 65536 + d)
    }
  }
  const sorted = Float64Array.from(pairs).sort()
  // sorted pairs: regions come in runs, so counting changes counts distinct regions
  let lastRegion = -1
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) stats.chartDays++
    const region = Math.floor(sorted[i] / 65536)
    if (region !== lastRegion) {
      stats.regions++
      lastRegion = region
    }
  }
  return stats
}
