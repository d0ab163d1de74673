/**
 * Bodies of GET /top/tracks and GET /top/artists: a track entry is its rank and the track's
 * pre-rendered fragment (list-entry.ts), then its numbers.
 */
import {
  topArtistArtist,
  topArtistNumberOnes,
  topArtistPeakRank,
  topArtistStreams,
  topArtistTracks,
  topTrackDays,
  topTrackPeakRank,
  topTrackStreams,
  topTrackTrack,
} from '../../schema/list-rows.ts'
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import { JsonWriter } from './json-writer.ts'
import { openTrackEntry, writeStreams } from './list-entry.ts'

const writer = new JsonWriter()

/** A resolved top-list request: list position and page. */
export interface TopListQuery {
  region: number
  /** 0 = all time */
  year: number
  list: number
  offset: number
  limit: number
}

function yearJson(year: number): string {
  return year === 0 ? 'null' : String(year)
}

/**
 * Starts a top list's body: the page of list `q.list` whose rows `offsets` bound, and the
 * members before its array (named `key`). Returns the writer and the row range; ranks count
 * from `first`.
 */
function openTopList(
  index: Index,
  q: TopListQuery,
  offsets: ArrayLike<number>,
  key: 'tracks' | 'artists',
): { w: JsonWriter; first: number; start: number; end: number } {
  const first = offsets[q.list]
  const { total, start, end } = pageRange(first, offsets[q.list + 1], q.offset, q.limit)
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(`,"year":${yearJson(q.year)},"total":${total},"offset":${q.offset}`)
  w.ascii(`,"limit":${q.limit},"${key}":[`)
  return { w, first, start, end }
}

/** GET /top/tracks. */
export function topTracksJson(index: Index, q: TopListQuery): Uint8Array {
  const { w, first, start, end } = openTopList(index, q, index.tops.trackListOffsets, 'tracks')
  const v = index.tops.tracks
  for (let i = start; i < end; i++) {
    if (i > start) w.ascii(',')
    openTrackEntry(w, index, i - first + 1, topTrackTrack(v, i)).ascii(',"totalStreams":')
    writeStreams(w, topTrackStreams(v, i)).ascii(',"peakRank":').int(topTrackPeakRank(v, i))
    w.ascii(',"daysOnChart":').int(topTrackDays(v, i)).ascii('}')
  }
  return w.ascii(']}').finish()
}

/** GET /top/artists. */
export function topArtistsJson(index: Index, q: TopListQuery): Uint8Array {
  const { w, first, start, end } = openTopList(index, q, index.tops.artistListOffsets, 'artists')
  const v = index.tops.artists
  for (let i = start; i < end; i++) {
    if (i > start) w.ascii(',')
    w.ascii('{"rank":')
      .int(i - first + 1)
      .ascii(',"name":')
      .str(index.artistNames.text(topArtistArtist(v, i)))
    w.ascii(',"totalStreams":')
    writeStreams(w, topArtistStreams(v, i)).ascii(',"tracks":').int(topArtistTracks(v, i))
    w.ascii(',"numberOnes":').int(topArtistNumberOnes(v, i))
    w.ascii(',"peakRank":').int(topArtistPeakRank(v, i)).ascii('}')
  }
  return w.ascii(']}').finish()
}
