/**
 * CSV bodies of list answers (docs/API.md, Conventions): RFC 4180 (CRLF line ends, fields
 * quoted when they hold a comma, quote or line break, quotes doubled), a header row of the
 * answer's context members (region, date, …: what every row shares) and then the JSON field
 * names of one list item, arrays joined by `; `, null as an empty field. Made from the JSON
 * body of the same request, so both always carry the same facts; the file's name comes from
 * the body too.
 */
import { foldName } from '../../schema/format.ts'

/**
 * A part of a file name: text and numbers are folded, an `{ id }` (a track id, whose case
 * matters) kept as it is; null and undefined are left out.
 */
export type NamePart = string | number | { id: string } | null | undefined

/** Which items of a JSON body become rows, and their columns. */
export interface CsvShape {
  /** field names of one list item, in JSON order */
  columns: readonly string[]
  /** the list items of a parsed body */
  items: (body: unknown) => Record<string, unknown>[]
  /**
   * members of the whole body every row repeats in its first columns (its region, date, …),
   * those an item does not have itself
   */
  context: readonly string[]
  /** the parts of the file's name, from the parsed body (csvFilename) */
  name: (body: Record<string, unknown>) => readonly NamePart[]
}

/** A CSV body and the name of its file. */
export interface CsvFile {
  bytes: Uint8Array
  filename: string
}

const NEEDS_QUOTES = /[",\r\n]/

/** First characters that make a spreadsheet read a cell as a formula: = + - @ tab CR. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One field as RFC 4180 text. Text (a string or a joined array) beginning with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading `'` (the OWASP rule against CSV formula
 * injection); numbers are written as numbers, negative ones included.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = Array.isArray(value) ? value.join('; ') : String(value)
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The CSV file of a JSON body. Cost: one parse of the JSON and one pass over its items. */
export function csvFromJson(json: Uint8Array, shape: CsvShape): CsvFile {
  const body = JSON.parse(decoder.decode(json))
  const items = shape.items(body)
  const context = shape.context.filter((c) => !shape.columns.includes(c))
  const shared = context.map((c) => csvField(body[c]))
  const lines = [[...context, ...shape.columns].map(csvField).join(',')]
  for (const item of items)
    lines.push([...shared, ...shape.columns.map((c) => csvField(item[c]))].join(','))
  return {
    bytes: encoder.encode(`${lines.join('\r\n')}\r\n`),
    filename: csvFilename(shape.name(body)),
  }
}

/** The shape of a body whose items are the array under `key`. */
export function listShape(
  key: string,
  columns: readonly string[],
  file: Pick<CsvShape, 'context' | 'name'>,
): CsvShape {
  return {
    columns,
    items: (body) => (body as Record<string, Record<string, unknown>[]>)[key],
    ...file,
  }
}

/**
 * A file name from its parts: each folded as names are (lower case, accents removed, every
 * run of characters other than letters and digits one `-`), empty ones left out, joined by
 * `-`, with `.csv`: `global-top200-2017-03-01.csv`. An `{ id }` keeps its case.
 */
export function csvFilename(parts: readonly NamePart[]): string {
  const words = parts
    .map((p) =>
      p === null || p === undefined
        ? ''
        : typeof p === 'object'
          ? p.id.replace(NOT_NAME, '-')
          : foldName(String(p)).replace(NOT_NAME, '-').replace(EDGES, ''),
    )
    .filter((p) => p.length > 0)
  return `${words.join('-') || 'answer'}.csv`
}

const NOT_NAME = /[^\p{L}\p{N}]+/gu
const EDGES = /^-+|-+$/g
const NOT_ASCII_NAME = /[^A-Za-z0-9._-]+/g

/**
 * `Content-Disposition` of a download named `filename` (RFC 6266): `attachment`, the name in
 * ASCII (other characters `_`) and, when it has others, `filename*` in UTF-8 as well.
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(NOT_ASCII_NAME, '_')
  return ascii === filename
    ? `attachment; filename="${filename}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}
