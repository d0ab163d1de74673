/** Schemas of GET /rankings/artists. */
import { t } from 'elysia'
import { dateField, dateParam, limitParam, offsetParam, regionParam } from '../params.ts'
import { formatParam } from '../route.ts'

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
