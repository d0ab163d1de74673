/** GET /search: artists and tracks by name prefix or word prefix. */
import { t } from 'elysia'
import { foldName } from '../../../schema/format.ts'
import { badParameter } from '../../errors.ts'
import { searchJson } from '../../render/search.ts'
import { nearestArtists } from '../../store/artists.ts'
import { nearestTitles, search } from '../../store/search.ts'
import type { Defaulted } from '../params.ts'
import { limitParam, MAX_NAME } from '../params.ts'
import { dataRoute } from '../route.ts'

export const searchQuery = t.Object({
  q: t.String({
    minLength: 1,
    maxLength: MAX_NAME,
    description: 'Start of a name or of a word in it; case-, accent- and punctuation-insensitive',
    examples: ['beyon', 'the creator'],
    error: `q: required; 1 to ${MAX_NAME} characters`,
  }),
  limit: t.Optional(limitParam(1000, 10)),
})

/** A track as /search lists it. */
const searchTrack = t.Object({ trackId: t.String(), title: t.String(), artist: t.String() })

export const searchResponse = t.Object({
  artists: t.Array(
    t.Object({
      name: t.String(),
      tracks: t.Integer({ description: 'Tracks credited' }),
      matchedAlias: t.Optional(
        t.String({
          description:
            'Only when the artist matched by an alias alone, not by its own name: that alias as written (q=bts → BTS, name 방탄소년단)',
          examples: ['BTS'],
        }),
      ),
    }),
  ),
  tracks: t.Array(searchTrack),
  suggestions: t.Array(t.String(), {
    description:
      'When nothing matches: up to 5 artist names whose name or alias is closest to q by edit distance (beyonse → Beyoncé); else empty',
    examples: [['Beyoncé']],
  }),
  trackSuggestions: t.Array(searchTrack, {
    description:
      'When nothing matches: up to 5 tracks whose title is closest to q by edit distance (despasio → Despacito); else empty',
  }),
})

export const searchRoute = dataRoute({
  path: '/search',
  query: searchQuery,
  response: searchResponse,
  notFound: false,
  detail: {
    summary: 'Artists and tracks by name',
    description:
      'Prefix and word matches of names, aliases and titles, ranked by chart rows; up to `limit` of ' +
      'each (an artist found by an alias alone carries `matchedAlias`). When nothing matches, ' +
      '`suggestions` holds up to 5 artist names whose folded name or alias is closest to `q` by edit ' +
      'distance, and `trackSuggestions` up to 5 tracks whose folded title is (its closest run of as ' +
      'many words as `q` has); within a third of its length, at least 2; ties by chart rows. Else ' +
      'both are empty.',
    tags: ['search'],
  },
  answer({ query, index }) {
    const key = foldName(query.q)
    if (!key) throw badParameter('q', 'must contain a letter or digit, not only spaces')
    const { limit } = query as Defaulted<typeof query, 'limit'>
    return {
      canonical: `search|${key}|${limit}`,
      render: () => {
        const hits = search(index, key, limit)
        // nothing matches: the closest artist names and titles by edit distance (a typo's way out)
        if (hits.artists.length > 0 || hits.tracks.length > 0)
          return searchJson(index, hits, [], [])
        return searchJson(index, hits, nearestArtists(index, key), nearestTitles(index, key))
      },
    }
  },
})
