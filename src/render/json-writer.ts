/**
 * Assembles JSON bodies as bytes: pre-rendered fragments from the index are copied in,
 * numbers and the few dynamic strings written directly. One buffer is reused across
 * requests (the handlers are synchronous); only the finished body is allocated.
 *
 * Performance (bench/README.md, CPU profile of /rankings): copying fragments with
 * `subarray` + `set` allocated a view per fragment and was the largest single cost;
 * `Buffer#copy` copies between buffers without one. Integers are written digit by digit
 * instead of through `String(n)`.
 */

import { isoFromDay } from '../../schema/format.ts'

const encoder = new TextEncoder()

/** UTF-8 bytes of a constant, prepared once (as a Buffer, so `raw` can copy it directly). */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8')
}

/**
 * A constant piece of JSON (a key, a literal) prepared to be written four bytes at a time:
 * its UTF-8 bytes as little-endian 32-bit words, the last one padded with zeros, and a writer
 * of its own with those words as constants (see `putLiteral`).
 */
export class Literal {
  readonly words: Uint32Array
  readonly length: number
  /** writes the literal at `pos` through `view`; returns the position after it */
  readonly put: (view: DataView, pos: number) => number

  constructor(text: string) {
    const bytes = bytesOf(text)
    const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4)
    bytes.copy(padded)
    this.words = new Uint32Array(padded.length / 4)
    for (let i = 0; i < this.words.length; i++) this.words[i] = padded.readUInt32LE(i * 4)
    this.length = bytes.length
    this.put = literalWriter(this)
  }
}

/**
 * A function that stores a Literal's words, each a constant in its code. Made with
 * `new Function` from numbers alone (no text of the literal reaches the code). A loop over the words cost ~8 ns a literal, this ~2 ns: a ranking writes ~1,600
 * (bench/RESULTS.md, "by hand", profiles item 1).
 */
function literalWriter(lit: Literal): (view: DataView, pos: number) => number {
  const stores = Array.from(
    lit.words,
    (word, i) => `view.setUint32(pos + ${i * 4}, ${word >>> 0}, true)`,
  )
  return new Function('view', 'pos', `${stores.join('\n')}\nreturn pos + ${lit.length}`) as (
    view: DataView,
    pos: number,
  ) => number
}

/** Bytes past a Literal's end that `putLiteral` may overwrite: leave this much room after it. */
export const LITERAL_SLACK = 3

/** The JSON literal `null`. */
export const NULL_JSON = new Literal('null')

/**
 * Writes a Literal at `pos` through `view` (a DataView of the output: the JIT turns
 * `setUint32` into one unaligned store) and returns the position after it. Whole words
 * are stored, so up to LITERAL_SLACK bytes after the literal are overwritten with zeros: the
 * caller writes on from the returned position. A per-byte loop cost ~1 ns a byte and a native
 * copy ~25 ns a call: for the ~90 constant bytes of a ranking entry words are far cheaper,
 * and words that are constants in the literal's own writer cheaper still (`literalWriter`).
 */
export function putLiteral(view: DataView, pos: number, lit: Literal): number {
  return lit.put(view, pos)
}

/**
 * Digits of 0 to 9,999 as little-endian 32-bit words, to be stored four bytes at once: without
 * leading zeros (DIGITS, with their count in DIGIT_COUNT) and padded to four (DIGITS_4).
 */
const DIGITS = new Uint32Array(10000)
const DIGITS_4 = new Uint32Array(10000)
const DIGIT_COUNT = new Uint8Array(10000)
for (let n = 0; n < 10000; n++) {
  const text = String(n)
  const padded = text.padStart(4, '0')
  for (let k = 0; k < 4; k++) {
    if (k < text.length) DIGITS[n] |= text.charCodeAt(k) << (8 * k)
    DIGITS_4[n] |= padded.charCodeAt(k) << (8 * k)
  }
  DIGIT_COUNT[n] = text.length
}

/** Bytes past a number's last digit that `putInt` may overwrite: leave this much room after it. */
export const INT_SLACK = 3

/**
 * Writes a non-negative safe integer at `pos` through `view` (a DataView of the output) and
 * returns the position after its last digit (at most 16 digits). Four digits at a time from
 * tables, one store each (so up to INT_SLACK bytes after the number are overwritten: the caller
 * writes on from the returned position); one division by 10,000 per further group of four.
 * A ranking writes ~1,600 numbers: a division per digit cost ~11 ns per number more
 * (bench/RESULTS.md, "by hand", profiles item 1).
 */
