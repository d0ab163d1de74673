/** /artist bodies: tracks as pre-rendered id/title/artist + url fragments plus their statistics. */
import { isoFromDay } from '../../schema/format.ts'
import type { ArtistTrack } from '../store/artists.ts'
import type { Index } from '../store/open-index.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

/** The JSON body of an artist page: `tracks[offset, offset + limit)`. */
export function artistJson(
  index: Index,
  artist: number,
  tracks: ArtistTrack[],
  offset: number,
  limit: number,
): Uint8Array {
  const json = index.trackJson
  const w = writer.reset()
  w.ascii('{"artist":').str(index.artistNames.text(artist))
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
