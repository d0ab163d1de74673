/** Schemas of GET /number-ones. */
import { t } from 'elysia'
import {
  chartParam,
  dateField,
  limitParam,
  offsetParam,
  regionParam,
  yearParam,
} from '../params.ts'
import { rankingEntrySchema } from '../rankings/model.ts'
import { formatParam } from '../route.ts'

export const numberOnesQuery = t.Object({
  region: regionParam,
  chart: t.Optional(chartParam),
  year: t.Optional(yearParam('Only runs that start in this calendar year; default: all')),
  limit: t.Optional(limitParam(1000, 100)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One #1 run (also the CSV's columns). */
export const numberOneRun = t.Object({
  trackId: rankingEntrySchema.properties.trackId,
  title: rankingEntrySchema.properties.title,
  artist: rankingEntrySchema.properties.artist,
  artists: rankingEntrySchema.properties.artists,
  url: rankingEntrySchema.properties.url,
  from: dateField({ description: 'First date of the run', examples: ['2017-01-06'] }),
  to: dateField({ description: 'Last date of the run', examples: ['2017-02-09'] }),
  days: t.Integer({ description: 'Chart dates in the run', examples: [35] }),
})

export const numberOnesResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  chart: t.String({ examples: ['top200'] }),
  year: t.Union([t.Integer(), t.Null()], {
    description: 'The year asked for; null = all',
    examples: [2017],
  }),
  total: t.Integer({ description: 'Runs kept (before limit and offset)' }),
  offset: t.Integer(),
  limit: t.Integer(),
  runs: t.Array(numberOneRun, {
    description:
      "Maximal runs of consecutive dates of the region's own date list (gaps in the calendar do not end a run) with the same track at rank 1, ascending by from",
  }),
})
