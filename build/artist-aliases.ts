/**
 * Artist aliases: other names an artist is found by (docs/API.md, "Aliases"). Two sources:
 * the alias table (data/artist-aliases.csv and any `--artist-aliases` file: `alias,artist`
 * rows) and the Latin transliteration the build derives from a credit written with letters
 * that folding keeps (ø, ß, ł, ...) or in Cyrillic or Greek (`MØ` → `MO`, `Кино` → `Kino`).
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import shippedTable from '../data/artist-aliases.csv' with { type: 'text' }
import { foldName } from '../schema/format.ts'

/** The alias table shipped with the project (embedded in the compiled binary), and its name in errors. */
const SHIPPED = { text: shippedTable, name: 'data/artist-aliases.csv' }

/** One row of an alias table: `alias` names `artist` (a credit as the charts write it). */
export interface AliasRow {
  alias: string
  artist: string
  /** where the row was read: `file line N`, for the build's errors */
  at: string
}

/**
 * The rows of an alias table's text (`source` names it in errors): a header `alias,artist`,
 * then one row per alias; `#` lines are comments. A bad row is an error naming the file and
 * line: not two fields, an empty field, an alias without a letter or digit, an alias that is
 * its artist's own name (an alias given twice: loadAliasTables).
 */
export function parseAliasTable(text: string, source: string): AliasRow[] {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      comment: '#',
      comment_no_infix: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records
  } catch (error) {
    throw new Error(`aliases: ${source}: ${(error as Error).message}`)
  }
  const [head, ...rows] = records
  if (head?.record.join(',') !== 'alias,artist')
    throw new Error(
      `aliases: ${source} line ${head?.info.lines ?? 1}: the header must be "alias,artist"; found "${head?.record.join(',') ?? ''}"`,
    )
  return rows.map(({ record, info }) => {
    const at = `${source} line ${info.lines}`
    const bad = (why: string) =>
      new Error(`aliases: ${at}: ${why}; found ${JSON.stringify(record)}`)
    if (record.length !== 2) throw bad(`a row is "alias,artist", ${record.length} fields given`)
    const [alias, artist] = record
    if (!alias || !artist) throw bad('alias and artist must both be given')
    const fold = foldName(alias)
    if (!/[\p{L}\p{N}]/u.test(fold)) throw bad('the alias has no letter or digit')
    if (fold === foldName(artist)) throw bad('the alias is the artist’s own name')
    return { alias, artist, at }
  })
}

/**
 * The rows of the shipped alias table (data/artist-aliases.csv), then those of the tables at
 * `paths`; an alias given in two of them is an error naming both places.
 */
export function loadAliasTables(paths: readonly string[] = []): AliasRow[] {
  const rows = parseAliasTable(SHIPPED.text, SHIPPED.name)
  for (const path of paths) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new Error(`aliases: cannot read alias table ${path} (${(error as Error).message})`)
    }
    rows.push(...parseAliasTable(text, path))
  }
  const seen = new Map<string, string>()
  for (const row of rows) {
    const fold = foldName(row.alias)
    const before = seen.get(fold)
    if (before)
      throw new Error(`aliases: ${row.at}: the alias "${row.alias}" is given before, at ${before}`)
    seen.set(fold, row.at)
  }
  return rows
}

/**
 * Latin letters that Unicode decomposition keeps (so folding keeps them too), then the
 * Cyrillic (BGN/PCGN, Russian, Ukrainian and Bulgarian letters) and Greek (ELOT 743) alphabets,
 * each letter with its Latin transliteration. Letters with a mark (é, й, ά) are decomposed first.
 */
const LATIN: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
}
const CYRILLIC: Record<string, string> = Object.fromEntries(
  [
    'а a',
    'б b',
    'в v',
    'г g',
    'д d',
    'е e',
    'ж zh',
    'з z',
    'и i',
    'к k',
    'л l',
    'м m',
    'н n',
    'о o',
    'п p',
    'р r',
    'с s',
    'т t',
    'у u',
    'ф f',
    'х kh',
    'ц ts',
    'ч ch',
    'ш sh',
    'щ shch',
    'ъ ',
    'ы y',
    'ь ',
    'э e',
    'ю yu',
    'я ya',
    'і i',
    'є ye',
    'ґ g',
    'ј j',
    'љ lj',
    'њ nj',
    'ћ c',
    'џ dz',
    'ђ d',
    'ѕ dz',
  ].map((pair) => [pair[0], pair.slice(2)]),
)
const GREEK: Record<string, string> = Object.fromEntries(
  [
    'α a',
    'β v',
    'γ g',
    'δ d',
    'ε e',
    'ζ z',
    'η i',
    'θ th',
    'ι i',
    'κ k',
    'λ l',
    'μ m',
    'ν n',
    'ξ x',
    'ο o',
    'π p',
    'ρ r',
    'σ s',
    'ς s',
    'τ t',
    'υ y',
    'φ f',
    'χ ch',
    'ψ ps',
    'ω o',
  ].map((pair) => [pair[0], pair.slice(2)]),
)
const LETTERS: Record<string, string> = { ...LATIN, ...CYRILLIC, ...GREEK }
const TRANSLITERATED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'u')

/**
 * The Latin transliteration of a name written with the letters of LETTERS (`BØRNS` →
 * `BORNS`, `Кино` → `Kino`), case kept where the letter has one; null when it has none of
 * them, or when some letter stays outside Latin (a name partly in another script).
 */
export function transliterate(name: string): string | null {
  // й is a letter of its own in Cyrillic (y), not и with a mark
  const decomposed = name
    .replace(/й/g, 'y')
    .replace(/Й/g, 'Y')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
  if (!TRANSLITERATED.test(decomposed.toLowerCase())) return null
  let out = ''
  for (const c of decomposed) {
    const lower = c.toLowerCase()
    const latin = LETTERS[lower]
    if (latin === undefined) out += c
    else if (c !== lower && latin) out += latin[0].toUpperCase() + latin.slice(1)
    else out += latin
  }
  return /[^\p{Script=Latin}\P{L}]/u.test(out) ? null : out
}
