/**
 * The byte writers the bodies are made with, against the obvious computations: a Literal
 * written four bytes at a time equals its UTF-8 bytes, integers equal `String(n)`, days equal
 * `isoFromDay`, and a writer that grows keeps writing where it was.
 */
import { expect, test } from 'bun:test'
import { isoFromDay } from '../../../schema/format.ts'
import {
  INT_SLACK,
  JsonWriter,
  LITERAL_SLACK,
  Literal,
  putInt,
  putIsoDay,
  putLiteral,
} from '../../../src/render/json-writer.ts'
import { rng } from '../../helpers.ts'

const random = rng(2026)
const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')

test('a Literal writes its UTF-8 bytes, whatever its length and position, and no further than its slack', () => {
  const texts = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    ',"trend":null,"streams":',
    'Beyoncé',
    '"日本"',
    'x🎵y',
  ]
  for (let n = 0; n < 40; n++) texts.push('k'.repeat(n))
  const out = new Uint8Array(256)
  const view = new DataView(out.buffer)
  for (const text of texts) {
    for (const at of [0, 1, 2, 3, 7]) {
      out.fill(0xee)
      const end = putLiteral(view, at, new Literal(text))
      expect(end - at).toBe(Buffer.byteLength(text))
      expect(decode(out.subarray(at, end))).toBe(text)
      // nothing written before it, nor more than LITERAL_SLACK bytes after it
      expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true)
      const after = end + LITERAL_SLACK
      expect(out.subarray(after, after + 8).every((b) => b === 0xee)).toBe(true)
    }
  }
})

test('putInt writes String(n) for every digit count up to 2^53, and no further than its slack', () => {
  const out = new Uint8Array(40)
  const view = new DataView(out.buffer)
  const numbers = [0, 9, 10, 99, 100, 4294967295]
  for (let digits = 1; digits <= 15; digits++) numbers.push(10 ** digits - 1, 10 ** (digits - 1))
  for (let i = 0; i < 2000; i++) numbers.push(Math.floor(random() * 2 ** 32))
  numbers.push(2 ** 32, 2 ** 32 + 1, 21_000_000_000, Number.MAX_SAFE_INTEGER)
  for (let i = 0; i < 500; i++) numbers.push(Math.floor(random() * 2 ** 53))
  // every number up to 20,000; the last and first of each 4-digit group up to 2^53 (where
  // doubles are sparsest)
  for (let n = 0; n <= 20_000; n++) numbers.push(n)
  for (let i = 0; i < 2000; i++) {
    const k = Math.floor(random() * 2 ** 53) / 10000
    for (const step of [1e4, 1e8, 1e12]) {
      const base = Math.floor(k / (step / 1e4)) * step
      if (base - 1 >= 0 && base + 1 <= Number.MAX_SAFE_INTEGER)
        numbers.push(base - 1, base, base + 1)
    }
  }
  for (const [i, n] of numbers.entries()) {
    const at = i % 5
    out.fill(0xee)
    const end = putInt(view, at, n)
    expect(decode(out.subarray(at, end))).toBe(String(n))
    expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true)
    expect(out.subarray(end + INT_SLACK).every((b) => b === 0xee)).toBe(true)
  }
})

test('putIsoDay writes isoFromDay for any day number, the first time and from its table', () => {
  const out = new Uint8Array(16)
  const days = [0, 1, 17532, 19000, 65535, 65536, 80000]
  for (let i = 0; i < 500; i++) days.push(Math.floor(random() * 70000))
  for (const day of [...days, ...days]) {
    expect(putIsoDay(out, 3, day)).toBe(13)
    expect(decode(out.subarray(3, 13))).toBe(isoFromDay(day))
  }
})

test('a JsonWriter that outgrows its buffer keeps every byte and its DataView follows', () => {
  const w = new JsonWriter().reset()
  const lit = new Literal('{"key":"valeur é"},')
  const first = w.buf
  let expected = ''
  while (w.buf === first || expected.length < 600_000) {
    w.literal(lit)
      .int(expected.length % 1000)
      .ascii(';')
    expected += `{"key":"valeur é"},${expected.length % 1000};`
  }
  expect(w.view.buffer).toBe(w.buf.buffer)
  expect(w.view.byteLength).toBe(w.buf.byteLength)
  expect(decode(w.finish())).toBe(expected)
})
