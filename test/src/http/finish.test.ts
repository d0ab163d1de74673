/**
 * The finish stage: every kind of answer the pipeline makes (rendered, from the answer cache,
 * stored gzip, 304, each kind of error, static pages, HEAD) carries one request id, the one
 * its log line names, whichever stage made it: the client's own id when it is a sane token,
 * else the server's.
 */
import { describe, expect, test } from 'bun:test'
import { useSampleApp } from '../routes/sample-app.ts'

const sample = useSampleApp()

/** A request through the pipeline and the log line it wrote. */
async function logged(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { fetch, logged } = sample()
  const before = logged.length
  const res = await fetch(new Request(`http://localhost${path}`, { method, headers }))
  await res.arrayBuffer()
  expect(logged.length).toBe(before + 1)
  return { res, line: logged[before] }
}

/** Fails unless `res` has exactly one X-Request-Id, the one of its log line. */
function expectOneId(res: Response, line: { reqId: string; status: number }, what: string) {
  const values: string[] = []
  res.headers.forEach((value, name) => {
    if (name === 'x-request-id') values.push(value)
  })
  // one header with one value (a second one would be joined to it with a comma)
  expect({ what, values }).toEqual({ what, values: [line.reqId] })
  expect({ what, id: line.reqId }).toEqual({ what, id: expect.stringMatching(/^[\w.:-]+$/) })
  expect({ what, status: res.status }).toEqual({ what, status: line.status })
}

describe('one request id per answer, the one of its log line', () => {
  test('a rendered answer, then the same request from the answer cache', async () => {
    const cache = sample().services.responder.cache
    const path = '/top/tracks?region=Global&limit=3'
    const before = cache.size
    const fresh = await logged(path)
    expect(cache.size).toBe(before + 1)
    expectOneId(fresh.res, fresh.line, 'rendered')
    const cached = await logged(path)
    expect(cache.size).toBe(before + 1)
    expectOneId(cached.res, cached.line, 'cached')
    expect(cached.line.reqId).not.toBe(fresh.line.reqId)
  })

  test('a stored gzip answer, sent as it is and not kept', async () => {
    const cache = sample().services.responder.cache
    const before = cache.size
    const { res, line } = await logged('/rankings?region=Global', { 'Accept-Encoding': 'gzip' })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(cache.size).toBe(before)
    expectOneId(res, line, 'stored')
  })

  test('a 304, and a client id kept on it', async () => {
    const first = await logged('/regions')
    const etag = first.res.headers.get('etag')!
    const revalidated = await logged('/regions', { 'If-None-Match': etag })
    expect(revalidated.res.status).toBe(304)
    expectOneId(revalidated.res, revalidated.line, '304')
    const given = await logged('/regions', { 'If-None-Match': etag, 'X-Request-Id': 'client.7' })
    expectOneId(given.res, given.line, '304 with a client id')
    expect(given.line.reqId).toBe('client.7')
  })

  test('errors from each stage: screen, validation, the route, a method', async () => {
    for (const [path, status, method] of [
      ['/no/such/route', 404, 'GET'],
      ['/rankings?region=Global&nope=1', 400, 'GET'],
      ['/rankings?region=Global&limit=abc', 400, 'GET'],
      ['/rankings?region=Atlantis', 404, 'GET'],
      ['/rankings?region=Global', 405, 'POST'],
    ] as const) {
      const { res, line } = await logged(path, { 'X-Request-Id': `e-${status}` }, method)
      expect(res.status).toBe(status)
      expectOneId(res, line, `${method} ${path}`)
      expect(line.reqId).toBe(`e-${status}`)
    }
  })

  test('static pages and files, health, metrics, HEAD and a preflight', async () => {
    for (const [path, method] of [
      ['/', 'GET'],
      ['/swagger', 'GET'],
      ['/swagger/json', 'GET'],
      ['/health', 'GET'],
      ['/metrics', 'GET'],
      ['/regions', 'HEAD'],
      ['/rankings', 'OPTIONS'],
    ] as const) {
      const { res, line } = await logged(path, { Origin: 'https://a.example' }, method)
      expect(res.status).toBeLessThan(300)
      expectOneId(res, line, `${method} ${path}`)
    }
  })
})
