/**
 * The OpenAPI document against the service: Spectral's `spectral:oas` ruleset finds nothing,
 * the document states what the service sends (integers, dates, content types, statuses,
 * headers), client/api.d.ts is generated from the current document, and the typed client
 * (openapi-fetch over those types) calls every operation of the real server, each JSON answer
 * valid against its documented schema (ajv); `tsc` checks the calls against the types.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import Ajv2020 from 'ajv/dist/2020'
import createClient from 'openapi-fetch'
import type { paths } from '../../client/api.d.ts'
import { TYPES_FILE, typesFromDocument } from '../../scripts/openapi-types.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { ARTIST_FIELDS } from './datasets.ts'
import { getJson, ROOT, type ServerProcess, spawnServer } from './server.ts'

type Json = Record<string, any>

const tmp = tempDir()
let server: ServerProcess
let doc: Json

beforeAll(async () => {
  const { indexDir } = await buildSample(tmp.dir, 4, 20, 3)
  server = await spawnServer({ INDEX_DIR: indexDir })
  doc = await (await fetch(`${server.base}/swagger/json`)).json()
})
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

/** Every schema object of the document, with where it is. */
function* schemasOf(node: unknown, at = ''): Generator<[string, Json]> {
  if (!node || typeof node !== 'object') return
  yield [at, node as Json]
  for (const [key, value] of Object.entries(node)) yield* schemasOf(value, `${at}/${key}`)
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Json>).map(([path, item]) => ({
    path,
    op: item.get as Json,
  }))

