/**
 * The responder: answers rendered once while the cache has room and served from it after
 * that, with the right headers; 304s; the cache stage.
 */
import { describe, expect, test } from 'bun:test'
import { RequestContext } from '../../../src/http/context.ts'
import { type Answer, Responder } from '../../../src/http/respond.ts'
import { RouteTable } from '../../../src/http/route-table.ts'

const request = (headers: Record<string, string> = {}, path = '/rankings') =>
  new Request(`http://x${path}`, { headers })
const routes = new RouteTable([{ method: 'GET', path: '/rankings' }])
/** A request's context as the pipeline makes it. */
const ctxOf = (r: Request) => new RequestContext(r, routes)
/** The cache stage, then the render stage, as the pipeline runs them for a request. */
const answered = (responder: Responder, ctx: RequestContext, answer: Answer) =>
  responder.cache.lookup(ctx) ?? responder.respond(ctx, answer)

describe('Responder', () => {
  test('renders each request once while the cache has room, then serves it from the cache (50 keys)', async () => {
    const responder = new Responder({ compress: true, cacheBytes: 8 << 20, corsOrigin: '*' })
    let renders = 0
    const render = (key: string) => () => {
      renders++
      return new TextEncoder().encode(JSON.stringify({ key, pad: 'x'.repeat(2000) }))
    }
    for (let round = 0; round < 4; round++) {
      for (let k = 0; k < 50; k++) {
        const res = answered(
          responder,
          ctxOf(request({ 'Accept-Encoding': 'gzip' }, `/rankings?k=${k}`)),
          {
            buildId: 'build',
            canonical: `key-${k}`,
            type: 'application/json',
            render: render(`key-${k}`),
          },
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
    expect(renders).toBe(50)
    expect(responder.cache.size).toBe(50)
  })

  test('304 for a matching If-None-Match, identity when not accepted, small bodies plain', async () => {
    const responder = new Responder({
      compress: true,
      cacheBytes: 1 << 20,
      corsOrigin: 'https://a.example',
    })
    const body = () => new TextEncoder().encode('{"small":true}')
    const answer = (buildId: string) => ({
      buildId,
      canonical: 'k',
      type: 'application/json',
      render: body,
    })
    const first = responder.respond(ctxOf(request()), answer('b1'))
    const etag = first.headers.get('etag')!
    expect(first.headers.get('access-control-allow-origin')).toBe('https://a.example')
    expect(responder.respond(ctxOf(request({ 'If-None-Match': etag })), answer('b1')).status).toBe(
      304,
    )
    expect(responder.respond(ctxOf(request({ 'If-None-Match': etag })), answer('b2')).status).toBe(
      200,
    )
    const small = responder.respond(ctxOf(request({ 'Accept-Encoding': 'br' })), answer('b1'))
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('{"small":true}')
  })

  test('cached: a request answered before is answered again without rendering', async () => {
    const responder = new Responder({ compress: true, cacheBytes: 1 << 20, corsOrigin: '*' })
    const url = 'http://x/rankings?region=Global'
    const req = (headers: Record<string, string> = {}) => new Request(url, { headers })
    let renders = 0
    const render = () => {
      renders++
      return new TextEncoder().encode(JSON.stringify({ big: 'y'.repeat(3000) }))
    }
    expect(responder.cache.lookup(ctxOf(req()))).toBeNull()
    for (let i = 0; i < 3; i++)
      answered(responder, ctxOf(req()), {
        buildId: 'b',
        canonical: 'k',
        type: 'application/json',
        render,
      })
    expect(renders).toBe(1)
    const fast = responder.cache.lookup(ctxOf(req()))!
    expect(fast.status).toBe(200)
    expect(fast.headers.get('etag')).toBe(responder.etag('b', 'k'))
    expect(JSON.parse(await fast.text()).big.length).toBe(3000)
    // the same path under another Host is the same request
    expect(
      responder.cache.lookup(ctxOf(new Request('http://api/rankings?region=Global'))),
    ).not.toBeNull()
    // another encoding, a conditional request, or after a swap: the full path answers
    expect(responder.cache.lookup(ctxOf(req({ 'Accept-Encoding': 'br' })))).toBeNull()
    expect(responder.cache.lookup(ctxOf(req({ Accept: 'text/csv' })))).toBeNull()
    expect(responder.cache.lookup(ctxOf(req({ Accept: 'application/x-flatbuffers' })))).toBeNull()
    expect(
      responder.cache.lookup(ctxOf(req({ 'If-None-Match': fast.headers.get('etag')! }))),
    ).toBeNull()
    responder.cache.clear()
    expect(responder.cache.lookup(ctxOf(req()))).toBeNull()
  })
})
