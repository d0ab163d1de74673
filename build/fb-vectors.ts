/**
 * Bulk vector writers for the FlatBuffers builder. The generated `createXVector` helpers
 * add elements one call at a time; these copy a typed array's bytes in one `set`, which is
 * what makes writing 26 M chart rows take a moment rather than minutes. FlatBuffers is
 * little-endian, as are the machines we build on (checked once, below).
 */
import { Builder } from 'flatbuffers'
import { StringPool } from '../schema/generated/charts/fb/string-pool.ts'

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('fb: this machine is big-endian; the index writer needs a little-endian one')
}

/** The builder's private fields and methods these helpers touch. */
interface BuilderInternals {
  space: number
  minalign: number
  vector_num_elems: number
  bb: { bytes(): Uint8Array; capacity(): number }
  notNested(): void
  pad(bytes: number): void
}

/** Bytes a builder needs for these vectors (each with its length word and padding). */
export function vectorsSize(arrays: ArrayBufferView[]): number {
  return arrays.reduce((n, a) => n + a.byteLength + 16, 1024)
}

/** A builder that holds `bytes` without growing (growth past 1 GiB is impossible). */
export function builderFor(bytes: number): Builder {
  return new Builder(Math.min(Math.ceil(bytes * 1.02) + 4096, 0x7fff0000))
}

/**
 * Writes a vector of `count` elements of `elemSize` bytes copied from `data`, aligned to
 * `alignment` (struct vectors: their largest field).
 */
export function createBulkVector(
  builder: Builder,
  data: ArrayBufferView,
  elemSize: number,
  count: number,
  alignment = Math.min(elemSize, 8),
): number {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (bytes.byteLength !== elemSize * count)
    throw new Error(`fb: vector of ${count}×${elemSize} bytes given ${bytes.byteLength}`)
  builder.startVector(elemSize, count, alignment)
  const b = builder as unknown as BuilderInternals
  b.space -= bytes.byteLength
  b.bb.bytes().set(bytes, b.space)
  return builder.endVector()
}

/** A typed array as a vector of its own element type. */
export function createTypedVector(
  builder: Builder,
  data: Uint8Array | Uint16Array | Uint32Array | Float64Array,
): number {
  return createBulkVector(builder, data, data.BYTES_PER_ELEMENT, data.length)
}

/** A StringPool table of `strings` (UTF-8, back to back, with offsets). */
export function createStringPool(builder: Builder, strings: readonly string[]): number {
  // sizes first, then one buffer written in place: no Buffer object per string (a million
  // search keys at full scale)
  const offsets = new Uint32Array(strings.length + 1)
  for (let i = 0; i < strings.length; i++)
    offsets[i + 1] = offsets[i] + Buffer.byteLength(strings[i], 'utf8')
  const bytes = Buffer.allocUnsafe(offsets[strings.length])
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i], offsets[i], 'utf8')
  const bytesVec = createTypedVector(
    builder,
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
  )
  const offsetsVec = createTypedVector(builder, offsets)
  StringPool.startStringPool(builder)
  StringPool.addBytes(builder, bytesVec)
  StringPool.addOffsets(builder, offsetsVec)
  return StringPool.endStringPool(builder)
}

/** Bytes a string pool of these strings takes (for sizing a builder). */
export function stringPoolSize(strings: readonly string[]): number {
  let n = 64 + strings.length * 4
  for (const s of strings) n += Buffer.byteLength(s)
  return n
}

/**
 * A builder that places large vectors without copying them: their bytes stay in the caller's
 * arrays and come back as parts of the file (`parts`), so writing a file of 0.8 GB of chart
 * rows needs no second 0.8 GB. Everything else goes through the FlatBuffers builder as
 * usual. The builder's offsets count from the end of the file, so a placed vector only has
 * to move them: its buffer reports its capacity as the bytes it holds plus the bytes placed.
 *
 * Only for tables without nested tables: the builder finds an earlier identical vtable by
 * its position in the buffer, which a vector placed in between would shift.
 */
export class PlacingBuilder {
  readonly builder: Builder
  private readonly held: number
  private placedBytes = 0
  /** each placed vector with where the builder's own bytes stood when it was placed */
  private readonly placed: { space: number; bytes: Uint8Array }[] = []
  private readonly bb: BuilderInternals['bb']

  /** `heldBytes`: what the builder itself must hold (everything but the placed vectors) */
  constructor(heldBytes: number) {
    this.builder = builderFor(heldBytes)
    const b = this.builder as unknown as BuilderInternals
    this.bb = b.bb
    this.held = this.bb.capacity()
    this.bb.capacity = () => this.held + this.placedBytes
  }

  /** Places a vector as createBulkVector would write it; returns its offset. */
  placeVector(data: ArrayBufferView, elemSize: number, count: number, alignment: number): number {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (bytes.byteLength !== elemSize * count)
      throw new Error(`fb: vector of ${count}×${elemSize} bytes given ${bytes.byteLength}`)
    const b = this.builder as unknown as BuilderInternals
    b.notNested()
    b.vector_num_elems = count
    // startVector's two preps, without room in the buffer for the vector itself
    this.prep(4, bytes.byteLength)
    this.prep(alignment, bytes.byteLength)
    this.placed.push({ space: b.space, bytes })
    this.placedBytes += bytes.byteLength
    return this.builder.endVector()
  }

  /** The builder's prep, its room check leaving out the vector (only its length word follows). */
  private prep(size: number, additional: number): void {
    const b = this.builder as unknown as BuilderInternals
    if (size > b.minalign) b.minalign = size
    const align = (~(this.bb.capacity() - b.space + additional) + 1) & (size - 1)
    if (b.space < align + size + 4) throw new Error('fb: the builder holds too few bytes')
    b.pad(align)
  }

  /** The finished file as parts in file order (views of the builder's buffer and the placed arrays). */
  parts(): Uint8Array[] {
    const b = this.builder as unknown as BuilderInternals
    if (b.bb !== this.bb) throw new Error('fb: the builder grew; size it for what it holds')
    const own = this.bb.bytes()
    // from the end of the file: the builder's bytes written before each placed vector, then it
    const parts: Uint8Array[] = []
    let end = this.held
    for (const { space, bytes } of this.placed) {
      parts.push(own.subarray(space, end), bytes)
      end = space
    }
    parts.push(own.subarray(b.space, end))
    return parts.reverse().filter((part) => part.byteLength > 0)
  }
}
