/**
 * Pieces of the list answers made of tracks (weekly charts, top lists): each track written as
 * `{"rank":R,` + its pre-rendered fragment (trackId, title, artist, artists, url; escaped once
 * at build time) + its numbers.
 */
import type { Index } from '../store/open-index.ts'
import type { JsonWriter } from './json-writer.ts'

/** Writes a count of streams (sums may pass 2^32: doubles holding integers). */
export function writeStreams(w: JsonWriter, n: number): JsonWriter {
  return n < 0x100000000 ? w.int(n) : w.ascii(String(n))
}

/** Writes `{"rank":R,` and track t's fragment. */
export function openTrackEntry(w: JsonWriter, index: Index, rank: number, t: number): JsonWriter {
  const json = index.trackJson
  return w
    .ascii('{"rank":')
    .int(rank)
    .ascii(',')
    .raw(json.buf, json.offsets[t], json.offsets[t + 1])
}
