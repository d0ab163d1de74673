/** Search: prefix and word matches over the precomputed, sorted search keys. */
import { normalizeName, SEARCH_ARTIST_BIT } from '../../schema/format.ts'
import type { Index } from './open-index.ts'
import { queryBytes } from './string-pool.ts'

/** Artist and track ids matching a query, best first. */
export interface SearchHits {
  artists: number[]
  tracks: number[]
}

/** Keeps the `limit` best ids by score (desc), then id (asc). */
class TopK {
  readonly ids: number[] = []
  private readonly scores: number[] = []
  constructor(private readonly limit: number) {}
  offer(id: number, score: number): void {
    const n = this.ids.length
    if (n === this.limit) {
      const worst = this.scores[n - 1]
      if (score < worst || (score === worst && id > this.ids[n - 1])) return
    }
    let i = n
    while (
      i > 0 &&
      (this.scores[i - 1] < score || (this.scores[i - 1] === score && this.ids[i - 1] > id))
    )
      i--
    this.ids.splice(i, 0, id)
    this.scores.splice(i, 0, score)
    if (this.ids.length > this.limit) {
      this.ids.pop()
      this.scores.pop()
    }
  }
}

let seenArtist = new Uint32Array(0)
let seenTrack = new Uint32Array(0)
let seenStamp = 0

/**
 * Artists and tracks whose name has a word starting with the query (or starts with it),
 * accent- and case-insensitively, ranked by chart rows. Cost: one binary search plus a
 * pass over the matching keys.
 */
export function search(index: Index, query: string, limit: number): SearchHits {
  const key = normalizeName(query)
  const artists = new TopK(limit)
  const tracks = new TopK(limit)
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
      artists.offer(a, index.artistRows[a])
    } else {
      if (seenTrack[target] === seenStamp) continue
      seenTrack[target] = seenStamp
      tracks.offer(target, index.trackRows[target])
    }
  }
  return { artists: artists.ids, tracks: tracks.ids }
}
