/**
 * Streams a charts CSV (the Kaggle `charts.csv`, 3.5 GB) with csv-parse: rows arrive in
 * batches of BATCH_ROWS, so memory stays bounded whatever the file size. A first line that
 * marks gen-data output (SYNTHETIC_CSV_MARK) is skipped.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { parse } from 'csv-parse'
import { parse as parseSync } from 'csv-parse/sync'
import { SYNTHETIC_CSV_MARK } from '../schema/format.ts'
import { COLUMNS, type Column, type InputBatch, mapColumns } from './columns.ts'

const BATCH_ROWS = 100_000

/** The start of a CSV: whether gen-data marked it, its header row, and where that begins. */
export interface CsvHead {
  synthetic: boolean
  header: string[]
  /** byte offset of the header row: past gen-data's mark line (0 without one) */
  start: number
}

/** Reads the head of the CSV at `path` (its first 64 KB at most). */
export function readCsvHead(path: string): CsvHead {
  const buffer = Buffer.alloc(1 << 16)
  const fd = openSync(path, 'r')
  let n = 0
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0)
  } finally {
    closeSync(fd)
  }
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0
  let text = buffer.toString('utf8', bom, n)
  const synthetic = text.startsWith(SYNTHETIC_CSV_MARK)
  let start = 0
  if (synthetic) {
    const newline = buffer.indexOf(0x0a, bom)
    start = newline < 0 ? n : newline + 1
    text = buffer.toString('utf8', start, n)
  }
  const end = text.search(/\r?\n/)
  const line = end < 0 ? text : text.slice(0, end)
  let header: string[] = []
  try {
    header = (parseSync(line, { relax_quotes: true }) as string[][])[0] ?? []
  } catch {
    header = [line]
  }
  return { synthetic, header, start }
}

/**
 * The records of the CSV at `path` from byte `start` (CsvHead), parsed; `onBytes` hears the
 * bytes read so far.
 */
export function csvRecords(
  path: string,
  start: number,
  onBytes?: (bytes: number) => void,
): AsyncIterable<string[]> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20, start })
  let bytes = start
  if (onBytes)
    stream.on('data', (chunk) => {
      bytes += chunk.length
      onBytes(bytes)
    })
  return stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))
}

/**
 * Yields the CSV's rows in batches, from byte `start` (CsvHead); `onBytes` reports bytes read
 * so far (for progress).
 */
export async function* readCsv(
  path: string,
  start: number,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<InputBatch> {
  let bytes = start
  const parser = csvRecords(path, start, (at) => {
    bytes = at
  })
  let mapping: Map<Column, number> | undefined
  let batch: Record<Column, unknown[]> | undefined
  let length = 0
  let firstRow = 1
  let row = 0
  const flush = (): InputBatch => {
    const columns = {} as InputBatch['columns']
    for (const column of COLUMNS)
      columns[column] = mapping!.has(column) ? batch![column] : undefined
    const out = { length, firstRow, columns }
    batch = undefined
    length = 0
    return out
  }
  try {
    for await (const record of parser) {
      if (!mapping) {
        mapping = mapColumns('csv', record)
        continue
      }
      row++
      if (!batch) {
        batch = {} as Record<Column, unknown[]>
        for (const column of COLUMNS) batch[column] = []
        firstRow = row
      }
      for (const [column, i] of mapping) batch[column].push(record[i])
      length++
      if (length === BATCH_ROWS) {
        onBytes?.(bytes)
        yield flush()
      }
    }
  } catch (error) {
    if ((error as Error).message.startsWith('csv:')) throw error
    throw new Error(`csv: ${path}: ${(error as Error).message}`)
  }
  if (!mapping) throw new Error(`csv: ${path} is empty; expected a header row`)
  onBytes?.(bytes)
  if (length > 0) yield flush()
}
