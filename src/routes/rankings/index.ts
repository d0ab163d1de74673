/** GET /rankings: the chart of a region on a date, as JSON or FlatBuffers bytes. */
import { Elysia } from 'elysia'
import { FLATBUFFERS_TYPE, requestContext } from '../../http/context.ts'
import { type RankingQuery, rankingFlatBuffer, rankingJson } from '../../render/ranking.ts'
import { rankingRange } from '../../store/rankings.ts'
import { csvShapeOf, respondList } from '../list-answer.ts'
import {
  coerceIntegers,
  type Defaulted,
  errorSchema,
  requireIndex,
  resolveDate,
  resolveRegion,
} from '../params.ts'
import type { Services } from '../services.ts'
import { rankingEntrySchema, rankingResponse, rankingsQuery } from './model.ts'

const csv = csvShapeOf('entries', rankingEntrySchema, {
  context: ['region', 'date', 'chart'],
  name: (b) => [b.region, b.chart, b.date] as string[],
})

export function rankingsRoutes(services: Services) {
  return new Elysia({ name: 'rankings' }).use(requestContext).get(
    '/rankings',
    ({ query, ctx }) => {
      const index = requireIndex(services)
      const { chart, offset, limit } = query as Defaulted<
        typeof query,
        'chart' | 'offset' | 'limit'
      >
      const region = resolveRegion(index, query.region)
      const datePos = resolveDate(index, chart, region, query.date)
      const range = rankingRange(index.charts[chart], datePos, offset, limit)
      const q: RankingQuery = {
        chart: index.charts[chart],
        region,
        datePos,
        offset,
        limit,
        ...range,
      }
      const key = `rankings|${region}|${datePos}|${chart}|${offset}|${limit}`
      if (ctx.acceptsFlatBuffers && query.format === undefined) {
        return services.responder.respond(ctx, {
          buildId: index.buildId,
          canonical: `${key}|fb`,
          type: FLATBUFFERS_TYPE,
          render: () => rankingFlatBuffer(index, q),
          vary: 'Accept',
        })
      }
      return respondList(services.responder, ctx, {
        index,
        canonical: key,
        format: query.format,
        csv: csv,
        render: () => rankingJson(index, q),
      })
    },
    {
      transform: coerceIntegers,
      query: rankingsQuery,
      response: { 200: rankingResponse, 400: errorSchema, 404: errorSchema, 503: errorSchema },
      detail: {
        summary: 'Top tracks of a region on a date',
        description:
          "The chart of a region on a date (default: its latest), ordered by rank, with each entry's chart facts. " +
          'Send `Accept: application/x-flatbuffers` for the same answer as FlatBuffers bytes (schema/ranking.fbs), ' +
          '`format=csv` or `Accept: text/csv` for CSV.',
        tags: ['charts'],
      },
    },
  )
}
