/** Search: prefix and word matches over the precomputed, sorted search keys. */
import { foldName, SEARCH_ARTIST_BIT } from '../../schema/format.ts'
import type { Index } from './open-index.ts'
import { queryBytes } from './string-pool.ts'
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
      artists.offer({ id: a, score: index.artistRows[a] })
    } else {
      if (seenTrack[target] === seenStamp) continue
      seenTrack[target] = seenStamp
      tracks.offer({ id: target, score: index.trackRows[target] })
    }
  }
  return { artists: artists.items.map((h) => h.id), tracks: tracks.items.map((h) => h.id) }
}
