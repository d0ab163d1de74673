/** GET /regions and GET /dates. */
import { Elysia } from 'elysia'
import { requestContext } from '../../http/context.ts'
import { JSON_TYPE } from '../../render/json-value.ts'
import { datesJson, regionsJson } from '../../render/regions.ts'
import { listRegions, regionDates } from '../../store/regions.ts'
import { type Defaulted, errorSchema, requireIndex, resolveRegion } from '../params.ts'
import type { Services } from '../services.ts'
import { datesQuery, datesResponse, regionsResponse } from './model.ts'

export function regionsRoutes(services: Services) {
  return new Elysia({ name: 'regions' })
    .use(requestContext)
    .get(
      '/regions',
      ({ ctx }) => {
        const index = requireIndex(services)
        return services.responder.respond(ctx, {
          buildId: index.buildId,
          canonical: 'regions',
          type: JSON_TYPE,
          render: () => regionsJson(listRegions(index)),
        })
      },
      {
        response: { 200: regionsResponse, 503: errorSchema },
        detail: {
          summary: 'Regions with their charts and date span',
          description:
            'Every region of the index with its ISO 3166-1 alpha-2 `code` (null when the code table has none), the charts it has, its first and last date and how many dates.',
          tags: ['charts'],
        },
      },
    )
    .get(
      '/dates',
      ({ query, ctx }) => {
        const index = requireIndex(services)
        const { chart } = query as Defaulted<typeof query, 'chart'>
        const region = resolveRegion(index, query.region)
        return services.responder.respond(ctx, {
          buildId: index.buildId,
          canonical: `dates|${region}|${chart}`,
          type: JSON_TYPE,
          render: () =>
            datesJson(index.regions.text(region), chart, regionDates(index.charts[chart], region)),
        })
      },
      {
        query: datesQuery,
        response: { 200: datesResponse, 400: errorSchema, 404: errorSchema, 503: errorSchema },
        detail: {
          summary: 'Chart dates of a region',
          description:
            'The dates a region has a chart on (top200 by default), ascending; 404 with close names for an unknown region.',
          tags: ['charts'],
        },
      },
    )
}
