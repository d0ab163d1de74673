/** Search: prefix and word matches over the precomputed, sorted search keys. */
import { foldName, SEARCH_ARTIST_BIT } from '../../schema/format.ts'
import { queryBytes } from '../../schema/string-pool.ts'
import { BoundedCache } from '../bounded-cache.ts'
import type { Index } from './open-index.ts'
import { perIndex } from './per-index.ts'
import { TopK } from './top-k.ts'

/** Artist and track ids matching a query, best first. */
export interface SearchHits {
  artists: number[]
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
    memo.set(memoKey, hits, 64 + 8 * (hits.artists.length + hits.tracks.length))
  }
  return hits
}

/** `search` over the keys: one binary search plus a pass over the matching keys. */
function scan(index: Index, key: string, limit: number): SearchHits {
  const artists = new TopK(limit, betterHit)
  const tracks = new TopK(limit, betterHit)
  if (!key) return { artists: [], tracks: [] }
  if (seenArtist.length < index.artistCount) seenArtist = new Uint32Array(index.artistCount)
  if (seenTrack.length < index.trackCount) seenTrack = new Uint32Array(index.trackCount)
  seenStamp = (seenStamp + 1) >>> 0
  if (seenStamp === 0) {
    seenArtist.fill(0)
    seenTrack.fill(0)
    seenStamp = 1
  }
  const q = queryBytes(key)
  const keys = index.searchKeys
  for (let i = keys.lowerBound(q.bytes, q.length); i < keys.count; i++) {
    if (!keys.startsWith(i, q.bytes, q.length)) break
    const target = index.searchTargets[i]
    if (target & SEARCH_ARTIST_BIT) {
      const a = (target & ~SEARCH_ARTIST_BIT) >>> 0
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
  return { artists: artists.items.map((h) => h.id), tracks: tracks.items.map((h) => h.id) }
}
