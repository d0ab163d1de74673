/**
 * GET /artist over real HTTP against the naive artist of test/charts-naive.ts: stats of one region
 * (Global by default) with byRegion beside them, under random filters, an artist never on
 * Global, and Global's figures against /top/artists.
 */
import { describe, expect, test } from 'bun:test'
import { naiveArtist } from '../charts-naive.ts'
import { naiveKey, type RawRow, rng } from '../helpers.ts'
import { ARTIST_FIELDS, artistsOf, type Row, useDatasets } from './datasets.ts'
import { getJson, type ServerProcess } from './server.ts'

const folding = useDatasets('folding')
const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('artist stats against a naive computation', () => {
  test('30 random artists under random filters, plus the fixture names', async () => {
    const random = rng(11)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
    const artists = [...new Set(folding.sampleRows.flatMap((r) => r.artist.split(', ')))]
    const regions = [...new Set(folding.sampleRows.map((r) => r.region))]
    const dates = [...new Set(folding.sampleRows.map((r) => r.date))].sort()
    const cases: [ServerProcess, RawRow[], string, string][] = []
    for (let n = 0; n < 30; n++) {
      const name = pick(artists)
      const chart = random() < 0.3 ? 'viral50' : 'top200'
      let q = `name=${encodeURIComponent(name)}&chart=${chart}`
      if (random() < 0.5) q += `&region=${encodeURIComponent(pick(regions))}`
      if (random() < 0.4) q += `&from=${pick(dates)}`
      if (random() < 0.4) q += `&to=${pick(dates)}`
      cases.push([folding.sample, folding.sampleRows, name, q])
    }
    cases.push([
      folding.sample,
      folding.sampleRows,
      'Tyler, The Creator',
      'name=tyler%20the%20creator',
    ])
    cases.push([folding.fixture, folding.fixtureRows, 'AC DC', 'name=ac%20dc&region=uk'])
    let checked = 0
    for (const [server, rows, name, q] of cases) {
      const params = new URLSearchParams(q)
      const from = params.get('from') ?? undefined
      const to = params.get('to') ?? undefined
      if (from && to && from > to) continue
      const { status, body } = await getJson(server.base, `/artist?${q}`)
      expect({ q, status }).toEqual({ q, status: 200 })
      const region = params.get('region')
      // the figures of one region (Global by default)
      const { stats } = naiveArtist(
        rows,
        naiveKey(body.artist),
        {
          chart: (params.get('chart') ?? 'top200') as 'top200' | 'viral50',
          region: region === null ? undefined : region === 'uk' ? 'United Kingdom' : region,
          from,
          to,
        },
        {},
      )
      expect({ q, stats: body.stats }).toEqual({ q, stats })
      expect(body.stats.tracks).toBe(body.totalTracks)
      expect(naiveKey(body.artist)).toBe(naiveKey(name))
      checked++
    }
    expect(checked).toBeGreaterThan(20)
  })
})

/** Region name → code, from /regions (checked against the code table in regions.test.ts). */
async function regionCodes(server: ServerProcess): Promise<Record<string, string | null>> {
  const { body } = await getJson(server.base, '/regions')
  return Object.fromEntries(body.regions.map((r: Row) => [r.name, r.code]))
}

/** An /artist answer without its tracks' strings and paging (what the naive answer has). */
function comparable(body: Row) {
  const { artist, offset, limit, tracks, ...rest } = body
  return {
    ...rest,
    tracks: tracks.map(({ title, artist, url, ...facts }: Row) => facts),
  }
}

