/** /artist bodies: tracks as pre-rendered id/title/artist + url fragments plus their statistics. */
import { isoFromDay } from '../../schema/format.ts'
import type { ArtistStats } from '../store/artist-stats.ts'
import type { ArtistTrack } from '../store/artists.ts'
import type { Index } from '../store/open-index.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

const dateOrNull = (day: number) => (day < 0 ? null : isoFromDay(day))

/** The `stats` object of an artist page (API.md v2). */
function statsJson(s: ArtistStats) {
  return {
    tracks: s.tracks,
    totalStreams: s.totalStreams,
    peakRank: s.peakRank < 0 ? null : s.peakRank,
    numberOnes: s.numberOnes,
    topTens: s.topTens,
    chartDays: s.chartDays,
    firstDate: dateOrNull(s.firstDate),
    lastDate: dateOrNull(s.lastDate),
    regions: s.regions,
  }
}

/** The JSON body of an artist page: `tracks[offset, offset + limit)`. */
export function artistJson(
  index: Index,
  artist: number,
  tracks: ArtistTrack[],
  stats: ArtistStats,
  offset: number,
  limit: number,
): Uint8Array {
  const json = index.trackJson
  const w = writer.reset()
  w.ascii('{"artist":').str(index.artistNames.text(artist))
  w.ascii(',"stats":').ascii(JSON.stringify(statsJson(stats)))
  w.ascii(`,"totalTracks":${tracks.length},"offset":${offset},"limit":${limit},"tracks":[`)
  const end = Math.min(tracks.length, offset + limit)
  for (let i = offset; i < end; i++) {
    const t = tracks[i]
    const base = json.offsets[t.track]
    if (i > offset) w.ascii(',')
    w.ascii('{')
    w.raw(json.buf, base, base + index.trackJsonArtistEnd[t.track])
    w.raw(json.buf, base + index.trackJsonUrlStart[t.track], json.offsets[t.track + 1])
    w.ascii(
      `,"peakRank":${t.peakRank},"peakDate":"${isoFromDay(t.peakDate)}","firstDate":"${isoFromDay(t.firstDate)}"`,
    )
    w.ascii(`,"lastDate":"${isoFromDay(t.lastDate)}","daysOnChart":${t.days}`)
    w.ascii(
      `,"totalStreams":${t.totalStreams < 0 ? 'null' : t.totalStreams},"regions":${t.regions}}`,
    )
  }
  return w.ascii(']}').finish()
}
