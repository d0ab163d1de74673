/**
 * Spliced gzip (src/render/gzip-splice.ts): every answer inflates (node:zlib) to exactly the
 * identity body it was spliced for: random rankings of the sample and of a wide-shape
 * catalog, and a seeded fuzz of the encoder over random pools, bodies, Literals and codes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { SCALES } from '../../../build/synthetic.ts'
import { csvFromJson, listShape } from '../../../src/render/csv.ts'
import { BitWriter, codeLengths, DeflateCode } from '../../../src/render/deflate-code.ts'
import { renderForGzip, splicedGzip, splicerOf } from '../../../src/render/gzip-splice.ts'
import { GzipSplicer, SAMPLE_BODIES } from '../../../src/render/gzip-splicer.ts'
import {
  type BodyLayout,
  CodeWriter,
  type LiteralTokens,
  walkTokens,
} from '../../../src/render/gzip-tokens.ts'
import { type RankingQuery, rankingJson } from '../../../src/render/ranking.ts'
import { type Index, openIndex } from '../../../src/store/open-index.ts'
import { rankingRange } from '../../../src/store/rankings.ts'
import { buildSample, buildWide, rng, tempDir } from '../../helpers.ts'

const tmp = tempDir()
const indexes: Record<string, Index> = {}

beforeAll(async () => {
  indexes.sample = openIndex((await buildSample(join(tmp.dir, 'sample'))).indexDir)
  indexes.wide = openIndex(
    await buildWide(tmp.dir, { ...SCALES.small, regions: 8, days: 40, releasesPerDay: 100 }, 11),
  )
}, 120_000)
afterAll(() => tmp.cleanup())

/** A random ranking query of an index: any chart, region, date, offset and limit. */
function randomQuery(index: Index, random: () => number): RankingQuery {
  const chart = random() < 0.7 ? index.charts.top200 : index.charts.viral50
  const datePos = Math.floor(random() * chart.dates.length)
  let region = 0
  while (chart.regionDateOffsets[region + 1] <= datePos) region++
  const whole = random() < 0.6
  const offset = whole ? 0 : Math.floor(random() * 60)
  const limit = whole ? 200 : 1 + Math.floor(random() * 120)
  return { chart, region, datePos, offset, limit, ...rankingRange(chart, datePos, offset, limit) }
}

describe('spliced gzip of rankings', () => {
  for (const name of ['sample', 'wide']) {
    test(`${name}: 400 random rankings inflate to their identity bodies, within 1.5× a whole-body gzip -1`, () => {
      const index = indexes[name]
      const random = rng(name === 'wide' ? 3 : 4)
      let spliced = 0
      let learned = 0
      let bytes = 0
      let whole = 0
      for (let i = 0; i < 400; i++) {
        const q = randomQuery(index, random)
        const body = renderForGzip(() => rankingJson(index, q))
        const identity = Buffer.from(body)
        const gz = splicedGzip(body)
        if (gz === null) {
          learned++
          continue
        }
        spliced++
        expect(gunzipSync(gz).equals(identity)).toBe(true)
        bytes += gz.length
        whole += gzipSync(identity, { level: 1 }).length
      }
      // the first SAMPLE_BODIES bodies choose the code (compressed whole meanwhile)
      expect(learned).toBe(SAMPLE_BODIES)
      expect(spliced).toBe(400 - SAMPLE_BODIES)
      expect(bytes).toBeLessThan(whole * 1.5)
    })
  }

  test('encoded ahead (in the background in the server), every fragment is kept: answers encode none anew', () => {
    const index = indexes.wide
    const sp = splicerOf(index.trackJson)
    expect(sp.ready).toBe(true)
    while (sp.encodeAhead(50)) {}
    const kept = sp.keptBytes
    expect(kept).toBeGreaterThan(0)
    const random = rng(8)
    for (let i = 0; i < 50; i++) {
      const q = randomQuery(index, random)
      const body = renderForGzip(() => rankingJson(index, q))
      const identity = Buffer.from(body)
      expect(gunzipSync(splicedGzip(body)!).equals(identity)).toBe(true)
    }
    expect(sp.keptBytes).toBe(kept)
  })

  test('a body that is not the one rendered (CSV made from it) is not spliced', () => {
    const index = indexes.sample
    const q = randomQuery(index, rng(9))
    const shape = listShape('entries', ['rank', 'trackId'], { context: [], name: () => [] })
    const csv = renderForGzip(() => csvFromJson(rankingJson(index, q), shape).bytes)
    expect(splicedGzip(csv)).toBeNull()
  })
})

/** A random byte: mostly JSON-ish ASCII, some UTF-8 lead and continuation bytes. */
function randomByte(random: () => number): number {
  const r = random()
  if (r < 0.6) return 32 + Math.floor(random() * 95)
  if (r < 0.8) return 48 + Math.floor(random() * 10)
  return 128 + Math.floor(random() * 128)
}

/**
 * The gzip file the counting walk (walkTokens, which chooses the code) describes: header, the
 * code, the walk's tokens written as bits, end of block, trailer. The splicer's writer makes
 * the same choices in its own inlined loop; this is what holds them together.
 */
