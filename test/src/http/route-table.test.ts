/**
 * The edge's route table is read from Elysia's routes: a route added to the app is matched,
 * labelled and has its query parameters checked with nothing else to edit.
 */
import { describe, expect, test } from 'bun:test'
import { Elysia, t } from 'elysia'
import { RequestContext } from '../../../src/http/context.ts'
import { RouteTable } from '../../../src/http/route-table.ts'
import { screen } from '../../../src/http/screen.ts'

const app = new Elysia()
  .get('/health', () => 'ok')
  .get('/things', () => [], {
    query: t.Object({ name: t.String(), limit: t.Optional(t.Integer()) }),
  })
  .get('/things/:id/parts', () => [], { query: t.Object({ kind: t.Optional(t.String()) }) })
  .get('/page', () => 'html', { detail: { hide: true } })
const routes = new RouteTable(app.routes)

const status = (url: string, method = 'GET') => {
  const ctx = new RequestContext(new Request(url, { method }), routes)
  return { label: ctx.label, status: screen(ctx)?.status ?? 0 }
}

describe('RouteTable', () => {
  test('static and parameterised paths, labelled by their pattern; others unmatched', () => {
    expect(routes.match('/things')?.label).toBe('/things')
    expect(routes.match('/things/42/parts')?.label).toBe('/things/:id/parts')
    for (const path of ['/things/', '//things', '/things/42', '/things//parts', '/nowhere'])
      expect(routes.match(path)).toBeNull()
  })

  test("screen: each route's own schema decides its known parameters", () => {
    expect(status('http://x/things?name=a&limit=2')).toEqual({ label: '/things', status: 0 })
    expect(status('http://x/things?name=a&nme=b').status).toBe(400)
    expect(status('http://x/things?name=a&name=b').status).toBe(400)
    expect(status('http://x/things/1/parts?kind=a').status).toBe(0)
    expect(status('http://x/things/1/parts?name=a').status).toBe(400)
    expect(status('http://x/health?x=1').status).toBe(400)
    // hidden pages take any query (tracking parameters on the web page, say)
    expect(status('http://x/page?utm_source=a').status).toBe(0)
    expect(status('http://x/nowhere')).toEqual({ label: 'unmatched', status: 404 })
    expect(status('http://x/things', 'POST').status).toBe(405)
    expect(status('http://x/things', 'OPTIONS').status).toBe(204)
  })
})
