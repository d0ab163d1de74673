/**
 * Input columns: the Kaggle names, the original service's renamed ones, and how a batch
 * of input rows looks whatever the source (parquet or CSV).
 */

/** The canonical columns of a charts row. */
export const COLUMNS = [
  'title',
  'rank',
  'date',
  'artist',
  'url',
  'region',
  'chart',
  'trend',
  'streams',
] as const
export type Column = (typeof COLUMNS)[number]

/** Columns an input may lack (their values are then "none"). */
export const OPTIONAL_COLUMNS: ReadonlySet<Column> = new Set(['trend', 'streams'])

/** Other names of the columns: the original Flask service renamed four of them. */
export const COLUMN_ALIASES: Record<string, Column> = {
  track_title: 'title',
  global_rank: 'rank',
  track_url: 'url',
  track_streams: 'streams',
}

/** A batch of input rows as columns; values are whatever the source decoded. */
export interface InputBatch {
  /** number of rows */
  length: number
  /** 1-based input row number of the first row (for examples in the report) */
  firstRow: number
  columns: Record<Column, ArrayLike<unknown> | undefined>
  /**
   * a download's facts, the same for every row (its file name says them): then the batch has
   * no region, chart, date or trend column, and the rows' trend is derived from the chart
   */
  fixed?: {
    /** chart id in the row store: 0 top200, 1 viral50, 2 Spotify's weekly top 200 */
    chart: number
    region: string
    /** the region's code, from the file name */
    code: string
    day: number
  }
}

/**
 * Maps the header of an input to the canonical columns: `{ canonical: header index }`.
 * Throws `<stage>: column "x" missing; found: a, b, ...` when a required one is absent.
 */
export function mapColumns(stage: string, header: readonly string[]): Map<Column, number> {
  const found = new Map<Column, number>()
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase()
    const column = (COLUMNS as readonly string[]).includes(name)
      ? (name as Column)
      : COLUMN_ALIASES[name]
    if (column && !found.has(column)) found.set(column, i)
  })
  for (const column of COLUMNS) {
    if (!found.has(column) && !OPTIONAL_COLUMNS.has(column)) {
      throw new Error(`${stage}: column "${column}" missing; found: ${header.join(', ')}`)
    }
  }
  return found
}