export function putInt(view: DataView, pos: number, n: number): number {
  if (n < 10000) {
    view.setUint32(pos, DIGITS[n], true)
    return pos + DIGIT_COUNT[n]
  }
  // floor of a quotient of doubles is exact here: below 2^53 a non-integral n / 10^4 lies at
  // least 10^-4 from an integer, more than half the spacing of doubles there (2^-13)
  const hi = Math.floor(n / 10000)
  const lo = n - hi * 10000
  if (hi < 10000) {
    view.setUint32(pos, DIGITS[hi], true)
    pos += DIGIT_COUNT[hi]
  } else {
    const top = Math.floor(hi / 10000)
    const mid = hi - top * 10000
    if (top < 10000) {
      view.setUint32(pos, DIGITS[top], true)
      pos += DIGIT_COUNT[top]
    } else {
      const first = Math.floor(top / 10000)
      view.setUint32(pos, DIGITS[first], true)
      pos += DIGIT_COUNT[first]
      view.setUint32(pos, DIGITS_4[top - first * 10000], true)
      pos += 4
    }
    view.setUint32(pos, DIGITS_4[mid], true)
    pos += 4
  }
  view.setUint32(pos, DIGITS_4[lo], true)
  return pos + 4
}

/** `YYYY-MM-DD` bytes of each day number an index can hold (u16), filled on first use. */
const ISO_DAYS = new Uint8Array(65536 * 10)

/** Writes the `YYYY-MM-DD` of a day number into `out` at `pos`; returns the new position. */
export function putIsoDay(out: Uint8Array, pos: number, day: number): number {
  const at = day * 10
  if (day >= 65536) {
    const iso = isoFromDay(day)
    for (let k = 0; k < 10; k++) out[pos + k] = iso.charCodeAt(k)
    return pos + 10
  }
  if (ISO_DAYS[at] === 0) {
    const iso = isoFromDay(day)
    for (let k = 0; k < 10; k++) ISO_DAYS[at + k] = iso.charCodeAt(k)
  }
  for (let k = 0; k < 10; k++) out[pos + k] = ISO_DAYS[at + k]
  return pos + 10
}

/** A reusable byte builder for JSON. */
export class JsonWriter {
  /** the buffer; hot loops may write into it directly between `reserve` and `advance` */
  buf = Buffer.allocUnsafe(256 * 1024)
  /** a DataView of `buf` for `putLiteral` (replaced with it) */
  view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
  pos = 0

  /** Starts a new body. */
  reset(): this {
    this.pos = 0
    return this
  }

  /** Makes room for n more bytes; returns the buffer to write into at `pos`. */
  reserve(n: number): Buffer {
    this.ensure(n)
    return this.buf
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength)
  }

  /** Writes a Literal. */
  literal(lit: Literal): this {
    this.ensure(lit.length + LITERAL_SLACK)
    this.pos = putLiteral(this.view, this.pos, lit)
    return this
  }

  /** Copies bytes[start, end) of a Buffer (a pool's view or a constant from `bytesOf`). */
  raw(bytes: Buffer, start = 0, end = bytes.length): this {
    this.ensure(end - start)
    this.pos += bytes.copy(this.buf, this.pos, start, end)
    return this
  }

  /** Writes ASCII text as is (keys, literals). */
  ascii(text: string): this {
    const n = text.length
    this.ensure(n)
    const buf = this.buf
    for (let i = 0; i < n; i++) buf[this.pos + i] = text.charCodeAt(i)
    this.pos += n
    return this
  }

  /** Writes a non-negative safe integer (digits written in place). */
  int(n: number): this {
    this.ensure(16 + INT_SLACK)
    this.pos = putInt(this.view, this.pos, n)
    return this
  }

  /** Writes text as UTF-8, as is (JSON already made, e.g. by JSON.stringify). */
  utf8(text: string): this {
    this.ensure(text.length * 3)
    this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written
    return this
  }

  /** Writes a JSON string literal (escaped). */
  str(text: string): this {
    const json = JSON.stringify(text)
    this.ensure(json.length * 3)
    this.pos += encoder.encodeInto(json, this.buf.subarray(this.pos)).written
    return this
  }

  /**
   * The finished body: a view of the writer's buffer, valid until the writer is used again
   * (the responder copies it into a Blob at once; copying here too would cost a second copy).
   */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }
}
