/** Schemas of GET /rankings/movers. */
import { t } from 'elysia'
import {
  chartParam,
  dateField,
  dateParam,
  limitParam,
  offsetParam,
  regionParam,
} from '../params.ts'
import { rankingEntrySchema } from '../rankings/model.ts'
import { formatParam } from '../route.ts'

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