function walkedGzip(
  splicer: GzipSplicer,
  code: DeflateCode,
  body: Uint8Array,
  layout: BodyLayout,
  tokens: LiteralTokens,
): Buffer {
  const bits = new BitWriter(body.length + 1024)
  for (const b of [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]) bits.put(b, 8)
  bits.splice(code.header, 0, code.headerBits)
  expect(walkTokens(splicer, body, layout, tokens, new CodeWriter(code, bits))).toBe(true)
  bits.put(code.eobBits, code.eobCount)
  const length = bits.flushBytes()
  const out = Buffer.alloc(length + 8)
  Buffer.from(bits.out.buffer).copy(out, 0, 0, length)
  out.writeUInt32LE(Bun.hash.crc32(body) >>> 0, length)
  out.writeUInt32LE(body.length, length + 4)
  return out
}

describe('encoder fuzz (seeded)', () => {
  test('random pools, bodies, Literals and codes: every answer inflates to its body and is, bit for bit, what the counting walk chose', () => {
    const random = rng(20261130)
    for (let round = 0; round < 60; round++) {
      // a pool: fragments sharing a prefix (most of them), with repeats inside
      const prefix = Array.from({ length: Math.floor(random() * 14) }, () => randomByte(random))
      const fragments: number[][] = []
      for (let f = 0; f < 40; f++) {
        const own = Array.from({ length: Math.floor(random() * 300) }, () => randomByte(random))
        if (own.length > 20 && random() < 0.5)
          own.push(...own.slice(3, 3 + Math.floor(random() * 17)))
        fragments.push(random() < 0.9 ? [...prefix, ...own] : own)
      }
      const offsets = new Uint32Array(fragments.length + 1)
      fragments.forEach((f, i) => {
        offsets[i + 1] = offsets[i] + f.length
      })
      const pool = { bytes: Uint8Array.from(fragments.flat()), offsets }
      const splicer = new GzipSplicer(pool)
      // a code: random counts (every symbol keeps a code), or learned from bodies
      const trained = random() < 0.5
      let code: DeflateCode | null = null
      if (!trained) {
        const litlen = Array.from({ length: 286 }, () => Math.floor(random() ** 4 * 10_000))
        const dist = Array.from({ length: 30 }, () => Math.floor(random() ** 3 * 1000))
        code = new DeflateCode(litlen, dist)
        splicer.useCode(code)
      }
      const literals = Array.from({ length: 6 }, () =>
        Array.from({ length: 1 + Math.floor(random() * 40) }, () => randomByte(random)),
      )
      for (let b = 0; b < (trained ? SAMPLE_BODIES + 8 : 8); b++) {
        const body: number[] = []
        const ids: number[] = []
        const at: number[] = []
        const log: number[] = []
        const parts = Math.floor(random() * 80)
        for (let p = 0; p < parts; p++) {
          const r = random()
          if (r < 0.4) {
            const id = Math.floor(random() * fragments.length)
            ids.push(id)
            at.push(body.length)
            body.push(...fragments[id])
          } else if (r < 0.8) {
            const id = Math.floor(random() * literals.length)
            log.push(id, body.length, literals[id].length)
            body.push(...literals[id])
          } else {
            const gap = Math.floor(random() * (random() < 0.1 ? 3000 : 12))
            for (let g = 0; g < gap; g++) body.push(randomByte(random))
          }
        }
        const bytes = Uint8Array.from(body)
        const layout = { n: ids.length, ids: Int32Array.from(ids), at: Int32Array.from(at) }
        const tokens = { n: log.length / 3, entries: Int32Array.from(log) }
        if (!splicer.ready) {
          splicer.observe(bytes, layout, tokens)
          continue
        }
        const gz = splicer.gzip(bytes, layout, tokens)
        expect(gz).not.toBeNull()
        expect(gunzipSync(gz!).equals(Buffer.from(bytes))).toBe(true)
        // the writer chose what the counting walk chose, bit for bit
        if (code)
          expect(Buffer.from(gz!).equals(walkedGzip(splicer, code, bytes, layout, tokens))).toBe(
            true,
          )
      }
      expect(splicer.ready).toBe(true)
    }
  })

  test('overlapping tokens (a writer that went back over its output) are refused, not encoded', () => {
    const pool = {
      bytes: new TextEncoder().encode('"a":1"b":2'),
      offsets: Uint32Array.of(0, 5, 10),
    }
    const splicer = new GzipSplicer(pool)
    splicer.useCode(new DeflateCode([], []))
    const body = new TextEncoder().encode('["a":1,"b":2]')
    const layout = { n: 2, ids: Int32Array.of(0, 1), at: Int32Array.of(1, 4) }
    expect(splicer.gzip(body, layout, { n: 0, entries: new Int32Array(0) })).toBeNull()
    const ok = { n: 2, ids: Int32Array.of(0, 1), at: Int32Array.of(1, 7) }
    const gz = splicer.gzip(body, ok, { n: 0, entries: new Int32Array(0) })
    expect(gunzipSync(gz!).toString()).toBe('["a":1,"b":2]')
  })

  test('code lengths never pass their limit, whatever the counts', () => {
    const random = rng(5)
    for (let round = 0; round < 12; round++) {
      const counts = Array.from({ length: 286 }, () => Math.floor(random() ** 12 * 1e9))
      const lengths = codeLengths(
        counts.map((c) => Math.max(1, c)),
        15,
      )
      expect(Math.max(...lengths)).toBeLessThanOrEqual(15)
      // a complete prefix code: Kraft sum exactly 1
      expect(lengths.reduce((sum, l) => sum + 2 ** -l, 0)).toBeCloseTo(1, 12)
    }
  })
})
