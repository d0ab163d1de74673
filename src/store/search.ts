/** Search: prefix and word matches over the precomputed, sorted search keys. */
import { foldName, SEARCH_ALIAS_BIT, SEARCH_ARTIST_BIT } from '../../schema/format.ts'
import { queryBytes } from '../../schema/string-pool.ts'
import { BoundedCache } from '../bounded-cache.ts'
import type { Index } from './open-index.ts'
import { perIndex } from './per-index.ts'
import { boundedDistance, nearestBy } from './suggest.ts'
import { TopK } from './top-k.ts'

/** Artist and track ids matching a query, best first. */
export interface SearchHits {
  artists: number[]
  /** per artist hit: the alias (Catalog.alias_folds) it matched by, -1 when its own name matched */
  artistAliases: number[]
  tracks: number[]
}

/** A search hit: an artist or track id and its chart rows. */
interface Hit {
  id: number
  score: number
}

/** By score (desc), then id (asc). */
const betterHit = (a: Hit, b: Hit) => a.score > b.score || (a.score === b.score && a.id < b.id)

/** Whether a hit scoring `score` could enter `top` (checked before making the hit object). */
function mayEnter(top: TopK<Hit>, score: number): boolean {
  const worst = top.worst
  return worst === undefined || score >= worst.score
}

/**
 * Queries of up to SHORT characters match a large share of the keys (a two-letter prefix:
 * tens of thousands at full scale, ~350 µs a search); their hits are kept per index, a few
 * hundred bytes each, in a bounded cache with frequency admission.
 */
const SHORT = 3
const SHORT_HITS_BYTES = 4 * 1024 * 1024
const shortHits = perIndex(() => new BoundedCache<SearchHits>(SHORT_HITS_BYTES))

let seenArtist = new Uint32Array(0)
/** per artist: the stamp of the scan its own name matched in */
let ownName = new Uint32Array(0)
/** per artist: the stamp of the scan an alias of it matched in, and that alias */
let aliasSeen = new Uint32Array(0)
let aliasOf = new Uint32Array(0)
let seenTrack = new Uint32Array(0)
let seenStamp = 0

/**
 * Artists and tracks whose name has a word starting with the query (or starts with it),
 * case-, accent- and punctuation-insensitively (foldName), ranked by chart rows. Cost: one binary search plus a
 * pass over the matching keys.
 */
export function search(index: Index, query: string, limit: number): SearchHits {
  const key = foldName(query)
  if (key.length > SHORT) return scan(index, key, limit)
  const memo = shortHits(index)
  const memoKey = `${limit}|${key}`
  let hits = memo.get(memoKey)
  if (hits === undefined) {
    hits = scan(index, key, limit)
    memo.set(memoKey, hits, 64 + 8 * (2 * hits.artists.length + hits.tracks.length))
  }
  return hits
}

