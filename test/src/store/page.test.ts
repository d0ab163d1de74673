/** pageRange, the one paging rule, against slicing an array (every offset and limit near the edges). */
import { expect, test } from 'bun:test'
import { pageRange } from '../../../src/store/page.ts'

test('pageRange equals Array.slice(offset, offset + limit) of the list, wherever the list starts', () => {
  for (const first of [0, 7]) {
    for (const length of [0, 1, 5, 12]) {
      const list = Array.from({ length }, (_, i) => first + i)
      for (let offset = 0; offset <= length + 2; offset++) {
        for (let limit = 1; limit <= length + 2; limit++) {
          const { total, start, end } = pageRange(first, first + length, offset, limit)
          const rows = Array.from({ length: end - start }, (_, i) => start + i)
          expect(rows).toEqual(list.slice(offset, offset + limit))
          expect(total).toBe(length)
          expect(start >= first && end <= first + length && start <= end).toBe(true)
        }
      }
    }
  }
})
