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

const encoder = new TextEncoder()

/** UTF-8 bytes of a constant, prepared once (as a Buffer, so `raw` can copy it directly). */
export function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'utf8')
}

/** The JSON literal `null`. */
export const NULL_JSON = bytesOf('null')

/** Copies a small constant into `out` at `pos` (a JS loop beats a native call below ~30 bytes); returns the new position. */
export function putBytes(out: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length
  for (let i = 0; i < n; i++) out[pos + i] = bytes[i]
  return pos + n
}

/** Writes a non-negative integer below 2^32 into `out` at `pos`; returns the new position. */
export function putInt(out: Uint8Array, pos: number, n: number): number {
  if (n < 10) {
    out[pos] = 48 + n
    return pos + 1
  }
  let digits =
    n < 100
      ? 2
      : n < 1000
        ? 3
        : n < 10000
          ? 4
          : n < 100000
            ? 5
            : n < 1000000
              ? 6
              : n < 10000000
                ? 7
                : n < 100000000
                  ? 8
                  : n < 1000000000
                    ? 9
                    : 10
  const end = pos + digits
  let x = n
  while (digits-- > 0) {
    const q = (x / 10) | 0
    out[pos + digits] = 48 + x - q * 10
    x = q
  }
  return end
}

/** A reusable byte builder for JSON. */
export class JsonWriter {
  /** the buffer; hot loops may write into it directly between `reserve` and `advance` */
  buf = Buffer.allocUnsafe(256 * 1024)
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

  /** Writes a non-negative integer below 2^32 (digits written in place, no string). */
  int(n: number): this {
    this.ensure(16)
    this.pos = putInt(this.buf, this.pos, n)
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
