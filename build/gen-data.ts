/**
 * `npm run gen-data -- [--scale tiny|small|medium|full] [--shape default|wide] [--seed N]
 *   [--out FILE] [--regions N] [--days N]`: writes the deterministic synthetic charts parquet
 *   (or, for an `--out` ending in `.csv`, the Kaggle charts.csv layout after a first line that
 *   marks it synthetic: SYNTHETIC_CSV_MARK).
 */
import { mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileWriter, ParquetWriter } from 'hyparquet-writer'
import { SYNTHETIC_CSV_MARK, SYNTHETIC_KEY } from '../schema/format.ts'
import { type CommandSpec, parseCommand, usageError } from './cli.ts'
import { COLUMNS } from './columns.ts'
import {
  emptyBatch,
  generateRegion,
  type RowBatch,
  SCALES,
  type Scale,
  SyntheticCatalog,
} from './synthetic.ts'
import { REGIONS } from './synthetic-names.ts'
import { SHAPES, type Shape } from './synthetic-shapes.ts'

/** The parquet schema of the dataset: the Kaggle columns. */
export const CHARTS_SCHEMA = [
  { name: 'root', num_children: 9 },
  { name: 'title', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'rank', type: 'INT32', repetition_type: 'OPTIONAL' },
  { name: 'date', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'artist', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'url', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'region', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'chart', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'trend', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'streams', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
] as const

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return `${value}.0`
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Appends a batch as CSV lines; streams as floats (`123.0`) and empty for none, as Kaggle's file has. */
function writeCsvRows(sink: import('bun').FileSink, batch: RowBatch): void {
  for (let i = 0; i < batch.rank.length; i++) {
    sink.write(
      `${csvField(batch.title[i])},${batch.rank[i]},${batch.date[i]},${csvField(batch.artist[i])},${batch.url[i]},${csvField(batch.region[i])},${batch.chart[i]},${batch.trend[i]},${csvField(batch.streams[i])}\n`,
    )
  }
}

/** Options of one generation run. */
export interface GenOptions {
  scale: Scale
  /** the catalog's shape (default: SHAPES.default, the sample's) */
  shape?: Shape
  seed: number
  out: string
  onRegion?: (done: number, total: number, rows: number) => void
}

/** Writes the dataset to `out` (via a temporary file renamed into place); returns the row count. */
export async function generateDataset({
  scale,
  shape = SHAPES.default,
  seed,
  out,
  onRegion,
}: GenOptions): Promise<number> {
  if (scale.regions < 1 || scale.regions > REGIONS.length) {
    throw new Error(`gen-data: --regions must be 1..${REGIONS.length}; got ${scale.regions}`)
  }
  if (scale.days < 1 || scale.days > 20_000)
    throw new Error(`gen-data: --days must be 1..20000; got ${scale.days}`)
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.tmp-${process.pid}`
  const catalog = new SyntheticCatalog(scale, seed, shape)
  // `.csv` writes the Kaggle charts.csv layout (the 3.5 GB file users download); else parquet
  const csv = out.endsWith('.csv') ? Bun.file(tmp).writer({ highWaterMark: 1 << 22 }) : undefined
  // marks the file as synthetic: build-index says so in manifest.json, /ready and the web app
  const mark = JSON.stringify({
    ...scale,
    shape: Object.keys(SHAPES).find((name) => SHAPES[name] === shape) ?? 'custom',
    seed,
  })
  const writer = csv
    ? undefined
    : new ParquetWriter({
        writer: fileWriter(tmp),
        schema: CHARTS_SCHEMA as never,
        kvMetadata: [{ key: SYNTHETIC_KEY, value: mark }],
      })
  if (csv) csv.write(`${SYNTHETIC_CSV_MARK} ${mark}\n${COLUMNS.join(',')}\n`)
  let rows = 0
  for (let r = 0; r < scale.regions; r++) {
    const batch = emptyBatch()
    generateRegion(catalog, scale, seed, r, batch)
    rows += batch.rank.length
    if (csv) writeCsvRows(csv, batch)
    else
      await writer!.write({
        columnData: Object.entries(batch).map(([name, data]) => ({ name, data })),
        rowGroupSize: 250_000,
      })
    onRegion?.(r + 1, scale.regions, rows)
  }
  if (csv) await csv.end()
  else writer!.finish()
  renameSync(tmp, out)
  return rows
}

/** The gen-data command line. */
export const GEN_DATA_COMMAND: CommandSpec = {
  name: 'gen-data',
  summary:
    'Writes the synthetic charts dataset (the Kaggle schema) as parquet, or as CSV when FILE ends in .csv.',
  options: {
    scale: {
      type: 'string',
      value: Object.keys(SCALES).join('|'),
      default: 'small',
      help: 'how much data',
    },
    shape: {
      type: 'string',
      value: Object.keys(SHAPES).join('|'),
      default: 'default',
      help: "the catalog: default (the sample's) or wide (more tracks, local hits, runs of days)",
    },
    seed: {
      type: 'string',
      value: 'N',
      default: '42',
      help: 'the random seed (same seed, same file)',
    },
    out: { type: 'string', value: 'FILE', default: 'data/sample.parquet', help: 'where to write' },
    regions: { type: 'string', value: 'N', help: "override the scale's number of regions" },
    days: { type: 'string', value: 'N', help: "override the scale's number of days" },
  },
  notes: 'exit status: 0 written, 1 failed, 2 usage',
}

/** The gen-data command line: parses `args`, writes the dataset; resolves to an exit code. */
export async function runGenDataCli(args: string[]): Promise<number> {
  const parsed = parseCommand(GEN_DATA_COMMAND, args)
  if (typeof parsed === 'number') return parsed
  const values = parsed as {
    scale: string
    shape: string
    seed: string
    out: string
    regions?: string
    days?: string
  }
  const base = SCALES[values.scale]
  if (!base) {
    return usageError(
      GEN_DATA_COMMAND,
      `unknown --scale "${values.scale}"; use one of ${Object.keys(SCALES).join(', ')}`,
    )
  }
  const shape = SHAPES[values.shape]
  if (!shape) {
    return usageError(
      GEN_DATA_COMMAND,
      `unknown --shape "${values.shape}"; use one of ${Object.keys(SHAPES).join(', ')}`,
    )
  }
  for (const name of ['seed', 'regions', 'days'] as const) {
    const value = values[name]
    if (value !== undefined && !/^\d+$/.test(value))
      return usageError(GEN_DATA_COMMAND, `--${name} wants a whole number, got "${value}"`)
  }
  const scale = { ...base }
  if (values.regions) scale.regions = Number(values.regions)
  if (values.days) scale.days = Number(values.days)
  const started = performance.now()
  try {
    const rows = await generateDataset({
      scale,
      shape,
      seed: Number(values.seed),
      out: values.out,
      onRegion: (done, total, rows) =>
        console.log(`gen-data: region ${done}/${total}, ${rows.toLocaleString('en')} rows`),
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `gen-data: wrote ${values.out}: ${rows.toLocaleString('en')} rows, scale ${values.scale}, shape ${values.shape}, seed ${values.seed}, ${seconds} s`,
    )
    return 0
  } catch (error) {
    console.error((error as Error).message)
    return 1
  }
}

if (import.meta.main) runGenDataCli(process.argv.slice(2)).then((code) => process.exit(code))
