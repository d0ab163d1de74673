/** GET /tracks/:trackId, GET /tracks/:trackId/history and GET /tracks (the filtered rows). */
import { t } from 'elysia'
import { notFound, parameterError } from '../../errors.ts'
import type { CsvShape } from '../../render/csv.ts'
import { filteredRowsJson, historyJson, historySeriesJson, trackJson } from '../../render/tracks.ts'
import { filteredRows } from '../../store/filtered-rows.ts'
import { trackSeries } from '../../store/history.ts'
import type { Index } from '../../store/open-index.ts'
import { findTrack, trackHistoryRange, trackStats } from '../../store/tracks.ts'
import {
  chartParam,
  type Defaulted,
  dateField,
  dateParam,
  MAX_NAME,
  parseDay,
  resolveArtist,
  resolveRegion,
} from '../params.ts'
import { trendSchema } from '../rankings/index.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

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

const historyName = (b: Record<string, unknown>) => [
  'history',
  { id: b.trackId as string },
  b.region as string | undefined,
  b.chart as string,
]
const pointsCsv = csvShapeOf('points', historyPoint, {
  context: ['trackId', 'region', 'chart'],
  name: historyName,
})
const seriesCsv: CsvShape = {
  columns: Object.keys(seriesPoint.properties),
  items: (body) =>
    (body as { series: { region: string; points: Record<string, unknown>[] }[] }).series.flatMap(
      (s) => s.points.map((p) => ({ region: s.region, ...p })),
    ),
  context: ['trackId', 'chart'],
  name: historyName,
}
/** The rows carry their date and region; the file is named after the filters given. */
const filteredRowsCsv = (filters: (string | undefined)[]): CsvShape => ({
  columns: Object.keys(filteredRowsResponse.items.properties),
  items: (body) => body as Record<string, unknown>[],
  context: [],
  name: () => ['tracks', ...filters],
})

function resolveTrack(index: Index, id: string): number {
  const t = findTrack(index, id)
  if (t < 0) throw notFound('unknown_track', `no track ${id}`)
  return t
}

export const trackRoute = dataRoute({
  path: '/tracks/:trackId',
  params: trackParams,
  response: trackResponse,
  notFound: true,
  detail: {
    summary: 'A track and its per-region, per-chart statistics',
    description:
      'The track (id, title, credit, artists, url) and, for every region and chart it appeared on, its peak rank, first and last date, days on chart and total streams.',
    tags: ['tracks'],
  },
  answer({ params, index }) {
    const t = resolveTrack(index, params.trackId)
    return {
      canonical: `track|${t}`,
      render: () => trackJson(index, t, trackStats(index, t)),
    }
  },
})

export const trackHistoryRoute = dataRoute({
  path: '/tracks/:trackId/history',
  params: trackParams,
  query: historyQuery,
  response: historyResponse,
  notFound: true,
  detail: {
    summary: "A track's rank and streams by date, in a region or in every region",
    description:
      'With `region`: its points there, ascending by date. Without: one series per region it charted in, ' +
      'ordered by best rank, then region name. CSV with `format=csv` or `Accept: text/csv` ' +
      '(without a region, one row per point with its region first).',
    tags: ['tracks'],
  },
  answer({ params, query, index }) {
    const t = resolveTrack(index, params.trackId)
    const { chart } = query as Defaulted<typeof query, 'chart'>
    if (query.region === undefined) {
      const series = trackSeries(index, t, chart)
      return {
        canonical: `history|${t}|all|${chart}`,
        csv: seriesCsv,
        render: () => historySeriesJson(index, t, chart, series),
      }
    }
    const region = resolveRegion(index, query.region)
    const { start, end } = trackHistoryRange(index, t, chart, region)
    return {
      canonical: `history|${t}|${region}|${chart}`,
      csv: pointsCsv,
      render: () => historyJson(index, t, region, chart, start, end),
    }
  },
})

export const filteredRowsRoute = dataRoute({
  path: '/tracks',
  query: filteredRowsQuery,
  response: filteredRowsResponse,
  notFound: true,
  badRequest: 'none of `date`, `region`, `artist` given (at least one is required)',
  detail: {
    summary: 'Rows by date, region and artist (compatible with the original service)',
    description:
      'Every row matching all filters given (at least one), by streams descending, at most 200.',
    tags: ['tracks'],
  },
  answer({ query, index }) {
    if (query.date === undefined && query.region === undefined && query.artist === undefined) {
      throw parameterError('date', 'date, region, artist: give at least one filter')
    }
    const day = query.date === undefined ? null : parseDay('date', query.date)
    const region = query.region === undefined ? -1 : resolveRegion(index, query.region)
    const artist = query.artist === undefined ? -1 : resolveArtist(index, query.artist)
    return {
      canonical: `filtered-rows|${day}|${region}|${artist}`,
      csv: filteredRowsCsv([
        query.date,
        region < 0 ? undefined : index.regions.text(region),
        artist < 0 ? undefined : index.artistNames.text(artist),
      ]),
      render: () => filteredRowsJson(index, filteredRows(index, { day, region, artist })),
    }
  },
})
