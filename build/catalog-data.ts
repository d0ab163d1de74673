/**
 * The catalog's data: tracks sorted by Spotify id, regions and artists sorted by
 * normalised name, credits, pre-rendered JSON fragments and the search keys.
 */

import {
  foldName,
  normalizeName,
  SEARCH_ALIAS_BIT,
  SEARCH_ARTIST_BIT,
  searchKeysOf,
  TRACK_URL_PREFIX,
} from '../schema/format.ts'
import type { CATALOG_TABLE } from '../schema/tables.ts'
import { trackJsonOf } from '../schema/track-json.ts'
import { type AliasRow, transliterate } from './artist-aliases.ts'
import { splitCredit } from './credits.ts'
import type { TableData } from './index-files.ts'
import type { TrackInfo } from './ingest.ts'

/** Code-point order (= UTF-8 byte order, which the reader's binary searches use). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // surrogates (U+D800..DFFF) encode code points above U+FFFF: move them past U+E000..FFFF
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

/**
 * Numbering of the tracks: by popularity (`rows`, rows kept per store track; most first),
 * then Spotify id. `order[number] = storeIndex`, `remap[storeIndex] = number`. Popular tracks
 * fill most rankings; numbering them first packs their JSON fragments into a few hot pages
 * (at full scale, random rankings ran 2.5× faster than with tracks in id order).
 */
export function trackOrder(
  tracks: readonly TrackInfo[],
  rows: Uint32Array,
): {
  order: Uint32Array
  remap: Uint32Array
} {
  const order = Uint32Array.from(tracks.keys()).sort(
    (a, b) => rows[b] - rows[a] || (tracks[a].id < tracks[b].id ? -1 : 1),
  )
  const remap = new Uint32Array(tracks.length)
  order.forEach((old, id) => {
    remap[old] = id
  })
  return { order, remap }
}

/** Sorted order of the regions (by normalised name). */
export function regionOrder(regions: readonly string[]): { names: string[]; remap: Uint8Array } {
  const order = [...regions.keys()].sort((a, b) =>
    compareCodePoints(normalizeName(regions[a]), normalizeName(regions[b])),
  )
  const remap = new Uint8Array(regions.length)
  order.forEach((old, id) => {
    remap[old] = id
  })
  return { names: order.map((i) => regions[i]), remap }
}

/**
 * The columns of the Catalog table (schema/tables.ts CATALOG_TABLE; catalog.fbs says what
 * each holds: `trackIds` the 22-character ids back to back in ASCII, `trackIdOrder` track
 * numbers by Spotify id, `regionCodes` per region its ISO code or '', `artistFolds` distinct
 * folded artist names ascending with the artists of each, most chart rows first).
 */
export type CatalogData = TableData<typeof CATALOG_TABLE>

/** The Spotify ids of `tracks`, back to back in ASCII. */
function trackIdBytes(tracks: readonly TrackInfo[]): Uint8Array {
  const ids = Buffer.from(tracks.map((t) => t.id).join(''), 'ascii')
  return new Uint8Array(ids.buffer, ids.byteOffset, ids.length)
}

/**
 * Artists grouped by folded name (foldName): distinct folds in code-point order, and for
 * each the artists whose names fold to it, most chart rows first (then id).
 */
export function foldArtists(
  names: readonly string[],
  rows: Uint32Array,
): { folds: string[]; offsets: Uint32Array; artists: Uint32Array } {
  const byFold = new Map<string, number[]>()
  names.forEach((name, a) => {
    const fold = foldName(name)
    const list = byFold.get(fold)
    if (list) list.push(a)
    else byFold.set(fold, [a])
  })
  const folds = [...byFold.keys()].sort(compareCodePoints)
  const offsets = new Uint32Array(folds.length + 1)
  const artists: number[] = []
  folds.forEach((fold, f) => {
    const list = byFold.get(fold)!.sort((a, b) => rows[b] - rows[a] || a - b)
    artists.push(...list)
    offsets[f + 1] = artists.length
  })
  return { folds, offsets, artists: Uint32Array.from(artists) }
}

/** Artists by matching key, from the tracks' credits. */
interface Credits {
  /** per artist key: its spellings with their chart rows, and its tracks */
  byKey: Map<string, { spellings: Map<string, number>; tracks: number[] }>
  /** per track: the keys of its credited artists, in credit order */
  trackKeys: string[][]
}

