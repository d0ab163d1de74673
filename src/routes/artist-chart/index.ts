/** GET /rankings/artists: a day's top artists, by the streams of their chart rows. */
import { Elysia } from 'elysia'
import { requestContext } from '../../http/context.ts'
import { artistChartJson } from '../../render/artist-chart.ts'
import { artistChart } from '../../store/artist-chart.ts'
import { csvShapeOf, respondList } from '../list-answer.ts'
import {
  coerceIntegersOf,
  type Defaulted,
  errorSchema,
  requireIndex,
  resolveDate,
  resolveRegion,
} from '../params.ts'
import type { Services } from '../services.ts'
import { artistChartEntry, artistChartQuery, artistChartResponse } from './model.ts'

const csv = csvShapeOf('artists', artistChartEntry, {
  context: ['region', 'date'],
  name: (b) => [b.region, 'artists', b.date] as string[],
})

export function artistChartRoutes(services: Services) {
  return new Elysia({ name: 'artist-chart' }).use(requestContext).get(
    '/rankings/artists',
    ({ query, ctx }) => {
      const index = requireIndex(services)
      const { offset, limit } = query as Defaulted<typeof query, 'offset' | 'limit'>
      const region = resolveRegion(index, query.region)
      const datePos = resolveDate(index, 'top200', region, query.date)
      return respondList(services.responder, ctx, {
        index,
        canonical: `artist-chart|${region}|${datePos}|${offset}|${limit}`,
        format: query.format,
        csv,
        render: () =>
          artistChartJson(index, {
            region,
            datePos,
            artists: artistChart(index, region, datePos),
            offset,
            limit,
          }),
      })
    },
    {
      transform: coerceIntegersOf(artistChartQuery),
      query: artistChartQuery,
      response: {
        200: artistChartResponse,
        400: errorSchema,
        404: errorSchema,
        503: errorSchema,
      },
      detail: {
        summary: 'The top artists of a day',
        description:
          "A region's artists on a date (default: its latest) of the daily top200, by the streams of the rows they are credited on " +
          '(a row counts in full for every credited artist), then name: each with its entries that day, best rank and ' +
          "rank on the previous date's artist chart. CSV with `format=csv` or `Accept: text/csv`.",
        tags: ['charts'],
      },
    },
  )
}
