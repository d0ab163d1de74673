/**
 * API v2 (docs/API.md) over real HTTP, against the independent computation of test/v2-naive.ts:
 * weekly charts, top lists, artist stats, history across regions, region codes, name folding,
 * CSV (parsed back with csv-parse), ETag/304/compression of the new answers, and the
 * OpenAPI document of the new routes. Two datasets: the synthetic sample, and a small
 * fixture crossing a year boundary with names that fold alike.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import SwaggerParser from '@apidevtools/swagger-parser'
import { parse } from 'csv-parse/sync'
import { REGIONS } from '../../build/synthetic-names.ts'
import { naiveKey, naiveSplit, type RawRow, rng, row } from '../helpers.ts'
import {
  idOf,
  naiveFold,
  naiveSeries,
  naiveTopArtists,
  naiveTopTracks,
  naiveWeekly,
  naiveWeekStart,
} from '../v2-naive.ts'
import { naiveArtist } from '../v3-naive.ts'
import { type Datasets, serveDatasets } from './datasets.ts'
import { getJson, ROOT, type ServerProcess } from './server.ts'

let sample: ServerProcess
let fixture: ServerProcess
let sampleRows: RawRow[]
let fixtureRows: RawRow[]

/** A small dataset: 2017-12-27 .. 2018-01-05, three regions, names that fold alike. */
function fixtureData(): RawRow[] {
  const credits = [
    'AC/DC',
    'Ac-Dc',
    'Ac-Dc',
    'AC DC',
    'Tyler, The Creator, Beyoncé',
    'Ac-Dc, Someone',
    'Beyoncé',
  ]
  const out: RawRow[] = []
  let n = 0
  for (const region of ['Global', 'United Kingdom', 'Atlantis']) {
    for (let d = 0; d < 10; d++) {
      const date = new Date(Date.UTC(2017, 11, 27 + d)).toISOString().slice(0, 10)
      // a rotating set of 6 of 7 tracks, streams falling with rank
      for (let k = 0; k < 6; k++) {
        const t = (k + d + region.length) % 7
        n++
        out.push(
          row(
            {
              title: `Song ${t}`,
              artist: credits[t],
              url: `https://open.spotify.com/track/fixturetrack${String(t).padStart(10, '0')}`,
              region,
              date,
              rank: k + 1,
              streams: 100_000 - k * 7_000 - d * 13 - region.length,
              trend: 'SAME_POSITION',
            },
            n,
          ),
        )
      }
    }
  }
  return out
}

let served: Datasets

beforeAll(async () => {
  fixtureRows = fixtureData()
  served = await serveDatasets(fixtureRows)
  ;({ sample, fixture, sampleRows } = served)
})
afterAll(() => served?.stop())

type Row = Record<string, any>

/** The pages of a list route, concatenated (limit 1000 per page). */
async function allPages(
  base: string,
  path: string,
  key: string,
): Promise<{ body: Row; items: Row[] }> {
  const items: Row[] = []
  let body: Row = {}
  for (let offset = 0; ; offset += 1000) {
    const res = await getJson(base, `${path}&limit=1000&offset=${offset}`)
    expect({ path, status: res.status }).toEqual({ path, status: 200 })
    body = res.body
    items.push(...body[key])
    if (items.length >= body.total) break
  }
  return { body, items }
}

/** The track fields of an entry are the track's own (title, credit, artists, url). */
function checkTrackFields(rows: RawRow[], entry: Row): void {
  const source = rows.find((r) => idOf(r.url) === entry.trackId)!
  expect(entry.title).toBe(source.title)
  expect(entry.artist).toBe(source.artist)
  expect(entry.url).toBe(source.url)
  expect(entry.artists.map(naiveKey)).toEqual(naiveSplit(source.artist).map(naiveKey))
}

const datasets = () =>
  [
    ['sample', sample, sampleRows],
    ['fixture', fixture, fixtureRows],
  ] as const

