/** GET /rankings: the chart of a region on a date, as JSON or FlatBuffers bytes. */
import { type ChartName, dayFromIso } from '../../../schema/format.ts'
import { defaultPage, type StoredRoute } from '../../http/stored.ts'
import { FLATBUFFERS_TYPE } from '../../render/media-types.ts'
import { type RankingQuery, rankingFlatBuffer, rankingJson } from '../../render/ranking.ts'
import { rankingAnswer, storedBody } from '../../store/answers.ts'
import { CHART_PAGE } from '../../store/page.ts'
import { rankingRange } from '../../store/rankings.ts'
import { findDatePosition, findRegion, latestDatePosition } from '../../store/regions.ts'
import { type Defaulted, resolveDate, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import { rankingEntrySchema, rankingResponse, rankingsQuery } from './model.ts'

const csv = csvShapeOf('entries', rankingEntrySchema, {
  context: ['region', 'date', 'chart'],
  name: (b) => [b.region, b.chart, b.date] as string[],
})

/** The canonical identity of a ranking answer (its ETag's key; src/http/respond.ts). */
function rankingCanonical(
  region: number,
  datePos: number,
  chart: ChartName,
  offset: number,
  limit: number,
): string {
  return `rankings|${region}|${datePos}|${chart}|${offset}|${limit}`
}

const defaults = rankingsQuery.properties
/**
 * A /rankings question the index stores (src/http/stored.ts): the whole chart (the default
 * page) as JSON, for a region and date (default: its latest) resolved as the route does.
 */
export const rankingsStored: StoredRoute = {
  query: rankingsQuery,
  fixed: defaultPage(rankingsQuery),
  reads: ['region', 'date', 'chart'],
  find(index, params) {
    const chart = (params.chart ?? defaults.chart.default) as ChartName
    if (chart !== 'top200' && chart !== 'viral50') return null
    const region = findRegion(index, params.region ?? '')
    if (region < 0) return null
    const c = index.charts[chart]
    const datePos =
      params.date === undefined
        ? latestDatePosition(c, region)
        : findDatePosition(c, region, dayFromIso(params.date))
    if (datePos < 0) return null
    return {
      answer: rankingAnswer(index, chart, datePos),
      canonical: rankingCanonical(region, datePos, chart, 0, CHART_PAGE),
    }
  },
}

export const rankingsRoute = dataRoute({
  path: '/rankings',
  query: rankingsQuery,
  response: rankingResponse,
  notFound: true,
  csv,
  binary: {
    type: FLATBUFFERS_TYPE,
    description: `FlatBuffers bytes (schema/ranking.fbs), with \`Accept: ${FLATBUFFERS_TYPE}\``,
  },
  stored: rankingsStored,
  detail: {
    summary: 'Top tracks of a region on a date',
    description:
      "The chart of a region on a date (default: its latest), ordered by rank, with each entry's chart facts. " +
      'Send `Accept: application/x-flatbuffers` for the same answer as FlatBuffers bytes (schema/ranking.fbs), ' +
      '`format=csv` or `Accept: text/csv` for CSV.',
    tags: ['charts'],
  },
  answer({ query, index }) {
    const { chart, offset, limit } = query as Defaulted<typeof query, 'chart' | 'offset' | 'limit'>
    const region = resolveRegion(index, query.region)
    const datePos = resolveDate(index, chart, region, query.date)
    const range = rankingRange(index.charts[chart], datePos, offset, limit)
    const q: RankingQuery = { chart: index.charts[chart], region, datePos, offset, limit, ...range }
    const stored = offset === 0 && limit === CHART_PAGE ? rankingAnswer(index, chart, datePos) : -1
    return {
      canonical: rankingCanonical(region, datePos, chart, offset, limit),
      render: () => rankingJson(index, q),
      stored: () => storedBody(index.answers, stored),
      binary: () => rankingFlatBuffer(index, q),
    }
  },
})
