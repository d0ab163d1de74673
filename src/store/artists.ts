/** Artists: lookup by normalised name and per-track statistics under filters. */
import { type ChartName, foldName, LAST_DAY, normalizeName } from '../../schema/format.ts'
import {
  aggregatePoints,
  lowerBoundRegion,
  type PointAggregate,
  type PointViews,
  pointDate,
  pointRegion,
} from '../../schema/points.ts'
import { queryBytes } from '../../schema/string-pool.ts'
import type { Index } from './open-index.ts'
import { perIndex } from './per-index.ts'
import { nearestNames } from './suggest.ts'
import { compareTrackIds, nextStamp } from './tracks.ts'

/**
 * Which rows of an artist count: one chart, one region (-1: none, for an index without the
 * default region), dates from..to (day numbers, inclusive).
 */
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
 * Whether `artist` is the lead of track t (its first credited artist: `A` of `A, B`) or
 * featured on it (credited after the first).
 */
export function roleOf(index: Index, artist: number, t: number): 'lead' | 'featured' {
  return index.creditArtists[index.creditOffsets[t]] === artist ? 'lead' : 'featured'
}

/**
 * Artist id of a name, or -1: case-, accent- and punctuation-insensitive (foldName); where
 * several artists fold alike, the one whose name matches up to case and accents wins, else
 * the one with the most chart rows; a name no artist has that is an alias (docs/API.md,
 * "Aliases") is its artist. O(log artists + log aliases) byte compares.
 */
export function findArtist(index: Index, name: string): number {
  const fold = foldName(name)
  if (!fold) return -1
  const q = queryBytes(fold)
  const f = index.artistFolds.find(q.bytes, q.length)
  if (f < 0) {
    const alias = index.aliasFolds.find(q.bytes, q.length)
    return alias < 0 ? -1 : index.aliasArtists[alias]
  }
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

/**
 * The names an artist is found by, decoded once per index (one string each): every folded
 * artist name, then every folded alias, each with its artist (for a fold, its most charted).
 */
const nameKeys = perIndex((index) => {
  const folds = index.artistFolds.count
  const keys: string[] = []
  const artists = new Uint32Array(folds + index.aliasArtists.length)
  for (let f = 0; f < folds; f++) {
    keys.push(index.artistFolds.text(f))
    artists[f] = index.artistFoldArtists[index.artistFoldOffsets[f]]
  }
  for (let i = 0; i < index.aliasArtists.length; i++) {
    keys.push(index.aliasFolds.text(i))
    artists[folds + i] = index.aliasArtists[i]
  }
  return { keys, artists }
})

/**
 * Up to `max` artist names whose folded name or alias is closest to `name`'s by edit distance
 * (docs/API.md `/search` suggestions: `beyonse` → `Beyoncé`, `btss` → `방탄소년단`), over the
 * whole catalog; ties by chart rows; each artist once, at its closest.
 */
export function nearestArtists(index: Index, name: string, max = 5): string[] {
  const key = foldName(name)
  if (!key) return []
  const { keys, artists } = nameKeys(index)
  // an artist found by its name and an alias takes two places: ask for enough
  const near = nearestNames(key, keys, (k) => index.artistRows[artists[k]], 2 * max)
  return [...new Set(near.map((k) => artists[k]))]
    .slice(0, max)
    .map((a) => index.artistNames.text(a))
}

/** Whether the filter keeps every date (the default artist page). */
export function hasAllDates(filter: Pick<ArtistFilter, 'from' | 'to'>): boolean {
  return filter.from <= 0 && filter.to >= LAST_DAY
}

/** Distinct regions among points [start, end) (ordered by region) with a date in [from, to]. */
function regionsWithin(p: PointViews, start: number, end: number, from: number, to: number) {
  let regions = 0
  let counted = -1
  for (let i = start; i < end; i++) {
    const r = pointRegion(p, i)
    if (r === counted) continue
    const d = pointDate(p, i)
    if (d < from || d > to) continue
    regions++
    counted = r
  }
  return regions
}

/**
 * The artist's tracks that have rows in the filter's region (and dates), each with its
 * statistics there and `regions`, its number of regions under the chart and dates (any
 * region); ordered by total streams (desc; none last), then peak rank, then track id. For
 * Global over all dates the per-track aggregates precomputed at build time answer; otherwise
 * one pass over each track's points in the region (found by binary search).
 */
export function artistTracks(index: Index, artist: number, filter: ArtistFilter): ArtistTrack[] {
  const chart = index.charts[filter.chart]
  const out: ArtistTrack[] = []
  const { region, from, to } = filter
  if (region < 0) return out
  const allDates = hasAllDates(filter)
  const precomputed = allDates && region === chart.trackAggregateRegion
  const points = chart.points
  for (let k = index.artistTrackOffsets[artist]; k < index.artistTrackOffsets[artist + 1]; k++) {
    const t = index.artistTracks[k]
    const start = chart.trackPointOffsets[t]
    const end = chart.trackPointOffsets[t + 1]
    if (start === end) continue
    if (precomputed) {
      if (chart.trackDays[t] === 0) continue
      out.push({
        track: t,
        rows: chart.trackDays[t],
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
    const lo = lowerBoundRegion(points, start, end, region)
    const hi = lowerBoundRegion(points, lo, end, region + 1)
    if (lo === hi) continue
    const s = nextStamp()
    const agg = { track: t } as ArtistTrack
    aggregatePoints(points, lo, hi, region, from, to, s.dayStamp, s.stamp, agg)
    if (agg.rows === 0) continue
    agg.regions = allDates ? chart.trackRegions[t] : regionsWithin(points, start, end, from, to)
    out.push(agg)
  }
  out.sort(
    (a, b) =>
      b.totalStreams - a.totalStreams ||
      a.peakRank - b.peakRank ||
      compareTrackIds(index, a.track, b.track),
  )
  return out
}
