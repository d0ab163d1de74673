/** GET /streaks: every track's longest streak on a chart in a region, longest first. */
import { t } from 'elysia'
import { isoFromDay } from '../../../schema/format.ts'
import { listJson } from '../../render/list-entry.ts'
import { longestStreaks } from '../../store/streaks.ts'
import {
  chartParam,
  type Defaulted,
  dateField,
  limitParam,
  offsetParam,
  regionParam,
  resolveRegionChart,
} from '../params.ts'
import { rankingEntrySchema } from '../rankings/index.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const streaksQuery = t.Object({
  region: regionParam,
  chart: t.Optional(chartParam),
  limit: t.Optional(limitParam(1000, 100)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One track's longest streak (also the CSV's columns). */
export const streakEntry = t.Object({
  rank: t.Integer({ description: 'Position in the list', examples: [1] }),
  trackId: rankingEntrySchema.properties.trackId,
  title: rankingEntrySchema.properties.title,
  artist: rankingEntrySchema.properties.artist,
  artists: rankingEntrySchema.properties.artists,
  url: rankingEntrySchema.properties.url,
  days: t.Integer({
    description: "Consecutive dates of the region's own date list it was on",
    examples: [146],
  }),
  from: dateField({ description: 'First date of the streak', examples: ['2017-01-06'] }),
  to: dateField({ description: 'Last date of the streak', examples: ['2017-05-31'] }),
  current: t.Boolean({ description: "The streak reaches the region's latest date" }),
})

export const streaksResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  chart: t.String({ examples: ['top200'] }),
  total: t.Integer({ description: 'Tracks on the chart in the region (each has a streak)' }),
  offset: t.Integer(),
  limit: t.Integer(),
  streaks: t.Array(streakEntry, {
    description:
      "Each track's longest streak (the first of equal length), by days descending, then to descending, then trackId",
  }),
})

const csv = csvShapeOf('streaks', streakEntry, {
  context: ['region', 'chart'],
  name: (b) => [b.region, b.chart, 'streaks'] as string[],
})

export const streaksRoute = dataRoute({
  path: '/streaks',
  query: streaksQuery,
  response: streaksResponse,
  notFound: true,
  csv,
  detail: {
    summary: "The longest streaks: each track's longest run of consecutive chart dates",
    description:
      "Every track on the chart in the region with its longest streak (consecutive dates of the region's own date list; " +
      'the first of equal length), by days descending, then its last date descending, then trackId; ' +
      '`current` when it reaches the latest date. CSV with `format=csv` or `Accept: text/csv`.',
    tags: ['charts'],
  },
  answer({ query, index }) {
    const {
      chart: chartName,
      offset,
      limit,
    } = query as Defaulted<typeof query, 'chart' | 'offset' | 'limit'>
    const { region, chart } = resolveRegionChart(index, { ...query, chart: chartName })
    return {
      canonical: `streaks|${region}|${chartName}|${offset}|${limit}`,
      render: () => {
        const streaks = longestStreaks(index, chart, region)
        const head = { region: index.regions.text(region), chart: chartName }
        const page = { total: streaks.length, offset, limit }
        return listJson(index, head, 'streaks', page, (i) => ({
          rank: i + 1,
          track: streaks[i].track,
          days: streaks[i].days,
          from: isoFromDay(streaks[i].from),
          to: isoFromDay(streaks[i].to),
          current: streaks[i].current,
        }))
      },
    }
  },
})
