/** Schemas of the /tracks routes. */
import { t } from 'elysia'
import { chartParam, dateParam, MAX_NAME, regionParam } from '../params.ts'

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
      peakDate: t.String(),
      firstDate: t.String(),
      lastDate: t.String(),
      daysOnChart: t.Integer(),
      totalStreams: t.Union([t.Number(), t.Null()]),
    }),
    { description: 'Per chart and region' },
  ),
})

export const historyQuery = t.Object({ region: regionParam, chart: t.Optional(chartParam) })

export const historyResponse = t.Object({
  trackId: t.String(),
  region: t.String(),
  chart: t.String(),
  points: t.Array(
    t.Object({ date: t.String(), rank: t.Integer(), streams: t.Union([t.Integer(), t.Null()]) }),
    {
      description: 'Ascending by date',
    },
  ),
})

export const compatQuery = t.Object({
  date: t.Optional(dateParam('date', 'Rows of this date')),
  region: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: 'Rows of this region',
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
})

export const compatResponse = t.Array(
  t.Object({
    title: t.String(),
    rank: t.Integer(),
    date: t.String(),
    artist: t.String(),
    url: t.String(),
    region: t.String(),
    chart: t.String(),
    trend: t.Union([t.String(), t.Null()]),
    streams: t.Union([t.Integer(), t.Null()]),
  }),
  { description: 'By streams desc (none last), then date, region, chart, rank; at most 200' },
)
