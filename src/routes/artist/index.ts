/** GET /artist: an artist's tracks with their chart statistics. */
import { Elysia } from 'elysia'
import type { ChartName } from '../../../schema/format.ts'
import { notFound } from '../../errors.ts'
import { artistJson } from '../../render/artist.ts'
import { artistPage } from '../../store/artist-stats.ts'
import { findArtist, suggestArtists } from '../../store/artists.ts'
import type { AppContext } from '../context.ts'
import { csvShapeOf, respondList } from '../list-answer.ts'
import {
  checkRange,
  coerceIntegers,
  errorSchema,
  parseDay,
  requireIndex,
  resolveRegion,
} from '../params.ts'
import { artistQuery, artistResponse, artistTrack } from './model.ts'

const csv = csvShapeOf('tracks', artistTrack)

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
      const filter = { chart, region, from, to }
      return respondList(ctx, request, index, key, query.format, csv, () => {
        const { tracks, stats } = artistPage(index, artist, filter)
        return artistJson(index, artist, tracks, stats, offset, limit)
      })
    },
    {
      transform: coerceIntegers,
      query: artistQuery,
      response: { 200: artistResponse, 400: errorSchema, 404: errorSchema, 503: errorSchema },
      detail: {
        summary: "An artist's tracks and their chart statistics",
        description:
          'Tracks on which the artist is credited, with statistics over the rows matching the filters ' +
          '(default: top200, all regions, all dates), and `stats`: the totals over the same rows. ' +
          'Global is a region like any other: ask region=Global for worldwide totals. ' +
          'CSV (the tracks) with `format=csv` or `Accept: text/csv`.',
        tags: ['artists'],
      },
    },
  )
}
