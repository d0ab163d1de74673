/** GET /rankings/artists: a day's top artists, by the streams of their chart rows. */
import { t } from 'elysia'
import { artistChartJson } from '../../render/artist-chart.ts'
import { artistChart } from '../../store/artist-chart.ts'
import {
  type Defaulted,
  dateField,
  dateParam,
  limitParam,
  offsetParam,
  regionParam,
  resolveDate,
  resolveRegion,
} from '../params.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const artistChartQuery = t.Object({
  region: regionParam,
  date: t.Optional(dateParam('date', "Chart date; default: the region's latest")),
  limit: t.Optional(limitParam(1000, 100)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One artist of the day (also the CSV's columns). */
export const artistChartEntry = t.Object({
  rank: t.Integer({ description: 'Position by streams that day', examples: [1] }),
  name: t.String({ examples: ['Drake'] }),
  streams: t.Integer({
    description:
      'Streams of the top200 rows it is credited on that day (a row counts in full for every credited artist)',
    examples: [14210554],
  }),
  tracks: t.Integer({ description: 'Its entries on the chart that day', examples: [7] }),
  bestRank: t.Integer({ description: 'Its best rank that day', examples: [1] }),
  previousRank: t.Union([t.Integer(), t.Null()], {
    description: "Its rank on the region's previous date's artist chart; null if not on it",
    examples: [2],
  }),
})

export const artistChartResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  date: dateField({ examples: ['2017-03-01'] }),
  total: t.Integer({ description: 'Artists on the chart that day' }),
  offset: t.Integer(),
  limit: t.Integer(),
  artists: t.Array(artistChartEntry, {
    description: 'By streams descending, then name',
  }),
})

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
