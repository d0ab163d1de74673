/** GET /rankings/movers: what changed on a chart since its previous date. */
import { t } from 'elysia'
import type { CsvShape } from '../../render/csv.ts'
import { MOVER_LISTS, moversJson } from '../../render/movers.ts'
import { moversOf } from '../../store/movers.ts'
import {
  chartParam,
  type Defaulted,
  dateField,
  dateParam,
  limitParam,
  offsetParam,
  regionParam,
  resolveDate,
  resolveRegion,
} from '../params.ts'
import { rankingEntrySchema } from '../rankings/index.ts'
import { dataRoute, formatParam } from '../route.ts'

export const moversQuery = t.Object({
  region: regionParam,
  date: t.Optional(dateParam('date', "Chart date; default: the region's latest")),
  chart: t.Optional(chartParam),
  limit: t.Optional(limitParam(200, 200)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** A ranking entry with its move: the /rankings fields plus `change`. */
export const moverEntry = t.Object({
  ...rankingEntrySchema.properties,
  change: t.Union([t.Integer(), t.Null()], {
    description:
      'previousRank - rank: places climbed (negative: fallen); null when previousRank is null',
    examples: [12],
  }),
})

/** A track on the previous date's chart that is not on this one. */
export const dropout = t.Object({
  trackId: rankingEntrySchema.properties.trackId,
  title: rankingEntrySchema.properties.title,
  artist: rankingEntrySchema.properties.artist,
  artists: rankingEntrySchema.properties.artists,
  url: rankingEntrySchema.properties.url,
  previousRank: t.Integer({ description: 'Its rank on previousDate', examples: [57] }),
})

export const moversResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  date: dateField({ examples: ['2017-03-01'] }),
  chart: t.String({ examples: ['top200'] }),
  previousDate: t.Union([dateField(), t.Null()], {
    description: 'The previous date of this chart and region; null on its first date',
    examples: ['2017-02-28'],
  }),
  totals: t.Object(
    {
      newEntries: t.Integer(),
      reEntries: t.Integer(),
      climbers: t.Integer(),
      fallers: t.Integer(),
      dropouts: t.Integer(),
    },
    { description: "Each whole list's length (before offset and limit)" },
  ),
  offset: t.Integer({ description: 'Entries of each list skipped' }),
  limit: t.Integer({ description: 'Most entries of each list' }),
  newEntries: t.Array(moverEntry, {
    description: 'Entries on the chart for the first time (daysOnChart 1), by rank',
  }),
  reEntries: t.Array(moverEntry, {
    description: 'Entries back after a gap (previousRank null, daysOnChart over 1), by rank',
  }),
  climbers: t.Array(moverEntry, {
    description: 'change > 0, by change descending, then rank',
  }),
  fallers: t.Array(moverEntry, {
    description: 'change < 0, by change ascending (the largest fall first), then rank',
  }),
  dropouts: t.Array(dropout, {
    description: 'Tracks on the previousDate chart that are not on this one, by previousRank',
  }),
})

/**
 * The CSV of a movers answer: its five lists as one table, one row per listed track, the list
 * it is on in the column `list` (after the context columns), then the ranking entry's columns and `change`
 * (dropouts fill only the track's columns and previousRank).
 */
const csv: CsvShape = {
  context: ['region', 'date', 'chart', 'previousDate'],
  name: (b) => [b.region, b.chart, b.date, 'movers'] as string[],
  columns: ['list', ...Object.keys(moverEntry.properties)],
  items: (body) =>
    MOVER_LISTS.flatMap((list) =>
      (body as Record<string, Record<string, unknown>[]>)[list].map((entry) => ({
        list,
        ...entry,
      })),
    ),
}

export const moversRoute = dataRoute({
  path: '/rankings/movers',
  query: moversQuery,
  response: moversResponse,
  notFound: true,
  csv,
  detail: {
    summary: 'What changed on a chart since its previous date',
    description:
      "The chart of a region on a date (default: its latest) against the region's previous date of " +
      'that chart (`previousDate`, null on its first date): new entries, re-entries, climbers, ' +
      'fallers and dropouts, each list whole (`totals` its length) and paged alike by `offset` ' +
      'and `limit` (default: all). Entries are ' +
      '/rankings entries plus `change` = previousRank - rank. CSV (`format=csv` or ' +
      '`Accept: text/csv`): the five lists as one table, one row per listed track, its list named ' +
      'in the column `list` (newEntries, reEntries, climbers, fallers, dropouts) after region, date, chart and previousDate, then the ' +
      "entry's columns; a dropout fills only the track's columns and previousRank.",
    tags: ['charts'],
  },
  answer({ query, index }) {
    const {
      chart: chartName,
      offset,
      limit,
    } = query as Defaulted<typeof query, 'chart' | 'offset' | 'limit'>
    const region = resolveRegion(index, query.region)
    const datePos = resolveDate(index, chartName, region, query.date)
    const chart = index.charts[chartName]
    return {
      canonical: `movers|${region}|${datePos}|${chartName}|${offset}|${limit}`,
      render: () =>
        moversJson(index, {
          chart,
          region,
          datePos,
          movers: moversOf(chart, region, datePos, index.trackCount),
          offset,
          limit,
        }),
    }
  },
})
