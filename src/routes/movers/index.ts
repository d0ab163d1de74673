/** GET /rankings/movers: what changed on a chart since its previous date. */
import type { CsvShape } from '../../render/csv.ts'
import { MOVER_LISTS, moversJson } from '../../render/movers.ts'
import { moversOf } from '../../store/movers.ts'
import { type Defaulted, resolveDate, resolveRegion } from '../params.ts'
import { dataRoute } from '../route.ts'
import { moverEntry, moversQuery, moversResponse } from './model.ts'

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
