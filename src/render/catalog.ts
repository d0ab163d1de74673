/**
 * Bodies of the smaller answers (regions, dates, a track, history, search, the seed-
 * compatible /tracks): plain objects through JSON.stringify, track fields taken from the
 * pre-rendered fragments where a whole track is wanted.
 */
import { isoFromDay, TRACK_URL_PREFIX, TRENDS } from '../../schema/format.ts'
import type { CompatRow } from '../store/compat.ts'
import type { Index } from '../store/open-index.ts'
import type { RegionInfo } from '../store/regions.ts'
import type { SearchHits } from '../store/search.ts'
import { type TrackRegionStats, trackIdOf } from '../store/tracks.ts'

const encoder = new TextEncoder()

/** UTF-8 bytes of a JSON value. */
export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

/** The url of track t (stored, or the canonical one). */
export function trackUrl(index: Index, t: number): string {
  return index.urls.size(t) > 0 ? index.urls.text(t) : TRACK_URL_PREFIX + trackIdOf(index, t)
}

/** GET /regions. */
export function regionsJson(regions: RegionInfo[]): Uint8Array {
  return jsonBytes({
    regions: regions.map((r) => ({
      name: r.name,
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

/** GET /tracks/:trackId/history. */
export function historyJson(
  index: Index,
  t: number,
  region: number,
  chart: string,
  start: number,
  end: number,
): Uint8Array {
  const p = index.charts[chart as 'top200'].points
  const points: { date: string; rank: number; streams: number | null }[] = []
  for (let i = start; i < end; i++) {
    const s = p.u32[i * 2]
    points.push({
      date: isoFromDay(p.u16[i * 4 + 2]),
      rank: p.u8[i * 8 + 7],
      streams: s === 0xffffffff ? null : s,
    })
  }
  return jsonBytes({
    trackId: trackIdOf(index, t),
    region: index.regions.text(region),
    chart,
    points,
  })
}

/** GET /search. */
export function searchJson(index: Index, hits: SearchHits): Uint8Array {
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
  })
}

/** GET /tracks?date&region&artist: the original service's row shape. */
export function compatJson(index: Index, rows: CompatRow[]): Uint8Array {
  return jsonBytes(
    rows.map((r) => ({
      title: index.titles.text(r.track),
      rank: r.rank,
      date: isoFromDay(r.day),
      artist: index.trackArtists.text(r.track),
      url: trackUrl(index, r.track),
      region: index.regions.text(r.region),
      chart: r.chart,
      trend: r.trend < TRENDS.length ? TRENDS[r.trend] : null,
      streams: r.streams < 0 ? null : r.streams,
    })),
  )
}
