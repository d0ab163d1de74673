/**
 * The CloudFront Function of deploy/cdn.yaml (deploy/cloudfront-query.js), run here as
 * CloudFront runs it: the file's `handler` called with a viewer-request event. Spellings of
 * one question get one canonical form (so one cache entry), and the origin answers the
 * canonical form as it answers what the client sent: the same bytes for a 200, the same
 * status and error code otherwise (an error's message quotes the spelling it was given;
 * errors are `no-store`, never cached).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, type ServerProcess, spawnServer } from '../e2e/server.ts'
import { buildSample, tempDir } from '../helpers.ts'

type Query = Record<string, { value: string; multiValue?: { value: string }[] }>
interface ViewerRequest {
  method: string
  uri: string
  querystring: Query | string
  headers: Record<string, { value: string }>
  cookies: Record<string, never>
}

/** The file's handler, evaluated the way the runtime loads it (a script, no module). */
const handler = new Function(
  `${readFileSync(join(ROOT, 'deploy/cloudfront-query.js'), 'utf8')}\nreturn handler`,
)() as (event: { version: string; request: ViewerRequest }) => ViewerRequest

/** The event CloudFront makes of a raw query string (values kept percent-encoded). */
function eventOf(uri: string, rawQuery: string, accept?: string) {
  const querystring: Query = {}
  for (const part of rawQuery.split('&').filter(Boolean)) {
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : part.slice(eq + 1)
    const known = querystring[name]
    if (!known) querystring[name] = { value }
    else known.multiValue = [...(known.multiValue ?? [{ value: known.value }]), { value }]
  }
  const headers: Record<string, { value: string }> = { host: { value: 'd1.cloudfront.net' } }
  if (accept) headers.accept = { value: accept }
  return { version: '1.0', request: { method: 'GET', uri, querystring, headers, cookies: {} } }
}

/** What the cache key is made of after the function: the query and Accept. */
function canonical(path: string, accept?: string): { query: string; accept: string | null } {
  const [uri, raw = ''] = path.split('?')
  const out = handler(eventOf(uri, raw, accept))
  return { query: String(out.querystring), accept: out.headers.accept?.value ?? null }
}

describe('canonical forms', () => {
  test('parameter order, the case of region codes, uk for gb', () => {
    const forms = [
      '/rankings?region=US&limit=5',
      '/rankings?limit=5&region=us',
      '/rankings?limit=5&region=Us',
      '/rankings?region=uS&limit=5',
    ].map((p) => canonical(p).query)
    expect(new Set(forms)).toEqual(new Set(['limit=5&region=us']))
    expect(canonical('/artist?region=UK&name=Drake').query).toBe('name=Drake&region=gb')
    expect(canonical('/regions?').query).toBe('')
    expect(canonical('/dates?region=GLOBAL').query).toBe('region=global')
  })

  test('names, other values and percent-encoding are left as typed', () => {
    expect(canonical('/rankings?region=United%20States').query).toBe('region=United%20States')
    expect(canonical('/search?q=BEYONC%C3%A9').query).toBe('q=BEYONC%C3%A9')
    expect(canonical('/rankings?region=usa').query).toBe('region=usa')
  })

  test('empty, unknown and repeated parameters are kept for the origin to refuse', () => {
    expect(canonical('/rankings?region=US&date=').query).toBe('date=&region=us')
    expect(canonical('/rankings?region=us&bogus=1').query).toBe('bogus=1&region=us')
    expect(canonical('/rankings?region=us&region=gb').query).toBe('region=us&region=gb')
  })

  test('Accept: FlatBuffers, CSV or nothing', () => {
    expect(canonical('/rankings?region=us', 'application/x-flatbuffers').accept).toBe(
      'application/x-flatbuffers',
    )
    expect(canonical('/rankings?region=us', 'text/csv;q=0.9, */*;q=0.1').accept).toBe('text/csv')
    for (const browser of ['text/html,application/xhtml+xml,*/*;q=0.8', 'application/json', '*/*'])
      expect(canonical('/rankings?region=us', browser).accept).toBeNull()
    expect(canonical('/rankings?region=us').accept).toBeNull()
  })

  test('Accept q-values as the origin reads them: q=0 is no, the highest q wins', () => {
    const accept = (value: string) => canonical('/rankings?region=us', value).accept
    expect(accept('text/csv;q=0')).toBeNull()
    expect(accept('application/x-flatbuffers;q=0, text/csv')).toBe('text/csv')
    expect(accept('text/csv;q=0.5, application/json')).toBeNull()
    expect(accept('TEXT/CSV; q=1, */*;q=0.5')).toBe('text/csv')
    expect(accept('application/x-flatbuffers, text/csv')).toBe(
      'application/x-flatbuffers, text/csv;q=0.5',
    )
  })
})

describe('the origin answers the canonical form as it answers the original', () => {
  const tmp = tempDir()
  let server: ServerProcess
  beforeAll(async () => {
    const { indexDir } = await buildSample(tmp.dir, 4, 20)
    server = await spawnServer({ INDEX_DIR: indexDir })
  })
  afterAll(async () => {
    await server?.stop()
    tmp.cleanup()
  })

  const CASES: [string, string?][] = [
    ['/rankings?limit=5&region=US'],
    ['/rankings?region=GLOBAL&date=&limit=3&offset=1'],
    ['/rankings?region=UK&limit=2'],
    ['/rankings?region=Global&limit=4', 'text/csv, */*'],
    ['/rankings?region=Global&limit=4', 'application/x-flatbuffers'],
    ['/rankings?region=Global&limit=4', 'text/html,application/xhtml+xml,*/*;q=0.8'],
    ['/rankings?region=Global&limit=4', 'text/csv;q=0'],
    ['/rankings?region=Global&limit=4', 'text/csv;q=0.5, application/json'],
    ['/rankings?region=Global&limit=4', 'application/x-flatbuffers, text/csv'],
    ['/top/tracks?region=Global&limit=4', 'application/x-flatbuffers, text/csv'],
    ['/top/tracks?region=Global&limit=4', 'application/x-flatbuffers'],
    ['/top/tracks?region=Global&limit=4', 'text/csv;q=0.2, */*;q=0.1'],
    ['/dates?chart=viral50&region=Global'],
    ['/top/tracks?limit=3&region=GLOBAL&year='],
    ['/search?q=a&limit=3'],
    ['/rankings?region=nowhere&limit=2'],
    ['/rankings?region=us&bogus=1'],
    ['/rankings?region=us&region=gb'],
    ['/regions'],
  ]

  test('same status for every case; same bytes for a 200, same error code otherwise', async () => {
    for (const [path, accept] of CASES) {
      const uri = path.split('?')[0]
      const c = canonical(path, accept)
      const get = async (p: string, a: string | null) => {
        const res = await fetch(server.base + p, { headers: a ? { Accept: a } : {} })
        const bytes = Buffer.from(await res.arrayBuffer())
        const body =
          res.status === 200 ? bytes.toString('base64') : JSON.parse(bytes.toString()).error.code
        return { status: res.status, body }
      }
      const original = await get(path, accept ?? null)
      const rewritten = await get(c.query ? `${uri}?${c.query}` : uri, c.accept)
      expect({ path, accept, ...rewritten }).toEqual({ path, accept, ...original })
    }
  })
})
