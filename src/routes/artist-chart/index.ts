/** GET /rankings/artists: a day's top artists, by the streams of their chart rows. */
import { artistChartJson } from '../../render/artist-chart.ts'
import { artistChart } from '../../store/artist-chart.ts'
import { type Defaulted, resolveDate, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import { artistChartEntry, artistChartQuery, artistChartResponse } from './model.ts'

const csv = csvShapeOf('artists', artistChartEntry, {
  context: ['region', 'date'],
  name: (b) => [b.region, 'artists', b.date] as string[],
})

export const artistChartRoute = dataRoute({
  path: '/rankings/artists',
  query: artistChartQuery,
  response: artistChartResponse,
  notFound: true,
  csv,
  detail: {
    summary: 'The top artists of a day',
    description:
      "A region's artists on a date (default: its latest) of the daily top200, by the streams of the rows they are credited on " +
      '(a row counts in full for every credited artist), then name: each with its entries that day, best rank and ' +
      "rank on the previous date's artist chart. CSV with `format=csv` or `Accept: text/csv`.",
    tags: ['charts'],
  },
  answer({ query, index }) {
    const { offset, limit } = query as Defaulted<typeof query, 'offset' | 'limit'>
    const region = resolveRegion(index, query.region)
    const datePos = resolveDate(index, 'top200', region, query.date)
    return {
      canonical: `artist-chart|${region}|${datePos}|${offset}|${limit}`,
      render: () =>
        artistChartJson(index, {
          region,
          datePos,
          artists: artistChart(index, region, datePos),
          offset,
          limit,
        }),
    }
  },
})
