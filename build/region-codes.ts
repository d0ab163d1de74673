/**
 * Region codes, from the region table (data/region-codes.csv, schema/region-table.ts): each
 * region name of the Kaggle dataset, and of the other markets charts.spotify.com has charts
 * for, with its ISO 3166-1 alpha-2 code (lower case; `global` for Global). The build stores
 * each region's code in the catalog (empty when neither the table nor a download's file name
 * gives one) and names a download's region by the table (`us` → United States), or by its
 * code in capitals when the table has none.
 */
import { foldName } from '../schema/format.ts'
import { REGION_TABLE, type RegionRow } from '../schema/region-table.ts'

/** The code table: folded region name → code. */
export function loadRegionCodes(rows: readonly RegionRow[] = REGION_TABLE): Map<string, string> {
  return new Map(rows.map((row) => [foldName(row.name), row.code]))
}

/** Each region's code (in the order given), or '' when the table does not know it. */
export function regionCodesOf(regions: readonly string[], codes = loadRegionCodes()): string[] {
  return regions.map((name) => codes.get(foldName(name)) ?? '')
}

/**
 * The display name of the region a download's code names, by code: the code table's name
 * for it (`gb` → United Kingdom), else the code in capitals (`XK`), which the service then
 * matches as a name and as a code alike.
 */
export function regionNamer(rows: readonly RegionRow[] = REGION_TABLE): (code: string) => string {
  const names = new Map(rows.map((row) => [row.code, row.name]))
  return (code) => names.get(code) ?? code.toUpperCase()
}
