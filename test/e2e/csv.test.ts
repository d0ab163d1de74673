/**
 * CSV answers over real HTTP (parsed back with csv-parse): every list answer equals its JSON,
 * quoting, ETag/304/compression of CSV, movers and #1 runs as CSV, and text cells neutralised
 * against formula injection.
 */
import { describe, expect, test } from 'bun:test'
import { brotliDecompressSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { naiveCsvText } from '../charts-naive.ts'
import { idOf } from '../periods-naive.ts'
import { type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const folding = useDatasets('folding')
const awkward = useDatasets('awkward')

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
  ['/rankings/artists?region=Global&limit=30', 'artists'],
  ['/rankings/artists?region=us&date=2017-01-20', 'artists'],
  ['/streaks?region=Global&limit=40', 'streaks'],
  ['/streaks?region=gb&chart=viral50', 'streaks'],
  ['/artist/daily?name=beyonce', 'days'],
  ['/artist/daily?name=tyler%20the%20creator&region=Global&chart=viral50', 'days'],
]

/** The text a JSON value becomes in a CSV field. */
const csvText = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v))

/** The members of the whole answer each route's CSV rows begin with (docs/API.md). */
const CONTEXT: Record<string, string[]> = {
  '/rankings': ['region', 'date', 'chart'],
  '/rankings/weekly': ['region', 'weekStart', 'weekEnd', 'source'],
  '/rankings/movers': ['region', 'date', 'chart', 'previousDate'],
  '/number-ones': ['region', 'chart'],
  '/top/tracks': ['region', 'year'],
  '/top/artists': ['region', 'year'],
  '/artist': ['region'],
  '/rankings/artists': ['region', 'date'],
  '/streaks': ['region', 'chart'],
  '/artist/daily': ['artist', 'region', 'chart'],
  '/tracks': [],
}

/** The context columns of a CSV answer of `path`: the route's, those its items lack. */
function contextOf(path: string, item: Row): string[] {
  const route = path.split('?')[0]
  const named = route.startsWith('/tracks/')
    ? ['trackId', 'region', 'chart']
    : (CONTEXT[route] as string[] | undefined)
  if (!named) throw new Error(`no CSV context for ${route}`)
  return named.filter((c) => !(c in item))
}

/** The CSV an answer's items make: its header and rows, cells as `text` writes them. */
function csvOf(path: string, answer: Row, items: Row[], text: (v: unknown) => string) {
  const context = contextOf(path, items[0]).filter((c) => c in answer)
  const columns = Object.keys(items[0])
  return [
    [...context, ...columns],
    ...items.map((item) => [
      ...context.map((c) => text(answer[c])),
      ...columns.map((c) => text(item[c])),
    ]),
  ]
}

