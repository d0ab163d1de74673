/** GET /streaks: every track's longest streak on a chart in a region, longest first. */
import { isoFromDay } from '../../../schema/format.ts'
import { listJson } from '../../render/list-entry.ts'
import { regionDates } from '../../store/regions.ts'
import { longestStreaks } from '../../store/streaks.ts'
import { type Defaulted, noChart, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import { streakEntry, streaksQuery, streaksResponse } from './model.ts'

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
    const region = resolveRegion(index, query.region)
    const chart = index.charts[chartName]
    if (regionDates(chart, region).length === 0) throw noChart(index, chartName, region)
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
