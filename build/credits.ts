/**
 * Artist credits: "A, B, Tyler, The Creator" credits A, B and Tyler, The Creator.
 * A credit is split on ", " and then adjacent parts are joined back whenever they spell
 * a name of the curated comma-name list (longest match first).
 */
import { readFileSync } from 'node:fs'
import { normalizeName } from '../schema/format.ts'

/** Longest comma name, in parts; bounds the join search. */
const MAX_PARTS = 6

/** Adds the names of a comma-name list (one per line, `#` comments) to `names`, normalised. */
export function addCommaNames(names: Set<string>, text: string): Set<string> {
  for (const line of text.split('\n')) {
    const name = line.trim()
    if (name && !name.startsWith('#')) names.add(normalizeName(name))
  }
  return names
}

/** The names of `text` (the shipped list) plus those of the list files at `paths`. */
export function loadCommaNames(text: string, paths: readonly string[] = []): Set<string> {
  const names = addCommaNames(new Set(), text)
  for (const path of paths) {
    try {
      addCommaNames(names, readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`credits: cannot read comma-name list ${path} (${(error as Error).message})`)
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
