/**
 * The responder's cache: a body is cached from the second sight of its request on, served
 * from the cache after that, with the right headers, and bounded in bytes.
 */
import { describe, expect, test } from 'bun:test'
import { BodyCache } from '../../src/http/body-cache.ts'
import { negotiateEncoding, Responder } from '../../src/http/respond.ts'

const request = (headers: Record<string, string> = {}) =>
  new Request('http://x/rankings', { headers })

describe('Responder', () => {
  test('renders a request twice at most, then serves it from the cache (50 keys)', async () => {
    const responder = new Responder({ compress: true, cacheBytes: 8 << 20, corsOrigin: '*' })
    let renders = 0
    const render = (key: string) => () => {
      renders++
      return new TextEncoder().encode(JSON.stringify({ key, pad: 'x'.repeat(2000) }))
    }
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 50; k++) {
        const res = responder.respond(
          request({ 'Accept-Encoding': 'gzip' }),
          'build',
          `key-${k}`,
          'application/json',
          render(`key-${k}`),
        )
        expect(res.status).toBe(200)
        expect(res.headers.get('content-encoding')).toBe('gzip')
        expect(
          JSON.parse(
            new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer()))),
          ).key,
        ).toBe(`key-${k}`)
      }
    }
    expect(renders).toBe(100)
  })

  test('304 for a matching If-None-Match, identity when not accepted, small bodies plain', async () => {
    const responder = new Responder({
      compress: true,
      cacheBytes: 1 << 20,
      corsOrigin: 'https://a.example',
    })
    const body = () => new TextEncoder().encode('{"small":true}')
    const first = responder.respond(request(), 'b1', 'k', 'application/json', body)
    const etag = first.headers.get('etag')!
    expect(first.headers.get('access-control-allow-origin')).toBe('https://a.example')
    expect(
      responder.respond(request({ 'If-None-Match': etag }), 'b1', 'k', 'application/json', body)
        .status,
    ).toBe(304)
    expect(
      responder.respond(request({ 'If-None-Match': etag }), 'b2', 'k', 'application/json', body)
        .status,
    ).toBe(200)
    const small = responder.respond(
      request({ 'Accept-Encoding': 'br' }),
      'b1',
      'k',
      'application/json',
      body,
    )
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('{"small":true}')
  })

  test('fromUrl: a request answered from the cache before is answered again without rendering', async () => {
    const responder = new Responder({ compress: true, cacheBytes: 1 << 20, corsOrigin: '*' })
    const url = 'http://x/rankings?region=Global'
    const req = (headers: Record<string, string> = {}) => new Request(url, { headers })
    const render = () => new TextEncoder().encode(JSON.stringify({ big: 'y'.repeat(3000) }))
    expect(responder.fromUrl(req(), 'a')).toBeNull()
    for (let i = 0; i < 3; i++) responder.respond(req(), 'b', 'k', 'application/json', render)
    const fast = responder.fromUrl(req(), 'r-1')!
    expect(fast.status).toBe(200)
    expect(fast.headers.get('x-request-id')).toBe('r-1')
    expect(JSON.parse(await fast.text()).big.length).toBe(3000)
    // another encoding, a conditional request, or after a swap: the full path answers
    expect(responder.fromUrl(req({ 'Accept-Encoding': 'br' }), 'r-2')).toBeNull()
    expect(responder.fromUrl(req({ 'If-None-Match': fast.headers.get('etag')! }), 'r-3')).toBeNull()
    responder.clear()
    expect(responder.fromUrl(req(), 'r-4')).toBeNull()
  })

  test('encoding negotiation', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(negotiateEncoding('*')).toBe('br')
    expect(negotiateEncoding('identity')).toBe('identity')
    expect(negotiateEncoding(null)).toBe('identity')
  })
})

describe('BodyCache', () => {
  const entry = (size: number) => ({
    blob: new Blob([new Uint8Array(size)]),
    size,
    encoding: 'identity' as const,
    headers: new Headers(),
  })

  test('evicts the least recently used past its budget', () => {
    const cache = new BodyCache(8000)
    cache.set('a', entry(1000))
    cache.set('b', entry(1000))
    cache.get('a')
    for (let i = 0; i < 7; i++) cache.set(`c${i}`, entry(1000))
    expect(cache.size).toBeLessThanOrEqual(8000)
    expect(cache.get('a')).toBeDefined()
    expect(cache.get('b')).toBeUndefined()
    cache.set('huge', entry(5000))
    expect(cache.get('huge')).toBeUndefined()
  })
})