/** Splits every track's credit into artists (splitCredit) and groups them by normalised name. */
function creditsOf(
  tracks: readonly TrackInfo[],
  trackRows: Uint32Array,
  commaNames: ReadonlySet<string>,
): Credits {
  const byKey: Credits['byKey'] = new Map()
  const trackKeys: string[][] = []
  for (let t = 0; t < tracks.length; t++) {
    const keys: string[] = []
    for (const name of splitCredit(tracks[t].artist, commaNames)) {
      const key = normalizeName(name)
      if (!key || keys.includes(key)) continue
      keys.push(key)
      let entry = byKey.get(key)
      if (!entry) byKey.set(key, (entry = { spellings: new Map(), tracks: [] }))
      entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + trackRows[t])
      entry.tracks.push(t)
    }
    trackKeys.push(keys)
  }
  return { byKey, trackKeys }
}

/** The artist columns: artists by key, each named by its most charted spelling, with its tracks. */
function artistColumns(credits: Credits, trackRows: Uint32Array) {
  const artistKeys = [...credits.byKey.keys()].sort(compareCodePoints)
  const artistNames: string[] = []
  const artistTrackOffsets = new Uint32Array(artistKeys.length + 1)
  const artistRows = new Uint32Array(artistKeys.length)
  const artistTrackList: number[] = []
  artistKeys.forEach((key, a) => {
    const entry = credits.byKey.get(key)!
    let best = ''
    let bestCount = -1
    for (const [name, count] of entry.spellings) {
      if (count > bestCount) {
        best = name
        bestCount = count
      }
    }
    artistNames.push(best)
    for (const t of entry.tracks) {
      artistTrackList.push(t)
      artistRows[a] += trackRows[t]
    }
    artistTrackOffsets[a + 1] = artistTrackList.length
  })
  const artistTracks = Uint32Array.from(artistTrackList)
  return { artistKeys, artistNames, artistTrackOffsets, artistTracks, artistRows }
}

/**
 * The per-track columns that name artists: credits (artist ids), urls ('' when canonical)
 * and the pre-rendered JSON fragment with the byte offsets of its members.
 */
function trackColumns(
  tracks: readonly TrackInfo[],
  trackKeys: readonly string[][],
  artistKeys: readonly string[],
  artistNames: readonly string[],
) {
  const artistId = new Map(artistKeys.map((k, i) => [k, i]))
  const creditOffsets = new Uint32Array(tracks.length + 1)
  const creditList: number[] = []
  const trackJson: string[] = []
  const trackJsonArtistEnd = new Uint32Array(tracks.length)
  const trackJsonUrlStart = new Uint32Array(tracks.length)
  const urls: string[] = []
  for (let t = 0; t < tracks.length; t++) {
    const track = tracks[t]
    const ids = trackKeys[t].map((k) => artistId.get(k)!)
    creditList.push(...ids)
    creditOffsets[t + 1] = creditList.length
    const canonical = TRACK_URL_PREFIX + track.id
    urls.push(track.url === canonical ? '' : track.url)
    const fragment = trackJsonOf({ ...track, artists: ids.map((a) => artistNames[a]) })
    trackJson.push(fragment.json)
    trackJsonArtistEnd[t] = fragment.artistEnd
    trackJsonUrlStart[t] = fragment.urlStart
  }
  const creditArtists = Uint32Array.from(creditList)
  return { creditOffsets, creditArtists, urls, trackJson, trackJsonArtistEnd, trackJsonUrlStart }
}

/**
 * The artists' aliases (build/artist-aliases.ts), by folded alias: the table's rows whose artist
 * is in the data (its name folded, as a request names one: an exact match up to case and accents
 * first, else the most chart rows), then the transliteration of every artist's name, most chart
 * rows first. An alias that is some artist's own folded name, or already taken, is left out.
 */
function aliasColumns(
  aliasRows: readonly AliasRow[],
  artists: {
    artistKeys: readonly string[]
    artistNames: readonly string[]
    artistRows: Uint32Array
  },
  folded: ReturnType<typeof foldArtists>,
) {
  const foldAt = new Map(folded.folds.map((fold, f) => [fold, f]))
  const byFold = new Map<string, { name: string; artist: number }>()
  const add = (name: string, artist: number) => {
    const fold = foldName(name)
    if (fold && !foldAt.has(fold) && !byFold.has(fold)) byFold.set(fold, { name, artist })
  }
  for (const row of aliasRows) {
    const f = foldAt.get(foldName(row.artist))
    if (f === undefined) continue
    const start = folded.offsets[f]
    const end = folded.offsets[f + 1]
    const key = normalizeName(row.artist)
    let artist = folded.artists[start]
    for (let k = start; k < end; k++)
      if (artists.artistKeys[folded.artists[k]] === key) artist = folded.artists[k]
    add(row.alias, artist)
  }
  const byRows = Uint32Array.from(artists.artistNames.keys()).sort(
    (a, b) => artists.artistRows[b] - artists.artistRows[a] || a - b,
  )
  for (const a of byRows) {
    const latin = transliterate(artists.artistNames[a])
    if (latin) add(latin, a)
  }
  const aliasFolds = [...byFold.keys()].sort(compareCodePoints)
  return {
    aliasFolds,
    aliasNames: aliasFolds.map((fold) => byFold.get(fold)!.name),
    aliasArtists: Uint32Array.from(aliasFolds, (fold) => byFold.get(fold)!.artist),
  }
}

