/** GET /tracks/:trackId, GET /tracks/:trackId/history and GET /tracks (the filtered rows). */
import { notFound, parameterError } from '../../errors.ts'
import type { CsvShape } from '../../render/csv.ts'
import { filteredRowsJson, historyJson, historySeriesJson, trackJson } from '../../render/tracks.ts'
import { filteredRows } from '../../store/filtered-rows.ts'
import { trackSeries } from '../../store/history.ts'
import type { Index } from '../../store/open-index.ts'
import { findTrack, trackHistoryRange, trackStats } from '../../store/tracks.ts'
import { type Defaulted, parseDay, resolveArtist, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import {
  filteredRowsQuery,
  filteredRowsResponse,
  historyPoint,
  historyQuery,
  historyResponse,
  seriesPoint,
  trackParams,
  trackResponse,
} from './model.ts'

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

export const compatRoute = dataRoute({
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
