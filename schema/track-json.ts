/**
 * The one home of a track's pre-rendered JSON fragment (Catalog.track_json, catalog.fbs):
 * its members in order, written by the build (`trackJsonOf`) and copied in pieces by the
 * renderers, which find the pieces from the offsets here and the per-track columns
 * `track_json_artist_end` and `track_json_url_start`.
 *
 *   "trackId":"<22-char id>","title":<title>,"artist":<credit>,"artists":[<names>],"url":<url>
 */
import { TRACK_ID_LENGTH } from './format.ts'

/** The member keys of a fragment, each with the comma before it (none before the first). */
export const TRACK_JSON_KEYS = {
  trackId: '"trackId":',
  title: ',"title":',
  artist: ',"artist":',
  artists: ',"artists":',
  url: ',"url":',
} as const

/** Where the title's value starts in a fragment: after `"trackId":"<22-char id>","title":`. */
export const TRACK_JSON_TITLE_START =
  TRACK_JSON_KEYS.trackId.length + TRACK_ID_LENGTH + 2 + TRACK_JSON_KEYS.title.length

/** A track as its fragment names it. */
export interface TrackJsonParts {
  /** the Spotify id (TRACK_ID_LENGTH ASCII characters) */
  id: string
  title: string
  /** the credit as given */
  artist: string
  /** the credited artists' display names */
  artists: readonly string[]
  url: string
}

/**
 * A track's fragment and the UTF-8 byte offsets of its pieces: `artistEnd`, where the
 * `artist` member ends (before `,"artists"`), and `urlStart`, where `,"url"` starts.
 */
export function trackJsonOf(track: TrackJsonParts): {
  json: string
  artistEnd: number
  urlStart: number
} {
  const k = TRACK_JSON_KEYS
  const head = `${k.trackId}${JSON.stringify(track.id)}${k.title}${JSON.stringify(track.title)}${k.artist}${JSON.stringify(track.artist)}`
  const artists = `${k.artists}${JSON.stringify(track.artists)}`
  const artistEnd = Buffer.byteLength(head)
  return {
    json: `${head}${artists}${k.url}${JSON.stringify(track.url)}`,
    artistEnd,
    urlStart: artistEnd + Buffer.byteLength(artists),
  }
}
