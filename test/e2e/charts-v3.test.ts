/**
 * API v3 (API.md) over real HTTP, against the independent computation of test/v3-naive.ts:
 * artist answers of one region with byRegion (an artist never on Global included), search
 * suggestions, the weekly default week, /ready's source, and CSV cells neutralised against
 * formula injection. Two datasets: the synthetic sample, and the v3 fixture (test/helpers.ts:
 * gaps in a region's dates, formula-like names, an artist only on countries' charts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { parse } from 'csv-parse/sync'
import { ByteBuffer } from 'flatbuffers'
import { Ranking } from '../../schema/generated/charts/fb/ranking.ts'
import { naiveKey, naiveSplit, type RawRow, rng, v3FixtureRows } from '../helpers.ts'
import { idOf, naiveFold, naiveWeekly } from '../v2-naive.ts'
import {
  foldedDistance,
  naiveArtist,
  naiveCsvText,
  naiveMovers,
  naiveNumberOnes,
  naiveRankings,
} from '../v3-naive.ts'
import { type Datasets, serveDatasets } from './datasets.ts'
import { getJson, type ServerProcess } from './server.ts'

let sample: ServerProcess
let fixture: ServerProcess
let sampleRows: RawRow[]
let fixtureRows: RawRow[]
let served: Datasets

beforeAll(async () => {
  fixtureRows = v3FixtureRows()
  served = await serveDatasets(fixtureRows)
  ;({ sample, fixture, sampleRows } = served)
})
afterAll(() => served?.stop())

type Row = Record<string, any>

/** Region name → code, from /regions (checked against the code table in v2.test.ts). */
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

/** The members of an /artist answer, in order. */
const ARTIST_FIELDS = [
  'artist',
  'region',
  'stats',
  'byRegion',
  'totalTracks',
  'offset',
  'limit',
  'tracks',
]

/** The artists credited in some rows (display names as given). */
const artistsOf = (rows: RawRow[]) => [...new Set(rows.flatMap((r) => naiveSplit(r.artist)))]

