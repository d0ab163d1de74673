/**
 * Every route of docs/API.md over real HTTP against a server started from source on a free port:
 * answers, error rules, ETag/304, compression, the FlatBuffers ranking, CORS, metrics,
 * HEAD, request ids and the filtered rows of /tracks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { ByteBuffer } from 'flatbuffers'
import { Ranking } from '../../schema/generated/charts/fb/ranking.ts'
import { rankingEntrySchema } from '../../src/routes/rankings/index.ts'
import { naiveTrends } from '../charts-naive.ts'
import { buildSample, naiveKey, type RawRow, readRows, tempDir } from '../helpers.ts'
import { getJson, type ServerProcess, spawnServer, waitFor } from './server.ts'

const tmp = tempDir()
let server: ServerProcess
let base: string
let rows: RawRow[]

beforeAll(async () => {
  const { indexDir, parquet } = await buildSample(tmp.dir, 6, 30, 5)
  rows = await readRows(parquet)
  server = await spawnServer({ INDEX_DIR: indexDir })
  base = server.base
})
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

const get = (path: string, init?: RequestInit) => getJson(base, path, init)
const idOf = (url: string) => url.slice(-22)
let trends: Map<string, string>
/** A row's trend as the API gives it (docs/API.md: RE_ENTRY on a re-entry). */
const trendOf = (r: RawRow) => {
  trends ??= naiveTrends(rows)
  return trends.get(`${r.chart}|${r.region}|${r.date}|${idOf(r.url)}`)
}

/** The FlatBuffers ranking's sentinels for null (schema/ranking.fbs), by member. */
const FB_NULL: Record<string, (value: number) => boolean> = {
  streams: (v) => v < 0,
  previousRank: (v) => v === 0,
  totalStreams: (v) => v < 0,
  weekStreams: (v) => v < 0,
}

