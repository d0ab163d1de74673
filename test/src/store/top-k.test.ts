/** The shared top-K and lowerBound against naive computations (sort and slice; linear scan). */
import { expect, test } from 'bun:test'
import { lowerBound } from '../../../schema/lower-bound.ts'
import { TopK } from '../../../src/store/top-k.ts'
import { rng } from '../../helpers.ts'

const random = rng(77)

test('TopK keeps the best `limit` items in order, for any limit and ties', () => {
  const better = (a: { s: number; id: number }, b: { s: number; id: number }) =>
    a.s > b.s || (a.s === b.s && a.id < b.id)
  for (let round = 0; round < 200; round++) {
    const n = Math.floor(random() * 300)
    const limit = Math.floor(random() * 60)
    const items = Array.from({ length: n }, (_, id) => ({ s: Math.floor(random() * 20), id }))
    const top = new TopK(limit, better)
    for (const item of items) top.offer(item)
    const want = [...items].sort((a, b) => b.s - a.s || a.id - b.id).slice(0, limit)
    expect(top.items).toEqual(want)
    expect(top.worst).toEqual(want.length === limit && limit > 0 ? want[limit - 1] : undefined)
  }
})

test('lowerBound finds the first element not before the key, in any sub-range', () => {
  for (let round = 0; round < 300; round++) {
    const xs = Array.from({ length: Math.floor(random() * 50) }, () => Math.floor(random() * 30))
    xs.sort((a, b) => a - b)
    const lo = Math.floor(random() * (xs.length + 1))
    const hi = lo + Math.floor(random() * (xs.length - lo + 1))
    const key = Math.floor(random() * 32) - 1
    let want = lo
    while (want < hi && xs[want] < key) want++
    expect(lowerBound(lo, hi, (i) => xs[i] < key)).toBe(want)
  }
})
