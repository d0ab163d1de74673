/**
 * Region codes: data/region-codes.csv maps each region name of the Kaggle dataset to its
 * ISO 3166-1 alpha-2 code (lower case; `global` for Global). The build stores each region's
 * code in the catalog (empty when the table does not know the region).
 */
import { parse } from 'csv-parse/sync'
import table from '../data/region-codes.csv' with { type: 'text' }
import { foldName } from '../schema/format.ts'

const CODE = /^([a-z]{2}|global)$/

/** The code table shipped with the project: folded region name → code. */
export function loadRegionCodes(text: string = table): Map<string, string> {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as {
    name?: string
    code?: string
  }[]
  const codes = new Map<string, string>()
  for (const [i, row] of rows.entries()) {
    const code = row.code?.toLowerCase() ?? ''
    if (!row.name || !CODE.test(code))
      throw new Error(`region codes: line ${i + 2} needs a name and a two-letter code or "global"`)
    codes.set(foldName(row.name), code)
  }
  return codes
}

/** Each region's code (in the order given), or '' when the table does not know it. */
export function regionCodesOf(regions: readonly string[], codes = loadRegionCodes()): string[] {
  return regions.map((name) => codes.get(foldName(name)) ?? '')
}
