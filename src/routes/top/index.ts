/** GET /top/tracks and GET /top/artists: a region's most streamed, all time or in a year. */
import { t } from 'elysia'
import { type TopListQuery, topArtistsJson, topTracksJson } from '../../render/top.ts'
import type { Index } from '../../store/open-index.ts'
import { findTopList, topListYears } from '../../store/tops.ts'
import {
  type Defaulted,
  limitParam,
  noChart,
  offsetParam,
  regionParam,
  resolveRegion,
  yearParam,
} from '../params.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

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

const topFile = (what: string) => ({
  context: ['region', 'year'],
  name: (b: Record<string, unknown>) => [b.region, what, b.year ?? 'all-time'] as string[],
})
const tracksCsv = csvShapeOf('tracks', topTrack, topFile('top-tracks'))
const artistsCsv = csvShapeOf('artists', topArtist, topFile('top-artists'))

/** The list a request asks for, or a 404 naming the years there are. */
function resolveList(
  index: Index,
  query: { region: string; year?: number; offset: number; limit: number },
): TopListQuery {
  const region = resolveRegion(index, query.region)
  const year = query.year ?? 0
  const list = findTopList(index.tops, region, year)
  if (list < 0) {
    const years = topListYears(index.tops, region).map(String)
    throw year === 0
      ? noChart(index, 'top200', region)
      : noChart(index, 'top200', region, year, years)
  }
  return { region, year, list, offset: query.offset, limit: query.limit }
}

const description =
  'From top200 rows only. CSV with `format=csv` or `Accept: text/csv`. A 404 for a year without data lists the years there are.'

export const topTracksRoute = dataRoute({
  path: '/top/tracks',
  query: topQuery,
  response: topTracksResponse,
  notFound: true,
  csv: tracksCsv,
  detail: {
    summary: "A region's most streamed tracks, all time or in a year",
    description: `Tracks by total streams in the region (and year): totalStreams, peakRank, daysOnChart. ${description}`,
    tags: ['charts'],
  },
  answer({ query, index }) {
    const q = resolveList(index, query as Defaulted<typeof query, 'offset' | 'limit'>)
    return {
      canonical: `top-tracks|${q.list}|${q.offset}|${q.limit}`,
      render: () => topTracksJson(index, q),
    }
  },
})

export const topArtistsRoute = dataRoute({
  path: '/top/artists',
  query: topQuery,
  response: topArtistsResponse,
  notFound: true,
  csv: artistsCsv,
  detail: {
    summary: "A region's most streamed artists, all time or in a year",
    description:
      "Artists by total streams in the region (and year); a row's streams count in full for every " +
      `credited artist. ${description}`,
    tags: ['artists'],
  },
  answer({ query, index }) {
    const q = resolveList(index, query as Defaulted<typeof query, 'offset' | 'limit'>)
    return {
      canonical: `top-artists|${q.list}|${q.offset}|${q.limit}`,
      render: () => topArtistsJson(index, q),
    }
  },
})
