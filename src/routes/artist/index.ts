/** GET /artist: an artist's tracks with their chart statistics. */
import { Elysia } from 'elysia'
import { requestContext } from '../../http/context.ts'
import { artistJson } from '../../render/artist.ts'
import { artistPage } from '../../store/artist-stats.ts'
import { csvShapeOf, respondList } from '../list-answer.ts'
import {
  coerceIntegers,
  type Defaulted,
  errorSchema,
  parseDayRange,
  requireIndex,
  resolveArtist,
  resolveRegion,
} from '../params.ts'
import type { Services } from '../services.ts'
import { artistQuery, artistResponse, artistTrack } from './model.ts'

const csv = csvShapeOf('tracks', artistTrack, {
  context: ['region'],
  name: (b) => [b.artist, b.region] as string[],
})

export function artistRoutes(services: Services) {
  return new Elysia({ name: 'artist' }).use(requestContext).get(
    '/artist',
    ({ query, ctx }) => {
      const index = requireIndex(services)
      const artist = resolveArtist(index, query.name)
      const { chart, offset, limit } = query as Defaulted<
        typeof query,
        'chart' | 'offset' | 'limit'
      >
      // v3: one region's figures, Global's unless asked (never a sum over regions)
      const region =
        query.region === undefined ? index.globalRegion : resolveRegion(index, query.region)
      const regionName = region < 0 ? 'Global' : index.regions.text(region)
      const { from, to } = parseDayRange(query.from, query.to)
      const key = `artist|${artist}|${chart}|${region}|${from}|${to}|${offset}|${limit}`
      const filter = { chart, region, from, to }
      return respondList(services.responder, ctx, {
        index,
        canonical: key,
        format: query.format,
        csv: csv,
        render: () =>
          artistJson(index, {
            artist,
            region: regionName,
            page: artistPage(index, artist, filter),
            offset,
            limit,
          }),
      })
    },
    {
      transform: coerceIntegers,
      query: artistQuery,
      response: { 200: artistResponse, 400: errorSchema, 404: errorSchema, 503: errorSchema },
      detail: {
        summary: "An artist's tracks and their chart statistics",
        description:
          'Tracks on which the artist is credited and `stats`, their totals, within ONE region ' +
          "(`region`, default Global, named in the answer; Global already holds every country's " +
          'streams, so no figure adds streams across regions), over the chart and dates asked ' +
          '(default top200, all dates). `byRegion` lists every region with rows under the chart and ' +
          'dates, side by side. An artist without rows in the region answers 200 with no tracks and ' +
          'zero stats. CSV (the tracks) with `format=csv` or `Accept: text/csv`.',
        tags: ['artists'],
      },
    },
  )
}
