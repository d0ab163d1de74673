/**
 * The region table, data/region-codes.csv: every region the project knows, written once and
 * read by the build (codes for the catalog, names for downloads: build/region-codes.ts), the
 * synthetic sample (its regions, sizes and scripts: build/synthetic.ts) and the server (code
 * aliases: src/store/regions.ts). The web app and the CloudFront function, which cannot
 * import it, are checked against it by test/schema/region-table.test.ts. Columns:
 *
 * - `name`: the region's name as the Kaggle dataset spells it (`United States`, `Global`);
 * - `code`: its ISO 3166-1 alpha-2 code in lower case, `global` for Global;
 * - `aliases`: other codes that mean it, space-separated (`uk` for the United Kingdom);
 * - `sample_weight`: its relative size in the synthetic sample (gen-data), empty when the
 *   sample leaves it out; the sample adds regions in the table's row order;
 * - `sample_script`: the script of the sample's local names there (`kana`), empty for Latin.
 */
import { parse } from 'csv-parse/sync'
import table from '../data/region-codes.csv' with { type: 'text' }

/** One row of the region table. */
export interface RegionRow {
  name: string
  code: string
  aliases: string[]
  /** relative size in the synthetic sample; null: not in it */
  sampleWeight: number | null
  /** script of the sample's local names ('' for Latin) */
  sampleScript: string
}

const CODE = /^([a-z]{2}|global)$/

/** The rows of a region table's text (checked: a name, a code, aliases that are codes). */
export function regionRowsOf(text: string): RegionRow[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string | undefined
  >[]
  return rows.map((row, i) => {
    const code = row.code?.toLowerCase() ?? ''
    const aliases = (row.aliases ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    const weight = row.sample_weight ? Number(row.sample_weight) : null
    if (!row.name || !CODE.test(code) || !aliases.every((a) => CODE.test(a)))
      throw new Error(
        `region codes: line ${i + 2} needs a name, a two-letter code or "global", and aliases of two letters`,
      )
    if (weight !== null && !(weight > 0))
      throw new Error(`region codes: line ${i + 2}: sample_weight must be a positive number`)
    return {
      name: row.name,
      code,
      aliases,
      sampleWeight: weight,
      sampleScript: row.sample_script ?? '',
    }
  })
}

/** The region table shipped with the project, in its row order. */
export const REGION_TABLE: readonly RegionRow[] = regionRowsOf(table)

/** Code aliases (docs/API.md): alias → the code it means (`uk` → `gb`). */
export const CODE_ALIASES: ReadonlyMap<string, string> = new Map(
  REGION_TABLE.flatMap((row) => row.aliases.map((alias) => [alias, row.code] as const)),
)
