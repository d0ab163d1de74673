/**
 * The one cache type of the service: entries by string key, bounded by a total weight (bytes
 * for answers, 1 per entry for memos), least recently used out first, with TinyLFU admission
 * once full: a new key enters only when it has been asked for more often than the entry it
 * would push out. Every lookup counts the key in a small count-min sketch (four 8-bit counters
 * per key, halved every `8 × width` lookups so that old popularity fades).
 *
 * Why admission: under random keys far more numerous than the cache holds (20 k rankings of
 * 58 KB against 32 MB), plain LRU admits every answer and evicts it before its next request,
 * paying the copy into the cache for nothing; a hot key still gets in at its second or third
 * request (test/src/bounded-cache.test.ts counts both).
 */

const ROWS = 4

/** A bounded LRU map with frequency-gated admission. */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; weight: number }>()
  private total = 0
  private readonly counters: Uint8Array
  private readonly mask: number
  private lookups = 0
  private readonly resetEvery: number

  /**
   * @param maxWeight the bound (0: nothing is kept)
   * @param sketchWidth counters per row, a power of two well above the keys a window sees
   */
  constructor(
    readonly maxWeight: number,
    sketchWidth = 1 << 14,
  ) {
    this.counters = new Uint8Array(sketchWidth * ROWS)
    this.mask = sketchWidth - 1
    this.resetEvery = sketchWidth * 8
  }

  /** The value under key (now most recently used), or undefined; counts the lookup. */
  get(key: string): V | undefined {
    this.count(key)
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Whether `set(key, …, weight)` would keep the entry (so the caller can skip making it). */
  admits(key: string, weight: number): boolean {
    if (weight > this.maxWeight / 8) return false
    if (this.total + weight <= this.maxWeight) return true
    const victim = this.entries.keys().next().value
    return victim === undefined || this.frequency(key) > this.frequency(victim)
  }

  /** Stores an entry if admitted, evicting the least recently used past the bound. */
  set(key: string, value: V, weight = 1): boolean {
    const old = this.entries.get(key)
    if (old !== undefined) {
      this.entries.delete(key)
      this.total -= old.weight
    } else if (!this.admits(key, weight)) return false
    this.entries.set(key, { value, weight })
    this.total += weight
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxWeight) break
      this.entries.delete(k)
      this.total -= v.weight
    }
    return true
  }

  /** Drops every entry (the frequencies stay: they describe the clients, not the data). */
  clear(): void {
    this.entries.clear()
    this.total = 0
  }

  /** Total weight held. */
  get weight(): number {
    return this.total
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size
  }

  private count(key: string): void {
    const h1 = Bun.hash.murmur32v3(key) >>> 0
    const h2 = ((h1 >>> 17) | (h1 << 15) | 1) >>> 0
    const c = this.counters
    for (let i = 0; i < ROWS; i++) {
      const at = i * (this.mask + 1) + ((h1 + i * h2) & this.mask)
      if (c[at] < 255) c[at]++
    }
    if (++this.lookups >= this.resetEvery) {
      this.lookups = 0
      for (let i = 0; i < c.length; i++) c[i] >>>= 1
    }
  }

  /** Estimated lookups of key in the current window (the least of its counters). */
  frequency(key: string): number {
    const h1 = Bun.hash.murmur32v3(key) >>> 0
    const h2 = ((h1 >>> 17) | (h1 << 15) | 1) >>> 0
    let least = 255
    for (let i = 0; i < ROWS; i++) {
      const n = this.counters[i * (this.mask + 1) + ((h1 + i * h2) & this.mask)]
      if (n < least) least = n
    }
    return least
  }
}
