/** Schemas of GET /rankings/weekly. */
import { t } from 'elysia'
import { CHART_PAGE } from '../../store/page.ts'
import { dateField, dateParam, limitParam, offsetParam, regionParam } from '../params.ts'
import { formatParam } from '../route.ts'

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
