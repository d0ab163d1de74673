/** GET /artist: an artist's tracks with their chart statistics. */
import { artistDaysJson, artistJson } from '../../render/artist.ts'
import { artistDays } from '../../store/artist-days.ts'
import { artistPage } from '../../store/artist-stats.ts'
import type { Index } from '../../store/open-index.ts'
import {
  DAY_RANGE_400,
  type Defaulted,
  parseDayRange,
  resolveArtist,
  resolveRegion,
} from '../params.ts'
import { csvShapeOf, dataRoute } from '../route.ts'
import {
  artistDay,
  artistDaysQuery,
  artistDaysResponse,
  artistQuery,
  artistResponse,
  artistTrack,
} from './model.ts'

const csv = csvShapeOf('tracks', artistTrack, {
  context: ['region'],
  name: (b) => [b.artist, b.region] as string[],
})
const daysCsv = csvShapeOf('days', artistDay, {
  context: ['artist', 'region', 'chart'],
  name: (b) => [b.artist, b.region, b.chart, 'daily'] as string[],
})

/** The region of an artist request: `region` if given, else Global (-1 when there is none). */
function regionOf(index: Index, region: string | undefined): number {
  return region === undefined ? index.globalRegion : resolveRegion(index, region)
}

export const artistRoute = dataRoute({
  path: '/artist',
  query: artistQuery,
  response: artistResponse,
  notFound: true,
  badRequest: DAY_RANGE_400,
  csv,
  detail: {
    summary: "An artist's tracks and their chart statistics",
    description:
      'Tracks on which the artist is credited and `stats`, their totals, within ONE region ' +
      "(`region`, default Global, named in the answer; Global already holds every country's " +
      'streams, so no figure adds streams across regions), over the chart and dates asked ' +
      '(default top200, all dates). `byRegion` lists every region with rows under the chart and ' +
      'dates, side by side. An artist without rows in the region answers 200 with no tracks and ' +
      'zero stats. CSV (the tracks) with `format=csv` or `Accept: text/csv`.',
    tags: ['artists'],
  },
  answer({ query, index }) {
    const artist = resolveArtist(index, query.name)
    const { chart, offset, limit } = query as Defaulted<typeof query, 'chart' | 'offset' | 'limit'>
    // one region's figures, Global's unless asked (never a sum over regions)
    const region = regionOf(index, query.region)
    const regionName = region < 0 ? 'Global' : index.regions.text(region)
    const { from, to } = parseDayRange(query.from, query.to)
    const key = `artist|${artist}|${chart}|${region}|${from}|${to}|${offset}|${limit}`
    const filter = { chart, region, from, to }
    return {
      canonical: key,
      render: () =>
        artistJson(index, {
          artist,
          region: regionName,
          page: artistPage(index, artist, filter),
          offset,
          limit,
        }),
    }
  },
})

export const artistDailyRoute = dataRoute({
  path: '/artist/daily',
  query: artistDaysQuery,
  response: artistDaysResponse,
  notFound: true,
  badRequest: DAY_RANGE_400,
  csv: daysCsv,
  detail: {
    summary: "An artist's streams per day",
    description:
      'Every date the artist has a row on in ONE region (default Global) of the chart (default top200) between `from` ' +
      'and `to`: the streams of the rows it is credited on that date (each row in full), its entries and best rank. ' +
      'CSV with `format=csv` or `Accept: text/csv`.',
    tags: ['artists'],
  },
  answer({ query, index }) {
    const artist = resolveArtist(index, query.name)
    const { chart } = query as Defaulted<typeof query, 'chart'>
    const region = regionOf(index, query.region)
    const { from, to } = parseDayRange(query.from, query.to)
    return {
      canonical: `artist-daily|${artist}|${chart}|${region}|${from}|${to}`,
      render: () =>
        artistDaysJson(index, {
          artist,
          region: region < 0 ? 'Global' : index.regions.text(region),
          chart,
          days: artistDays(index, artist, { chart, region, from, to }),
        }),
    }
  },
})
