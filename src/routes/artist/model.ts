/** Schemas of GET /artist. */
import { t } from 'elysia'
import { chartParam, dateParam, limitParam, MAX_NAME, offsetParam } from '../params.ts'

export const artistQuery = t.Object({
  name: t.String({
    minLength: 1,
    maxLength: MAX_NAME,
    description: 'Artist name, case- and accent-insensitive',
    examples: ['beyonce', 'Tyler, The Creator'],
    error: `name: required; an artist name of at most ${MAX_NAME} characters`,
  }),
  region: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description: 'Only rows of this region (default: all regions)',
      examples: ['Global'],
      error: `region: a region name of at most ${MAX_NAME} characters (see /regions)`,
    }),
  ),
  chart: t.Optional(chartParam),
  from: t.Optional(dateParam('from', 'Only rows on or after this date')),
  to: t.Optional(dateParam('to', 'Only rows on or before this date')),
  limit: t.Optional(limitParam(1000, 50)),
  offset: t.Optional(offsetParam),
})

export const artistResponse = t.Object({
  artist: t.String({ examples: ['Beyoncé'] }),
  totalTracks: t.Integer({ description: 'Tracks with rows under the filters' }),
  offset: t.Integer(),
  limit: t.Integer(),
  tracks: t.Array(
    t.Object({
      trackId: t.String(),
      title: t.String(),
      artist: t.String({ description: 'The credit as given' }),
      url: t.String(),
      peakRank: t.Integer({ description: 'Best rank' }),
      peakDate: t.String({ description: 'First date the best rank was reached' }),
      firstDate: t.String(),
      lastDate: t.String(),
      daysOnChart: t.Integer({ description: 'Distinct dates' }),
      totalStreams: t.Union([t.Number(), t.Null()], {
        description: 'Sum of streams; null when none (viral50)',
      }),
      regions: t.Integer({ description: 'Number of distinct regions' }),
    }),
    { description: 'By totalStreams desc, then peakRank, then trackId' },
  ),
})
