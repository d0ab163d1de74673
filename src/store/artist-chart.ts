/**
 * The daily top artists (docs/API.md, /rankings/artists): the artists of a day's top200
 * ranking by the streams of the rows they are credited on.
 */
import { STREAMS_NONE } from '../../schema/format.ts'
import { rowRank, rowStreams, rowTrack } from '../../schema/points.ts'
import type { Index } from './open-index.ts'

/** An artist on a day's artist chart. */
export interface ArtistChartEntry {
  artist: number
  /** streams of its rows that day (each row in full for every credited artist) */
  streams: number
  /** its entries (rows) on the chart that day */
  tracks: number
  /** its best rank that day */
  bestRank: number
  /** its rank on the previous date's artist chart; 0 when not on it */
  previousRank: number
}

/**
 * The artist chart of the top200 ranking at global date position `datePos` of `region`:
 * artists by streams descending, then display name; `previousRank` from the region's previous
 * date. Cost: one pass over the two days' rows (at most 400) and their credits, and a sort.
 */
export function artistChart(index: Index, region: number, datePos: number): ArtistChartEntry[] {
  const chart = index.charts.top200
  const today = dayArtists(index, datePos)
  if (datePos > chart.regionDateOffsets[region]) {
    const before = new Map(dayArtists(index, datePos - 1).map((a, i) => [a.artist, i + 1]))
    for (const a of today) a.previousRank = before.get(a.artist) ?? 0
  }
  return today
}

/** The artists of one date position's rows, in chart order (previousRank 0). */
function dayArtists(index: Index, datePos: number): ArtistChartEntry[] {
  const chart = index.charts.top200
  const v = chart.rows
  const byArtist = new Map<number, ArtistChartEntry>()
  for (let r = chart.dateRowOffsets[datePos]; r < chart.dateRowOffsets[datePos + 1]; r++) {
    const t = rowTrack(v, r)
    const s = rowStreams(v, r)
    const streams = s === STREAMS_NONE ? 0 : s
    const rank = rowRank(v, r)
    for (let k = index.creditOffsets[t]; k < index.creditOffsets[t + 1]; k++) {
      const artist = index.creditArtists[k]
      const a = byArtist.get(artist)
      if (a) {
        a.streams += streams
        a.tracks++
        a.bestRank = Math.min(a.bestRank, rank)
      } else byArtist.set(artist, { artist, streams, tracks: 1, bestRank: rank, previousRank: 0 })
    }
  }
  const name = (a: ArtistChartEntry) => index.artistNames.text(a.artist)
  return [...byArtist.values()].sort((a, b) => {
    if (a.streams !== b.streams) return b.streams - a.streams
    const [x, y] = [name(a), name(b)]
    return x < y ? -1 : x > y ? 1 : 0
  })
}
