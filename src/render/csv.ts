/**
 * CSV bodies of list answers (docs/API.md, v2): RFC 4180 (CRLF line ends, fields quoted when they
 * hold a comma, quote or line break, quotes doubled), a header row with the JSON field names
 * of one list item, arrays joined by `; `, null as an empty field. Made from the JSON body of
 * the same request, so both always carry the same facts.
 */

/** Which items of a JSON body become rows, and their columns. */
export interface CsvShape {
  /** field names of one list item, in JSON order */
  columns: readonly string[]
  /** the list items of a parsed body */
  items: (body: unknown) => Record<string, unknown>[]
}

/** Content type of CSV bodies. */
export const CSV_TYPE = 'text/csv; charset=utf-8'

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

/** The CSV body of a JSON body. Cost: one parse of the JSON and one pass over its items. */
export function csvFromJson(json: Uint8Array, shape: CsvShape): Uint8Array {
  const items = shape.items(JSON.parse(decoder.decode(json)))
  const lines = [shape.columns.map(csvField).join(',')]
  for (const item of items) lines.push(shape.columns.map((c) => csvField(item[c])).join(','))
  return encoder.encode(`${lines.join('\r\n')}\r\n`)
}

/** The shape of a body whose items are the array under `key`. */
export function listShape(key: string, columns: readonly string[]): CsvShape {
  return { columns, items: (body) => (body as Record<string, Record<string, unknown>[]>)[key] }
}