/** Tracks grouped by folded title: distinct folds in code-point order, each with its tracks ascending. */
function titleColumns(titleFolds: readonly string[]) {
  const byFold = new Map<string, number[]>()
  titleFolds.forEach((fold, t) => {
    const list = byFold.get(fold)
    if (list) list.push(t)
    else byFold.set(fold, [t])
  })
  const folds = [...byFold.keys()].sort(compareCodePoints)
  const offsets = new Uint32Array(folds.length + 1)
  const tracks = new Uint32Array(titleFolds.length)
  let n = 0
  folds.forEach((fold, f) => {
    for (const t of byFold.get(fold)!) tracks[n++] = t
    offsets[f + 1] = n
  })
  return { titleFolds: folds, titleFoldOffsets: offsets, titleFoldTracks: tracks }
}

/**
 * Search keys (word-start suffixes of folded artist names, aliases and titles) and their
 * targets, sorted.
 */
function searchColumns(
  titleFolds: readonly string[],
  folded: ReturnType<typeof foldArtists>,
  aliasFolds: readonly string[],
): { searchKeys: string[]; searchTargets: Uint32Array } {
  const entries: { key: string; target: number }[] = []
  folded.folds.forEach((fold, f) => {
    for (const k of searchKeysOf(fold)) {
      for (let i = folded.offsets[f]; i < folded.offsets[f + 1]; i++)
        entries.push({ key: k, target: (SEARCH_ARTIST_BIT | folded.artists[i]) >>> 0 })
    }
  })
  aliasFolds.forEach((fold, i) => {
    for (const k of searchKeysOf(fold))
      entries.push({ key: k, target: (SEARCH_ARTIST_BIT | SEARCH_ALIAS_BIT | i) >>> 0 })
  })
  for (let t = 0; t < titleFolds.length; t++) {
    for (const k of searchKeysOf(titleFolds[t])) entries.push({ key: k, target: t })
  }
  entries.sort((x, y) => compareCodePoints(x.key, y.key) || x.target - y.target)
  return {
    searchKeys: entries.map((e) => e.key),
    searchTargets: Uint32Array.from(entries, (e) => e.target),
  }
}

/** What the catalog is made from besides the tracks. */
export interface CatalogInputs {
  /** region display names in index order */
  regions: string[]
  commaNames: ReadonlySet<string>
  /** per region its code, '' when unknown (default: none known) */
  regionCodes?: string[]
  /** the alias table's rows (default: none) */
  aliasRows?: readonly AliasRow[]
}

/**
 * Builds the catalog: credits → artists → aliases → per-track columns → search keys. `tracks`
 * are in index order (by popularity) and `trackRows` their row counts over both charts.
 */
export function buildCatalogData(
  tracks: readonly TrackInfo[],
  trackRows: Uint32Array,
  inputs: CatalogInputs,
): CatalogData {
  const { regions, commaNames, regionCodes = regions.map(() => ''), aliasRows = [] } = inputs
  const credits = creditsOf(tracks, trackRows, commaNames)
  const artists = artistColumns(credits, trackRows)
  const folded = foldArtists(artists.artistNames, artists.artistRows)
  const aliases = aliasColumns(aliasRows, artists, folded)
  const titleFolds = tracks.map((t) => foldName(t.title))
  return {
    regions,
    trackIds: trackIdBytes(tracks),
    trackIdOrder: Uint32Array.from(tracks.keys()).sort((a, b) =>
      tracks[a].id < tracks[b].id ? -1 : 1,
    ),
    titles: tracks.map((t) => t.title),
    trackArtists: tracks.map((t) => t.artist),
    ...trackColumns(tracks, credits.trackKeys, artists.artistKeys, artists.artistNames),
    trackRows,
    ...artists,
    ...searchColumns(titleFolds, folded, aliases.aliasFolds),
    regionCodes,
    artistFolds: folded.folds,
    artistFoldOffsets: folded.offsets,
    artistFoldArtists: folded.artists,
    ...aliases,
    ...titleColumns(titleFolds),
  }
}
