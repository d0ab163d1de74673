/**
 * Replicas behind a CDN, over HTTP: two servers on copies of one build answer every data
 * request with the same bytes, ETag and `X-Index-Build` (nothing of the process leaks into an
 * answer), and the caching headers are what a shared cache needs: `s-maxage` and the
 * `stale-*` lifetimes from their settings, `Vary` naming exactly the headers that choose the
 * body (no `Accept-Encoding` under `COMPRESS=off`).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, type ServerProcess, spawnServer } from './server.ts'

const tmp = tempDir()
let a: ServerProcess
let b: ServerProcess
let plain: ServerProcess
let buildId = ''
let paths: string[] = []

beforeAll(async () => {
  const { indexDir } = await buildSample(tmp.dir, 4, 20)
  const copy = join(tmp.dir, 'copy')
  cpSync(indexDir, copy, { recursive: true })
  ;[a, b, plain] = await Promise.all([
    spawnServer({ INDEX_DIR: indexDir }),
    // a different directory, a different process start: the same build
    spawnServer({ INDEX_DIR: copy }),
    spawnServer({
      INDEX_DIR: copy,
      COMPRESS: 'off',
      CACHE_MAX_AGE: '30',
      CACHE_S_MAXAGE: '3600',
      CACHE_STALE_WHILE_REVALIDATE: '0',
      CACHE_STALE_IF_ERROR: '600',
    }),
  ])
  buildId = (await getJson(a.base, '/ready')).body.index.buildId
  const ranking = (await getJson(a.base, '/rankings?region=Global&limit=3')).body
  const track = ranking.entries[0]
  const artist = encodeURIComponent(track.artists[0])
  paths = [
    '/regions',
    '/dates?region=global',
    '/rankings?region=Global',
    `/rankings?region=us&date=${ranking.date}&limit=7&offset=2`,
    '/rankings?region=Global&format=csv',
    '/rankings/weekly?region=Global',
    `/artist?name=${artist}`,
    `/tracks/${track.trackId}`,
    `/tracks/${track.trackId}/history`,
    `/tracks/${track.trackId}/history?region=Global`,
    `/tracks?region=Global&date=${ranking.date}`,
    '/search?q=a',
    '/top/tracks?region=Global',
    '/top/artists?region=Global',
  ]
})
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), plain?.stop()])
  tmp.cleanup()
})

/** Status, the headers a cache keeps, and the raw (still encoded) body bytes. */
async function raw(base: string, path: string, headers: Record<string, string>) {
  const res = await fetch(base + path, { headers, decompress: false } as RequestInit)
  const body = Buffer.from(await res.arrayBuffer()).toString('base64')
  const h = (name: string) => res.headers.get(name)
  return {
    status: res.status,
    etag: h('etag'),
    build: h('x-index-build'),
    type: h('content-type'),
    encoding: h('content-encoding'),
    vary: h('vary'),
    cacheControl: h('cache-control'),
    body,
  }
}

const VARIANTS: Record<string, string>[] = [
  { 'Accept-Encoding': 'br' },
  { 'Accept-Encoding': 'gzip' },
  { 'Accept-Encoding': 'identity' },
  { 'Accept-Encoding': 'br, gzip', Accept: 'text/csv' },
  { 'Accept-Encoding': 'gzip', Accept: 'application/x-flatbuffers' },
]

describe('the same build on two replicas', () => {
  test('gzip rankings are the same bytes whatever each replica was asked before', async () => {
    // replica b answers twenty other gzip rankings first; a answers none: the gzip of a
    // default ranking is stored in the build, so the bytes agree whatever came before
    const { dates } = (await (await fetch(`${b.base}/dates?region=Global`)).json()) as {
      dates: string[]
    }
    for (const date of dates.slice(-21, -1).reverse())
      await raw(b.base, `/rankings?region=Global&date=${date}`, { 'Accept-Encoding': 'gzip' })
    const path = `/rankings?region=Global&date=${dates[dates.length - 1]}`
    const [x, y] = await Promise.all([
      raw(a.base, path, { 'Accept-Encoding': 'gzip' }),
      raw(b.base, path, { 'Accept-Encoding': 'gzip' }),
    ])
    expect(x.encoding).toBe('gzip')
    expect(y).toEqual(x)
  })

  test('every data answer: byte-identical body, same ETag, X-Index-Build = the served build', async () => {
    let compared = 0
    for (const path of paths) {
      for (const headers of VARIANTS) {
        const [x, y] = await Promise.all([raw(a.base, path, headers), raw(b.base, path, headers)])
        // the second replica answers a second time from its answer cache: identical too
        const z = await raw(b.base, path, headers)
        expect({ path, headers, status: x.status }).toEqual({ path, headers, status: 200 })
        expect({ path, ...y }).toEqual({ path, ...x })
        expect({ path, ...z }).toEqual({ path, ...x })
        expect(x.build).toBe(buildId)
        expect(x.etag).toContain(buildId)
        compared++
      }
    }
    expect(compared).toBe(paths.length * VARIANTS.length)
  })

  test('a 304 names the build and keeps the caching headers', async () => {
    const first = await raw(a.base, '/regions', {})
    const res = await fetch(`${b.base}/regions`, { headers: { 'If-None-Match': first.etag! } })
    expect(res.status).toBe(304)
    expect(res.headers.get('x-index-build')).toBe(buildId)
    expect(res.headers.get('etag')).toBe(first.etag)
    expect(res.headers.get('cache-control')).toBe(first.cacheControl)
  })
})

describe('caching headers', () => {
  test('defaults: public, max-age, s-maxage, stale-while-revalidate, stale-if-error', async () => {
    const res = await raw(a.base, '/regions', {})
    expect(res.cacheControl).toBe(
      'public, max-age=300, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400',
    )
  })

  test('each lifetime is its setting; 0 leaves a stale-* directive out', async () => {
    const res = await raw(plain.base, '/regions', {})
    expect(res.cacheControl).toBe('public, max-age=30, s-maxage=3600, stale-if-error=600')
  })

  test('Vary: Accept-Encoding where bodies are compressed, Accept where the header picks CSV or FlatBuffers', async () => {
    expect((await raw(a.base, '/regions', {})).vary).toBe('Accept-Encoding')
    expect((await raw(a.base, '/rankings?region=Global', {})).vary).toBe('Accept-Encoding, Accept')
    expect((await raw(plain.base, '/rankings?region=Global', {})).vary).toBe('Accept')
    // COMPRESS=off: nothing varies on /regions, and no encoding whatever the client accepts
    const regions = await raw(plain.base, '/regions', { 'Accept-Encoding': 'br, gzip' })
    expect(regions.vary).toBeNull()
    const big = await raw(plain.base, '/rankings?region=Global', { 'Accept-Encoding': 'br, gzip' })
    expect(big.encoding).toBeNull()
    expect(Buffer.from(big.body, 'base64').length).toBeGreaterThan(1024)
    // and its bytes are the identity bytes of a compressing replica
    const same = await raw(a.base, '/rankings?region=Global', { 'Accept-Encoding': 'identity' })
    expect(big.body).toBe(same.body)
    expect(big.etag).toBe(same.etag)
  })

  test('errors are not kept by caches (no-store)', async () => {
    const res = await fetch(`${a.base}/rankings?region=nowhere`)
    expect(res.status).toBe(404)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})
