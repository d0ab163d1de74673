/**
 * The answer cache: its key (the request as asked: path and query whatever the Host, the form
 * Accept asks for, the encoding the policy gives), made once per request; what it answers.
 */
import { describe, expect, test } from 'bun:test'
import { AnswerCache } from '../../../src/http/answer-cache.ts'
import { RequestContext } from '../../../src/http/context.ts'
import { RouteTable } from '../../../src/http/route-table.ts'

const routes = new RouteTable([
  { method: 'GET', path: '/rankings' },
  { method: 'GET', path: '/regions' },
])
const ctxOf = (url: string, headers: Record<string, string> = {}) =>
  new RequestContext(new Request(url, { headers }), routes)
const bytes = (n: number) => new Uint8Array(n).fill(65)

describe('AnswerCache', () => {
  test('the key: path and query whatever the Host, the form, the encoding; made once', () => {
    const cache = new AnswerCache({ bytes: 1 << 20, compress: true, gzipFirst: ['/rankings'] })
    const a = ctxOf('http://api.example/rankings?region=Global', { 'Accept-Encoding': 'gzip, br' })
    expect(cache.keyOf(a)).toBe('/rankings?region=Global\n\ngzip')
    expect(a.encoding).toBe('gzip')
    a.cacheKey = 'kept'
    expect(cache.keyOf(a)).toBe('kept')
    const b = ctxOf('http://localhost/regions', {
      'Accept-Encoding': 'gzip, br',
      Accept: 'text/csv',
    })
    expect(cache.keyOf(b)).toBe('/regions\ncsv\nbr')
    const plain = new AnswerCache({ bytes: 1 << 20, compress: false })
    const c = ctxOf('http://x.example/rankings?a=1', {
      'Accept-Encoding': 'br',
      Accept: 'application/x-flatbuffers',
    })
    expect(plain.keyOf(c)).toBe('/rankings?a=1\nfb\nidentity')
  })

  test('a kept answer answers the same request again, with that request id; a conditional one never', async () => {
    const cache = new AnswerCache({ bytes: 1 << 20, compress: false })
    const first = ctxOf('http://localhost/regions', { 'X-Request-Id': 'one' })
    expect(cache.lookup(first)).toBeNull()
    const made = cache.answer(first, bytes(2000), { 'Content-Type': 'text/plain' })
    expect(made.headers.get('x-request-id')).toBe('one')
    expect(cache.size).toBe(1)
    const again = cache.lookup(ctxOf('http://other/regions', { 'X-Request-Id': 'two' }))!
    expect(again.headers.get('x-request-id')).toBe('two')
    expect(again.headers.get('content-type')).toBe('text/plain')
    expect((await again.arrayBuffer()).byteLength).toBe(2000)
    expect(cache.lookup(ctxOf('http://localhost/regions', { 'If-None-Match': '*' }))).toBeNull()
    cache.clear()
    expect(cache.lookup(ctxOf('http://localhost/regions'))).toBeNull()
  })

  test('a cache of 0 bytes keeps nothing, and still answers', async () => {
    const cache = new AnswerCache({ bytes: 0, compress: false })
    const ctx = ctxOf('http://localhost/regions')
    const res = cache.answer(ctx, bytes(10), {})
    expect((await res.arrayBuffer()).byteLength).toBe(10)
    expect(ctx.complete).toBe(res)
    expect(cache.size).toBe(0)
    expect(cache.lookup(ctxOf('http://localhost/regions'))).toBeNull()
  })
})
