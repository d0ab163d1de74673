/** Content negotiation: which encoding an Accept-Encoding header gets. */
import { expect, test } from 'bun:test'
import { type Encoding, negotiateEncoding } from '../../../src/http/encoding.ts'

test('Accept-Encoding picks br over gzip, honours q=0 and *, and falls back to identity', () => {
  expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
  expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
  expect(negotiateEncoding('*')).toBe('br')
  expect(negotiateEncoding('identity')).toBe('identity')
  expect(negotiateEncoding(null)).toBe('identity')
  // routes whose gzip is stored take gzip first, when it is accepted
  expect(negotiateEncoding('gzip, deflate, br', true)).toBe('gzip')
  expect(negotiateEncoding('br', true)).toBe('br')
  expect(negotiateEncoding('gzip;q=0, br', true)).toBe('br')
})

test('a value asked again gets the same choice, past the memo bound and for long values', () => {
  // 600 distinct values (the memo keeps 256 at a time) of four kinds, each asked for both
  // route kinds, twice: [value, choice, choice where gzip comes first]
  const kinds: ((i: number) => [string, Encoding, Encoding])[] = [
    (i: number) => [`gzip;q=0, br;q=0, x-${i}`, 'identity', 'identity'],
    (i: number) => [`br, x-${i}`, 'br', 'br'],
    (i: number) => [`x-${i}, gzip`, 'gzip', 'gzip'],
    (i: number) => [`gzip, br, x-${i}`, 'br', 'gzip'],
  ]
  const cases = Array.from({ length: 600 }, (_, i) => kinds[i % 4](i))
  for (let pass = 0; pass < 2; pass++) {
    for (const [value, choice, gzipFirst] of cases) {
      expect(negotiateEncoding(value, false)).toBe(choice)
      expect(negotiateEncoding(value, true)).toBe(gzipFirst)
    }
  }
  const long = `${'x-long-token, '.repeat(40)}br`
  expect(long.length).toBeGreaterThan(256)
  expect(negotiateEncoding(long)).toBe('br')
  expect(negotiateEncoding(long, true)).toBe('br')
})
