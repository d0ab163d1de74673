/** GET /artist: an artist's tracks with their chart statistics. */
import { Elysia } from 'elysia'
import type { ChartName } from '../../../schema/format.ts'
import { notFound } from '../../errors.ts'
import { artistJson } from '../../render/artist.ts'
import { artistTracks, findArtist, suggestArtists } from '../../store/artists.ts'
import { type AppContext, JSON_TYPE } from '../context.ts'
import {
  checkRange,
  coerceIntegers,
  errorSchema,
  parseDay,
  requireIndex,
  resolveRegion,
} from '../params.ts'
import { artistQuery, artistResponse } from './model.ts'

export function artistRoutes(ctx: AppContext) {
  return new Elysia({ name: 'artist' }).get(
    '/artist',
    ({ query, request }) => {
      const index = requireIndex(ctx)
      const artist = findArtist(index, query.name)
      if (artist < 0)
        throw notFound(
          'unknown_artist',
          `no artist "${query.name}"`,
          suggestArtists(index, query.name),
        )
      const chart = (query.chart ?? 'top200') as ChartName
      const region = query.region === undefined ? -1 : resolveRegion(index, query.region)
      const from = query.from === undefined ? 0 : parseDay('from', query.from)
      const to = query.to === undefined ? 0xffff : parseDay('to', query.to)
      checkRange(from, to)
      const offset = query.offset ?? 0
      const limit = query.limit ?? 50
      const key = `artist|${artist}|${chart}|${region}|${from}|${to}|${offset}|${limit}`
      return ctx.responder.respond(request, index.buildId, key, JSON_TYPE, () =>
        artistJson(
          index,
          artist,
          artistTracks(index, artist, { chart, region, from, to }),
          offset,
          limit,
        ),
      )
    },
    {
      transform: coerceIntegers,
      query: artistQuery,
      response: { 200: artistResponse, 400: errorSchema, 404: errorSchema, 503: errorSchema },
      detail: {
        summary: "An artist's tracks and their chart statistics",
        description:
          'Tracks on which the artist is credited, with statistics over the rows matching the filters ' +
          '(default: top200, all regions, all dates). Global is a region like any other: ask region=Global for worldwide totals.',
        tags: ['artists'],
      },
    },
  )
}
