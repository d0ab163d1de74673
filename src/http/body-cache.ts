/**
 * Finished response bodies by ETag and encoding, least recently used first out, bounded
 * in bytes. The index is immutable per build and the ETag carries the build id, so an
 * entry never goes stale; a swap clears the cache to free the old build's bodies.
 * It pays for hot keys and, above all, for compressed bodies (brotli costs far more
 * than assembling the JSON: see bench/README.md).
 */
/** A finished body and the content coding it is in. */
export interface CachedBody {
  bytes: Uint8Array
  encoding: 'br' | 'gzip' | 'identity'
}

export class BodyCache {
  private readonly entries = new Map<string, CachedBody>()
  private bytes = 0

  constructor(private readonly maxBytes: number) {}

  /** The body stored under key (refreshing its recency), or undefined. */
  get(key: string): CachedBody | undefined {
    const body = this.entries.get(key)
    if (body !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, body)
    }
    return body
  }

  /** Stores a body, evicting the least recently used ones past the byte budget. */
  set(key: string, body: CachedBody): void {
    if (body.bytes.byteLength > this.maxBytes / 8) return
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= old.bytes.byteLength
      this.entries.delete(key)
    }
    this.entries.set(key, body)
    this.bytes += body.bytes.byteLength
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= v.bytes.byteLength
    }
  }

  /** Drops everything. */
  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes
  }
}
