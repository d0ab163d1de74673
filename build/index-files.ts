/**
 * Serialises a table's data into the bytes of its index file, driven by its field spec
 * (schema/tables.ts): each column is written in .fbs order into its slot, so a new column
 * needs no code here.
 */
import type { Builder } from 'flatbuffers'
import { camelName, type FieldSpec, type FieldsAs, type TableSpec } from '../schema/tables.ts'
import {
  builderFor,
  createBulkVector,
  createStringPool,
  PlacingBuilder,
  stringPoolSize,
  vectorsSize,
} from './fb-vectors.ts'

/** What the build hands the writer for each column of table `T` (keyed by camelCase name). */
export type TableData<T extends TableSpec> = FieldsAs<
  T,
  {
    u8: Uint8Array
    u16: Uint16Array
    u32: Uint32Array
    f64: Float64Array
    pool: readonly string[]
    /** the structs' bytes, back to back */
    structs: Uint8Array
    structs4: Uint8Array
    string: string
    i32: number
  }
>

/** Vectors of at least this many bytes are placed, not copied (PlacingBuilder). */
const PLACED_VECTOR_BYTES = 1 << 20

function createField(
  b: Builder,
  field: FieldSpec,
  value: unknown,
  placing: PlacingBuilder | null,
): number {
  switch (field.type) {
    case 'string':
      return b.createString(value as string)
    case 'pool':
      return createStringPool(b, value as readonly string[])
    case 'i32':
      return 0
  }
  const data = value as Uint8Array | Uint16Array | Uint32Array | Float64Array
  const [size, align] =
    field.type === 'structs'
      ? [field.struct.size, field.struct.align]
      : [data.BYTES_PER_ELEMENT, Math.min(data.BYTES_PER_ELEMENT, 8)]
  const count = data.byteLength / size
  if (placing) return placing.placeVector(data, size, count, align)
  return createBulkVector(b, data, size, count, align)
}

/**
 * The bytes of a file whose root is table `spec`, holding `data`, as parts to write in order:
 * vectors of at least `placeFrom` bytes are the caller's arrays themselves (not copied), when
 * the table has no string pools (PlacingBuilder). Vectors are created in field order, then
 * the table adds them slot by slot (what the generated `add*` would do).
 */
export function tableParts<T extends TableSpec>(
  spec: T,
  data: TableData<T>,
  placeFrom = PLACED_VECTOR_BYTES,
): Uint8Array[] {
  const values = data as unknown as Record<string, unknown>
  const of = (field: FieldSpec) => values[camelName(field.name)]
  // placed: a large vector of a table without string pools (PlacingBuilder)
  const canPlace = spec.fields.every((field) => field.type !== 'pool')
  const placed = (field: FieldSpec) =>
    canPlace &&
    field.type !== 'string' &&
    field.type !== 'i32' &&
    (of(field) as ArrayBufferView).byteLength >= placeFrom
  const held: ArrayBufferView[] = []
  let other = 0
  for (const field of spec.fields) {
    const value = of(field)
    if (field.type === 'pool') other += stringPoolSize(value as readonly string[])
    else if (field.type === 'string') other += Buffer.byteLength(value as string) + 16
    else if (field.type === 'i32') continue
    else if (placed(field)) other += 16
    else held.push(value as ArrayBufferView)
  }
  const holds = vectorsSize(held) + other
  const placing = canPlace ? new PlacingBuilder(holds) : null
  const b = placing ? placing.builder : builderFor(holds)
  const offsets = spec.fields.map((field) =>
    createField(b, field, of(field), placed(field) ? placing : null),
  )
  b.startObject(spec.fields.length)
  spec.fields.forEach((field, slot) => {
    if (field.type === 'i32') b.addFieldInt32(slot, of(field) as number, field.default)
    else b.addFieldOffset(slot, offsets[slot], 0)
  })
  b.finish(b.endObject(), spec.identifier)
  return placing ? placing.parts() : [b.asUint8Array()]
}
