/** Schemas of the /tracks routes. */
import { t } from 'elysia'
import { chartParam, dateField, dateParam, MAX_NAME } from '../params.ts'
import { trendSchema } from '../rankings/model.ts'
import { formatParam } from '../route.ts'

export const trackParams = t.Object({
  trackId: t.String({
    pattern: '^[A-Za-z0-9]{22}$',
    description: 'Spotify track id: the 22 characters at the end of its url',
    examples: ['3K4HG9evC7dg3N0R9cYqk4'],
    error: 'trackId: must be a 22-character Spotify track id (letters and digits)',
  }),
})

export const trackResponse = t.Object({
  trackId: t.String(),
  title: t.String(),
  artist: t.String(),
  artists: t.Array(t.String()),
  url: t.String(),
  charts: t.Array(
    t.Object({
      chart: t.String({ examples: ['top200'] }),
      region: t.String({ examples: ['Global'] }),
      peakRank: t.Integer(),
      peakDate: dateField(),
      firstDate: dateField(),
      lastDate: dateField(),
      daysOnChart: t.Integer(),
      totalStreams: t.Union([t.Number(), t.Null()]),
      daysAtPeak: t.Integer({ description: 'Dates at its peakRank' }),
      daysAtNumberOne: t.Integer({ description: 'Dates at rank 1 (the sum of its runs)' }),
      numberOneRuns: t.Array(
        t.Object({
          from: dateField(),
          to: dateField(),
          days: t.Integer({ description: 'Chart dates in the run' }),
        }),
        {
          description:
            'Its runs at #1, as /number-ones has them (consecutive dates of the region’s date list), ascending',
        },
      ),
      bestDay: t.Union(
        [
          t.Object({
            date: dateField({ description: 'The first date it had these streams' }),
            streams: t.Integer({ description: 'Its most streams on one date' }),
          }),
          t.Null(),
        ],
        { description: 'Its best single day; null without streams (viral50)' },
      ),
    }),
    { description: 'Per chart and region' },
  ),
})

export const historyQuery = t.Object({
  region: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: 'Region name or code (see /regions); default: every region the track charted in',
      examples: ['Global', 'us'],
      error: `region: a region name or code of at most ${MAX_NAME} characters (see /regions)`,
    }),
  ),
  chart: t.Optional(chartParam),
  format: t.Optional(formatParam),
})

/** One point of a history (also the CSV's columns with a region). */
export const historyPoint = t.Object({
  date: dateField({ examples: ['2017-03-01'] }),
  rank: t.Integer({ examples: [1] }),
  streams: t.Union([t.Integer(), t.Null()], { description: 'null on viral50' }),
})

/** A point of a history without region, as a CSV row. */
export const seriesPoint = t.Object({
  region: t.String(),
  date: dateField(),
  rank: t.Integer(),
  streams: t.Union([t.Integer(), t.Null()]),
})

export const historyResponse = t.Union([
  t.Object(
    {
      trackId: t.String(),
      region: t.String(),
      chart: t.String(),
      points: t.Array(historyPoint, { description: 'Ascending by date' }),
    },
    { description: 'With region' },
  ),
  t.Object(
    {
      trackId: t.String(),
      chart: t.String(),
      series: t.Array(
        t.Object({
          region: t.String(),
          points: t.Array(historyPoint, { description: 'Ascending by date' }),
        }),
        { description: 'One per region it charted in: by best rank, then region name' },
      ),
    },
    { description: 'Without region' },
  ),
])

export const filteredRowsQuery = t.Object({
  date: t.Optional(dateParam('date', 'Rows of this date')),
  region: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: 'Rows of this region (name or code)',
      error: `region: a region name of at most ${MAX_NAME} characters`,
    }),
  ),
  artist: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: 'Rows on which this artist is credited',
      error: `artist: an artist name of at most ${MAX_NAME} characters`,
    }),
  ),
  format: t.Optional(formatParam),
})

export const filteredRowsResponse = t.Array(
  t.Object({
    title: t.String(),
    rank: t.Integer(),
    date: dateField(),
    artist: t.String(),
    url: t.String(),
    region: t.String(),
    chart: t.String(),
    trend: trendSchema,
    streams: t.Union([t.Integer(), t.Null()]),
  }),
  { description: 'By streams desc (none last), then date, region, chart, rank; at most 200' },
)
