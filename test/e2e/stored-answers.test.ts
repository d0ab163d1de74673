/**
 * Stored answers over HTTP (schema/answers.fbs, src/http/stored.ts). Every default /rankings
 * and /rankings/weekly answer of the sample, asked with gzip, is the stored body itself and
 * inflates to exactly the identity answer; a build without stored answers serves the same
 * answers with the same headers; spellings of one question share the stored body, other pages
 * do not; HEAD and If-None-Match; answers split over several files; a build whose stored
 * answers differ from this server's renderers is served without them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { buildIndex } from '../../build/pipeline.ts'
import { CHARTS, isoFromDay } from '../../schema/format.ts'
import { rankingAnswer, storedBody, weeklyAnswer } from '../../src/store/answers.ts'
import { type Index, openIndex } from '../../src/store/open-index.ts'
import { rewriteAnswers } from '../answers-files.ts'
import { buildSample, commaNames, tempDir } from '../helpers.ts'
import { useDatasets } from './datasets.ts'
import { getJson, type ServerProcess, spawnServer } from './server.ts'

const tmp = tempDir()
let index: Index
const servers: Record<'stored' | 'none' | 'split' | 'foreign', ServerProcess> = {} as never
/** a body no renderer of ours makes, stored in place of answer 0 of the `foreign` build */
const FOREIGN = Buffer.from('{"not":"ours"}')

beforeAll(async () => {
  const { parquet, indexDir } = await buildSample(join(tmp.dir, 'stored'), 6, 30, 5)
  index = openIndex(indexDir)
  const none = join(tmp.dir, 'none')
  await buildIndex({ inputs: [parquet], out: none, commaNames, answers: false })
  const split = join(tmp.dir, 'split')
  cpSync(indexDir, split, { recursive: true })
  rewriteAnswers(split, { files: 3 })
  const foreign = join(tmp.dir, 'foreign')
  cpSync(indexDir, foreign, { recursive: true })
  rewriteAnswers(foreign, { replace: new Map([[0, Bun.gzipSync(FOREIGN)]]) })
  const dirs = { stored: indexDir, none, split, foreign }
  await Promise.all(
    Object.entries(dirs).map(async ([name, dir]) => {
      servers[name as keyof typeof dirs] = await spawnServer({ INDEX_DIR: dir })
    }),
  )
}, 120_000)
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()))
  tmp.cleanup()
})

/** Every default answer of the index: its path and its number. */
function defaultAnswers(): { path: string; answer: number }[] {
  const out: { path: string; answer: number }[] = []
  const name = (r: number) => encodeURIComponent(index.regions.text(r))
  for (const chart of CHARTS) {
    const c = index.charts[chart]
    for (let r = 0; r < index.regionCount; r++)
      for (let p = c.regionDateOffsets[r]; p < c.regionDateOffsets[r + 1]; p++)
        out.push({
          path: `/rankings?region=${name(r)}&date=${isoFromDay(c.dates[p])}&chart=${chart}`,
          answer: rankingAnswer(index, chart, p),
        })
  }
  const w = index.weekly
  for (let r = 0; r < index.regionCount; r++)
    for (let p = w.regionWeekOffsets[r]; p < w.regionWeekOffsets[r + 1]; p++)
      out.push({
        path: `/rankings/weekly?region=${name(r)}&week=${isoFromDay(w.weeks[p] + 3)}`,
        answer: weeklyAnswer(index, p),
      })
  return out
}

/** A GET (or HEAD) with the body as bytes, never decompressed by the client. */
async function get(server: ServerProcess, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.base + path, {
    headers,
    method: headers.method ?? 'GET',
    decompress: false,
  } as RequestInit)
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

const GZIP = { 'Accept-Encoding': 'gzip' }
/** The headers two builds of the same data share: all but the build's id, the date and the request's id. */
function shared(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, key) => {
    if (key === 'etag') out[key] = value.replace(/"[0-9a-f]{16}-/, '"')
    else if (!['date', 'x-request-id', 'x-index-build', 'content-length'].includes(key))
      out[key] = value
  })
  return out
}

describe('every default answer', () => {
  test('asked with gzip, is the stored body, inflating to the identity answer of both builds', async () => {
    const all = defaultAnswers()
    expect(all.length).toBe(index.answers!.count)
    for (const { path, answer } of all) {
      const [gzip, identity, noneGzip, noneIdentity] = await Promise.all([
        get(servers.stored, path, GZIP),
        get(servers.stored, path),
        get(servers.none, path, GZIP),
        get(servers.none, path),
      ])
      expect([path, gzip.status, gzip.headers.get('content-encoding')]).toEqual([path, 200, 'gzip'])
      expect(gzip.bytes.equals(storedBody(index.answers, answer)!)).toBe(true)
      expect(gunzipSync(gzip.bytes).equals(identity.bytes)).toBe(true)
      // the build without stored answers: the same answers, compressed per request
      expect(noneIdentity.bytes.equals(identity.bytes)).toBe(true)
      expect(gunzipSync(noneGzip.bytes).equals(identity.bytes)).toBe(true)
      expect(shared(noneGzip.headers)).toEqual(shared(gzip.headers))
      expect(shared(noneIdentity.headers)).toEqual(shared(identity.headers))
    }
  }, 60_000)

  test('split over three files, the same stored bytes', async () => {
    for (const { path, answer } of defaultAnswers().filter((_, i) => i % 7 === 0)) {
      const res = await get(servers.split, path, GZIP)
      expect(res.bytes.equals(storedBody(index.answers, answer)!)).toBe(true)
    }
  })
})

