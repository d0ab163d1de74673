/** The body of GET /search: a plain object through JSON.stringify. */
import type { Index } from '../store/open-index.ts'
import type { SearchHits } from '../store/search.ts'
import { trackIdOf } from '../store/tracks.ts'
import { jsonBytes } from './json-value.ts'

/** GET /search: the hits, then `suggestions` (closest artist names when nothing matches). */
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
