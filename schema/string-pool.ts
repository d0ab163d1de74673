/**
 * Read side of a StringPool: strings stored once, back to back in UTF-8. Lookups compare
 * bytes in place (no decoding); `text` decodes one string when an answer needs it.
 */
import { lowerBound } from './lower-bound.ts'

/** A string pool over mapped bytes. */
export class Pool {
  /** Buffer view of the same bytes (zero copy): fast utf8 decoding and copying out. */
  readonly buf: Buffer

  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
  ) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Number of strings. */
  get count(): number {
    return this.offsets.length - 1
  }

  /** String i, decoded (one allocation). */
  text(i: number): string {
    return this.buf.toString('utf8', this.offsets[i], this.offsets[i + 1])
  }

  /** Byte length of string i. */
  size(i: number): number {
    return this.offsets[i + 1] - this.offsets[i]
  }

  /** Bytewise comparison of string i with q[0, qLen): <0, 0, >0. */
  compare(i: number, q: Uint8Array, qLen: number): number {
    const start = this.offsets[i]
    const len = this.offsets[i + 1] - start
    const n = Math.min(len, qLen)
    const b = this.bytes
    for (let k = 0; k < n; k++) {
      const d = b[start + k] - q[k]
      if (d !== 0) return d
    }
    return len - qLen
  }

  /** Whether string i starts with q[0, qLen). */
  startsWith(i: number, q: Uint8Array, qLen: number): boolean {
    const start = this.offsets[i]
    if (this.offsets[i + 1] - start < qLen) return false
    const b = this.bytes
    for (let k = 0; k < qLen; k++) if (b[start + k] !== q[k]) return false
    return true
  }

  /** First i whose string is >= q (the pool is sorted bytewise). O(log n) comparisons. */
  lowerBound(q: Uint8Array, qLen: number): number {
    return lowerBound(0, this.count, (i) => this.compare(i, q, qLen) < 0)
  }

  /** Index of the string equal to q, or -1 (sorted pools only). */
  find(q: Uint8Array, qLen: number): number {
    const i = this.lowerBound(q, qLen)
    return i < this.count && this.compare(i, q, qLen) === 0 ? i : -1
  }
}

const encoder = new TextEncoder()
const scratch = new Uint8Array(4096)

/**
 * UTF-8 bytes of a (normalised) query in a shared scratch buffer: valid until the next
 * call, so use it before yielding. Queries are capped well below its size by validation.
 */
export function queryBytes(text: string): { bytes: Uint8Array; length: number } {
  const { written } = encoder.encodeInto(text, scratch)
  return { bytes: scratch, length: written }
}
