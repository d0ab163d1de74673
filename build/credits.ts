/**
 * Artist credits: "A, B, Tyler, The Creator" credits A, B and Tyler, The Creator.
 * A credit is split on ", " and then adjacent parts are joined back whenever they spell
 * a name of the curated comma-name list (longest match first).
 */
import { readFileSync } from 'node:fs'
import { normalizeName } from '../schema/format.ts'

/** Longest comma name, in parts; bounds the join search. */
const MAX_PARTS = 6

/** Reads comma-name list files (one name per line, `#` comments) into a set of normalised names. */
export function loadCommaNames(paths: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const path of paths) {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new Error(`credits: cannot read comma-name list ${path} (${(error as Error).message})`)
    }
    for (const line of text.split('\n')) {
      const name = line.trim()
      if (name && !name.startsWith('#')) names.add(normalizeName(name))
    }
  }
  return names
}

/** The credited artists of a credit string, in order, without repeats or empty names. */
export function splitCredit(credit: string, commaNames: ReadonlySet<string>): string[] {
  const parts = credit.split(', ')
  const out: string[] = []
  for (let i = 0; i < parts.length; ) {
    let taken = 1
    for (let n = Math.min(MAX_PARTS, parts.length - i); n > 1; n--) {
      if (commaNames.has(normalizeName(parts.slice(i, i + n).join(', ')))) {
        taken = n
        break
      }
    }
    const name = parts
      .slice(i, i + taken)
      .join(', ')
      .trim()
    if (name && !out.includes(name)) out.push(name)
    i += taken
  }
  return out
}