/** `search` over the keys: one binary search plus a pass over the matching keys. */
function scan(index: Index, key: string, limit: number): SearchHits {
  const artists = new TopK(limit, betterHit)
  const tracks = new TopK(limit, betterHit)
  if (!key) return { artists: [], artistAliases: [], tracks: [] }
  if (seenArtist.length < index.artistCount) {
    seenArtist = new Uint32Array(index.artistCount)
    ownName = new Uint32Array(index.artistCount)
    aliasSeen = new Uint32Array(index.artistCount)
    aliasOf = new Uint32Array(index.artistCount)
  }
  if (seenTrack.length < index.trackCount) seenTrack = new Uint32Array(index.trackCount)
  seenStamp = (seenStamp + 1) >>> 0
  if (seenStamp === 0) {
    for (const seen of [seenArtist, ownName, aliasSeen, seenTrack]) seen.fill(0)
    seenStamp = 1
  }
  const q = queryBytes(key)
  const keys = index.searchKeys
  for (let i = keys.lowerBound(q.bytes, q.length); i < keys.count; i++) {
    if (!keys.startsWith(i, q.bytes, q.length)) break
    const target = index.searchTargets[i]
    if (target & SEARCH_ARTIST_BIT) {
      let a: number
      if (target & SEARCH_ALIAS_BIT) {
        const alias = (target & ~(SEARCH_ARTIST_BIT | SEARCH_ALIAS_BIT)) >>> 0
        a = index.aliasArtists[alias]
        if (aliasSeen[a] !== seenStamp) {
          aliasSeen[a] = seenStamp
          aliasOf[a] = alias
        }
      } else {
        a = (target & ~SEARCH_ARTIST_BIT) >>> 0
        ownName[a] = seenStamp
      }
      if (seenArtist[a] === seenStamp) continue
      seenArtist[a] = seenStamp
      const score = index.artistRows[a]
      if (mayEnter(artists, score)) artists.offer({ id: a, score })
    } else {
      if (seenTrack[target] === seenStamp) continue
      seenTrack[target] = seenStamp
      const score = index.trackRows[target]
      if (mayEnter(tracks, score)) tracks.offer({ id: target, score })
    }
  }
  const found = artists.items.map((h) => h.id)
  return {
    artists: found,
    artistAliases: found.map((a) => (ownName[a] === seenStamp ? -1 : aliasOf[a])),
    tracks: tracks.items.map((h) => h.id),
  }
}

/** The folded titles decoded (one string each, once per index: ~15 MB at full scale). */
const titleTexts = perIndex((index) =>
  Array.from({ length: index.titleFolds.count }, (_, i) => index.titleFolds.text(i)),
)

/** End of the run of `words` words of `title` from `start` (a word start), or -1 when fewer remain. */
function runEnd(title: string, start: number, words: number): number {
  let end = start - 1
  for (let w = 0; w < words; w++) {
    if (end >= title.length) return -1
    const space = title.indexOf(' ', end + 1)
    end = space < 0 ? title.length : space
  }
  return end
}

/**
 * Edit distance of `query` (of `words` words) to the closest run of `words` consecutive words
 * of `title` (both folded: words are separated by single spaces), or `cap + 1` beyond `cap`.
 */
function titleDistance(query: string, words: number, title: string, cap: number): number {
  let best = cap + 1
  for (let start = 0; best > 0; ) {
    const end = runEnd(title, start, words)
    if (end < 0) break
    best = Math.min(best, boundedDistance(query, title, best - 1, start, end))
    const space = title.indexOf(' ', start)
    if (space < 0) break
    start = space + 1
  }
  return best
}

/**
 * Up to `max` tracks whose folded title is closest to the folded query `key` by edit
 * distance (docs/API.md `/search` `trackSuggestions`: `despasio` → `Despacito`): the distance
 * of a title is that of its closest run of as many consecutive words as the query has, within
 * a third of the query's length (at least 2); closest first, then by chart rows (the track
 * order). Cost: one bounded distance per word of every distinct title, a few hundred thousand
 * at full scale, on a query nothing matched.
 */
export function nearestTitles(index: Index, key: string, max = 5): number[] {
  if (!key) return []
  const titles = titleTexts(index)
  const words = key.split(' ').length
  const { titleFoldOffsets: offsets, titleFoldTracks: tracksOf } = index
  const distance = (f: number, cap: number) => titleDistance(key, words, titles[f], cap)
  // the best `max` tracks lie in the best `max` titles ranked by their most charted track
  const near = nearestBy(key, titles.length, distance, (f) => -tracksOf[offsets[f]], max)
  const found: { t: number; d: number }[] = []
  for (const f of near) {
    const d = distance(f, key.length)
    for (let k = offsets[f]; k < offsets[f + 1]; k++) found.push({ t: tracksOf[k], d })
  }
  found.sort((x, y) => x.d - y.d || x.t - y.t)
  return found.slice(0, max).map((x) => x.t)
}
