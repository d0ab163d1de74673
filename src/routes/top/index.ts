/** GET /top/tracks and GET /top/artists: a region's most streamed, all time or in a year. */
import { type TopListQuery, topArtistsJson, topTracksJson } from '../../render/top.ts'
import type { Index } from '../../store/open-index.ts'
import { findTopList, topListYears } from '../../store/tops.ts'
import { type Defaulted, noChart, resolveRegion } from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import { topArtist, topArtistsResponse, topQuery, topTrack, topTracksResponse } from './model.ts'

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
