/**
 * What an input file is, by its content: parquet carries the magic `PAR1` at its start and at
 * its end; anything else is read as CSV. A name that says parquet over other content, an empty
 * file, a truncated parquet and a gzip file get a clear error instead of a confusing CSV one.
 */
import { closeSync, openSync, readSync } from 'node:fs'

const MAGIC = 'PAR1'

/**
 * 'parquet' or 'csv' for the file at `path` of `size` bytes; otherwise throws the reason (the
 * caller names the file).
 */
export function inputFormat(path: string, size: number): 'parquet' | 'csv' {
  if (size === 0) throw new Error('empty (0 bytes); expected a parquet or CSV file')
  const head = Buffer.alloc(Math.min(size, 64))
  const tail = Buffer.alloc(4)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, head.length, 0)
    if (size >= 4) readSync(fd, tail, 0, 4, size - 4)
  } finally {
    closeSync(fd)
  }
  const startsParquet = head.subarray(0, 4).toString('latin1') === MAGIC
  const endsParquet = tail.toString('latin1') === MAGIC
  if (startsParquet && endsParquet && size >= 12) return 'parquet'
  if (startsParquet)
    throw new Error(
      `starts like parquet but does not end with its footer (${MAGIC}): truncated or still being written?`,
    )
  if (head[0] === 0x1f && head[1] === 0x8b)
    throw new Error('gzip-compressed; decompress it first (gunzip)')
  if (/\.parquet$/i.test(path))
    throw new Error(
      `named .parquet but is not parquet (no ${MAGIC} magic; it begins ${JSON.stringify(head.toString('utf8', 0, 24))})`,
    )
  return 'csv'
}