describe('Spectral', () => {
  test("spectral:oas finds 0 errors and 0 warnings (the repository's .spectral.yaml)", async () => {
    const file = join(tmp.dir, 'openapi.json')
    writeFileSync(file, JSON.stringify(doc))
    const cli = join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js')
    const proc = Bun.spawn(
      [process.execPath, cli, 'lint', '-q', '-f', 'json', '-r', join(ROOT, '.spectral.yaml'), file],
      {
        cwd: ROOT,
        stdout: 'pipe',
        stderr: 'pipe',
      },
    )
    const out = await new Response(proc.stdout).text()
    await proc.exited
    const findings = JSON.parse(out) as { code: string; message: string; path: string[] }[]
    expect(findings.map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`)).toEqual([])
  }, 60_000)
})

describe('the document says what the service sends', () => {
  test('integers are integers: no schema lets a string stand for one', () => {
    const loose = [...schemasOf(doc)].filter(([, s]) => s.format === 'integer').map(([at]) => at)
    expect(loose).toEqual([])
    const rank =
      doc.paths['/rankings'].get.responses['200'].content['application/json'].schema.properties
        .entries.items.properties.rank
    expect(rank.type).toBe('integer')
  })

  test('date parameters and date fields are format: date; parameters take any real date', () => {
    for (const { path, op } of operations()) {
      for (const p of op.parameters ?? []) {
        if (['date', 'from', 'to', 'week'].includes(p.name)) {
          expect({ path, name: p.name, format: p.schema.format }).toEqual({
            path,
            name: p.name,
            format: 'date',
          })
          expect(p.schema.description).toContain('any real date')
        }
      }
    }
    const ranking = doc.paths['/rankings'].get.responses['200'].content['application/json'].schema
    expect(ranking.properties.date.format).toBe('date')
    const dates = doc.paths['/dates'].get.responses['200'].content['application/json'].schema
    expect(dates.properties.dates.items.format).toBe('date')
  })

  test('every list route lists text/csv, /rankings FlatBuffers, as the service answers', async () => {
    const lists = operations().filter(({ op }) =>
      op.parameters?.some((p: Json) => p.name === 'format'),
    )
    expect(lists.map((l) => l.path).sort()).toEqual(
      [
        '/artist',
        '/artist/daily',
        '/number-ones',
        '/rankings',
        '/rankings/artists',
        '/rankings/movers',
        '/streaks',
        '/rankings/weekly',
        '/top/artists',
        '/top/tracks',
        '/tracks',
        '/tracks/{trackId}/history',
      ].sort(),
    )
    for (const { op } of lists)
      expect(Object.keys(op.responses['200'].content)).toContain('text/csv')
    const csv = await fetch(`${server.base}/top/tracks?region=global&limit=2&format=csv`)
    expect(csv.headers.get('content-type')).toStartWith('text/csv')
    expect(Object.keys(doc.paths['/rankings'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'application/x-flatbuffers',
      'text/csv',
    ])
    const fb = await fetch(`${server.base}/rankings?region=global&limit=2`, {
      headers: { Accept: 'application/x-flatbuffers' },
    })
    expect(fb.headers.get('content-type')).toBe('application/x-flatbuffers')
  })

  test('statuses: 400 everywhere, 304 on data routes, 414/431 everywhere, 405 per path', async () => {
    for (const { path, op } of operations()) {
      const statuses = Object.keys(op.responses)
      expect({ path, statuses: statuses.filter((s) => ['400', '414', '431'].includes(s)) }).toEqual(
        { path, statuses: ['400', '414', '431'] },
      )
      const data = !op.tags.includes('operations')
      expect({ path, has304: statuses.includes('304') }).toEqual({ path, has304: data })
      expect(doc.paths[path].description).toContain('405')
      expect(op.description?.length).toBeGreaterThan(10)
    }
    expect(doc.paths['/tracks'].get.responses['400'].description).toContain('at least one')
    expect(doc.paths['/rankings'].get.responses['400'].description).toContain('2017-02-30')
    // the statuses documented are the statuses sent
    const impossible = await fetch(`${server.base}/rankings?region=global&date=2017-02-30`)
    expect(impossible.status).toBe(400)
    const late = await fetch(`${server.base}/rankings?region=global&date=2150-01-01`)
    expect(late.status).toBe(404)
    expect((await fetch(`${server.base}/tracks`)).status).toBe(400)
    expect((await fetch(`${server.base}/health?x=1`)).status).toBe(400)
    expect((await fetch(`${server.base}/regions`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`${server.base}/regions?q=${'a'.repeat(20_000)}`)).status).toBe(414)
    const first = await fetch(`${server.base}/regions`)
    const again = await fetch(`${server.base}/regions`, {
      headers: { 'If-None-Match': first.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })

  test('the headers documented on a data answer are the headers sent', async () => {
    const ok = doc.paths['/rankings'].get.responses['200']
    const res = await fetch(`${server.base}/rankings?region=global`, {
      headers: { 'Accept-Encoding': 'gzip' },
      decompress: false,
    })
    const csv = await fetch(`${server.base}/rankings?region=global&format=csv`)
    for (const name of Object.keys(ok.headers)) {
      // Content-Disposition: on CSV answers
      const sent = (name === 'Content-Disposition' ? csv : res).headers.has(name)
      expect({ name, sent }).toEqual({ name, sent: true })
    }
    expect(res.headers.has('Content-Disposition')).toBe(false)
    expect(doc.servers).toEqual([{ url: server.base, description: expect.any(String) }])
    expect(doc.info.contact.url).toBe(`${server.base}/`)
  })

  test('client/api.d.ts is generated from the current document (npm run openapi-types)', async () => {
    const current = (await typesFromDocument(doc)) === (await Bun.file(TYPES_FILE).text())
    expect(current ? 'current' : 'stale: run npm run openapi-types').toBe('current')
  })
})

describe('what a schema allows is answered as documented', () => {
  const status = async (path: string) => (await fetch(server.base + path)).status

  test('a real date outside 1970–2149: a 404 with the nearest dates where one is looked up', async () => {
    const global = (await getJson(server.base, '/regions')).body.regions.find(
      (r: Json) => r.name === 'Global',
    )
    for (const date of ['0001-01-01', '1969-12-31', '2149-06-07', '9999-12-31']) {
      for (const path of [
        `/rankings?region=global&date=${date}`,
        `/rankings/movers?region=global&date=${date}`,
        `/rankings/weekly?region=global&week=${date}`,
      ]) {
        const { status, body } = await getJson(server.base, path)
        expect({ path, status, code: body.error.code }).toEqual({
          path,
          status: 404,
          code: 'unknown_date',
        })
        expect(body.error.suggestions.length).toBe(1)
      }
      // where dates filter, such a date matches nothing
      expect((await getJson(server.base, `/tracks?date=${date}`)).body).toEqual([])
    }
    const first = await getJson(server.base, '/rankings?region=global&date=1900-02-28')
    expect(first.body.error.suggestions).toEqual([global.firstDate])
    const last = await getJson(server.base, '/rankings?region=global&date=2200-01-01')
    expect(last.body.error.suggestions).toEqual([global.lastDate])
    // a year 0000 to 0099 is that year, not 1900 to 1999
    expect(
      (await getJson(server.base, '/rankings?region=global&date=0017-03-01')).body.error.message,
    ).toContain('0017-03-01')
    // and an impossible date is still a 400
    for (const date of ['2017-02-30', '0000-13-01', '1969-02-29'])
      expect(await status(`/rankings?region=global&date=${date}`)).toBe(400)
  })

  test('/artist: from and to outside 1970–2149 bound nothing; from after to is the documented 400', async () => {
    const name = encodeURIComponent(
      (await getJson(server.base, '/top/artists?region=global&limit=1')).body.artists[0].name,
    )
    const all = await getJson(server.base, `/artist?name=${name}`)
    const wide = await getJson(server.base, `/artist?name=${name}&from=1900-01-01&to=2200-12-31`)
    expect(wide.status).toBe(200)
    expect(wide.body).toEqual(all.body)
    const before = await getJson(server.base, `/artist?name=${name}&to=1969-12-31`)
    expect([before.status, before.body.totalTracks]).toEqual([200, 0])
    const after = await getJson(server.base, `/artist?name=${name}&from=2150-01-01`)
    expect([after.status, after.body.totalTracks]).toEqual([200, 0])
    const backwards = await getJson(
      server.base,
      `/artist?name=${name}&from=2017-03-01&to=2017-02-01`,
    )
    expect([backwards.status, backwards.body.error.parameter]).toEqual([400, 'from'])
    expect(doc.paths['/artist'].get.responses['400'].description).toContain('`from` after `to`')
  })

  test('trend: the five values, never null, in every schema that has it', async () => {
    const trends = [...schemasOf(doc)].filter(([at]) => at.endsWith('/properties/trend'))
    expect(trends.length).toBeGreaterThanOrEqual(6)
    for (const [at, schema] of trends) {
      expect({ at, type: schema.type, enum: schema.enum }).toEqual({
        at,
        type: 'string',
        enum: ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY', 'RE_ENTRY'],
      })
    }
  })
})

describe('the typed client calls every operation', () => {
  test('every path of the document answers through openapi-fetch, typed', async () => {
    const called = new Set<string>()
    const invalid: unknown[] = []
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    ajv.addFormat('date', /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
    ajv.addFormat('binary', true)
    ajv.addSchema(doc, 'openapi')
    const pointer = (...parts: string[]) =>
      parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')
    const record = {
      onRequest({ schemaPath }: { schemaPath: string }) {
        called.add(schemaPath)
      },
      async onResponse({ response, schemaPath }: { response: Response; schemaPath: string }) {
        if (!response.headers.get('content-type')?.startsWith('application/json')) return
        const ref = `openapi#/${pointer('paths', schemaPath, 'get', 'responses', String(response.status), 'content', 'application/json', 'schema')}`
        const validate = ajv.compile({ $ref: ref })
        const body = await response.clone().json()
        if (!validate(body))
          invalid.push({ schemaPath, status: response.status, errors: validate.errors })
      },
    }
    // typed by media type: the JSON answers, and the CSV ones
    const client = createClient<paths, 'application/json'>({ baseUrl: server.base })
    const csvClient = createClient<paths, 'text/csv'>({ baseUrl: server.base })
    client.use(record)
    csvClient.use(record)

    const health = await client.GET('/health')
    expect(health.data?.status).toBe('ok')
    const ready = await client.GET('/ready')
    const rows: number = ready.data!.index.rows
    expect(rows).toBeGreaterThan(0)
    const metrics = await client.GET('/metrics', { parseAs: 'text' })
    expect(metrics.data).toContain('http_requests_total')

    const regions = await client.GET('/regions')
    const global = regions.data!.regions.find((r) => r.name === 'Global')!
    const days: number = global.days
    const dates = await client.GET('/dates', { params: { query: { region: 'global' } } })
    expect(dates.data!.dates.length).toBe(days)
    expect(dates.data!.dates[0]).toBe(global.firstDate)

    const ranking = await client.GET('/rankings', {
      params: { query: { region: 'global', date: global.lastDate, limit: 3 } },
    })
    const entries = ranking.data!.entries
    const ranks: number[] = entries.map((e) => e.rank)
    expect(ranks).toEqual([1, 2, 3])
    expect(ranking.data!.date).toBe(global.lastDate)
    const csv = await csvClient.GET('/rankings', {
      params: { query: { region: 'global', limit: 3, format: 'csv' } },
      parseAs: 'text',
    })
    const text: string = csv.data!
    expect(text.split('\r\n')[0]).toStartWith('region,date,chart,rank,trackId,')

    const weekly = await client.GET('/rankings/weekly', {
      params: { query: { region: 'global', limit: 2 } },
    })
    const weekDays: number = weekly.data!.days
    expect(weekDays).toBeGreaterThan(0)
    const movers = await client.GET('/rankings/movers', {
      params: { query: { region: 'global', date: global.lastDate, limit: 2 } },
    })
    const climbers: (number | null)[] = movers.data!.climbers.map((e) => e.change)
    expect(climbers.length).toBeLessThanOrEqual(2)
    expect(movers.data!.date).toBe(global.lastDate)
    const ones = await client.GET('/number-ones', {
      params: { query: { region: 'global', limit: 2 } },
    })
    const runDays: number[] = ones.data!.runs.map((r) => r.days)
    expect(runDays.length).toBeGreaterThan(0)
    const topTracks = await client.GET('/top/tracks', {
      params: { query: { region: 'global', limit: 2 } },
    })
    expect(topTracks.data!.tracks.map((t) => t.rank)).toEqual([1, 2])
    const topArtists = await client.GET('/top/artists', {
      params: { query: { region: 'global', limit: 2 } },
    })
    const name = topArtists.data!.artists[0].name

    const artist = await client.GET('/artist', { params: { query: { name, limit: 2 } } })
    const totalTracks: number = artist.data!.totalTracks
    expect(totalTracks).toBeGreaterThan(0)
    const role: 'lead' | 'featured' = artist.data!.tracks[0].role
    expect(['lead', 'featured']).toContain(role)
    const daily = await client.GET('/artist/daily', { params: { query: { name } } })
    const streams: (number | null)[] = daily.data!.days.map((d) => d.streams)
    expect(streams.length).toBe(daily.data!.total)
    const artistChart = await client.GET('/rankings/artists', {
      params: { query: { region: 'global', limit: 2 } },
    })
    expect(artistChart.data!.artists.map((a) => a.rank)).toEqual([1, 2])
    const streaks = await client.GET('/streaks', {
      params: { query: { region: 'global', limit: 2 } },
    })
    const longest: number[] = streaks.data!.streaks.map((s) => s.days)
    expect(longest.length).toBe(2)
    const trackId = entries[0].trackId
    const track = await client.GET('/tracks/{trackId}', { params: { path: { trackId } } })
    expect(track.data!.trackId).toBe(trackId)
    const history = await client.GET('/tracks/{trackId}/history', {
      params: { path: { trackId }, query: { region: 'global' } },
    })
    expect(history.data).toMatchObject({ trackId })
    const filtered = await client.GET('/tracks', {
      params: { query: { date: global.lastDate, region: 'Global' } },
    })
    expect(filtered.data!.length).toBe(200)
    const search = await client.GET('/search', { params: { query: { q: name, limit: 1 } } })
    expect(search.data!.artists.map((a) => a.name)).toContain(name)

    // an error answer is typed too
    const missing = await client.GET('/rankings', { params: { query: { region: 'atlantis' } } })
    expect(missing.response.status).toBe(404)
    expect(missing.error?.error.code).toBe('unknown_region')

    expect(invalid).toEqual([])
    // a new route needs its call above (and `npm run openapi-types`)
    const documented = Object.keys(doc.paths).sort()
    expect([...called].sort()).toEqual(documented)
  })
})

describe('the document of the routes', () => {
  test('documents every route and parameter, integers as integers, and validates', async () => {
    const spec = (await getJson(server.base, '/swagger/json')).body
    await SwaggerParser.validate(structuredClone(spec))
    const params = (path: string) =>
      Object.fromEntries(spec.paths[path].get.parameters.map((p: Json) => [p.name, p.schema]))
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
      spec.paths['/tracks/{trackId}/history'].get.parameters.find((p: Json) => p.name === 'region')
        .required,
    ).toBe(false)
    let integers = 0
    for (const [path, item] of Object.entries(spec.paths) as [string, Json][]) {
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
      'featuredStreams',
      'featuredTracks',
      'firstDate',
      'lastDate',
      'leadStreams',
      'leadTracks',
      'numberOnes',
      'peakRank',
      'regions',
      'topTens',
      'totalStreams',
      'tracks',
    ])
  })

  test('documents the stream, movers, #1 and byRegion fields', async () => {
    const spec = (await getJson(server.base, '/swagger/json')).body
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
      'inputs',
    ])
  })
})
