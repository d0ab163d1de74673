/** Schemas of GET /top/tracks and GET /top/artists. */
import { t } from 'elysia'
import { limitParam, offsetParam, regionParam, yearParam } from '../params.ts'
import { formatParam } from '../route.ts'

export const topQuery = t.Object({
  region: regionParam,
  year: t.Optional(yearParam('Calendar year; default: all time')),
  limit: t.Optional(limitParam(1000, 50)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

const year = t.Union([t.Integer(), t.Null()], {
  description: 'The calendar year asked for; null = all time',
  examples: [2017],
})

export const topTrack = t.Object({
  rank: t.Integer({ description: '1-based position in the list', examples: [1] }),
  trackId: t.String({ description: 'Spotify track id (22 characters)' }),
  title: t.String(),
  artist: t.String({ description: 'The credit as given' }),
  artists: t.Array(t.String(), { description: 'Credited artists' }),
  url: t.String(),
  totalStreams: t.Integer({ description: 'Sum of its top200 streams in the region and year' }),
  peakRank: t.Integer({ description: 'Best rank' }),
  daysOnChart: t.Integer({ description: 'Distinct dates on the top200' }),
})

export const topTracksResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  year,
  total: t.Integer({ description: 'Tracks on the list' }),
  offset: t.Integer(),
  limit: t.Integer(),
  tracks: t.Array(topTrack, { description: 'By totalStreams desc, then trackId' }),
})

export const topArtist = t.Object({
  rank: t.Integer({ description: '1-based position in the list', examples: [1] }),
  name: t.String({ examples: ['Ed Sheeran'] }),
  totalStreams: t.Integer({
    description: "Sum of the streams of its rows (a row's streams count for every credited artist)",
  }),
  tracks: t.Integer({ description: 'Distinct tracks' }),
  numberOnes: t.Integer({ description: 'Distinct tracks that reached rank 1' }),
  peakRank: t.Integer({ description: 'Best rank' }),
})

export const topArtistsResponse = t.Object({
  region: t.String({ examples: ['Global'] }),
  year,
  total: t.Integer({ description: 'Artists on the list' }),
  offset: t.Integer(),
  limit: t.Integer(),
  artists: t.Array(topArtist, { description: 'By totalStreams desc, then name' }),
})
