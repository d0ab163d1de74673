/** GET /rankings/weekly: a region's weekly top 200: Spotify's own, else derived from its daily top200 charts. */
import { dayFromIso } from '../../../schema/format.ts'
import { defaultPage, type StoredRoute } from '../../http/stored.ts'
import { weeklyJson } from '../../render/weekly.ts'
import { storedBody, weeklyAnswer } from '../../store/answers.ts'
import type { Index } from '../../store/open-index.ts'
import { CHART_PAGE } from '../../store/page.ts'
import { findRegion } from '../../store/regions.ts'
import { findWeek, latestWeek, nearestWeeks, weeklyRange } from '../../store/weekly.ts'
import { type Defaulted, resolveChartDay, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import { weeklyEntrySchema, weeklyQuery, weeklyResponse } from './model.ts'

const csv = csvShapeOf('entries', weeklyEntrySchema, {
  context: ['region', 'weekStart', 'weekEnd', 'source'],
  name: (b) => [b.region, 'weekly', b.weekStart] as string[],
})

/** Global week position of the week holding `week` (default: the latest complete week), or a 404 with the nearest weeks. */
function resolveWeek(index: Index, region: number, week: string | undefined): number {
  return resolveChartDay(index, 'top200', region, week, {
    parameter: 'week',
    at: 'in the week of',
    latest: (r) => latestWeek(index.weekly, r),
    find: (r, day) => findWeek(index.weekly, r, day),
    nearest: (r, day) => nearestWeeks(index.weekly, r, day),
  })
}

/** The canonical identity of a weekly answer (its ETag's key; src/http/respond.ts). */
function weeklyCanonical(region: number, week: number, offset: number, limit: number): string {
  return `weekly|${region}|${week}|${offset}|${limit}`
}

/**
 * A /rankings/weekly question the index stores (src/http/stored.ts): the whole weekly chart
 * (the default page) as JSON, for a region and week (default: its latest complete one)
 * resolved as the route does.
 */
export const weeklyStored: StoredRoute = {
  query: weeklyQuery,
  fixed: defaultPage(weeklyQuery),
  reads: ['region', 'week'],
  find(index, params) {
    const region = findRegion(index, params.region ?? '')
    if (region < 0) return null
    const week =
      params.week === undefined
        ? latestWeek(index.weekly, region)
        : findWeek(index.weekly, region, dayFromIso(params.week))
    if (week < 0) return null
    return {
      answer: weeklyAnswer(index, week),
      canonical: weeklyCanonical(region, week, 0, CHART_PAGE),
    }
  },
}

export const weeklyRoute = dataRoute({
  path: '/rankings/weekly',
  query: weeklyQuery,
  response: weeklyResponse,
  notFound: true,
  csv,
  stored: weeklyStored,
  detail: {
    summary: 'Weekly top 200 of a region',
    description:
      'The Friday-to-Thursday week holding `week` (default: the latest week that is official or has all 7 daily charts, else the latest week with data). ' +
      "`source` says which chart it is: `official`, Spotify's own weekly chart from a weekly download of charts.spotify.com (its ranks and streams, which count every stream); " +
      "`derived`, summed from the daily top200 charts: a track's streams are the sum of its daily streams that week, so " +
      "streams below a day's top 200 are not counted; ranked by streams desc, then trackId; the first 200 make the chart. " +
      'CSV with `format=csv` or `Accept: text/csv`.',
    tags: ['charts'],
  },
  answer({ query, index }) {
    const region = resolveRegion(index, query.region)
    const week = resolveWeek(index, region, query.week)
    const { offset, limit } = query as Defaulted<typeof query, 'offset' | 'limit'>
    const range = weeklyRange(index.weekly, week, offset, limit)
    const stored = offset === 0 && limit === CHART_PAGE ? weeklyAnswer(index, week) : -1
    return {
      canonical: weeklyCanonical(region, week, offset, limit),
      render: () => weeklyJson(index, { region, week, offset, limit, ...range }),
      stored: () => storedBody(index.answers, stored),
    }
  },
})
