/** Content negotiation: which encoding an Accept-Encoding header gets. */
import { expect, test } from 'bun:test'
import { negotiateEncoding } from '../../../src/http/encoding.ts'

test('Accept-Encoding picks br over gzip, honours q=0 and *, and falls back to identity', () => {
  expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
  expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
  expect(negotiateEncoding('*')).toBe('br')
  expect(negotiateEncoding('identity')).toBe('identity')
  expect(negotiateEncoding(null)).toBe('identity')
  // routes whose gzip is spliced take gzip first, when it is accepted
  expect(negotiateEncoding('gzip, deflate, br', true)).toBe('gzip')
  expect(negotiateEncoding('br', true)).toBe('br')
  expect(negotiateEncoding('gzip;q=0, br', true)).toBe('br')
})
