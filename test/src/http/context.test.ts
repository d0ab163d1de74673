/**
 * The request context: made once at the edge, the headers that choose an answer read once
 * for the whole request (screen, cache, route, render, finish), and handed to the handler.
 */
import { describe, expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { RequestContext, requestContext } from '../../../src/http/context.ts'
import { RouteTable } from '../../../src/http/route-table.ts'
import { useSampleApp } from '../routes/sample-app.ts'

const sample = useSampleApp()

/** A request whose header reads are counted, by header name. */
function countedRequest(url: string, headers: Record<string, string>) {
  const request = new Request(url, { headers })
  const reads = new Map<string, number>()
  const h = request.headers
  const get = h.get.bind(h)
  h.get = (name: string) => {
    reads.set(name.toLowerCase(), (reads.get(name.toLowerCase()) ?? 0) + 1)
    return get(name)
  }
  return { request, reads }
}

describe('RequestContext', () => {
  test('through the whole pipeline, Accept, Accept-Encoding and If-None-Match are read once each', async () => {
    const handle = sample().fetch
    const cases: Record<string, string>[] = [
      { Accept: 'text/csv', 'Accept-Encoding': 'gzip' },
      { Accept: 'application/x-flatbuffers' },
      { 'If-None-Match': 'W/"nothing"' },
    ]
    for (const headers of cases) {
      // twice: a rendered answer, then (when kept) the cache's
      for (let i = 0; i < 2; i++) {
        const { request, reads } = countedRequest(
          'http://localhost/rankings?region=Global&limit=7',
          headers,
        )
        const res = await handle(request)
        expect(res.status).toBe(200)
        for (const name of ['accept', 'accept-encoding', 'if-none-match'])
          expect([name, reads.get(name)]).toEqual([name, 1])
      }
    }
  })

  test('the handler gets the context the pipeline made (its id, its route)', async () => {
    const seen: RequestContext[] = []
    const app = new Elysia().use(requestContext).get('/probe', ({ ctx }) => {
      seen.push(ctx)
      return 'ok'
    })
    const routes = new RouteTable(app.routes)
    const made = new RequestContext(new Request('http://localhost/probe'), routes)
    const forwarded = new Request('http://localhost/probe')
    made.attach(forwarded)
    await app.handle(forwarded)
    expect(seen[0]).toBe(made)
    expect(seen[0].label).toBe('/probe')
    // a request that did not come through the pipeline has no context: a 500, no handler run
    const bare = await app.handle(new Request('http://localhost/probe'))
    expect(bare.status).toBe(500)
    expect(seen.length).toBe(1)
  })

  test('the form Accept asks for, as the cache key holds it (accept.ts chooses)', () => {
    const form = (accept?: string) =>
      new RequestContext(
        new Request('http://localhost/x', { headers: accept ? { Accept: accept } : {} }),
        new RouteTable([]),
      ).form
    expect(form()).toBe('')
    expect(form('application/json')).toBe('')
    expect(form('text/csv')).toBe('csv')
    expect(form('text/csv;q=0')).toBe('')
    expect(form('application/x-flatbuffers')).toBe('fb')
    // FlatBuffers where it is offered (/rankings), CSV on every other list route
    expect(form('application/x-flatbuffers, text/csv')).toBe('fb,csv')
  })
})
