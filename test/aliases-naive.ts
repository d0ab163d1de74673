/**
 * The artist aliases and title suggestions docs/API.md promises, computed from raw rows and
 * the alias table's text by plain loops (a method of its own: the transliteration is a table
 * typed out here, the table is split by hand).
 */

import { naiveDistance } from './charts-naive.ts'
import type { RawRow } from './helpers.ts'
import { naiveKey, naiveSplit } from './helpers.ts'
import { idOf, naiveFold } from './periods-naive.ts'

/** docs/API.md's transliteration, letter by letter (Latin letters folding keeps, Cyrillic, Greek). */
const LETTERS = new Map(
  (
    'ø=o æ=ae œ=oe ß=ss ł=l đ=d ð=d þ=th ı=i ħ=h ŧ=t ŋ=ng ' +
    'а=a б=b в=v г=g д=d е=e ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f ' +
    'х=kh ц=ts ч=ch ш=sh щ=shch ъ= ы=y ь= э=e ю=yu я=ya і=i є=ye ґ=g ј=j љ=lj њ=nj ћ=c џ=dz ' +
    'ђ=d ѕ=dz ' +
    'α=a β=v γ=g δ=d ε=e ζ=z η=i θ=th ι=i κ=k λ=l μ=m ν=n ξ=x ο=o π=p ρ=r σ=s ς=s τ=t υ=y ' +
    'φ=f χ=ch ψ=ps ω=o'
  )
    .split(' ')
    .map((pair) => pair.split('=') as [string, string]),
)

/** The folded Latin transliteration of a name, or null (none of the letters, or another script left). */
export function naiveTransliteration(name: string): string | null {
  let out = ''
  let changed = false
  for (const c of name.toLowerCase()) {
    const base = c === 'й' ? c : c.normalize('NFD')[0]
    const latin = LETTERS.get(base)
    if (latin === undefined) out += c
    else {
      out += latin
      changed = true
    }
  }
  if (!changed) return null
  const folded = naiveFold(out)
  return /\p{L}/u.test(folded.replace(/\p{Script=Latin}/gu, '')) ? null : folded
}

/** The artists of `rows` by naive key: a display name (most rows) and its rows. */
function artistsByKey(rows: RawRow[]) {
  const byKey = new Map<string, { names: Map<string, number>; rows: number }>()
  for (const r of rows) {
    for (const name of naiveSplit(r.artist)) {
      const key = naiveKey(name)
      const a = byKey.get(key) ?? { names: new Map(), rows: 0 }
      a.names.set(name, (a.names.get(name) ?? 0) + 1)
      a.rows++
      byKey.set(key, a)
    }
  }
  return [...byKey].map(([key, a]) => ({
    key,
    name: [...a.names].sort((x, y) => y[1] - x[1])[0][0],
    rows: a.rows,
  }))
}

/**
 * Folded alias → the display name of its artist: the table's rows (`alias,artist` lines
 * after the header; `#` lines skipped) whose artist is in the rows, then every artist's
 * transliteration, most rows first; never an artist's own folded name, first come first kept.
 */
export function naiveAliases(rows: RawRow[], table: string): Map<string, string> {
  const artists = artistsByKey(rows)
  const own = new Set(artists.map((a) => naiveFold(a.name)))
  const aliases = new Map<string, string>()
  const add = (alias: string, name: string) => {
    const fold = naiveFold(alias)
    if (!own.has(fold) && !aliases.has(fold)) aliases.set(fold, name)
  }
  for (const line of table.split('\n').slice(1)) {
    if (!line.trim() || line.startsWith('#')) continue
    const [alias, artist] = line.split(',')
    const named = artists
      .filter((a) => naiveFold(a.name) === naiveFold(artist))
      .sort((x, y) => y.rows - x.rows)
    const exact = named.find((a) => a.key === naiveKey(artist)) ?? named[0]
    if (exact) add(alias, exact.name)
  }
  for (const a of [...artists].sort((x, y) => y.rows - x.rows || (x.key < y.key ? -1 : 1))) {
    const latin = naiveTransliteration(a.name)
    if (latin) add(latin, a.name)
  }
  return aliases
}

/**
 * /search's trackSuggestions for `q`: per track, the least distance from the folded query to
 * a run of as many consecutive words of its folded title; within a third of the query's length
 * (at least 2); by distance, then rows (both charts), then id; the first 5 track ids.
 */
export function naiveTitleSuggestions(rows: RawRow[], q: string): string[] {
  const query = naiveFold(q)
  const width = query.split(' ').length
  const cap = Math.max(2, Math.ceil(query.length / 3))
  const tracks = new Map<string, { title: string; rows: number }>()
  for (const r of rows) {
    const id = idOf(r.url)
    const t = tracks.get(id) ?? { title: r.title, rows: 0 }
    t.rows++
    tracks.set(id, t)
  }
  const found: { id: string; d: number; rows: number }[] = []
  for (const [id, t] of tracks) {
    const words = naiveFold(t.title).split(' ')
    let d = Number.POSITIVE_INFINITY
    for (let i = 0; i + width <= words.length; i++)
      d = Math.min(d, naiveDistance(query, words.slice(i, i + width).join(' ')))
    if (d <= cap) found.push({ id, d, rows: t.rows })
  }
  found.sort((x, y) => x.d - y.d || y.rows - x.rows || (x.id < y.id ? -1 : 1))
  return found.slice(0, 5).map((f) => f.id)
}
