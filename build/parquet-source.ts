/**
 * Reads a charts parquet file row group by row group with hyparquet (+ hyparquet-compressors:
 * snappy, gzip, zstd, brotli, lz4), so memory is bounded by the row-group size.
 * DATE and TIMESTAMP columns are decoded straight to day numbers through hyparquet's
 * `parsers` option: no Date object per row.
 */
import { type FileMetaData, parquetMetadataAsync, parquetRead } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { SYNTHETIC_KEY } from '../schema/format.ts'
import { type Column, type InputBatch, mapColumns } from './columns.ts'

const MS_PER_DAY = 86_400_000n

/** hyparquet parsers that turn DATE/TIMESTAMP values into day numbers (floor). */
const dayParsers = {
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (ms: bigint) => Number(floorDiv(ms, MS_PER_DAY)),
  timestampFromMicroseconds: (us: bigint) => Number(floorDiv(us, MS_PER_DAY * 1000n)),
  timestampFromNanoseconds: (ns: bigint) => Number(floorDiv(ns, MS_PER_DAY * 1_000_000n)),
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

/** An AsyncBuffer over a local file (Bun.file slices: no whole-file read). */
function fileBuffer(path: string, size: number) {
  const file = Bun.file(path)
  return {
    byteLength: size,
    slice: (start: number, end?: number) => file.slice(start, end).arrayBuffer(),
  }
}

/** Whether the parquet column holding dates is a DATE or TIMESTAMP (else it must be a string). */
function dateKind(metadata: FileMetaData, name: string): 'days' | 'string' {
  const el = metadata.schema.find((e) => e.name === name)
  if (!el) return 'string'
  const logical = el.logical_type?.type
  if (logical === 'DATE' || logical === 'TIMESTAMP') return 'days'
  if (el.converted_type === 'DATE' || el.converted_type?.startsWith('TIMESTAMP')) return 'days'
  if (el.type === 'INT96') return 'days'
  if (el.type === 'BYTE_ARRAY' || el.type === 'FIXED_LEN_BYTE_ARRAY') return 'string'
  throw new Error(
    `parquet: column "${name}" has type ${el.type}; expected a string, DATE or TIMESTAMP`,
  )
}

/** Facts of a parquet input, read from its footer. */
export interface ParquetInfo {
  rows: number
  rowGroups: number
  /** whether the file's key-value metadata marks it as gen-data output (SYNTHETIC_KEY) */
  synthetic: boolean
}

/** The file's footer, checked: its columns (mapped) and facts. */
async function openParquet(path: string) {
  const size = Bun.file(path).size
  const file = fileBuffer(path, size)
  let metadata: FileMetaData
  try {
    metadata = await parquetMetadataAsync(file)
  } catch (error) {
    throw new Error(`parquet: ${path} is not a readable parquet file (${(error as Error).message})`)
  }
  const header = metadata.schema.slice(1).map((e) => e.name)
  const mapping = mapColumns('parquet', header)
  const names = new Map<Column, string>()
  for (const [column, i] of mapping) names.set(column, header[i])
  dateKind(metadata, names.get('date')!)
  const info: ParquetInfo = {
    rows: Number(metadata.num_rows),
    rowGroups: metadata.row_groups.length,
    synthetic: metadata.key_value_metadata?.some((kv) => kv.key === SYNTHETIC_KEY) ?? false,
  }
  return { file, metadata, names, info }
}

/** Reads and checks the file's footer (its columns, their types): its facts, or an error. */
export async function readParquetInfo(path: string): Promise<ParquetInfo> {
  return (await openParquet(path)).info
}

/** Yields the file's rows in batches, one per row group. */
export async function* readParquet(
  path: string,
  onInfo?: (info: ParquetInfo) => void,
): AsyncGenerator<InputBatch> {
  const { file, metadata, names, info } = await openParquet(path)
  onInfo?.(info)
  let rowStart = 0
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows)
    const chunks = new Map<string, unknown[][]>()
    await parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd,
      columns: [...names.values()],
      compressors,
      parsers: dayParsers,
      onChunk: ({ columnName, columnData }) => {
        let list = chunks.get(columnName)
        if (!list) chunks.set(columnName, (list = []))
        list.push(columnData as unknown[])
      },
    })
    const columns = {} as InputBatch['columns']
    for (const [column, name] of names) {
      const list = chunks.get(name) ?? []
      columns[column] = list.length === 1 ? list[0] : list.flat()
    }
    yield { length: rowEnd - rowStart, firstRow: rowStart + 1, columns }
    rowStart = rowEnd
  }
}
