/**
 * The hardening headers on every answer, over HTTP against the real server: every route the
 * app declares (its list read from the app itself, so a new route is checked with nothing to
 * edit here), each data route rendered, from the answer cache, gzip-encoded, as a 304, HEAD
 * and a preflight, and every kind of error the pipeline makes (400, 404, 405, 414, 431, 503).
 * Every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, its
 * request id and CORS; an HTML page also a strict Content-Security-Policy, checked here by
 * its directives (the browser tests check the pages work under it).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { WEB_ASSETS } from '../../src/routes/web/assets.ts'
import { useSampleApp } from '../src/routes/sample-app.ts'
import { getJson, type ServerProcess, spawnServer } from './server.ts'

const sample = useSampleApp()
let server: ServerProcess
let noIndex: ServerProcess
/** GET paths with their required query parameters, for every route of the app */
const paths: string[] = []

beforeAll(async () => {
  const { services, app } = sample()
  server = await spawnServer({ INDEX_DIR: services.config.indexDir })
  noIndex = await spawnServer({
    INDEX_DIR: join(services.config.indexDir, 'never-built'),
    INDEX_POLL_SECONDS: '0',
  })
  const document = (await getJson(server.base, '/swagger/json')).body
  const trackId = (await getJson(server.base, '/rankings?region=Global&limit=1')).body.entries[0]
    .trackId
  const example: Record<string, string> = { region: 'Global', name: 'beyonce', q: 'a', trackId }
  const declared = app.routes.filter((r) => r.method === 'GET').map((r) => r.path)
  expect(declared.length).toBeGreaterThan(20)
  for (const path of declared) {
    const documented = (document.paths[path.replace(/:(\w+)/g, '{$1}')]?.get?.parameters ?? [])
      .filter((p: { in: string; required?: boolean }) => p.in === 'query' && p.required)
      .map((p: { name: string }) => `${p.name}=${encodeURIComponent(example[p.name])}`)
    // /tracks takes any one of its filters, none required by itself
    const required = path === '/tracks' ? ['region=Global'] : documented
    const query = required.length ? `?${required.join('&')}` : ''
    if (path.includes(':file')) {
      for (const file of WEB_ASSETS.keys()) paths.push(path.replace(':file', file) + query)
    } else paths.push(path.replace(':trackId', trackId) + query)
  }
})
afterAll(async () => {
  await server?.stop()
  await noIndex?.stop()
})

/** Fails unless `res` carries the headers every answer must. */
function expectHardened(res: Response, what: string): void {
  const h = res.headers
  expect({ what, nosniff: h.get('x-content-type-options') }).toEqual({ what, nosniff: 'nosniff' })
  expect({ what, referrer: h.get('referrer-policy') }).toEqual({ what, referrer: 'no-referrer' })
  expect({ what, cors: h.get('access-control-allow-origin') }).toEqual({ what, cors: '*' })
  expect({ what, id: h.get('x-request-id') !== null }).toEqual({ what, id: true })
  const csp = h.get('content-security-policy')
  if (!h.get('content-type')?.startsWith('text/html')) {
    expect({ what, csp }).toEqual({ what, csp: null })
    return
  }
  const directives = new Map(
    (csp ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    }),
  )
  expect({ what, default: directives.get('default-src') }).toEqual({ what, default: ["'self'"] })
  expect({ what, script: directives.get('script-src') ?? directives.get('default-src') }).toEqual({
    what,
    script: ["'self'"],
  })
  expect({ what, frames: directives.get('frame-ancestors') }).toEqual({ what, frames: ["'none'"] })
  expect({ what, unsafe: csp?.includes('unsafe') }).toEqual({ what, unsafe: false })
}

describe('every answer carries the hardening headers', () => {
  test('every route of the app, each answering 200', async () => {
    expect(paths.length).toBeGreaterThan(30)
    const pages: string[] = []
    for (const path of paths) {
      const res = await fetch(server.base + path)
      await res.arrayBuffer()
      expect({ path, status: res.status }).toEqual({ path, status: 200 })
      expectHardened(res, path)
      if (res.headers.get('content-type')?.startsWith('text/html')) pages.push(path)
    }
    // the web app's page and the Swagger page, each under the policy
    expect(pages.sort()).toEqual(['/', '/swagger'])
  })

  test('data answers: rendered, cached, gzip, 304, HEAD, preflight', async () => {
    const data = paths.filter((p) => !p.startsWith('/web/') && !p.startsWith('/swagger'))
    for (const path of data) {
      const first = await fetch(server.base + path, { headers: { 'Accept-Encoding': 'gzip' } })
      await first.arrayBuffer()
      expectHardened(first, `${path} gzip`)
      const again = await fetch(server.base + path, { headers: { 'Accept-Encoding': 'gzip' } })
      await again.arrayBuffer()
      expectHardened(again, `${path} again`)
      const etag = first.headers.get('etag')
      if (etag) {
        const notModified = await fetch(server.base + path, { headers: { 'If-None-Match': etag } })
        expect({ path, status: notModified.status }).toEqual({ path, status: 304 })
        expectHardened(notModified, `${path} 304`)
      }
      const head = await fetch(server.base + path, { method: 'HEAD' })
      expectHardened(head, `${path} HEAD`)
      const preflight = await fetch(server.base + path, {
        method: 'OPTIONS',
        headers: { Origin: 'https://a.example', 'Access-Control-Request-Method': 'GET' },
      })
      expect({ path, status: preflight.status }).toEqual({ path, status: 204 })
      expectHardened(preflight, `${path} OPTIONS`)
    }
  })

  test('every kind of error', async () => {
    const errors: [string, string, RequestInit, number][] = [
      ['unknown route', '/nope', {}, 404],
      ['unknown parameter', '/regions?x=1', {}, 400],
      ['bad value', '/rankings?region=Global&limit=-1', {}, 400],
      ['unknown region', '/rankings?region=Atlantis', {}, 404],
      ['unknown web file', '/web/nope.mjs', {}, 404],
      ['method', '/regions', { method: 'POST', body: 'x' }, 405],
      ['long URL', `/search?q=${'a'.repeat(9000)}`, {}, 414],
      ['big headers', '/regions', { headers: { 'X-Big': 'b'.repeat(20_000) } }, 431],
    ]
    for (const [what, path, init, status] of errors) {
      const res = await fetch(server.base + path, init)
      await res.arrayBuffer()
      expect({ what, status: res.status }).toEqual({ what, status })
      expectHardened(res, what)
    }
    for (const path of ['/ready', '/rankings?region=Global']) {
      const res = await fetch(noIndex.base + path)
      await res.arrayBuffer()
      expect({ path, status: res.status }).toEqual({ path, status: 503 })
      expectHardened(res, `${path} without an index`)
    }
  })
})
