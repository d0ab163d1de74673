/** GET /regions and GET /dates. */
import { datesJson, regionsJson } from '../../render/regions.ts'
import { listRegions, regionDates } from '../../store/regions.ts'
import { type Defaulted, resolveRegion } from '../params.ts'
import { dataRoute } from '../route.ts'
import { datesQuery, datesResponse, regionsResponse } from './model.ts'

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