describe('CSV', () => {
  test('every list answer as CSV equals its JSON (format=csv and Accept: text/csv)', async () => {
    const id = idOf(folding.sampleRows.find((r) => r.region === 'Global')!.url)
    const routes: [string, string][] = [
      ...CSV_ROUTES,
      [`/tracks/${id}/history?region=Global`, 'points'],
    ]
    for (const [path, key] of routes) {
      const json = (await getJson(folding.sample.base, path)).body
      const items: Row[] = key ? json[key] : json
      expect(items.length).toBeGreaterThan(0)
      const asks: { query: string; headers: Record<string, string> }[] = [
        { query: '&format=csv', headers: {} },
        { query: '', headers: { Accept: 'text/csv' } },
      ]
      for (const init of asks) {
        const res = await fetch(`${folding.sample.base}${path}${init.query}`, {
          headers: init.headers,
        })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
        expect(res.headers.get('vary')).toContain('Accept')
        const text = await res.text()
        expect(text.endsWith('\r\n')).toBe(true)
        const table = parse(text, { relax_column_count: false }) as string[][]
        expect({ path, table }).toEqual({ path, table: csvOf(path, json, items, csvText) })
      }
    }
    // history across regions: one row per point, its region first
    const series = (await getJson(folding.sample.base, `/tracks/${id}/history`)).body.series
    const text = await (
      await fetch(`${folding.sample.base}/tracks/${id}/history?format=csv`)
    ).text()
    const [header, ...records] = parse(text) as string[][]
    expect(header).toEqual(['trackId', 'chart', 'region', 'date', 'rank', 'streams'])
    expect(records).toEqual(
      series.flatMap((s: Row) =>
        s.points.map((p: Row) => [
          id,
          'top200',
          s.region,
          p.date,
          String(p.rank),
          csvText(p.streams),
        ]),
      ),
    )
  })

  test('Accept q-values: text/csv;q=0 is no CSV, the highest q wins (docs/API.md)', async () => {
    const typeOf = async (path: string, accept: string) =>
      (await fetch(`${folding.sample.base}${path}`, { headers: { Accept: accept } })).headers.get(
        'content-type',
      )
    const JSON_TYPE = 'application/json; charset=utf-8'
    const CSV_TYPE = 'text/csv; charset=utf-8'
    for (const path of ['/rankings?region=Global&limit=2', '/top/tracks?region=Global&limit=2']) {
      expect(await typeOf(path, 'text/csv;q=0')).toBe(JSON_TYPE)
      expect(await typeOf(path, 'text/csv;q=0.5, application/json')).toBe(JSON_TYPE)
      expect(await typeOf(path, 'text/csv;q=0.5, */*')).toBe(JSON_TYPE)
      expect(await typeOf(path, 'text/csv, */*;q=0.1')).toBe(CSV_TYPE)
      expect(await typeOf(path, 'application/x-flatbuffers;q=0, text/csv')).toBe(CSV_TYPE)
    }
    // FlatBuffers where it is offered; CSV, the next choice, where it is not
    const both = 'application/x-flatbuffers, text/csv'
    expect(await typeOf('/rankings?region=Global&limit=2', both)).toBe('application/x-flatbuffers')
    expect(await typeOf('/top/tracks?region=Global&limit=2', both)).toBe(CSV_TYPE)
    expect(await typeOf('/rankings?region=Global&limit=2', 'application/x-flatbuffers;q=0')).toBe(
      JSON_TYPE,
    )
  })

  test('a CSV answer is a download named after what it holds (docs/API.md)', async () => {
    const base = awkward.fixture.base
    const disposition = async (path: string) => {
      const res = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}format=csv`)
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      return res.headers.get('content-disposition')
    }
    const named = (file: string) => `attachment; filename="${file}"`
    const names: [string, string][] = [
      ['/rankings?region=Global', 'global-top200-2020-03-10.csv'],
      ['/rankings?region=uk&date=2020-03-04&chart=top200', 'united-kingdom-top200-2020-03-04.csv'],
      ['/rankings?region=Global&chart=viral50', 'global-viral50-2020-03-05.csv'],
      ['/rankings/weekly?region=Global&week=2020-03-06', 'global-weekly-2020-03-06.csv'],
      ['/rankings/movers?region=uk&date=2020-03-04', 'united-kingdom-top200-2020-03-04-movers.csv'],
      ['/number-ones?region=Atlantis', 'atlantis-top200-number-ones.csv'],
      ['/number-ones?region=Global&year=2020', 'global-top200-number-ones-2020.csv'],
      ['/top/tracks?region=Global', 'global-top-tracks-all-time.csv'],
      ['/top/artists?region=Global&year=2020', 'global-top-artists-2020.csv'],
      ['/artist?name=tyler%20the%20creator&region=uk', 'tyler-the-creator-united-kingdom.csv'],
      ['/artist?name=minus%20sign', 'minus-sign-global.csv'],
      [
        '/tracks/v3fixture0000000000002/history?region=Global',
        'history-v3fixture0000000000002-global-top200.csv',
      ],
      ['/tracks/v3fixture0000000000002/history', 'history-v3fixture0000000000002-top200.csv'],
      ['/tracks?date=2020-03-02&region=gb', 'tracks-2020-03-02-united-kingdom.csv'],
      ['/rankings/artists?region=Global', 'global-artists-2020-03-10.csv'],
      ['/rankings/artists?region=uk&date=2020-03-04', 'united-kingdom-artists-2020-03-04.csv'],
      ['/streaks?region=Global', 'global-top200-streaks.csv'],
      ['/streaks?region=Global&chart=viral50', 'global-viral50-streaks.csv'],
      ['/artist/daily?name=formula%20band', 'formula-band-global-top200-daily.csv'],
      [
        '/artist/daily?name=tyler%20the%20creator&region=uk',
        'tyler-the-creator-united-kingdom-top200-daily.csv',
      ],
    ]
    for (const [path, file] of names)
      expect({ path, header: await disposition(path) }).toEqual({ path, header: named(file) })
    // JSON answers are no downloads
    const json = await fetch(`${base}/rankings?region=Global`)
    expect(json.headers.has('content-disposition')).toBe(false)
    // a name that is not ASCII: an ASCII name, and the name itself in filename*
    const other = (
      await getJson(folding.sample.base, '/top/artists?region=Global&limit=1000')
    ).body.artists
      .map((a: Row) => a.name)
      // a name in a script other than Latin (방탄소년단, 宇多田ヒカル)
      .find((n: string) => /\p{L}/u.test(n) && !/\p{Script=Latin}/u.test(n))
    expect(other).toBeDefined()
    const res = await fetch(
      `${folding.sample.base}/artist?name=${encodeURIComponent(other)}&format=csv`,
    )
    const header = res.headers.get('content-disposition')!
    const utf8 = /filename\*=UTF-8''([^;]+)$/.exec(header)?.[1]
    expect(decodeURIComponent(utf8!)).toBe(`${other.toLowerCase().replace(/\s+/g, '-')}-global.csv`)
    expect(header).toMatch(/^attachment; filename="[\w.-]+"; filename\*=/)
    // and CORS lets a page of another origin read the name
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Disposition')
  })

  test('quotes, commas and accents survive the round trip', async () => {
    const text = await (
      await fetch(`${folding.sample.base}/artist?name=tyler%20the%20creator&format=csv`)
    ).text()
    expect(text).toContain('"Tyler, The Creator')
    const records = parse(text, { columns: true }) as Row[]
    expect(records.every((r) => r.artist.includes('Tyler, The Creator'))).toBe(true)
  })

  test('ETag differs between JSON and CSV; 304 and compression apply to both', async () => {
    const path = '/top/tracks?region=Global&limit=200'
    const json = await fetch(folding.sample.base + path)
    const csv = await fetch(`${folding.sample.base}${path}`, { headers: { Accept: 'text/csv' } })
    const csvParam = await fetch(`${folding.sample.base}${path}&format=csv`)
    const tags = [json, csv, csvParam].map((r) => r.headers.get('etag'))
    expect(tags[0]).not.toBe(tags[1])
    expect(tags[0]).toMatch(/^W\/"/)
    for (const [res, accept] of [
      [json, 'application/json'],
      [csv, 'text/csv'],
    ] as const) {
      const again = await fetch(folding.sample.base + path, {
        headers: { Accept: accept, 'If-None-Match': res.headers.get('etag')! },
      })
      expect(again.status).toBe(304)
      const br = await fetch(folding.sample.base + path, {
        headers: { Accept: accept, 'Accept-Encoding': 'br' },
        decompress: false,
      } as RequestInit)
      expect(br.headers.get('content-encoding')).toBe('br')
      const body = brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()
      expect(body).toBe(
        await (await fetch(folding.sample.base + path, { headers: { Accept: accept } })).text(),
      )
    }
    // the JSON ETag with Accept: text/csv is not current for the CSV body
    const cross = await fetch(folding.sample.base + path, {
      headers: { Accept: 'text/csv', 'If-None-Match': tags[0]! },
    })
    expect(cross.status).toBe(200)
    expect(cross.headers.get('content-type')).toStartWith('text/csv')
    const bad = await getJson(folding.sample.base, `${path}&format=xml`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('format')
  })
})

describe('CSV of movers and #1 runs', () => {
  test('CSV: movers as one table with its list named after the context; runs as a list', async () => {
    const path = '/rankings/movers?region=uk&date=2020-03-04'
    const json = (await getJson(awkward.fixture.base, path)).body
    const [header, ...records] = parse(
      await (await fetch(`${awkward.fixture.base}${path}&format=csv`)).text(),
    ) as string[][]
    expect(header.slice(0, 5)).toEqual(['region', 'date', 'chart', 'previousDate', 'list'])
    const lists = ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts']
    const want = lists.flatMap((list) =>
      json[list].map((e: Row) =>
        header.map((c, i) => (c === 'list' ? list : naiveCsvText(i < 4 ? json[c] : e[c]))),
      ),
    )
    expect(records).toEqual(want)
    expect(records.length).toBeGreaterThan(0)
    const runs = (await getJson(awkward.fixture.base, '/number-ones?region=Global')).body.runs
    const text = await (
      await fetch(`${awkward.fixture.base}/number-ones?region=Global&format=csv`)
    ).text()
    const [runHeader, ...runRows] = parse(text) as string[][]
    expect(runHeader.slice(0, 2)).toEqual(['region', 'chart'])
    expect(runRows).toEqual(
      runs.map((r: Row) =>
        runHeader.map((c, i) => (i < 2 ? ['Global', 'top200'][i] : naiveCsvText(r[c]))),
      ),
    )
    expect(text).toContain("'=SUM(1+2)")
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
  ['/rankings/artists?region=Global', 'artists'],
  ['/streaks?region=Global', 'streaks'],
  ['/artist/daily?name=minus%20sign', 'days'],
]

describe('CSV formula injection', () => {
  test('text cells beginning with = + - @ get a leading quote mark; numbers stay numbers', async () => {
    let neutralised = 0
    for (const [path, key] of FIXTURE_CSV_ROUTES) {
      const json = (await getJson(awkward.fixture.base, path)).body
      const items: Row[] = key ? json[key] : json
      expect({ path, n: items.length > 0 }).toEqual({ path, n: true })
      const res = await fetch(`${awkward.fixture.base}${path}&format=csv`)
      expect(res.status).toBe(200)
      const [header, ...records] = parse(await res.text()) as string[][]
      const [wantHeader, ...wantRecords] = csvOf(path, json, items, naiveCsvText)
      expect(header).toEqual(wantHeader)
      expect({ path, records }).toEqual({ path, records: wantRecords })
      for (const record of records) neutralised += record.filter((c) => c.startsWith("'")).length
    }
    expect(neutralised).toBeGreaterThan(10)
    // spot checks, from the raw text
    const text = await (
      await fetch(`${awkward.fixture.base}/rankings?region=Global&format=csv`)
    ).text()
    expect(text).toContain(",'=SUM(1+2),Formula Band,")
    expect(text.split('\r\n')[1]).toStartWith('Global,2020-03-10,top200,1,')
    expect(text).toContain(',Minus,"\'-Minus Sign, @Mention",\'-Minus Sign; @Mention,')
    expect(text).toContain(",'@home,Beyoncé,")
    expect(text).not.toMatch(/,[=+@]/)
    const json = (await getJson(awkward.fixture.base, '/rankings?region=Global')).body
    expect(json.entries.some((e: Row) => e.title === '=SUM(1+2)')).toBe(true)
    expect(idOf(json.entries[0].url)).toBe(json.entries[0].trackId)
  })
})
