/**
 * The one cache type: bounded by weight, least recently used out first, and, once full,
 * admitting a new key only when it is asked for more often than the entry it would evict.
 */
import { describe, expect, test } from 'bun:test'
import { BoundedCache } from '../../src/bounded-cache.ts'

describe('BoundedCache', () => {
  test('evicts the least recently used past its bound; refuses entries over an eighth of it', () => {
    const cache = new BoundedCache<string>(8000)
    cache.set('a', 'A', 1000)
    cache.set('b', 'B', 1000)
    cache.get('a')
    // make the newcomers more frequent than a and b so that they are admitted
    for (let i = 0; i < 7; i++) {
      cache.get(`c${i}`)
      cache.get(`c${i}`)
      cache.get(`c${i}`)
      cache.set(`c${i}`, 'C', 1000)
    }
    expect(cache.weight).toBeLessThanOrEqual(8000)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.set('huge', 'H', 1001)).toBe(false)
    expect(cache.get('huge')).toBeUndefined()
  })

  // what the admission is for: with uniform random keys 40× more numerous than the cache
  // holds, plain LRU would store (and throw away) an answer on nearly every miss
  test('random keys beyond its size: few admissions; a hot key: admitted at once and kept', () => {
    const cache = new BoundedCache<number>(100)
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x80000000
    }
    let stored = 0
    let misses = 0
    let hotMisses = 0
    for (let i = 0; i < 40_000; i++) {
      const hot = i % 10 === 0
      const key = hot ? 'hot' : `k${Math.floor(random() * 4000)}`
      if (cache.get(key) !== undefined) continue
      if (hot) hotMisses++
      else misses++
      if (cache.set(key, i)) stored++
    }
    expect(hotMisses).toBeLessThanOrEqual(2)
    expect(cache.get('hot')).toBeDefined()
    // LRU would store every one of the ~36 k misses
    expect(stored / misses).toBeLessThan(0.2)
  })
})
