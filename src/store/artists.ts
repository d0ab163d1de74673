/** Artists: lookup by normalised name and per-track statistics under filters. */
import { type ChartName, foldName, normalizeName } from '../../schema/format.ts'
import { aggregatePoints, lowerBoundRegion, type PointAggregate } from '../../schema/points.ts'
import type { Index } from './open-index.ts'
import { queryBytes } from './string-pool.ts'
import { closest } from './suggest.ts'
import { compareTrackIds, nextStamp } from './tracks.ts'

/** Which rows of an artist count: one chart, a region (-1 all), dates from..to (day numbers, inclusive). */
export interface ArtistFilter {
  chart: ChartName
  region: number
  from: number
  to: number
}

/** One track of an artist with its statistics under the filter. */
export interface ArtistTrack extends PointAggregate {
  track: number
}

/**
 * Artist id of a name, or -1: case-, accent- and punctuation-insensitive (foldName); where
 * several artists fold alike, the one whose name matches up to case and accents wins, else
 * the one with the most chart rows. O(log artists) byte compares.
 */
export function findArtist(index: Index, name: string): number {
  const fold = foldName(name)
  if (!fold) return -1
  const q = queryBytes(fold)
  const f = index.artistFolds.find(q.bytes, q.length)
  if (f < 0) return -1
  const first = index.artistFoldOffsets[f]
  const end = index.artistFoldOffsets[f + 1]
  if (end - first > 1) {
    const key = normalizeName(name)
    for (let k = first; k < end; k++) {
      const a = index.artistFoldArtists[k]
      if (index.artistKeys.text(a) === key) return a
    }
  }
  return index.artistFoldArtists[first]
}

/** Artist names close to `name`: those sharing its first letters, by edit distance. */
export function suggestArtists(index: Index, name: string, max = 5): string[] {
  const key = foldName(name)
  if (!key) return []
  const prefix = key.slice(0, Math.min(3, key.length))
  const q = queryBytes(prefix)
  const candidates: { key: string; name: string }[] = []
  const folds = index.artistFolds
  for (
    let i = folds.lowerBound(q.bytes, q.length);
    i < folds.count && candidates.length < 2000;
    i++
  ) {
    if (!folds.startsWith(i, q.bytes, q.length)) break
    const a = index.artistFoldArtists[index.artistFoldOffsets[i]]
    candidates.push({ key: folds.text(i), name: index.artistNames.text(a) })
  }
  return closest(key, candidates, max)
}

/** Whether the filter is the whole chart: no region, no dates (the default artist page). */
export function isWholeChart(filter: ArtistFilter): boolean {
  return filter.region < 0 && filter.from <= 0 && filter.to >= 0xffff
}

/**
 * The artist's tracks that have rows under the filter, ordered by total streams (desc;
 * none last), then peak rank, then track id. Without region or dates the per-track
 * aggregates precomputed at build time answer; otherwise one pass over each track's points
 * of the chart (the region part found by binary search).
 */
export function artistTracks(index: Index, artist: number, filter: ArtistFilter): ArtistTrack[] {
  const chart = index.charts[filter.chart]
  const out: ArtistTrack[] = []
  const whole = isWholeChart(filter)
  for (let k = index.artistTrackOffsets[artist]; k < index.artistTrackOffsets[artist + 1]; k++) {
    const t = index.artistTracks[k]
    let start = chart.trackPointOffsets[t]
    let end = chart.trackPointOffsets[t + 1]
    if (start === end) continue
    if (whole) {
      out.push({
        track: t,
        rows: end - start,
        peakRank: chart.trackPeakRank[t],
        peakDate: chart.trackPeakDate[t],
        firstDate: chart.trackFirstDate[t],
        lastDate: chart.trackLastDate[t],
        days: chart.trackDays[t],
        regions: chart.trackRegions[t],
        totalStreams: chart.trackTotalStreams[t],
      })
      continue
    }
    if (filter.region >= 0) {
      start = lowerBoundRegion(chart.points, start, end, filter.region)
      end = lowerBoundRegion(chart.points, start, end, filter.region + 1)
      if (start === end) continue
    }
    const s = nextStamp()
    const agg = aggregatePoints(
      chart.points,
      start,
      end,
      filter.region,
      filter.from,
      filter.to,
      s.dayStamp,
      s.stamp,
      {
        track: t,
      } as ArtistTrack,
    ) as ArtistTrack
    if (agg.rows > 0) out.push(agg)
  }
  out.sort(
    (a, b) =>
      b.totalStreams - a.totalStreams ||
      a.peakRank - b.peakRank ||
      compareTrackIds(index, a.track, b.track),
  )
  return out
}
