/**
 * Region codes: data/region-codes.csv maps each region name of the Kaggle dataset, and of
 * the other markets charts.spotify.com has charts for, to its ISO 3166-1 alpha-2 code (lower
 * case; `global` for Global). The build stores each region's code in the catalog (empty when
 * neither the table nor a download's file name gives one) and names a download's region by
 * the table (`us` → United States), or by its code in capitals when the table has none.
 */
import { parse } from 'csv-parse/sync'
import table from '../data/region-codes.csv' with { type: 'text' }
import { foldName } from '../schema/format.ts'

const CODE = /^([a-z]{2}|global)$/

/** The rows of the code table shipped with the project (checked). */
function tableRows(text: string): { name: string; code: string }[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as {
    name?: string
    code?: string
  }[]
  return rows.map((row, i) => {
    const code = row.code?.toLowerCase() ?? ''
    if (!row.name || !CODE.test(code))
      throw new Error(`region codes: line ${i + 2} needs a name and a two-letter code or "global"`)
    return { name: row.name, code }
  })
}

/** The code table: folded region name → code. */
export function loadRegionCodes(text: string = table): Map<string, string> {
  return new Map(tableRows(text).map((row) => [foldName(row.name), row.code]))
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
export function regionNamer(text: string = table): (code: string) => string {
  const names = new Map(tableRows(text).map((row) => [row.code, row.name]))
  return (code) => names.get(code) ?? code.toUpperCase()
}