describe('/artist: one region, byRegion beside it', () => {
  test('random artists, charts, regions and dates against a naive computation', async () => {
    const random = rng(15)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
    const cases: [ServerProcess, RawRow[], string, string][] = []
    const artists = artistsOf(sampleRows)
    const regions = [...new Set(sampleRows.map((r) => r.region))]
    const dates = [...new Set(sampleRows.map((r) => r.date))].sort()
    for (let n = 0; n < 30; n++) {
      const chart = random() < 0.3 ? 'viral50' : 'top200'
      let q = `name=${encodeURIComponent(pick(artists))}&chart=${chart}&limit=1000`
      if (random() < 0.5) q += `&region=${encodeURIComponent(pick(regions))}`
      const from = pick(dates)
      if (random() < 0.3) q += `&from=${from}`
      if (random() < 0.3) q += `&to=${pick(dates.filter((d) => d >= from))}`
      cases.push([sample, sampleRows, pick(artists), q])
    }
    // every fixture artist, default region and each region, both charts
    for (const name of artistsOf(fixtureRows)) {
      for (const region of [null, 'Global', 'United Kingdom', 'Atlantis']) {
        for (const chart of ['top200', 'viral50']) {
          const q = `name=${encodeURIComponent(name)}&chart=${chart}${region ? `&region=${encodeURIComponent(region)}` : ''}`
          cases.push([fixture, fixtureRows, name, q])
        }
      }
    }
    const codes = new Map([
      [sample, await regionCodes(sample)],
      [fixture, await regionCodes(fixture)],
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
    expect(fixtureRows.some((r) => r.artist === 'Local Hero' && r.region === 'Global')).toBe(false)
    const { status, body } = await getJson(fixture.base, '/artist?name=local%20hero')
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
    })
    expect(body.byRegion.map((r: Row) => [r.region, r.code])).toEqual(
      [...body.byRegion]
        .sort((a: Row, b: Row) => b.totalStreams - a.totalStreams)
        .map((r: Row) => [r.region, r.region === 'Atlantis' ? null : 'gb']),
    )
    const uk = await getJson(fixture.base, '/artist?name=local%20hero&region=uk')
    expect(uk.body.region).toBe('United Kingdom')
    expect(uk.body.totalTracks).toBe(1)
    expect(uk.body.stats.totalStreams).toBe(
      fixtureRows
        .filter((r) => r.artist === 'Local Hero' && r.region === 'United Kingdom')
        .reduce((n, r) => n + (r.streams ?? 0), 0),
    )
  })

  test("Global's figures equal /top/artists for Global; no figure adds regions", async () => {
    const top = (await getJson(sample.base, '/top/artists?region=Global&limit=20')).body.artists
    for (const a of top) {
      const { body } = await getJson(sample.base, `/artist?name=${encodeURIComponent(a.name)}`)
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

/** A ranking entry's facts (track strings left out), as the naive computation has them. */
const factsOf = (e: Row) => ({
  rank: e.rank,
  trackId: e.trackId,
  streams: e.streams,
  previousRank: e.previousRank,
  peakRank: e.peakRank,
  daysOnChart: e.daysOnChart,
  streak: e.streak,
  streamsChange: e.streamsChange,
  totalStreams: e.totalStreams,
})

/** The (chart, region) pairs of some rows. */
const chartsOf = (rows: RawRow[]) =>
  [...new Set(rows.map((r) => `${r.chart}|${r.region}`))].map((k) => k.split('|'))

describe('/rankings: streamsChange and totalStreams', () => {
  test('every fixture ranking and 60 random sample rankings against a naive computation', async () => {
    const random = rng(21)
    let firstDates = 0
    let viral = 0
    let negative = 0
    for (const [server, rows, share] of [
      [fixture, fixtureRows, 1],
      [sample, sampleRows, 0.05],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const { dates, rankings } = naiveRankings(rows, chart, region)
        for (const [pos, date] of dates.entries()) {
          if (pos > 0 && random() > share) continue
          const q = `/rankings?region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
          const { status, body } = await getJson(server.base, q)
          expect({ q, status }).toEqual({ q, status: 200 })
          const want = rankings.get(date)!
          expect({ q, entries: body.entries.map(factsOf) }).toEqual({ q, entries: want })
          if (pos === 0) {
            // a first chart date: no previous date, so no previous rank and no change
            for (const e of body.entries)
              expect([e.previousRank, e.streamsChange]).toEqual([null, null])
            firstDates++
          }
          if (chart === 'viral50') {
            for (const e of body.entries)
              expect([e.streams, e.streamsChange, e.totalStreams]).toEqual([null, null, null])
            viral++
          }
          negative += body.entries.filter((e: Row) => e.streamsChange < 0).length
        }
      }
    }
    expect(firstDates).toBeGreaterThan(5)
    expect(viral).toBeGreaterThan(5)
    expect(negative).toBeGreaterThan(0)
  })

  test('the FlatBuffers answer carries the same stream facts (null change absent, 0 kept)', async () => {
    let zeros = 0
    for (const [chart, region] of chartsOf(fixtureRows)) {
      for (const date of naiveRankings(fixtureRows, chart, region).dates) {
        const path = `/rankings?region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
        const json = (await getJson(fixture.base, path)).body
        const res = await fetch(fixture.base + path, {
          headers: { Accept: 'application/x-flatbuffers' },
        })
        const r = Ranking.getRootAsRanking(new ByteBuffer(new Uint8Array(await res.arrayBuffer())))
        const got = Array.from({ length: r.entriesLength() }, (_, i) => {
          const e = r.entries(i)!
          const change = e.streamsChange()
          return {
            streamsChange: change === null ? null : Number(change),
            totalStreams: e.totalStreams() < 0n ? null : Number(e.totalStreams()),
          }
        })
        expect(got).toEqual(
          json.entries.map((e: Row) => ({
            streamsChange: e.streamsChange,
            totalStreams: e.totalStreams,
          })),
        )
        zeros += got.filter((e) => e.streamsChange === 0).length
      }
    }
    expect(zeros).toBeGreaterThan(0)
  })
})

describe('/rankings/movers and /number-ones', () => {
  test('movers of every fixture date and 40 random sample dates against a naive computation', async () => {
    const random = rng(33)
    const seen = { newEntries: 0, reEntries: 0, climbers: 0, fallers: 0, dropouts: 0, first: 0 }
    for (const [server, rows, share] of [
      [fixture, fixtureRows, 1],
      [sample, sampleRows, 0.07],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const { dates, rankings } = naiveRankings(rows, chart, region)
        for (const [pos, date] of dates.entries()) {
          if (pos > 0 && random() > share) continue
          const limit = pos % 2 ? 3 : 10
          const base = `region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
          const { status, body } = await getJson(
            server.base,
            `/rankings/movers?${base}&limit=${limit}`,
          )
          expect({ status }).toEqual({ status: 200 })
          const want = naiveMovers(rows, chart, region, date, limit)
          const ids = (xs: Row[]) => xs.map((x) => [x.trackId, x.change])
          const got = {
            previousDate: body.previousDate,
            newEntries: body.newEntries.map(factsOf),
            reEntries: body.reEntries.map(factsOf),
            climbers: ids(body.climbers),
            fallers: ids(body.fallers),
            dropouts: body.dropouts.map((d: Row) => ({
              trackId: d.trackId,
              previousRank: d.previousRank,
            })),
          }
          expect({ base, got }).toEqual({
            base,
            got: {
              previousDate: want.previousDate,
              newEntries: want.newEntries.map(({ change, ...facts }) => facts),
              reEntries: want.reEntries.map(({ change, ...facts }) => facts),
              climbers: ids(want.climbers),
              fallers: ids(want.fallers),
              dropouts: want.dropouts,
            },
          })
          // every listed entry is the /rankings entry plus its change
          const ranking = (await getJson(server.base, `/rankings?${base}`)).body.entries
          for (const list of ['newEntries', 'reEntries', 'climbers', 'fallers'])
            for (const e of body[list]) {
              const { change, ...entry } = e
              expect(entry).toEqual(ranking.find((x: Row) => x.trackId === e.trackId))
              expect(change).toBe(e.previousRank === null ? null : e.previousRank - e.rank)
            }
          for (const d of body.dropouts) checkTrack(rows, d)
          for (const k of ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts'] as const)
            seen[k] += body[k].length
          if (pos === 0) {
            expect(body.previousDate).toBeNull()
            expect(body.dropouts).toEqual([])
            seen.first++
          }
          expect(rankings.get(date)!.length).toBe(ranking.length)
        }
      }
    }
    for (const [k, n] of Object.entries(seen)) expect({ k, some: n > 0 }).toEqual({ k, some: true })
  })

  test('#1 runs of every chart and region, by year, across gaps in the dates', async () => {
    let acrossGaps = 0
    for (const [server, rows] of [
      [fixture, fixtureRows],
      [sample, sampleRows],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const years = [
          ...new Set(rows.filter((r) => r.region === region).map((r) => r.date.slice(0, 4))),
        ]
        for (const year of [null, ...years]) {
          const q = `region=${encodeURIComponent(region)}&chart=${chart}${year ? `&year=${year}` : ''}&limit=1000`
          const { status, body } = await getJson(server.base, `/number-ones?${q}`)
          if (status === 404) {
            // a year without this chart in the region
            expect(
              rows.some(
                (r) => r.chart === chart && r.region === region && r.date.startsWith(`${year}-`),
              ),
            ).toBe(false)
            continue
          }
          expect({ q, status }).toEqual({ q, status: 200 })
          const want = naiveNumberOnes(rows, chart, region, year === null ? null : Number(year))
          expect({
            q,
            runs: body.runs.map(({ title, artist, artists, url, ...run }: Row) => run),
          }).toEqual({
            q,
            runs: want,
          })
          expect([body.region, body.chart, body.year, body.total]).toEqual([
            region,
            chart,
            year === null ? null : Number(year),
            want.length,
          ])
          for (const run of body.runs) {
            checkTrack(rows, run)
            const span = (Date.parse(run.to) - Date.parse(run.from)) / 86_400_000 + 1
            if (span > run.days) acrossGaps++
          }
        }
      }
    }
    expect(acrossGaps).toBeGreaterThan(0)
    const page = await getJson(fixture.base, '/number-ones?region=Global&limit=1&offset=1')
    const all = await getJson(fixture.base, '/number-ones?region=Global')
    expect(page.body.runs).toEqual(all.body.runs.slice(1, 2))
    expect(all.body.limit).toBe(100)
    const none = await getJson(fixture.base, '/number-ones?region=Global&year=2019')
    expect([none.status, none.body.error.code, none.body.error.suggestions]).toEqual([
      404,
      'unknown_date',
      ['2020'],
    ])
    const bad = await getJson(fixture.base, '/rankings/movers?region=Global&limit=201')
    expect([bad.status, bad.body.error.parameter]).toEqual([400, 'limit'])
  })

  test('CSV: movers as one table with its list named first; runs as a list', async () => {
    const path = '/rankings/movers?region=uk&date=2020-03-04'
    const json = (await getJson(fixture.base, path)).body
    const [header, ...records] = parse(
      await (await fetch(`${fixture.base}${path}&format=csv`)).text(),
    ) as string[][]
    expect(header[0]).toBe('list')
    const lists = ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts']
    const want = lists.flatMap((list) =>
      json[list].map((e: Row) => header.map((c) => (c === 'list' ? list : naiveCsvText(e[c])))),
    )
    expect(records).toEqual(want)
    expect(records.length).toBeGreaterThan(0)
    const runs = (await getJson(fixture.base, '/number-ones?region=Global')).body.runs
    const text = await (await fetch(`${fixture.base}/number-ones?region=Global&format=csv`)).text()
    const [runHeader, ...runRows] = parse(text) as string[][]
    expect(runRows).toEqual(runs.map((r: Row) => runHeader.map((c) => naiveCsvText(r[c]))))
    expect(text).toContain("'=SUM(1+2)")
  })
})

/** The track fields of an answer item are the track's own. */
function checkTrack(rows: RawRow[], item: Row): void {
  const source = rows.find((r) => r.url.endsWith(item.trackId))!
  expect([item.title, item.artist, item.url]).toEqual([source.title, source.artist, source.url])
  expect(item.artists.map(naiveKey)).toEqual(naiveSplit(source.artist).map(naiveKey))
}

describe('/search suggestions', () => {
  test('a typo finds the artist by edit distance; a match has none', async () => {
    const beyonse = await getJson(sample.base, '/search?q=beyonse')
    expect(beyonse.body.artists).toEqual([])
    expect(beyonse.body.tracks).toEqual([])
    expect(beyonse.body.suggestions[0]).toBe('Beyoncé')
    const found = await getJson(sample.base, '/search?q=beyon')
    expect(found.body.artists.length).toBeGreaterThan(0)
    expect(found.body.suggestions).toEqual([])
    const names = artistsOf(sampleRows)
    const random = rng(5)
    let checked = 0
    for (let n = 0; n < 40 && checked < 12; n++) {
      const name = names[Math.floor(random() * names.length)]
      const fold = naiveFold(name)
      if (fold.length < 6) continue
      // one letter changed in the middle of the first word: no prefix or word matches
      const at = Math.min(3, fold.length - 2)
      const typo = `${fold.slice(0, at)}${fold[at] === 'x' ? 'z' : 'x'}${fold.slice(at + 1)}`
      const { body } = await getJson(sample.base, `/search?q=${encodeURIComponent(typo)}`)
      if (body.artists.length > 0 || body.tracks.length > 0) {
        expect(body.suggestions).toEqual([])
        continue
      }
      const distances = names.map((x) => foldedDistance(typo, x))
      const best = Math.min(...distances)
      const got = body.suggestions.map((s: string) => foldedDistance(typo, s))
      expect(body.suggestions.length).toBeGreaterThan(0)
      expect(body.suggestions.length).toBeLessThanOrEqual(5)
      expect(got[0]).toBe(best)
      expect(got).toEqual([...got].sort((a: number, b: number) => a - b))
      expect(got.every((d: number) => d <= Math.max(2, Math.ceil(typo.length / 3)))).toBe(true)
      // nothing closer was left out
      const cap = got.at(-1)
      if (body.suggestions.length < 5)
        expect(distances.filter((d) => d <= Math.min(cap, best)).length).toBeGreaterThan(0)
      expect(body.suggestions.map(naiveFold)).toContain(naiveFold(name))
      checked++
    }
    expect(checked).toBeGreaterThan(5)
  })
})

describe('weekly default and /ready', () => {
  test('without week: the latest week with all 7 daily charts', async () => {
    const weeks = naiveWeekly(sampleRows, 'Global')
    const ordered = [...weeks.keys()].sort()
    expect(weeks.get(ordered.at(-1)!)!.days).toBeLessThan(7)
    const complete = ordered.filter((w) => weeks.get(w)!.days === 7).at(-1)
    const { body } = await getJson(sample.base, '/rankings/weekly?region=Global&limit=1')
    expect(body.weekStart).toBe(complete)
    expect(body.days).toBe(7)
    // the fixture has no complete week: the latest week with data
    const fixtureWeeks = [...naiveWeekly(fixtureRows, 'Global').keys()].sort()
    const latest = await getJson(fixture.base, '/rankings/weekly?region=Global&limit=1')
    expect(latest.body.weekStart).toBe(fixtureWeeks.at(-1))
  })

  test('/ready names the source: synthetic for gen-data output, file otherwise', async () => {
    const a = await getJson(sample.base, '/ready')
    expect(a.body.index.source).toEqual({ kind: 'synthetic', name: 'sample.parquet' })
    const b = await getJson(fixture.base, '/ready')
    expect(b.body.index.source).toEqual({ kind: 'file', name: 'fixture.parquet' })
  })
})

/** List routes of the fixture, each with the key of its items ('' for a bare array). */
const FIXTURE_CSV_ROUTES: [string, string][] = [
  ['/rankings?region=Global', 'entries'],
  ['/rankings?region=Global&chart=viral50', 'entries'],
  ['/rankings?region=uk&date=2020-03-04', 'entries'],
  ['/rankings/weekly?region=Global', 'entries'],
  ['/top/tracks?region=Global', 'tracks'],
  ['/top/artists?region=Global', 'artists'],
  ['/artist?name=formula%20band&region=Global', 'tracks'],
  ['/artist?name=minus%20sign', 'tracks'],
  ['/tracks?region=Global&date=2020-03-02', ''],
  ['/tracks/v3fixture0000000000002/history?region=Global', 'points'],
]

describe('CSV formula injection', () => {
  test('text cells beginning with = + - @ get a leading quote mark; numbers stay numbers', async () => {
    let neutralised = 0
    for (const [path, key] of FIXTURE_CSV_ROUTES) {
      const json = (await getJson(fixture.base, path)).body
      const items: Row[] = key ? json[key] : json
      expect({ path, n: items.length > 0 }).toEqual({ path, n: true })
      const res = await fetch(`${fixture.base}${path}&format=csv`)
      expect(res.status).toBe(200)
      const [header, ...records] = parse(await res.text()) as string[][]
      expect(header).toEqual(Object.keys(items[0]))
      expect({ path, records }).toEqual({
        path,
        records: items.map((item) => header.map((c) => naiveCsvText(item[c]))),
      })
      for (const record of records) neutralised += record.filter((c) => c.startsWith("'")).length
    }
    expect(neutralised).toBeGreaterThan(10)
    // spot checks, from the raw text
    const text = await (await fetch(`${fixture.base}/rankings?region=Global&format=csv`)).text()
    expect(text).toContain(",'=SUM(1+2),Formula Band,")
    expect(text).toContain(',Minus,"\'-Minus Sign, @Mention",\'-Minus Sign; @Mention,')
    expect(text).toContain(",'@home,Beyoncé,")
    expect(text).not.toMatch(/,[=+@]/)
    const json = (await getJson(fixture.base, '/rankings?region=Global')).body
    expect(json.entries.some((e: Row) => e.title === '=SUM(1+2)')).toBe(true)
    expect(idOf(json.entries[0].url)).toBe(json.entries[0].trackId)
  })
})

describe('OpenAPI', () => {
  test('documents the v3 fields', async () => {
    const spec = (await getJson(sample.base, '/swagger/json')).body
    const schema = (path: string) =>
      spec.paths[path].get.responses['200'].content['application/json'].schema
    const artist = schema('/artist')
    expect(Object.keys(artist.properties)).toEqual(ARTIST_FIELDS)
    expect(Object.keys(artist.properties.byRegion.items.properties)).toEqual([
      'region',
      'code',
      'tracks',
      'totalStreams',
      'peakRank',
      'numberOnes',
      'topTens',
      'chartDays',
      'firstDate',
      'lastDate',
    ])
    expect(schema('/search').properties.suggestions.type).toBe('array')
    expect(Object.keys(schema('/ready').properties.index.properties.source.properties)).toEqual([
      'kind',
      'name',
    ])
  })
})
