/** GET /search: artists and tracks by name prefix or word prefix. */
import { Elysia } from 'elysia'
import { foldName } from '../../../schema/format.ts'
import { badParameter } from '../../errors.ts'
import { requestContext } from '../../http/context.ts'
import { JSON_TYPE } from '../../render/json-value.ts'
import { searchJson } from '../../render/search.ts'
import { nearestArtists } from '../../store/artists.ts'
import { search } from '../../store/search.ts'
import { coerceIntegersOf, type Defaulted, errorSchema, requireIndex } from '../params.ts'
import type { Services } from '../services.ts'
import { searchQuery, searchResponse } from './model.ts'

export function searchRoutes(services: Services) {
  return new Elysia({ name: 'search' }).use(requestContext).get(
    '/search',
    ({ query, ctx }) => {
      const index = requireIndex(services)
      const key = foldName(query.q)
      if (!key) throw badParameter('q', 'must contain a letter or digit, not only spaces')
      const { limit } = query as Defaulted<typeof query, 'limit'>
      return services.responder.respond(ctx, {
        buildId: index.buildId,
        canonical: `search|${key}|${limit}`,
        type: JSON_TYPE,
        render: () => {
          const hits = search(index, key, limit)
          // v3: nothing matches: the closest artist names by edit distance (a typo's way out)
          const none = hits.artists.length === 0 && hits.tracks.length === 0
          return searchJson(index, hits, none ? nearestArtists(index, key) : [])
        },
      })
    },
    {
      transform: coerceIntegersOf(searchQuery),
      query: searchQuery,
      response: { 200: searchResponse, 400: errorSchema, 503: errorSchema },
      detail: {
        summary: 'Artists and tracks by name',
        description:
          'Prefix and word matches, ranked by chart rows; up to `limit` of each. When nothing matches, ' +
          '`suggestions` holds up to 5 artist names closest to `q` by edit distance on folded names ' +
          '(within a third of its length, at least 2; ties by chart rows), else it is empty.',
        tags: ['search'],
      },
    },
  )
}
