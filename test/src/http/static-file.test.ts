/**
 * Static files precompressed once (src/http/static-file.ts): each encoding a client may ask
 * for inflates to the file itself, the smallest encoders' output is what goes out, a small
 * file goes out as it is, and the encodings are made once.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { StaticFile } from '../../../src/http/static-file.ts'

const UPLOT = join(import.meta.dir, '../../../node_modules/uplot/dist/uPlot.iife.min.js')

async function fetched(file: StaticFile, acceptEncoding: string | null) {
  const res = await file.respond(acceptEncoding)
  return {
    encoding: res.headers.get('content-encoding'),
    vary: res.headers.get('vary'),
    type: res.headers.get('content-type'),
    bytes: Buffer.from(await res.arrayBuffer()),
  }
}

describe('a static file', () => {
  const original = readFileSync(UPLOT)
  const file = new StaticFile({ path: UPLOT }, 'text/javascript; charset=utf-8', 'public')

  test('br, gzip and identity as the client asks, each the file itself once inflated', async () => {
    const br = await fetched(file, 'gzip, deflate, br')
    expect([br.encoding, br.vary, br.type]).toEqual([
      'br',
      'Accept-Encoding',
      'text/javascript; charset=utf-8',
    ])
    expect(brotliDecompressSync(br.bytes).equals(original)).toBe(true)
    const gzip = await fetched(file, 'gzip')
    expect(gzip.encoding).toBe('gzip')
    expect(gunzipSync(gzip.bytes).equals(original)).toBe(true)
    // compressed at a level no request path affords: smaller than zlib's best
    expect(gzip.bytes.length).toBeLessThan(gzipSync(original, { level: 9 }).length)
    expect(br.bytes.length).toBeLessThan(gzip.bytes.length)
    for (const none of [null, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await fetched(file, none)
      expect([plain.encoding, plain.bytes.equals(original)]).toEqual([null, true])
    }
  })

  test('made once: the same bytes every time', async () => {
    const a = await (await file.respond('br')).arrayBuffer()
    const b = await (await file.respond('br')).arrayBuffer()
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  test('a small file goes out as it is, with no Vary', async () => {
    const small = new StaticFile({ text: '<svg/>' }, 'image/svg+xml', 'public')
    const res = await fetched(small, 'gzip, br')
    expect([res.encoding, res.vary, res.bytes.toString()]).toEqual([null, null, '<svg/>'])
  })
})
