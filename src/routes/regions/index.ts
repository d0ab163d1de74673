/** GET /regions and GET /dates. */
import { t } from 'elysia'
import { datesJson, regionsJson } from '../../render/regions.ts'
import { listRegions, regionDates } from '../../store/regions.ts'
import { chartParam, type Defaulted, dateField, regionParam, resolveRegion } from '../params.ts'
import { dataRoute } from '../route.ts'

export const regionsResponse = t.Object({
  regions: t.Array(
    t.Object({
      name: t.String({ examples: ['Global'] }),
      code: t.Union([t.String(), t.Null()], {
        description:
          'ISO 3166-1 alpha-2 code in lower case (`global` for Global; usable as `region`); null when the code table does not know the region',
        examples: ['us'],
      }),
      charts: t.Array(t.String(), { examples: [['top200', 'viral50']] }),
      firstDate: dateField({ examples: ['2017-01-01'] }),
      lastDate: dateField({ examples: ['2021-12-31'] }),
      days: t.Integer({ description: 'Distinct chart dates over its charts' }),
    }),
  ),
})

export const datesQuery = t.Object({ region: regionParam, chart: t.Optional(chartParam) })

export const datesResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  chart: t.String({ examples: ['top200'] }),
  dates: t.Array(dateField(), {
    description: 'Ascending',
    examples: [['2017-01-01', '2017-01-02']],
  }),
})

export const regionsRoute = dataRoute({
  path: '/regions',
  response: regionsResponse,
  notFound: false,
  detail: {
    summary: 'Regions with their charts and date span',
    description:
      'Every region of the index with its ISO 3166-1 alpha-2 `code` (null when the code table has none), the charts it has, its first and last date and how many dates.',
    tags: ['charts'],
  },
  answer({ index }) {
    return {
      canonical: 'regions',
      render: () => regionsJson(listRegions(index)),
    }
  },
})

export const datesRoute = dataRoute({
  path: '/dates',
  query: datesQuery,
  response: datesResponse,
  notFound: true,
  detail: {
    summary: 'Chart dates of a region',
    description:
      'The dates a region has a chart on (top200 by default), ascending; 404 with close names for an unknown region.',
    tags: ['charts'],
  },
  answer({ query, index }) {
    const { chart } = query as Defaulted<typeof query, 'chart'>
    const region = resolveRegion(index, query.region)
    return {
      canonical: `dates|${region}|${chart}`,
      render: () =>
        datesJson(index.regions.text(region), chart, regionDates(index.charts[chart], region)),
    }
  },
})
