/**
 * Hostile and malformed requests: each gets a 4xx in the error shape, never a 5xx, and the
 * server keeps serving afterwards.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, type ServerProcess, sendRaw, spawnServer } from './server.ts'

const tmp = tempDir()
let server: ServerProcess

beforeAll(async () => {
  const { indexDir } = await buildSample(tmp.dir, 3, 10)
  server = await spawnServer({ INDEX_DIR: indexDir })
})
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

const cases: [string, string, RequestInit?][] = [
  ['non-UTF-8 percent-encoding', '/rankings?region=%FF%FE%FD'],
  ['overlong UTF-8', '/artist?name=%C0%AE%C0%AE'],
  ['truncated escape', '/search?q=%E2%82'],
  ['lone percent', '/search?q=100%'],
  ['percent junk in a key', '/rankings?%ZZ=1'],
  ['path traversal in a name', '/artist?name=..%2F..%2Fetc%2Fpasswd'],
  ['path traversal in the path', '/tracks/..%2F..%2F..%2Fetc%2Fpasswd'],
  ['path traversal in a track id', '/tracks/....................../history?region=Global'],
  ['encoded slash in a track id', '/tracks/aaaaaaaaaa%2Faaaaaaaaaaa'],
  ['100 KB query string', `/search?q=${'a'.repeat(100 * 1024)}`],
  ['100 KB of parameters', `/rankings?region=Global&${'x=1&'.repeat(25_000)}`],
  ['repeated parameters', '/artist?name=a&name=b'],
  ['negative limit', '/rankings?region=Global&limit=-1'],
  ['huge limit', '/rankings?region=Global&limit=99999999999999999999'],
  ['huge offset', '/rankings?region=Global&offset=1e308'],
  ['NaN offset', '/rankings?region=Global&offset=NaN'],
  ['float limit', '/artist?name=beyonce&limit=2.5'],
  ['impossible date', '/rankings?region=Global&date=2021-02-30'],
  ['date with junk', '/rankings?region=Global&date=2021-02-03T00:00'],
  ['year zero', '/rankings?region=Global&date=0000-01-01'],
  ['far future', '/rankings?region=Global&date=9999-12-31'],
  ['SQL-ish region', "/rankings?region=Global'%20OR%201=1--"],
  ['SQL-ish artist', '/artist?name=%27%3B%20DROP%20TABLE%20charts%3B--'],
  ['emoji and RTL marks', '/artist?name=%F0%9F%8E%B5%E2%80%AE'],
  ['very long name', `/artist?name=${'b'.repeat(5000)}`],
  ['wrong method POST', '/rankings?region=Global', { method: 'POST', body: '{}' }],
  ['wrong method DELETE', '/artist?name=x', { method: 'DELETE' }],
  ['wrong method PUT on a track', '/tracks/0000000000000000000000', { method: 'PUT' }],
  ['unknown route', '/admin'],
  ['empty region', '/rankings?region='],
  ['chart injection', '/rankings?region=Global&chart=top200%27'],
]

for (const [name, path, init] of cases) {
  test(`${name} → 4xx in the error shape`, async () => {
    const res = await getJson(server.base, path, init)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(Object.keys(res.body)).toEqual(['error'])
    expect(typeof res.body.error.code).toBe('string')
    expect(typeof res.body.error.message).toBe('string')
    expect(JSON.stringify(res.body)).not.toContain('    at ')
  })
}

// free-text search answers hostile-looking text like any text: 200, no hits, and at
// most 5 names close to it by edit distance
for (const [name, path] of [
  ['SQL-ish search', '/search?q=%22%20UNION%20SELECT%20*%20FROM%20users'],
  ['NUL byte in a search', '/search?q=abc%00def'],
  ['control characters in a search', '/search?q=%01%02%1B%5B31m'],
]) {
  test(`${name} → 200 with no hits`, async () => {
    const res = await getJson(server.base, path)
    expect(res.status).toBe(200)
    const { artists, tracks, suggestions } = res.body
    expect({ artists, tracks }).toEqual({ artists: [], tracks: [] })
    expect(suggestions.length).toBeLessThanOrEqual(5)
    for (const s of suggestions) expect(typeof s).toBe('string')
  })
}

const rawRequest = (raw: string) => sendRaw(server.base, raw)

test('a path with double slashes → 404 in the error shape', async () => {
  const answer = await rawRequest(
    'GET //rankings?region=Global HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  )
  expect(answer).toStartWith('HTTP/1.1 404')
  expect(answer).toContain('{"error":{"code":"not_found"')
})

test('malformed raw HTTP does not take the server down', async () => {
  // Bun's HTTP parser answers these before the app runs (505 is HTTP's own answer to an unknown version)
  expect(await rawRequest('GARBAGE\r\n\r\n')).toStartWith('HTTP/1.1 400')
  expect(
    await rawRequest('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'),
  ).toStartWith('HTTP/1.1 400')
  expect(await rawRequest('GET / HTTP/9.9\r\n\r\n')).toStartWith('HTTP/1.1 505')
})

test('the server keeps serving after all of the above', async () => {
  expect((await getJson(server.base, '/health')).status).toBe(200)
  expect((await getJson(server.base, '/rankings?region=Global&limit=1')).status).toBe(200)
  const metrics = await (await fetch(`${server.base}/metrics`)).text()
  expect(metrics).not.toMatch(/status="5\d\d"/)
})