describe('weekly charts against a naive computation', () => {
  test('every week of every region: entries, facts and days', async () => {
    let weeks = 0
    for (const [, server, rows] of datasets()) {
      for (const region of new Set(rows.filter((r) => r.chart === 'top200').map((r) => r.region))) {
        const want = naiveWeekly(rows, region)
        const ordered = [...want.keys()].sort()
        for (const week of ordered) {
          const { status, body } = await getJson(
            server.base,
            `/rankings/weekly?region=${encodeURIComponent(region)}&week=${week}`,
          )
          expect(status).toBe(200)
          const friday = new Date(`${week}T00:00:00Z`)
          expect(body.region).toBe(region)
          expect(body.weekStart).toBe(week)
          expect(body.weekEnd).toBe(
            new Date(friday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10),
          )
          expect(body.days).toBe(want.get(week)!.days)
          expect(body.total).toBe(want.get(week)!.entries.length)
          const got = body.entries.map((e: Row) => {
            const { title, artist, artists, url, ...rest } = e
            return rest
          })
          expect(got).toEqual(want.get(week)!.entries)
          checkTrackFields(rows, body.entries[0])
          weeks++
        }
        // no week: the latest with all 7 daily charts (v3), else the latest; a date inside a
        // week finds that week
        const latest = await getJson(
          server.base,
          `/rankings/weekly?region=${encodeURIComponent(region)}&limit=1`,
        )
        const complete = ordered.filter((w) => want.get(w)!.days === 7)
        expect(latest.body.weekStart).toBe(complete.at(-1) ?? ordered.at(-1))
        const midWeek = new Date(new Date(`${ordered[0]}T00:00:00Z`).getTime() + 3 * 86_400_000)
          .toISOString()
          .slice(0, 10)
        const inside = await getJson(
          server.base,
          `/rankings/weekly?region=${encodeURIComponent(region)}&week=${midWeek}&limit=1`,
        )
        expect(inside.body.weekStart).toBe(naiveWeekStart(midWeek))
      }
    }
    expect(weeks).toBeGreaterThan(20)
  })

  test('a week without data is a 404 with the nearest weeks; limit and offset page', async () => {
    const { status, body } = await getJson(
      sample.base,
      '/rankings/weekly?region=Global&week=2030-01-01',
    )
    expect(status).toBe(404)
    expect(body.error.code).toBe('unknown_date')
    expect(body.error.suggestions.length).toBeGreaterThan(0)
    for (const s of body.error.suggestions) expect(naiveWeekStart(s)).toBe(s)
    const all = await getJson(sample.base, '/rankings/weekly?region=Global')
    const page = await getJson(sample.base, '/rankings/weekly?region=Global&limit=7&offset=190')
    expect(page.body.entries).toEqual(all.body.entries.slice(190, 197))
    expect(page.body.total).toBe(all.body.total)
  })
})

describe('top lists against a naive computation', () => {
  test('tracks and artists of every region, all time and per year', async () => {
    let lists = 0
    for (const [, server, rows] of datasets()) {
      for (const region of new Set(rows.filter((r) => r.chart === 'top200').map((r) => r.region))) {
        const years = [
          ...new Set(
            rows.filter((r) => r.region === region).map((r) => Number(r.date.slice(0, 4))),
          ),
        ]
        for (const year of [null, ...years]) {
          const q = `region=${encodeURIComponent(region)}${year === null ? '' : `&year=${year}`}`
          const tracks = await allPages(server.base, `/top/tracks?${q}`, 'tracks')
          expect(tracks.body.year).toBe(year)
          expect(tracks.body.region).toBe(region)
          expect(tracks.items.map(({ title, artist, artists, url, ...rest }) => rest)).toEqual(
            naiveTopTracks(rows, region, year),
          )
          checkTrackFields(rows, tracks.items[0])
          const artists = await allPages(server.base, `/top/artists?${q}`, 'artists')
          expect(
            artists.items.map(({ name, ...rest }) => ({ ...rest, key: naiveKey(name) })),
          ).toEqual(naiveTopArtists(rows, region, year))
          lists++
        }
      }
    }
    expect(lists).toBeGreaterThan(10)
  })

  test('defaults, a year without data, bad years', async () => {
    const def = await getJson(sample.base, '/top/tracks?region=global')
    expect(def.body.limit).toBe(50)
    expect(def.body.tracks).toHaveLength(50)
    const none = await getJson(sample.base, '/top/artists?region=Global&year=2019')
    expect(none.status).toBe(404)
    expect(none.body.error.suggestions).toEqual(['2017'])
    for (const bad of ['year=abc', 'year=1800', 'year=2017.5', 'limit=1001', 'limit=0']) {
      const res = await getJson(sample.base, `/top/tracks?region=Global&${bad}`)
      expect({ bad, status: res.status, parameter: res.body.error.parameter }).toEqual({
        bad,
        status: 400,
        parameter: bad.split('=')[0],
      })
    }
  })
})

