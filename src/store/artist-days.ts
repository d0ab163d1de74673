/**
 * An artist's streams per day (docs/API.md, /artist/daily): within one region and chart,
 * each date's sum over the rows it is credited on.
 */
import { STREAMS_NONE } from '../../schema/format.ts'
import { lowerBoundRegion, pointDate, pointRank, pointStreams } from '../../schema/points.ts'
import type { ArtistFilter } from './artists.ts'
import type { Index } from './open-index.ts'

/** One date of an artist. */
export interface ArtistDay {
  date: number
  /** streams of its rows that date; -1 when none has streams (viral50) */
  streams: number
  /** its rows (entries) that date */
  tracks: number
  /** its best rank that date */
  bestRank: number
}

/**
 * Every date the artist has a row on under `filter`, ascending. Cost: one pass over its
 * tracks' points in the region (found by binary search) and a sort of the dates.
 */
export function artistDays(index: Index, artist: number, filter: ArtistFilter): ArtistDay[] {
  const chart = index.charts[filter.chart]
  const points = chart.points
  const days = new Map<number, ArtistDay>()
  if (filter.region < 0) return []
  for (let k = index.artistTrackOffsets[artist]; k < index.artistTrackOffsets[artist + 1]; k++) {
    const t = index.artistTracks[k]
    const end = chart.trackPointOffsets[t + 1]
    const lo = lowerBoundRegion(points, chart.trackPointOffsets[t], end, filter.region)
    const hi = lowerBoundRegion(points, lo, end, filter.region + 1)
    for (let i = lo; i < hi; i++) {
      const date = pointDate(points, i)
      if (date < filter.from || date > filter.to) continue
      const s = pointStreams(points, i)
      const rank = pointRank(points, i)
      let day = days.get(date)
      if (!day) {
        day = { date, streams: -1, tracks: 0, bestRank: rank }
        days.set(date, day)
      }
      if (s !== STREAMS_NONE) day.streams = Math.max(day.streams, 0) + s
      day.tracks++
      day.bestRank = Math.min(day.bestRank, rank)
    }
  }
  return [...days.values()].sort((a, b) => a.date - b.date)
}
