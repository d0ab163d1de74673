/**
 * Compressed answers over HTTP equal the identity answers byte for byte (node:zlib): gzip
 * (stored for default rankings, compressed per answer for other pages) and br, random rankings of the sample and of a
 * wide-shape catalog, with the answer cache and without it (CACHE_MB=0), each asked twice.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { SCALES } from '../../build/synthetic.ts'
import { isoFromDay } from '../../schema/format.ts'
import { COMPRESS_MIN_BYTES } from '../../src/http/encoding.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { buildSample, buildWide, rng, tempDir } from '../helpers.ts'
import { type ServerProcess, spawnServer } from './server.ts'

const tmp = tempDir()
const dirs: Record<string, string> = {}

beforeAll(async () => {
  dirs.sample = (await buildSample(join(tmp.dir, 'sample'), 6, 30, 5)).indexDir
  dirs.wide = await buildWide(
    tmp.dir,
    { ...SCALES.tiny, regions: 6, days: 30, releasesPerDay: 60 },
    13,
  )
}, 120_000)
afterAll(() => tmp.cleanup())

/** Random /rankings paths of an index: any region, date and chart, some with limit and offset. */
function rankingPaths(dir: string, n: number, seed: number): string[] {
  const index = openIndex(dir)
  const random = rng(seed)
  return Array.from({ length: n }, () => {
    const name = random() < 0.7 ? 'top200' : 'viral50'
    const chart = index.charts[name]
    const pos = Math.floor(random() * chart.dates.length)
    let region = 0
    while (chart.regionDateOffsets[region + 1] <= pos) region++
    const page = random() < 0.3 ? `&offset=${Math.floor(random() * 40)}&limit=120` : ''
    return `/rankings?region=${encodeURIComponent(index.regions.text(region))}&date=${isoFromDay(chart.dates[pos])}&chart=${name}${page}`
  })
}

async function raw(base: string, path: string, encoding: string) {
  const res = await fetch(base + path, {
    headers: { 'Accept-Encoding': encoding },
    decompress: false,
  } as RequestInit)
  expect(res.status).toBe(200)
  return {
    encoding: res.headers.get('content-encoding'),
    bytes: Buffer.from(await res.arrayBuffer()),
  }
}

for (const name of ['sample', 'wide']) {
  for (const cache of ['on', 'off']) {
    describe(`${name} catalog, answer cache ${cache}`, () => {
      let server: ServerProcess
      beforeAll(async () => {
        server = await spawnServer({
          INDEX_DIR: dirs[name],
          ...(cache === 'off' ? { CACHE_MB: '0' } : {}),
        })
      })
      afterAll(() => server.stop())

      test("a browser's `gzip, deflate, br`: gzip for rankings (stored), br for other answers", async () => {
        const ranking = rankingPaths(dirs[name], 1, 5)[0].replace(/&offset=.*$/, '')
        expect(ranking).toContain('chart=')
        expect((await raw(server.base, ranking, 'gzip, deflate, br')).encoding).toBe('gzip')
        // /tracks' filtered rows: the same rows as a list (not stored)
        const rows = ranking.replace('/rankings?', '/tracks?').replace(/&chart=.*$/, '')
        expect((await raw(server.base, rows, 'gzip, deflate, br')).encoding).toBe('br')
      })

      test('every gzip and br answer of 60 random rankings, asked twice, inflates to the identity body', async () => {
        const paths = rankingPaths(dirs[name], 60, name === 'wide' ? 21 : 22)
        const identity = new Map<string, Buffer>()
        for (const path of paths)
          identity.set(path, (await raw(server.base, path, 'identity')).bytes)
        for (let round = 0; round < 2; round++) {
          for (const path of paths) {
            const plain = identity.get(path)!
            for (const [encoding, inflate] of [
              ['gzip, deflate', gunzipSync],
              ['br', brotliDecompressSync],
            ] as const) {
              const answer = await raw(server.base, path, encoding)
              if (plain.length <= COMPRESS_MIN_BYTES) {
                expect(answer.encoding).toBeNull()
                continue
              }
              expect(answer.encoding).toBe(encoding === 'br' ? 'br' : 'gzip')
              expect(inflate(answer.bytes).equals(plain)).toBe(true)
            }
          }
        }
      })
    })
  }
}
