/** GET /rankings/weekly: a region's weekly top 200: Spotify's own, else derived from its daily top200 charts. */
import { t } from 'elysia'
import { dayFromIso } from '../../../schema/format.ts'
import { defaultPage, type StoredRoute } from '../../http/stored.ts'
import { weeklyJson } from '../../render/weekly.ts'
import { storedBody, weeklyAnswer } from '../../store/answers.ts'
import type { Index } from '../../store/open-index.ts'
import { CHART_PAGE } from '../../store/page.ts'
import { findRegion } from '../../store/regions.ts'
import { findWeek, latestWeek, nearestWeeks, weeklyRange } from '../../store/weekly.ts'
import {
  type Defaulted,
  dateField,
  dateParam,
  limitParam,
  offsetParam,
  regionParam,
  resolveChartDay,
  resolveRegion,
} from '../params.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const weeklyQuery = t.Object({
  region: regionParam,
  week: t.Optional(
    dateParam(
      'week',
      'Any date of the wanted Friday-to-Thursday week; default: the latest week that is official or has all 7 daily charts (the latest week if there is none)',
    ),
  ),
  limit: t.Optional(limitParam(CHART_PAGE, CHART_PAGE)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One entry of the answer (the store's reader of an entry is another thing: src/store/). */
export const weeklyEntrySchema = t.Object({
  rank: t.Integer({ examples: [1] }),
  trackId: t.String({ description: 'Spotify track id (22 characters)' }),
  title: t.String(),
  artist: t.String({ description: 'The credit as given' }),
  artists: t.Array(t.String(), { description: 'Credited artists' }),
  url: t.String(),
  streams: t.Integer({
    description:
      "Spotify's figure on an official chart; else the sum of its daily top200 streams that week",
  }),
  days: t.Integer({
    description: 'Its daily top200 rows that week (0..7; 0 only on an official chart)',
  }),
  previousRank: t.Union([t.Integer(), t.Null()], {
    description: "Rank on the region's previous weekly chart; null if absent",
  }),
  peakRank: t.Integer({ description: 'Best weekly rank up to this week' }),
  weeksOnChart: t.Integer({ description: 'Weekly charts up to this one it was on' }),
  streak: t.Integer({ description: 'Consecutive weekly charts ending here' }),
})

export const weeklyResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  weekStart: dateField({ description: 'The Friday starting the week', examples: ['2017-02-24'] }),
  weekEnd: dateField({ description: 'The Thursday ending it', examples: ['2017-03-02'] }),
  source: t.UnionEnum(['official', 'derived'], {
    description:
      "official: Spotify's own weekly chart (a weekly download of charts.spotify.com); derived: summed from the daily top200 charts",
  }),
  days: t.Integer({
    description: 'Daily top200 charts the region has that week (0..7; 0 only on an official chart)',
  }),
  total: t.Integer({ description: 'Entries on the weekly chart (at most 200)' }),
  offset: t.Integer(),
  limit: t.Integer(),
  entries: t.Array(weeklyEntrySchema, {
    description: "By rank: Spotify's on an official chart; else by streams desc, then trackId",
  }),
})

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
