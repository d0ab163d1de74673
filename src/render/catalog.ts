/**
 * Bodies of the smaller answers (regions, dates, a track, search): plain objects through
 * JSON.stringify, track fields taken from the pre-rendered fragment where a whole track is
 * wanted. Bodies made of many rows are in ranking.ts, artist.ts and rows.ts.
 */
import { isoFromDay } from '../../schema/format.ts'
import type { Index } from '../store/open-index.ts'
import type { RegionInfo } from '../store/regions.ts'
import type { SearchHits } from '../store/search.ts'
import { type TrackRegionStats, trackIdOf } from '../store/tracks.ts'

const encoder = new TextEncoder()

/** UTF-8 bytes of a JSON value. */
export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

/** GET /regions. */
export function regionsJson(regions: RegionInfo[]): Uint8Array {
  return jsonBytes({
    regions: regions.map((r) => ({
      name: r.name,
      code: r.code,
      charts: r.charts,
      firstDate: isoFromDay(r.firstDate),
      lastDate: isoFromDay(r.lastDate),
      days: r.days,
    })),
  })
}

/** GET /dates. */
export function datesJson(region: string, chart: string, days: Uint16Array): Uint8Array {
  return jsonBytes({ region, chart, dates: Array.from(days, isoFromDay) })
}

/** GET /tracks/:trackId: the track and its per-chart, per-region stats. */
export function trackJson(index: Index, t: number, stats: TrackRegionStats[]): Uint8Array {
  const charts = stats.map((s) => ({
    chart: s.chart,
    region: index.regions.text(s.region),
    peakRank: s.peakRank,
    peakDate: isoFromDay(s.peakDate),
    firstDate: isoFromDay(s.firstDate),
    lastDate: isoFromDay(s.lastDate),
    daysOnChart: s.days,
    totalStreams: s.totalStreams < 0 ? null : s.totalStreams,
  }))
  return encoder.encode(`{${index.trackJson.text(t)},"charts":${JSON.stringify(charts)}}`)
}

/** GET /search. */
export function searchJson(index: Index, hits: SearchHits, suggestions: string[]): Uint8Array {
  return jsonBytes({
    artists: hits.artists.map((a) => ({
      name: index.artistNames.text(a),
      tracks: index.artistTrackOffsets[a + 1] - index.artistTrackOffsets[a],
    })),
    tracks: hits.tracks.map((t) => ({
      trackId: trackIdOf(index, t),
      title: index.titles.text(t),
      artist: index.trackArtists.text(t),
    })),
    suggestions,
  })
}
