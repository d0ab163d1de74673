/**
 * Streams a charts CSV (the Kaggle `charts.csv`, 3.5 GB) with csv-parse: rows arrive in
 * batches of BATCH_ROWS, so memory stays bounded whatever the file size.
 */
import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import { COLUMNS, type Column, type InputBatch, mapColumns } from './columns.ts'

const BATCH_ROWS = 100_000

/** Yields the CSV's rows in batches; `onBytes` reports bytes read so far (for progress). */
export async function* readCsv(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<InputBatch> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })
  let bytes = 0
  stream.on('data', (chunk) => {
    bytes += chunk.length
  })
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))
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
    for await (const record of parser as AsyncIterable<string[]>) {
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
