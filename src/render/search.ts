/** The body of GET /search: a plain object through JSON.stringify. */
import type { Index } from '../store/open-index.ts'
import type { SearchHits } from '../store/search.ts'
import { trackIdOf } from '../store/tracks.ts'
import { jsonBytes } from './json-value.ts'

/** A track as /search lists it. */
const trackOf = (index: Index, t: number) => ({
  trackId: trackIdOf(index, t),
  title: index.titles.text(t),
  artist: index.trackArtists.text(t),
})

/**
 * GET /search: the hits (an artist found by an alias alone with its `matchedAlias`), then
 * `suggestions` (closest artist names) and `trackSuggestions` (tracks of the closest titles),
 * both empty unless nothing matched.
 */
export function searchJson(
  index: Index,
  hits: SearchHits,
  suggestions: string[],
  trackSuggestions: number[],
): Uint8Array {
  return jsonBytes({
    artists: hits.artists.map((a, i) => {
      const alias = hits.artistAliases[i]
      return {
        name: index.artistNames.text(a),
        tracks: index.artistTrackOffsets[a + 1] - index.artistTrackOffsets[a],
        ...(alias >= 0 ? { matchedAlias: index.aliasNames.text(alias) } : {}),
      }
    }),
    tracks: hits.tracks.map((t) => trackOf(index, t)),
    suggestions,
    trackSuggestions: trackSuggestions.map((t) => trackOf(index, t)),
  })
}