describe('routes', () => {
  test('GET /health and /ready', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } })
    const ready = await get('/ready')
    expect(ready.status).toBe(200)
    expect(ready.body.status).toBe('ready')
    expect(ready.body.index.rows).toBe(rows.length)
    expect(ready.body.index.buildId).toMatch(/^[0-9a-f]{16}$/)
  })

  test('GET /regions lists every region with its charts and dates', async () => {
    const { status, body } = await get('/regions')
    expect(status).toBe(200)
    const names = [...new Set(rows.map((r) => r.region))].sort((a, b) =>
      naiveKey(a) < naiveKey(b) ? -1 : 1,
    )
    expect(body.regions.map((r: { name: string }) => r.name)).toEqual(names)
    const global = body.regions.find((r: { name: string }) => r.name === 'Global')
    const dates = [...new Set(rows.filter((r) => r.region === 'Global').map((r) => r.date))].sort()
    expect(global).toEqual({
      name: 'Global',
      code: 'global',
      charts: ['top200', 'viral50'],
      firstDate: dates[0],
      lastDate: dates.at(-1),
      days: dates.length,
    })
  })

  test('GET /dates, ascending, for each chart', async () => {
    for (const chart of ['top200', 'viral50']) {
      const { body } = await get(`/dates?region=united%20states&chart=${chart}`)
      const want = [
        ...new Set(
          rows.filter((r) => r.region === 'United States' && r.chart === chart).map((r) => r.date),
        ),
      ].sort()
      expect(body).toEqual({ region: 'United States', chart, dates: want })
    }
  })

  test('GET /rankings: latest date by default, entries in rank order with their facts', async () => {
    const { status, body, headers } = await get('/rankings?region=GLOBAL')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8')
    const latest = rows
      .filter((r) => r.region === 'Global' && r.chart === 'top200')
      .map((r) => r.date)
      .sort()
      .at(-1)
    expect(body.date).toBe(latest)
    expect(body.total).toBe(200)
    expect(body.entries.length).toBe(200)
    const want = rows
      .filter((r) => r.region === 'Global' && r.chart === 'top200' && r.date === latest)
      .sort((a, b) => a.rank - b.rank)
    expect(
      body.entries.map((e: any) => [
        e.rank,
        e.trackId,
        e.title,
        e.artist,
        e.url,
        e.trend,
        e.streams,
      ]),
    ).toEqual(
      want.map((r) => [r.rank, idOf(r.url), r.title, r.artist, r.url, trendOf(r), r.streams]),
    )
    const e = body.entries[0]
    // the members in the order the route's schema lists them (docs/API.md lists the same)
    expect(Object.keys(e)).toEqual(Object.keys(rankingEntrySchema.properties))
    expect(e.peakRank).toBeLessThanOrEqual(e.rank)
  })

  test('GET /rankings: viral50 has null streams; limit and offset page through', async () => {
    const date = rows.find((r) => r.chart === 'viral50' && r.region === 'Global')!.date
    const all = await get(`/rankings?region=Global&chart=viral50&date=${date}`)
    expect(all.body.total).toBe(50)
    expect(all.body.entries.every((e: any) => e.streams === null)).toBe(true)
    const page = await get(`/rankings?region=Global&chart=viral50&date=${date}&limit=10&offset=45`)
    expect(page.body.total).toBe(50)
    expect(page.body.entries).toEqual(all.body.entries.slice(45))
    const past = await get(`/rankings?region=Global&chart=viral50&date=${date}&offset=50`)
    expect(past.body.entries).toEqual([])
  })

  test('GET /rankings with Accept: application/x-flatbuffers equals the JSON answer', async () => {
    const path = '/rankings?region=Global&limit=25&offset=3'
    const json = (await get(path)).body
    const res = await fetch(base + path, { headers: { Accept: 'application/x-flatbuffers' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-flatbuffers')
    const bb = new ByteBuffer(new Uint8Array(await res.arrayBuffer()))
    expect(Ranking.bufferHasIdentifier(bb)).toBe(true)
    const r = Ranking.getRootAsRanking(bb)
    expect([r.region(), r.date(), r.chart(), r.total()]).toEqual([
      json.region,
      json.date,
      json.chart,
      json.total,
    ])
    // each JSON member from the FlatBuffers accessor of the same name, null as ranking.fbs
    // says it is written (absent, or a sentinel)
    const decoded = Array.from({ length: r.entriesLength() }, (_, i) => {
      const e = r.entries(i)! as unknown as Record<string, (k?: number) => unknown>
      return Object.fromEntries(
        Object.keys(json.entries[i]).map((name) => {
          if (name === 'artists')
            return [
              name,
              Array.from({ length: r.entries(i)!.artistsLength() }, (_, k) => e[name](k)),
            ]
          const raw = e[name]()
          const value = typeof raw === 'bigint' ? Number(raw) : raw
          return [name, value === null || FB_NULL[name]?.(value as number) ? null : value]
        }),
      )
    })
    expect(decoded).toEqual(json.entries)
    const missing = await fetch(`${base}/rankings?region=Atlantis`, {
      headers: { Accept: 'application/x-flatbuffers' },
    })
    expect(missing.status).toBe(404)
  })

  test('GET /artist: accent-insensitive name, default page of 50, filters', async () => {
    const { status, body } = await get('/artist?name=beyonce')
    expect(status).toBe(200)
    expect(body.artist).toBe('Beyoncé')
    expect(body.limit).toBe(50)
    expect(body.tracks.length).toBe(Math.min(50, body.totalTracks))
    const t = body.tracks[0]
    expect(Object.keys(t)).toEqual([
      'trackId',
      'title',
      'artist',
      'url',
      'peakRank',
      'peakDate',
      'firstDate',
      'lastDate',
      'daysOnChart',
      'totalStreams',
      'regions',
      'role',
    ])
    // Global's figures by default (Global already holds every country's streams)
    expect(body.region).toBe('Global')
    const mine = rows.filter((r) => r.chart === 'top200' && idOf(r.url) === t.trackId)
    const inGlobal = mine.filter((r) => r.region === 'Global')
    expect(t.totalStreams).toBe(inGlobal.reduce((s, r) => s + (r.streams ?? 0), 0))
    expect(t.regions).toBe(new Set(mine.map((r) => r.region)).size)
    for (let i = 1; i < body.tracks.length; i++)
      expect(body.tracks[i - 1].totalStreams).toBeGreaterThanOrEqual(body.tracks[i].totalStreams)
    const global = await get('/artist?name=Beyonc%C3%A9&region=Global&chart=viral50&limit=1000')
    expect(global.body.tracks.length).toBeGreaterThan(0)
    for (const x of global.body.tracks) {
      const viral = rows.filter((r) => r.chart === 'viral50' && idOf(r.url) === x.trackId)
      expect(x.totalStreams).toBeNull()
      expect(x.regions).toBe(new Set(viral.map((r) => r.region)).size)
    }
    const comma = await get(
      `/artist?name=${encodeURIComponent('tyler, the creator')}&from=2017-01-05&to=2017-01-20`,
    )
    expect(comma.body.artist).toBe('Tyler, The Creator')
    for (const x of comma.body.tracks) {
      expect(x.firstDate >= '2017-01-05' && x.lastDate <= '2017-01-20').toBe(true)
    }
  })

  test('GET /tracks/:trackId and /tracks/:trackId/history', async () => {
    const row = rows.find((r) => r.artist.includes(', ') && r.chart === 'top200')!
    const id = idOf(row.url)
    const { status, body } = await get(`/tracks/${id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ trackId: id, title: row.title, artist: row.artist, url: row.url })
    expect(body.artists.length).toBeGreaterThanOrEqual(1)
    const groups = new Set(
      rows.filter((r) => idOf(r.url) === id).map((r) => `${r.chart}|${r.region}`),
    )
    expect(body.charts.length).toBe(groups.size)
    const history = await get(`/tracks/${id}/history?region=${encodeURIComponent(row.region)}`)
    const want = rows
      .filter((r) => idOf(r.url) === id && r.region === row.region && r.chart === 'top200')
      .map((r) => ({ date: r.date, rank: r.rank, streams: r.streams }))
      .sort((a, b) => (a.date < b.date ? -1 : 1))
    expect(history.body).toEqual({ trackId: id, region: row.region, chart: 'top200', points: want })
  })

  test('GET /search: prefix and word matches, accent-insensitive', async () => {
    const { body } = await get('/search?q=the%20crea')
    expect(body.artists[0].name).toBe('Tyler, The Creator')
    const accent = await get('/search?q=corazon&limit=3')
    expect(accent.body.tracks.length).toBe(3)
    for (const t of accent.body.tracks) expect(naiveKey(t.title)).toContain('corazon')
  })

  test('GET /tracks (filtered rows): rows by streams desc, at most 200', async () => {
    const date = rows[0].date
    const { status, body } = await get(`/tracks?date=${date}&region=Global`)
    expect(status).toBe(200)
    expect(Array.isArray(body)).toBe(true)
    expect(body.length).toBe(200)
    expect(Object.keys(body[0])).toEqual([
      'title',
      'rank',
      'date',
      'artist',
      'url',
      'region',
      'chart',
      'trend',
      'streams',
    ])
    const streams = body.map((r: any) => r.streams ?? -1)
    expect(streams).toEqual([...streams].sort((a: number, b: number) => b - a))
    // every field as in the data (the body is assembled from fragments: check it byte for byte)
    const byKey = new Map(rows.map((r) => [`${r.chart}|${r.region}|${r.date}|${r.rank}`, r]))
    for (const got of body) {
      const want = byKey.get(`${got.chart}|${got.region}|${got.date}|${got.rank}`)!
      expect(got).toEqual({
        title: want.title,
        rank: want.rank,
        date: want.date,
        artist: want.artist,
        url: want.url,
        region: want.region,
        chart: want.chart,
        trend: trendOf(want),
        streams: want.streams,
      })
    }
    const artist = await get('/tracks?artist=earth,%20wind%20%26%20fire')
    expect(artist.body.length).toBeGreaterThan(0)
    for (const r of artist.body) expect(r.artist).toContain('Earth, Wind & Fire')
    expect((await get('/tracks')).body.error.code).toBe('bad_parameter')
  })

  test('GET / and GET /swagger/json', async () => {
    const page = await fetch(`${base}/`)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>Spotify Charts</title>')
    const spec = await get('/swagger/json')
    expect(spec.body.openapi).toMatch(/^3\./)
    for (const path of [
      '/rankings',
      '/artist',
      '/regions',
      '/dates',
      '/tracks/{trackId}',
      '/tracks/{trackId}/history',
      '/tracks',
      '/search',
      '/health',
      '/ready',
      '/metrics',
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path)
    }
  })
})

describe('error rules (docs/API.md)', () => {
  const cases: [string, number, string, string?][] = [
    ['/rankings', 400, 'bad_parameter', 'region'],
    ['/rankings?region=Global&chart=top100', 400, 'bad_parameter', 'chart'],
    ['/rankings?region=Global&limit=201', 400, 'bad_parameter', 'limit'],
    ['/rankings?region=Global&limit=0', 400, 'bad_parameter', 'limit'],
    ['/rankings?region=Global&limit=-5', 400, 'bad_parameter', 'limit'],
    ['/rankings?region=Global&offset=-1', 400, 'bad_parameter', 'offset'],
    ['/rankings?region=Global&limit=ten', 400, 'bad_parameter', 'limit'],
    ['/rankings?region=Global&date=2021-02-30', 400, 'bad_parameter', 'date'],
    ['/rankings?region=Global&date=21-02-03', 400, 'bad_parameter', 'date'],
    ['/artist?name=beyonce&limit=1001', 400, 'bad_parameter', 'limit'],
    ['/artist?name=beyonce&from=2017-02-01&to=2017-01-01', 400, 'bad_parameter', 'from'],
    ['/artist', 400, 'bad_parameter', 'name'],
    ['/search?q=', 400, 'bad_parameter', 'q'],
    ['/search?q=%20%20', 400, 'bad_parameter', 'q'],
    ['/search?q=a&limit=1001', 400, 'bad_parameter', 'limit'],
    ['/tracks/not-an-id', 400, 'bad_parameter', 'trackId'],
    ['/rankings?region=Global&colour=red', 400, 'unknown_parameter', 'colour'],
    ['/rankings?region=Global&region=Japan', 400, 'repeated_parameter', 'region'],
    ['/rankings?region=%C0%AF', 400, 'bad_encoding'],
    ['/rankings?region=Atlantis', 404, 'unknown_region'],
    ['/rankings?region=Global&date=2030-01-01', 404, 'unknown_date'],
    ['/artist?name=Nobody%20Known%20Here', 404, 'unknown_artist'],
    ['/tracks/0000000000000000000000', 404, 'unknown_track'],
    ['/tracks/0000000000000000000000/history?region=Global', 404, 'unknown_track'],
    ['/no/such/route', 404, 'not_found'],
  ]
  for (const [path, status, code, parameter] of cases) {
    test(`${path} → ${status} ${code}`, async () => {
      const res = await get(path)
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(Object.keys(res.body)).toEqual(['error'])
      expect(res.body.error.code).toBe(code)
      expect(typeof res.body.error.message).toBe('string')
      if (parameter) expect(res.body.error.parameter).toBe(parameter)
      if (status === 404 && code !== 'not_found')
        expect(Array.isArray(res.body.error.suggestions)).toBe(true)
    })
  }

  test('404s suggest close names and the nearest dates', async () => {
    expect((await get('/rankings?region=Globl')).body.error.suggestions).toContain('Global')
    expect((await get('/artist?name=beyonse')).body.error.suggestions).toContain('Beyoncé')
    const dates = [
      ...new Set(
        rows.filter((r) => r.region === 'Global' && r.chart === 'top200').map((r) => r.date),
      ),
    ].sort()
    const after = (await get('/rankings?region=Global&date=2030-01-01')).body.error.suggestions
    expect(after).toEqual([dates.at(-1)])
  })

  test('wrong methods get 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get('/rankings?region=Global', { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
      expect(res.body.error.code).toBe('method_not_allowed')
    }
  })

  test('oversized URL → 414, oversized headers → 431, in the error shape', async () => {
    const long = await get(`/rankings?region=${'x'.repeat(100_000)}`)
    expect(long.status).toBe(414)
    expect(long.body.error.code).toBe('uri_too_long')
    const headers = await get('/health', { headers: { 'X-Big': 'y'.repeat(20_000) } })
    expect(headers.status).toBe(431)
    expect(headers.body.error.code).toBe('headers_too_large')
  })
})

describe('HTTP behaviour', () => {
  test('ETag and If-None-Match → 304', async () => {
    const first = await fetch(`${base}/rankings?region=Global&limit=5`)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('cache-control')).toBe(
      'public, max-age=300, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
    )
    const again = await fetch(`${base}/rankings?region=global&limit=5`, {
      headers: { 'If-None-Match': etag },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const other = await fetch(`${base}/rankings?region=Global&limit=6`, {
      headers: { 'If-None-Match': etag },
    })
    expect(other.status).toBe(200)
  })

  test('br and gzip over 1 KB when accepted; small bodies and non-accepting clients get identity', async () => {
    const path = '/rankings?region=Global'
    const plain = await (
      await fetch(base + path, { headers: { 'Accept-Encoding': 'identity' } })
    ).text()
    for (const [encoding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const res = await fetch(base + path, {
        headers: { 'Accept-Encoding': encoding },
        decompress: false,
      } as RequestInit)
      expect(res.headers.get('content-encoding')).toBe(encoding)
      const bytes = Buffer.from(await res.arrayBuffer())
      // br is compressed per answer; the gzip of a default ranking is stored in the index
      // (http/stored.ts), at a level no request path affords: smaller than zlib's fastest
      expect(bytes.length).toBeLessThan(plain.length / 3)
      if (encoding === 'gzip')
        expect(bytes.length).toBeLessThan(gzipSync(plain, { level: 1 }).length)
      expect(decode(bytes).toString()).toBe(plain)
    }
    const small = await fetch(`${base}/rankings?region=Global&limit=1`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
      decompress: false,
    } as RequestInit)
    expect(small.headers.get('content-encoding')).toBeNull()
    const refused = await fetch(base + path, {
      headers: { 'Accept-Encoding': 'br;q=0, gzip' },
      decompress: false,
    } as RequestInit)
    expect(refused.headers.get('content-encoding')).toBe('gzip')
  })

  test('concurrent distinct answers are intact, first (uncached) and again (cached)', async () => {
    const global = rows.filter((r) => r.region === 'Global' && r.chart === 'top200')
    const dates = [...new Set(global.map((r) => r.date))].slice(0, 30)
    const paths = dates.flatMap((d) => [
      `/rankings?region=Global&date=${d}`,
      `/artist?name=beyonce&to=${d}`,
    ])
    const first = await Promise.all(paths.map((p) => fetch(base + p).then((r) => r.text())))
    const again = await Promise.all(paths.map((p) => fetch(base + p).then((r) => r.text())))
    expect(again).toEqual(first)
    first.forEach((text, i) => {
      const body = JSON.parse(text)
      if (paths[i].startsWith('/rankings')) expect(body.date).toBe(dates[Math.floor(i / 2)])
      else expect(body.artist).toBe('Beyoncé')
    })
  })

  test('CORS: headers on answers and preflight', async () => {
    const res = await fetch(`${base}/regions`, { headers: { Origin: 'http://example.test' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    const pre = await fetch(`${base}/rankings`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://example.test',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS')
    expect(pre.headers.get('access-control-allow-headers')).toBe('if-none-match')
  })

  test('request ids: generated, or taken from the client', async () => {
    const res = await fetch(`${base}/health`)
    expect(res.headers.get('x-request-id')).toMatch(/^[a-z0-9]+-[a-z0-9]+$/)
    const given = await fetch(`${base}/health`, { headers: { 'X-Request-Id': 'client-42' } })
    expect(given.headers.get('x-request-id')).toBe('client-42')
  })

  test('HEAD answers like GET without a body', async () => {
    const get = await fetch(`${base}/rankings?region=Global`, {
      headers: { 'Accept-Encoding': 'identity' },
    })
    const head = await fetch(`${base}/rankings?region=Global`, {
      method: 'HEAD',
      headers: { 'Accept-Encoding': 'identity' },
    })
    expect(head.status).toBe(200)
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'))
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength))
  })

  test('GET /metrics: Prometheus text with requests by route and status, latency, index facts', async () => {
    await get('/rankings?region=Atlantis')
    const text = await (await fetch(`${base}/metrics`)).text()
    expect(text).toContain('# TYPE http_requests_total counter')
    expect(text).toMatch(/http_requests_total\{route="\/rankings",status="200"\} \d+/)
    expect(text).toMatch(/http_requests_total\{route="\/rankings",status="404"\} \d+/)
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{route="\/rankings",le="\+Inf"\} \d+/,
    )
    expect(text).toContain(`index_rows ${rows.length}`)
    expect(text).toMatch(/index_build_info\{build_id="[0-9a-f]{16}"\} 1/)
  })

  test('one structured log line per request', async () => {
    await fetch(`${base}/rankings?region=Brazil&limit=3`, {
      headers: { 'X-Request-Id': 'log-check-1' },
    })
    await waitFor('its log line', () => server.logs.some((l) => l.reqId === 'log-check-1'))
    const line = server.logs.find((l) => l.reqId === 'log-check-1')
    expect(line).toMatchObject({ method: 'GET', route: '/rankings', status: 200 })
    expect(typeof line!.ms).toBe('number')
    expect(typeof line!.bytes).toBe('number')
  })
})
