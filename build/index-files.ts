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
  createTypedVector,
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

function createField(b: Builder, field: FieldSpec, value: unknown): number {
  switch (field.type) {
    case 'string':
      return b.createString(value as string)
    case 'pool':
      return createStringPool(b, value as readonly string[])
    case 'structs': {
      const bytes = value as Uint8Array
      const { size, align } = field.struct
      return createBulkVector(b, bytes, size, bytes.byteLength / size, align)
    }
    case 'i32':
      return 0
    default:
      return createTypedVector(b, value as Uint8Array | Uint16Array | Uint32Array | Float64Array)
  }
}

/**
 * The bytes of a file whose root is table `spec`, holding `data`. Vectors are created in
 * field order, then the table adds them slot by slot (what the generated `add*` would do).
 */
export function tableBytes<T extends TableSpec>(spec: T, data: TableData<T>): Uint8Array {
  const values = data as unknown as Record<string, unknown>
  const of = (field: FieldSpec) => values[camelName(field.name)]
  const vectors: ArrayBufferView[] = []
  let pools = 0
  for (const field of spec.fields) {
    if (field.type === 'pool') pools += stringPoolSize(of(field) as readonly string[])
    else if (field.type !== 'string' && field.type !== 'i32')
      vectors.push(of(field) as ArrayBufferView)
  }
  const b = builderFor(vectorsSize(vectors) + pools)
  const offsets = spec.fields.map((field) => createField(b, field, of(field)))
  b.startObject(spec.fields.length)
  spec.fields.forEach((field, slot) => {
    if (field.type === 'i32') b.addFieldInt32(slot, of(field) as number, field.default)
    else b.addFieldOffset(slot, offsets[slot], 0)
  })
  b.finish(b.endObject(), spec.identifier)
  return b.asUint8Array()
}