describe('which requests get a stored body', () => {
  test('every spelling of one question, defaults written out or not; no other page or form', async () => {
    const c = index.charts.top200
    const latest = c.regionDateOffsets[2] - 1
    const stored = storedBody(index.answers, rankingAnswer(index, 'top200', latest))!
    const region = index.regions.text(1)
    const code = index.regionCodes[1].toUpperCase()
    const date = isoFromDay(c.dates[latest])
    for (const spelling of [
      `/rankings?region=${encodeURIComponent(region)}`,
      `/rankings?region=${code}&date=${date}`,
      `/rankings?date=${date}&region=${encodeURIComponent(region.toLowerCase())}&chart=top200&limit=200&offset=0&format=json`,
      `/rankings?region=${encodeURIComponent(region).replace(/%20/g, '+')}&limit=200`,
    ]) {
      const res = await get(servers.stored, spelling, GZIP)
      expect([spelling, res.status]).toEqual([spelling, 200])
      expect(res.bytes.equals(stored)).toBe(true)
    }
    for (const other of [
      `/rankings?region=${code}&limit=199`,
      `/rankings?region=${code}&offset=1`,
      `/rankings?region=${code}&format=csv`,
    ]) {
      const res = await get(servers.stored, other, GZIP)
      expect([other, res.status]).toEqual([other, 200])
      expect(res.bytes.equals(stored)).toBe(false)
    }
    const fb = await get(servers.stored, `/rankings?region=${code}`, {
      ...GZIP,
      Accept: 'application/x-flatbuffers',
    })
    expect(fb.headers.get('content-type')).toBe('application/x-flatbuffers')
    // a question the index cannot answer goes to the route: its errors, as before
    for (const [bad, status] of [
      [`/rankings?region=${code}&date=2017-+3-01`, 400],
      [`/rankings?region=${code}&date=${date}&date=${date}`, 400],
      [`/rankings?region=${code}&chart=weekly`, 400],
      [`/rankings?region=${code}&date=1999-01-01`, 404],
      ['/rankings?region=atlantis', 404],
      [`/rankings?region=${code}&extra=1`, 400],
    ] as const) {
      const [a, b] = await Promise.all([get(servers.stored, bad), get(servers.none, bad)])
      expect([bad, a.status]).toEqual([bad, status])
      expect(a.bytes.equals(b.bytes)).toBe(true)
    }
  })

  test("HEAD has the stored body's length and no body; a current ETag gets 304", async () => {
    const p = defaultAnswers()[3]
    const stored = storedBody(index.answers, p.answer)!
    const get200 = await get(servers.stored, p.path, GZIP)
    const head = await get(servers.stored, p.path, { ...GZIP, method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.bytes.length).toBe(0)
    expect(head.headers.get('content-length')).toBe(String(stored.length))
    expect(shared(head.headers)).toEqual(shared(get200.headers))
    const etag = get200.headers.get('etag')!
    const again = await get(servers.stored, p.path, { ...GZIP, 'If-None-Match': etag })
    expect([again.status, again.bytes.length, again.headers.get('etag')]).toEqual([304, 0, etag])
  })
})

describe('a build whose stored answers differ from these renderers', () => {
  test('is served without them, saying so once, with every answer right', async () => {
    const warned = servers.foreign.logs.filter((l) =>
      String(l.msg).startsWith('stored answers not used'),
    )
    expect(warned.length).toBe(1)
    expect(warned[0].answer).toBe(0)
    for (const { path } of defaultAnswers().slice(0, 20)) {
      const [gzip, identity] = await Promise.all([
        get(servers.foreign, path, GZIP),
        get(servers.stored, path),
      ])
      expect(gunzipSync(gzip.bytes).equals(identity.bytes)).toBe(true)
      expect(gzip.bytes.toString()).not.toContain(FOREIGN.toString())
    }
  })

  test('the build with them says they are in use', () => {
    const used = servers.stored.logs.filter((l) => l.msg === 'stored answers in use')
    expect(used.map((l) => l.answers)).toEqual([index.answers!.count])
  })
})

/** Every default answer's path of a served index, found over HTTP (/regions, /dates). */
async function defaultPaths(server: ServerProcess): Promise<string[]> {
  const paths: string[] = []
  const { body } = await getJson(server.base, '/regions')
  for (const region of body.regions as { name: string; charts: string[] }[]) {
    const name = encodeURIComponent(region.name)
    for (const chart of region.charts) {
      const dates = (await getJson(server.base, `/dates?region=${name}&chart=${chart}`)).body.dates
      for (const date of dates as string[]) {
        paths.push(`/rankings?region=${name}&date=${date}&chart=${chart}`)
        if (chart === 'top200') paths.push(`/rankings/weekly?region=${name}&week=${date}`)
      }
    }
  }
  return paths
}

for (const name of ['folding', 'awkward', 'downloads'] as const) {
  describe(`the ${name} fixture`, () => {
    const datasets = useDatasets(name)
    test('every default answer asked with gzip inflates to exactly its identity answer', async () => {
      const server = datasets.fixture
      const paths = await defaultPaths(server)
      expect(paths.length).toBeGreaterThan(10)
      for (const path of paths) {
        const [gzip, identity] = await Promise.all([get(server, path, GZIP), get(server, path)])
        expect([path, gzip.status, gzip.headers.get('content-encoding')]).toEqual([
          path,
          200,
          'gzip',
        ])
        expect(gunzipSync(gzip.bytes).equals(identity.bytes)).toBe(true)
      }
    })
  })
}
