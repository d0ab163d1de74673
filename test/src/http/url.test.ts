/** URL reading by index arithmetic: the path and query of any request URL. */
import { describe, expect, test } from 'bun:test'
import { pathStart, splitUrl } from '../../../src/http/url.ts'

describe('URL reading', () => {
  test('the path whatever the Host, and for bare paths', () => {
    for (const url of [
      'http://api/things?a=1',
      'http://x/things?a=1',
      '/things?a=1',
      'http://localhost:3000/things?a=1',
    ])
      expect(splitUrl(url)).toEqual({ path: '/things', query: 'a=1' })
    expect(splitUrl('http://x')).toEqual({ path: '/', query: '' })
    expect(pathStart('http://a.bc/x')).toBe(11)
  })
})
