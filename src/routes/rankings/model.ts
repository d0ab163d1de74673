/** Schemas of GET /rankings. */
import { t } from 'elysia'
import { TRENDS } from '../../../schema/format.ts'
import { CHART_PAGE } from '../../store/page.ts'
import {
  chartParam,
  dateField,
  dateParam,
  limitParam,
  offsetParam,
  regionParam,
} from '../params.ts'
import { formatParam } from '../route.ts'

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
