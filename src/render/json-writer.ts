/**
 * Assembles JSON bodies as bytes: pre-rendered fragments from the index are copied in,
 * numbers and the few dynamic strings written directly. One buffer is reused across
 * requests (the handlers are synchronous); only the finished body is allocated.
 */

const encoder = new TextEncoder()

/** UTF-8 bytes of a constant, prepared once. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text)
}

/** A reusable byte builder for JSON. */
export class JsonWriter {
  private buf = new Uint8Array(256 * 1024)
  private pos = 0

  /** Starts a new body. */
  reset(): this {
    this.pos = 0
    return this
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
  }

  /** Copies bytes[start, end). */
  raw(bytes: Uint8Array, start = 0, end = bytes.length): this {
    const n = end - start
    this.ensure(n)
    this.buf.set(bytes.subarray(start, end), this.pos)
    this.pos += n
    return this
  }

  /** Writes ASCII text as is (keys, literals, numbers). */
  ascii(text: string): this {
    const n = text.length
    this.ensure(n)
    for (let i = 0; i < n; i++) this.buf[this.pos + i] = text.charCodeAt(i)
    this.pos += n
    return this
  }

  /** Writes a non-negative or negative integer. */
  int(n: number): this {
    return this.ascii(String(n))
  }

  /** Writes a JSON string literal (escaped). */
  str(text: string): this {
    const json = JSON.stringify(text)
    this.ensure(json.length * 3)
    this.pos += encoder.encodeInto(json, this.buf.subarray(this.pos)).written
    return this
  }

  /** The finished body (a copy: the buffer is reused). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }
}
