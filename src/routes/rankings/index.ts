/** GET /rankings: the chart of a region on a date, as JSON or FlatBuffers bytes. */
import { t } from 'elysia'
import { type ChartName, dayFromIso, TRENDS } from '../../../schema/format.ts'
import { defaultPage, type StoredRoute } from '../../http/stored.ts'
import { FLATBUFFERS_TYPE } from '../../render/media-types.ts'
import { type RankingQuery, rankingFlatBuffer, rankingJson } from '../../render/ranking.ts'
import { rankingAnswer, storedBody } from '../../store/answers.ts'
import { CHART_PAGE } from '../../store/page.ts'
import { rankingRange } from '../../store/rankings.ts'
import { findDatePosition, findRegion, latestDatePosition } from '../../store/regions.ts'
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
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const rankingsQuery = t.Object({
  region: regionParam,
  date: t.Optional(dateParam('date', "Chart date; default: the region's latest")),
  chart: t.Optional(chartParam),
  limit: t.Optional(limitParam(CHART_PAGE, CHART_PAGE)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** An entry's trend (docs/API.md, /rankings): never null. */
export const trendSchema = t.UnionEnum([...TRENDS], {
  default: undefined,
  description:
    "RE_ENTRY on a re-entry (previousRank null, daysOnChart over 1) whatever the data says; else the data's, or where it gives none: NEW_ENTRY when previousRank is null, else MOVE_UP when rank < previousRank, MOVE_DOWN when rank > previousRank, SAME_POSITION when equal",
  examples: ['MOVE_UP'],
})

/** One entry of the answer (the store's reader of an entry is another thing: src/store/). */
export const rankingEntrySchema = t.Object({
  rank: t.Integer({ examples: [1] }),
  trackId: t.String({
    description: 'Spotify track id (22 characters)',
    examples: ['3K4HG9evC7dg3N0R9cYqk4'],
  }),
  title: t.String({ examples: ['Shape of You'] }),
  artist: t.String({
    description: 'The credit as given',
    examples: ['Tyler, The Creator, Kali Uchis'],
  }),
  artists: t.Array(t.String(), {
    description: 'Credited artists',
    examples: [['Tyler, The Creator', 'Kali Uchis']],
  }),
  url: t.String({ examples: ['https://open.spotify.com/track/3K4HG9evC7dg3N0R9cYqk4'] }),
  trend: trendSchema,
  streams: t.Union([t.Integer(), t.Null()], { description: 'Streams that day; null on viral50' }),
  previousRank: t.Union([t.Integer(), t.Null()], {
    description: 'Rank on the previous chart date; null if absent',
  }),
  peakRank: t.Integer({ description: 'Best rank up to this date' }),
  daysOnChart: t.Integer({ description: 'Chart dates up to this one it appeared on' }),
  streak: t.Integer({ description: 'Consecutive chart dates ending here' }),
  streamsChange: t.Union([t.Integer(), t.Null()], {
    description:
      "streams minus the track's streams on the previous chart date (of this chart and region); null when previousRank is null, and on viral50",
    examples: [-1520],
  }),
  totalStreams: t.Union([t.Integer(), t.Null()], {
    description:
      "The track's streams summed over this chart and region on every date up to and including this one; null on viral50",
    examples: [48210331],
  }),
  weekStreams: t.Union([t.Integer(), t.Null()], {
    description:
      'Its streams on this chart and region over the 7 days ending on this date (date - 6 to date; days it was not on the chart count nothing); null when its own streams are (viral50)',
    examples: [61200447],
  }),
  weekStreamsChange: t.Union([t.Integer(), t.Null()], {
    description:
      'weekStreams minus its streams over the 7 days before (date - 13 to date - 7); null when it had none then, or weekStreams is null',
    examples: [-2381120],
  }),
})

export const rankingResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  date: dateField({ examples: ['2017-03-01'] }),
  chart: t.String({ examples: ['top200'] }),
  total: t.Integer({ description: 'Entries on the chart that day' }),
  offset: t.Integer(),
  limit: t.Integer(),
  entries: t.Array(rankingEntrySchema),
})

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
