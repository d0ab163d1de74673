/** A growable vector of fixed-size, 8-byte aligned structs, written through StructViews64. */
import { StructViews64 } from '../schema/list-rows.ts'

/** Structs of `size` bytes appended at `count` (written through the views `reserve` returns). */
export class StructBuffer {
  bytes: Uint8Array
  views: StructViews64
  count = 0
  constructor(private readonly size: number) {
    this.bytes = new Uint8Array(1024 * size)
    this.views = new StructViews64(this.bytes)
  }
  /** Makes room for n more structs; returns the views to write them through. */
  reserve(n: number): StructViews64 {
    if ((this.count + n) * this.size > this.bytes.length) {
      let capacity = this.bytes.length * 2
      while ((this.count + n) * this.size > capacity) capacity *= 2
      const grown = new Uint8Array(capacity)
      grown.set(this.bytes)
      this.bytes = grown
      this.views = new StructViews64(grown)
    }
    return this.views
  }
  /** The structs written, as bytes of their own (8-byte aligned) buffer. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.count * this.size)
  }
}