describe('artist stats against a naive computation', () => {
  test('30 random artists under random filters, plus the fixture names', async () => {
    const random = rng(11)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]
    const artists = [...new Set(sampleRows.flatMap((r) => r.artist.split(', ')))]
    const regions = [...new Set(sampleRows.map((r) => r.region))]
    const dates = [...new Set(sampleRows.map((r) => r.date))].sort()
    const cases: [ServerProcess, RawRow[], string, string][] = []
    for (let n = 0; n < 30; n++) {
      const name = pick(artists)
      const chart = random() < 0.3 ? 'viral50' : 'top200'
      let q = `name=${encodeURIComponent(name)}&chart=${chart}`
      if (random() < 0.5) q += `&region=${encodeURIComponent(pick(regions))}`
      if (random() < 0.4) q += `&from=${pick(dates)}`
      if (random() < 0.4) q += `&to=${pick(dates)}`
      cases.push([sample, sampleRows, name, q])
    }
    cases.push([sample, sampleRows, 'Tyler, The Creator', 'name=tyler%20the%20creator'])
    cases.push([fixture, fixtureRows, 'AC DC', 'name=ac%20dc&region=uk'])
    let checked = 0
    for (const [server, rows, name, q] of cases) {
      const params = new URLSearchParams(q)
      const from = params.get('from') ?? undefined
      const to = params.get('to') ?? undefined
      if (from && to && from > to) continue
      const { status, body } = await getJson(server.base, `/artist?${q}`)
      expect({ q, status }).toEqual({ q, status: 200 })
      const region = params.get('region')
      // v3: the figures of one region (Global by default)
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

describe('history across regions against a naive computation', () => {
  test('20 random tracks on each chart: series by best rank, then region name', async () => {
    const random = rng(3)
    const ids = [...new Set(sampleRows.map((r) => idOf(r.url)))]
    for (let n = 0; n < 20; n++) {
      const id = ids[Math.floor(random() * ids.length)]
      for (const chart of ['top200', 'viral50']) {
        const { status, body } = await getJson(sample.base, `/tracks/${id}/history?chart=${chart}`)
        expect(status).toBe(200)
        expect(body).toEqual({ trackId: id, chart, series: naiveSeries(sampleRows, id, chart) })
      }
    }
  })
})

describe('region codes and name folding', () => {
  test('the code table maps all 70 Kaggle region names to distinct ISO codes', () => {
    const table = parse(readFileSync(join(ROOT, 'data/region-codes.csv')), { columns: true }) as {
      name: string
      code: string
    }[]
    expect(table.map((r) => r.name).sort()).toEqual(REGIONS.map((r) => r.name).sort())
    expect(table).toHaveLength(70)
    expect(new Set(table.map((r) => r.code)).size).toBe(70)
    for (const r of table) expect(r.code).toMatch(r.name === 'Global' ? /^global$/ : /^[a-z]{2}$/)
    const code = (name: string) => table.find((r) => r.name === name)?.code
    expect([code('United States'), code('United Kingdom'), code('Argentina')]).toEqual([
      'us',
      'gb',
      'ar',
    ])
  })

  test('/regions lists codes (null for an unknown region); codes in any case resolve', async () => {
    const regions = (await getJson(fixture.base, '/regions')).body.regions
    expect(Object.fromEntries(regions.map((r: Row) => [r.name, r.code]))).toEqual({
      Atlantis: null,
      Global: 'global',
      'United Kingdom': 'gb',
    })
    for (const [given, want] of [
      ['US', 'United States'],
      ['us', 'United States'],
      ['GLOBAL', 'Global'],
      ['uk', 'United Kingdom'],
      ['Gb', 'United Kingdom'],
      ['united-states', 'United States'],
      ['  UNITED   states!', 'United States'],
    ]) {
      const { status, body } = await getJson(
        sample.base,
        `/rankings?region=${encodeURIComponent(given)}&limit=1`,
      )
      expect({ given, status, region: body.region }).toEqual({ given, status: 200, region: want })
    }
    const xx = await getJson(sample.base, '/rankings?region=XX')
    expect(xx.status).toBe(404)
    expect(xx.body.error.code).toBe('unknown_region')
    expect(xx.body.error.suggestions.length).toBeGreaterThan(0)
  })

  test('punctuation-insensitive names; where several fold alike, exact first, then most rows', async () => {
    const tyler = await getJson(sample.base, '/artist?name=tyler%20the%20creator&limit=1')
    expect(tyler.body.artist).toBe('Tyler, The Creator')
    const search = await getJson(sample.base, '/search?q=tyler%20the')
    expect(search.body.artists.map((a: Row) => a.name)).toContain('Tyler, The Creator')
    // the fixture has AC/DC (10 rows per region), Ac-Dc (the most) and AC DC
    const rowsOf = (name: string) =>
      fixtureRows.filter((r) => r.artist.split(', ').includes(name)).length
    const most = ['AC/DC', 'Ac-Dc', 'AC DC'].sort((a, b) => rowsOf(b) - rowsOf(a))[0]
    for (const [given, want] of [
      ['ac dc', 'AC DC'],
      ['AC/DC', 'AC/DC'],
      ['ac/dc', 'AC/DC'],
      ['AC-DC', 'Ac-Dc'],
      ['ac.dc', most],
      ['  AC :: DC ', most],
    ]) {
      const { status, body } = await getJson(
        fixture.base,
        `/artist?name=${encodeURIComponent(given)}&limit=1`,
      )
      expect({ given, status, artist: body.artist }).toEqual({ given, status: 200, artist: want })
    }
    expect(naiveFold('Tyler, The Creator')).toBe('tyler the creator')
  })
})

/** CSV list answers and the JSON items they must equal. */
const CSV_ROUTES: [string, string][] = [
  ['/rankings?region=Global&limit=20', 'entries'],
  ['/rankings?region=Global&chart=viral50', 'entries'],
  ['/rankings/weekly?region=us', 'entries'],
  ['/top/tracks?region=Global&limit=100', 'tracks'],
  ['/top/artists?region=gb', 'artists'],
  ['/artist?name=beyonce&chart=viral50', 'tracks'],
  ['/artist?name=tyler%20the%20creator', 'tracks'],
  ['/tracks?date=2017-01-20&artist=beyonce', ''],
  ['/tracks?region=Global&date=2017-01-20', ''],
]

/** The text a JSON value becomes in a CSV field. */
const csvText = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v))

describe('CSV', () => {
  test('every list answer as CSV equals its JSON (format=csv and Accept: text/csv)', async () => {
    const id = idOf(sampleRows.find((r) => r.region === 'Global')!.url)
    const routes: [string, string][] = [
      ...CSV_ROUTES,
      [`/tracks/${id}/history?region=Global`, 'points'],
    ]
    for (const [path, key] of routes) {
      const json = (await getJson(sample.base, path)).body
      const items: Row[] = key ? json[key] : json
      expect(items.length).toBeGreaterThan(0)
      const asks: { query: string; headers: Record<string, string> }[] = [
        { query: '&format=csv', headers: {} },
        { query: '', headers: { Accept: 'text/csv' } },
      ]
      for (const init of asks) {
        const res = await fetch(`${sample.base}${path}${init.query}`, { headers: init.headers })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
        expect(res.headers.get('vary')).toContain('Accept')
        const text = await res.text()
        expect(text.endsWith('\r\n')).toBe(true)
        const [header, ...records] = parse(text, { relax_column_count: false }) as string[][]
        expect(header).toEqual(Object.keys(items[0]))
        expect(records).toEqual(items.map((item) => header.map((c) => csvText(item[c]))))
      }
    }
    // history across regions: one row per point, its region first
    const series = (await getJson(sample.base, `/tracks/${id}/history`)).body.series
    const text = await (await fetch(`${sample.base}/tracks/${id}/history?format=csv`)).text()
    const [header, ...records] = parse(text) as string[][]
    expect(header).toEqual(['region', 'date', 'rank', 'streams'])
    expect(records).toEqual(
      series.flatMap((s: Row) =>
        s.points.map((p: Row) => [s.region, p.date, String(p.rank), csvText(p.streams)]),
      ),
    )
  })

  test('quotes, commas and accents survive the round trip', async () => {
    const text = await (
      await fetch(`${sample.base}/artist?name=tyler%20the%20creator&format=csv`)
    ).text()
    expect(text).toContain('"Tyler, The Creator')
    const records = parse(text, { columns: true }) as Row[]
    expect(records.every((r) => r.artist.includes('Tyler, The Creator'))).toBe(true)
  })

  test('ETag differs between JSON and CSV; 304 and compression apply to both', async () => {
    const path = '/top/tracks?region=Global&limit=200'
    const json = await fetch(sample.base + path)
    const csv = await fetch(`${sample.base}${path}`, { headers: { Accept: 'text/csv' } })
    const csvParam = await fetch(`${sample.base}${path}&format=csv`)
    const tags = [json, csv, csvParam].map((r) => r.headers.get('etag'))
    expect(tags[0]).not.toBe(tags[1])
    expect(tags[0]).toMatch(/^W\/"/)
    for (const [res, accept] of [
      [json, 'application/json'],
      [csv, 'text/csv'],
    ] as const) {
      const again = await fetch(sample.base + path, {
        headers: { Accept: accept, 'If-None-Match': res.headers.get('etag')! },
      })
      expect(again.status).toBe(304)
      const br = await fetch(sample.base + path, {
        headers: { Accept: accept, 'Accept-Encoding': 'br' },
        decompress: false,
      } as RequestInit)
      expect(br.headers.get('content-encoding')).toBe('br')
      const body = brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()
      expect(body).toBe(
        await (await fetch(sample.base + path, { headers: { Accept: accept } })).text(),
      )
    }
    // the JSON ETag with Accept: text/csv is not current for the CSV body
    const cross = await fetch(sample.base + path, {
      headers: { Accept: 'text/csv', 'If-None-Match': tags[0]! },
    })
    expect(cross.status).toBe(200)
    expect(cross.headers.get('content-type')).toStartWith('text/csv')
    const bad = await getJson(sample.base, `${path}&format=xml`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('format')
  })
})

describe('OpenAPI', () => {
  test('documents every v2 route and parameter, integers as integers, and validates', async () => {
    const spec = (await getJson(sample.base, '/swagger/json')).body
    await SwaggerParser.validate(structuredClone(spec))
    const params = (path: string) =>
      Object.fromEntries(spec.paths[path].get.parameters.map((p: Row) => [p.name, p.schema]))
    expect(Object.keys(params('/rankings/weekly')).sort()).toEqual([
      'format',
      'limit',
      'offset',
      'region',
      'week',
    ])
    for (const path of ['/top/tracks', '/top/artists'])
      expect(Object.keys(params(path)).sort()).toEqual([
        'format',
        'limit',
        'offset',
        'region',
        'year',
      ])
    expect(params('/tracks/{trackId}/history').region).toBeDefined()
    expect(
      spec.paths['/tracks/{trackId}/history'].get.parameters.find((p: Row) => p.name === 'region')
        .required,
    ).toBe(false)
    let integers = 0
    for (const [path, item] of Object.entries(spec.paths) as [string, Row][]) {
      for (const p of item.get?.parameters ?? []) {
        expect({ path, name: p.name, anyOf: p.schema.anyOf }).toEqual({
          path,
          name: p.name,
          anyOf: undefined,
        })
        if (['limit', 'offset', 'year'].includes(p.name)) {
          expect({ path, name: p.name, type: p.schema.type }).toEqual({
            path,
            name: p.name,
            type: 'integer',
          })
          expect(typeof p.schema.minimum).toBe('number')
          expect(typeof p.schema.maximum).toBe('number')
          integers++
        }
      }
    }
    expect(integers).toBeGreaterThanOrEqual(11)
    const stats = spec.paths['/artist'].get.responses['200'].content['application/json'].schema
    expect(Object.keys(stats.properties.stats.properties).sort()).toEqual([
      'chartDays',
      'firstDate',
      'lastDate',
      'numberOnes',
      'peakRank',
      'regions',
      'topTens',
      'totalStreams',
      'tracks',
    ])
  })
})
