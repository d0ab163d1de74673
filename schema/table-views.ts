/**
 * Opens the root table of an index file from its field spec (schema/tables.ts): checks the
 * file identifier and that every column is present, and returns typed-array views over the
 * bytes keyed by the columns' camelCase names (zero copy; strings pools as Pool, struct
 * vectors as the views schema/points.ts and schema/list-rows.ts read). A few dozen small
 * objects per file, whatever its size.
 */
import { ByteBuffer } from 'flatbuffers'
import { StructViews64 } from './list-rows.ts'
import { type StructViews, structViews } from './points.ts'
import { Pool } from './string-pool.ts'
import { camelName, type FieldSpec, type FieldsAs, STRING_POOL, type TableSpec } from './tables.ts'

/** Why an index could not be opened or checked. */
export class IndexError extends Error {
  override name = 'IndexError'
}

/** Throws IndexError `index: <what>`. */
export function indexFail(what: string): never {
  throw new IndexError(`index: ${what}`)
}

/** The views a table's columns open as (keyed by camelCase name). */
export type TableViews<T extends TableSpec> = FieldsAs<
  T,
  {
    u8: Uint8Array
    u16: Uint16Array
    u32: Uint32Array
    f64: Float64Array
    pool: Pool
    structs: StructViews64
    structs4: StructViews
    string: string
    i32: number
  }
>

const ARRAYS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const

/** The columns of the table at `table` (their views by camelCase name). */
function readColumns<T extends TableSpec>(
  spec: T,
  bb: ByteBuffer,
  table: number,
  what: string,
): TableViews<T> {
  const views: Record<string, unknown> = {}
  spec.fields.forEach((field, slot) => {
    const o = bb.__offset(table, 4 + 2 * slot)
    const key = camelName(field.name)
    if (field.type === 'i32') {
      views[key] = o ? bb.readInt32(table + o) : field.default
      return
    }
    if (!o) indexFail(`${what} ${field.name} is missing`)
    views[key] = readColumn(bb, table + o, field, what)
  })
  return views as TableViews<T>
}

/** The view of one present column whose field offset is at `at`. */
function readColumn(bb: ByteBuffer, at: number, field: FieldSpec, what: string): unknown {
  const all = bb.bytes()
  switch (field.type) {
    case 'string':
      return bb.__string(at)
    case 'pool': {
      const name = `string pool ${field.name}`
      const { bytes, offsets } = readColumns(STRING_POOL, bb, bb.__indirect(at), name)
      if (offsets.length === 0 || offsets[offsets.length - 1] !== bytes.length)
        indexFail(`${name} is inconsistent`)
      return new Pool(bytes, offsets)
    }
    case 'structs': {
      const start = bb.__vector(at)
      const vector = all.subarray(start, start + bb.__vector_len(at) * field.struct.size)
      return field.struct.align === 8 ? new StructViews64(vector) : structViews(vector)
    }
    case 'i32':
      throw new Error(`${what} ${field.name} is a scalar, not a column`)
    default:
      return new ARRAYS[field.type](
        all.buffer as ArrayBuffer,
        all.byteOffset + bb.__vector(at),
        bb.__vector_len(at),
      )
  }
}

/**
 * Views over the root table `spec` of `bytes` (the file `file`); throws IndexError when the
 * identifier is not the table's or a column is missing.
 */
export function openTable<T extends TableSpec>(
  spec: T,
  bytes: Uint8Array,
  file: string,
): TableViews<T> {
  const bb = new ByteBuffer(bytes)
  if (bytes.length < 8 || !bb.__has_identifier(spec.identifier))
    indexFail(`${file} is not a ${spec.table} file`)
  return readColumns(spec, bb, bb.readInt32(bb.position()) + bb.position(), file)
}
