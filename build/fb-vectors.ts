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

/** The builder's private fields these helpers touch. */
interface BuilderInternals {
  space: number
  bb: { bytes(): Uint8Array }
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