describe('/artist: one region, byRegion beside it', () => {
  test('random artists, charts, regions and dates against a naive computation', async () => {
    const random = rng(15)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
    const cases: [ServerProcess, RawRow[], string, string][] = []
    const artists = artistsOf(awkward.sampleRows)
    const regions = [...new Set(awkward.sampleRows.map((r) => r.region))]
    const dates = [...new Set(awkward.sampleRows.map((r) => r.date))].sort()
    for (let n = 0; n < 30; n++) {
      const chart = random() < 0.3 ? 'viral50' : 'top200'
      let q = `name=${encodeURIComponent(pick(artists))}&chart=${chart}&limit=1000`
      if (random() < 0.5) q += `&region=${encodeURIComponent(pick(regions))}`
      const from = pick(dates)
      if (random() < 0.3) q += `&from=${from}`
      if (random() < 0.3) q += `&to=${pick(dates.filter((d) => d >= from))}`
      cases.push([awkward.sample, awkward.sampleRows, pick(artists), q])
    }
    // every fixture artist, default region and each region, both charts
    for (const name of artistsOf(awkward.fixtureRows)) {
      for (const region of [null, 'Global', 'United Kingdom', 'Atlantis']) {
        for (const chart of ['top200', 'viral50']) {
          const q = `name=${encodeURIComponent(name)}&chart=${chart}${region ? `&region=${encodeURIComponent(region)}` : ''}`
          cases.push([awkward.fixture, awkward.fixtureRows, name, q])
        }
      }
    }
    // every artist of the downloads fixture, in each of its regions
    for (const name of artistsOf(downloads.fixtureRows)) {
      for (const region of [null, 'United States', 'Nigeria', 'XK']) {
        for (const chart of ['top200', 'viral50']) {
          const q = `name=${encodeURIComponent(name)}&chart=${chart}${region ? `&region=${encodeURIComponent(region)}` : ''}`
          cases.push([downloads.fixture, downloads.fixtureRows, name, q])
        }
      }
    }
    const codes = new Map([
      [awkward.sample, await regionCodes(awkward.sample)],
      [awkward.fixture, await regionCodes(awkward.fixture)],
      [downloads.fixture, await regionCodes(downloads.fixture)],
    ])
    for (const [server, rows, , q] of cases) {
      const params = new URLSearchParams(q)
      const { status, body } = await getJson(server.base, `/artist?${q}`)
      expect({ q, status }).toEqual({ q, status: 200 })
      const want = naiveArtist(
        rows,
        naiveKey(body.artist),
        {
          chart: (params.get('chart') ?? 'top200') as 'top200' | 'viral50',
          region: params.get('region') ?? undefined,
          from: params.get('from') ?? undefined,
          to: params.get('to') ?? undefined,
        },
        codes.get(server)!,
      )
      expect({ q, answer: comparable(body) }).toEqual({ q, answer: want })
      expect(Object.keys(body)).toEqual(ARTIST_FIELDS)
    }
  })

  test('an artist never on Global: 200, no tracks, zero stats, its countries in byRegion', async () => {
    expect(
      awkward.fixtureRows.some((r) => r.artist === 'Local Hero' && r.region === 'Global'),
    ).toBe(false)
    const { status, body } = await getJson(awkward.fixture.base, '/artist?name=local%20hero')
    expect(status).toBe(200)
    expect(body.region).toBe('Global')
    expect(body.tracks).toEqual([])
    expect(body.totalTracks).toBe(0)
    expect(body.stats).toEqual({
      tracks: 0,
      totalStreams: 0,
      peakRank: null,
      numberOnes: 0,
      topTens: 0,
      chartDays: 0,
      firstDate: null,
      lastDate: null,
      regions: 2,
      leadTracks: 0,
      leadStreams: 0,
      featuredTracks: 0,
      featuredStreams: 0,
    })
    expect(body.byRegion.map((r: Row) => [r.region, r.code])).toEqual(
      [...body.byRegion]
        .sort((a: Row, b: Row) => b.totalStreams - a.totalStreams)
        .map((r: Row) => [r.region, r.region === 'Atlantis' ? null : 'gb']),
    )
    const uk = await getJson(awkward.fixture.base, '/artist?name=local%20hero&region=uk')
    expect(uk.body.region).toBe('United Kingdom')
    expect(uk.body.totalTracks).toBe(1)
    expect(uk.body.stats.totalStreams).toBe(
      awkward.fixtureRows
        .filter((r) => r.artist === 'Local Hero' && r.region === 'United Kingdom')
        .reduce((n, r) => n + (r.streams ?? 0), 0),
    )
  })

  test("Global's figures equal /top/artists for Global; no figure adds regions", async () => {
    const top = (await getJson(awkward.sample.base, '/top/artists?region=Global&limit=20')).body
      .artists
    for (const a of top) {
      const { body } = await getJson(
        awkward.sample.base,
        `/artist?name=${encodeURIComponent(a.name)}`,
      )
      expect({ name: a.name, streams: body.stats.totalStreams }).toEqual({
        name: a.name,
        streams: a.totalStreams,
      })
      const global = body.byRegion.find((r: Row) => r.region === 'Global')
      expect(global.totalStreams).toBe(a.totalStreams)
      expect(body.stats.regions).toBe(body.byRegion.length)
    }
  })
})
