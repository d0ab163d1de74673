/** GET /artist: an artist's tracks with their chart statistics. */
import { t } from 'elysia'
import { artistDaysJson, artistJson } from '../../render/artist.ts'
import { artistDays } from '../../store/artist-days.ts'
import { artistPage } from '../../store/artist-stats.ts'
import type { Index } from '../../store/open-index.ts'
import {
  chartParam,
  DAY_RANGE_400,
  type Defaulted,
  dateField,
  dateParam,
  limitParam,
  MAX_NAME,
  offsetParam,
  parseDayRange,
  resolveArtist,
  resolveRegion,
} from '../params.ts'
import { csvShapeOf, dataRoute, formatParam } from '../route.ts'

export const artistQuery = t.Object({
  name: t.String({
    minLength: 1,
    maxLength: MAX_NAME,
    description:
      'Artist name, case-, accent- and punctuation-insensitive (where several fold alike: an exact match, else the one with the most chart rows)',
    examples: ['beyonce', 'tyler the creator'],
    error: `name: required; an artist name of at most ${MAX_NAME} characters`,
  }),
  region: t.Optional(
    t.String({
      minLength: 1,
      maxLength: MAX_NAME,
      description:
        'The region whose figures the tracks and stats are, by name or code (default: Global)',
      examples: ['Global'],
      error: `region: a region name of at most ${MAX_NAME} characters (see /regions)`,
    }),
  ),
  chart: t.Optional(chartParam),
  from: t.Optional(dateParam('from', 'Only rows on or after this date')),
  to: t.Optional(dateParam('to', 'Only rows on or before this date')),
  limit: t.Optional(limitParam(1000, 50)),
  offset: t.Optional(offsetParam),
  format: t.Optional(formatParam),
})

/** One track of an artist answer (also the CSV's columns). */
export const artistTrack = t.Object({
  trackId: t.String(),
  title: t.String(),
  artist: t.String({ description: 'The credit as given' }),
  url: t.String(),
  peakRank: t.Integer({ description: 'Best rank in the region' }),
  peakDate: dateField({ description: 'First date the best rank was reached' }),
  firstDate: dateField(),
  lastDate: dateField(),
  daysOnChart: t.Integer({ description: 'Distinct dates' }),
  totalStreams: t.Union([t.Number(), t.Null()], {
    description: 'Sum of its streams in the region; null when none (viral50)',
  }),
  regions: t.Integer({
    description: 'Distinct regions of the track under the chart and dates (any region)',
  }),
  role: t.UnionEnum(['lead', 'featured'], {
    default: undefined,
    description:
      'lead when the artist is the first credited artist of the track (A of "A, B"), else featured',
  }),
})

const dateOrNull = (description: string) => t.Union([t.String(), t.Null()], { description })

/** The artist's totals over the same rows as its track list. */
export const artistStatsSchema = t.Object(
  {
    tracks: t.Integer({ description: 'Distinct tracks' }),
    totalStreams: t.Union([t.Integer(), t.Null()], {
      description: 'Sum of streams; null on viral50',
    }),
    peakRank: t.Union([t.Integer(), t.Null()], { description: 'Best rank; null without rows' }),
    numberOnes: t.Integer({ description: 'Distinct tracks that reached rank 1' }),
    topTens: t.Integer({ description: 'Distinct tracks that reached rank 10 or better' }),
    chartDays: t.Integer({ description: 'Distinct dates with at least one of its rows' }),
    firstDate: dateOrNull('First date of its rows; null without rows'),
    lastDate: dateOrNull('Last date of its rows; null without rows'),
    regions: t.Integer({ description: 'Entries of byRegion' }),
    leadTracks: t.Integer({ description: 'Tracks (of `tracks`) it leads (role lead)' }),
    leadStreams: t.Union([t.Integer(), t.Null()], {
      description: 'Sum of totalStreams of the tracks it leads; null on viral50',
    }),
    featuredTracks: t.Integer({ description: 'Tracks (of `tracks`) it is featured on' }),
    featuredStreams: t.Union([t.Integer(), t.Null()], {
      description: 'Sum of totalStreams of the tracks it is featured on; null on viral50',
    }),
  },
  {
    description:
      "Totals over the same rows as the track list: the region's (the chart and dates apply); zeros and nulls when it has none there",
  },
)

/** The artist's totals in one region (the `stats` meanings within it). */
export const artistRegionSchema = t.Object({
  region: t.String({ examples: ['Global'] }),
  code: t.Union([t.String(), t.Null()], {
    description: 'ISO 3166-1 alpha-2 code in lower case (global for Global); null when unknown',
    examples: ['global'],
  }),
  tracks: t.Integer({ description: 'Distinct tracks' }),
  totalStreams: t.Union([t.Integer(), t.Null()], {
    description: 'Sum of streams in the region; null on viral50',
  }),
  peakRank: t.Integer({ description: 'Best rank' }),
  numberOnes: t.Integer({ description: 'Distinct tracks that reached rank 1' }),
  topTens: t.Integer({ description: 'Distinct tracks that reached rank 10 or better' }),
  chartDays: t.Integer({ description: 'Distinct dates with at least one of its rows' }),
  firstDate: dateField({ description: 'First date of its rows in the region' }),
  lastDate: dateField({ description: 'Last date of its rows in the region' }),
})

export const artistResponse = t.Object({
  artist: t.String({ examples: ['Beyoncé'] }),
  region: t.String({
    description: 'The region the tracks and stats are of (default Global)',
    examples: ['Global'],
  }),
  stats: artistStatsSchema,
  byRegion: t.Array(artistRegionSchema, {
    description:
      'Every region with at least one of its rows under the chart and dates (whatever `region` is), by totalStreams desc (nulls last), then chartDays desc, then region name',
  }),
  totalTracks: t.Integer({ description: 'Tracks with rows under the filters' }),
  offset: t.Integer(),
  limit: t.Integer(),
  tracks: t.Array(artistTrack, {
    description: 'By totalStreams desc, then peakRank, then trackId',
  }),
})

/** GET /artist/daily: the /artist query without paging. */
export const artistDaysQuery = t.Object({
  name: artistQuery.properties.name,
  region: artistQuery.properties.region,
  chart: artistQuery.properties.chart,
  from: artistQuery.properties.from,
  to: artistQuery.properties.to,
  format: artistQuery.properties.format,
})

/** One date of an artist (also the CSV's columns). */
export const artistDay = t.Object({
  date: dateField({ examples: ['2017-03-01'] }),
  streams: t.Union([t.Integer(), t.Null()], {
    description:
      'Streams that date of the rows it is credited on (each row in full); null when none has streams (viral50)',
    examples: [9120331],
  }),
  tracks: t.Integer({ description: 'Its entries on the chart that date', examples: [4] }),
  bestRank: t.Integer({ description: 'Its best rank that date', examples: [2] }),
})

export const artistDaysResponse = t.Object({
  artist: t.String({ examples: ['Beyoncé'] }),
  region: t.String({ description: 'The region the days are of (default Global)' }),
  chart: t.String({ examples: ['top200'] }),
  total: t.Integer({ description: 'Dates listed' }),
  days: t.Array(artistDay, {
    description: 'Every date it has a row on under the chart, region and dates, ascending',
  }),
})

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
