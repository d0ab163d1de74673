/** Schemas of GET /streaks. */
import { t } from 'elysia'
import { chartParam, dateField, limitParam, offsetParam, regionParam } from '../params.ts'
import { rankingEntrySchema } from '../rankings/model.ts'
import { formatParam } from '../route.ts'

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
