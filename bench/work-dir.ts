/**
 * Where the bench keeps the data of a scale and catalog shape (`gen-data --shape`): generated
 * parquet, index, SQLite bodies and logs under `bench/work/<scale>` for the default shape and
 * `bench/work/<scale>-<shape>` for another.
 */
import { join } from 'node:path'

/** The work directory of a scale and shape. */
export function benchWorkDir(root: string, scale: string, shape: string): string {
  return join(root, 'bench', 'work', shape === 'default' ? scale : `${scale}-${shape}`)
}

/** The RESULTS.md section (and chart) name of a scale and shape: `full`, `full-wide`. */
export function resultsLabel(scale: string, shape: string): string {
  return shape === 'default' ? scale : `${scale}-${shape}`
}
