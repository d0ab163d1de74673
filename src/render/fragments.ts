/**
 * Gathering the pre-rendered track fragments a body is made of, before it is written.
 *
 * At full scale the fragments of a ranking lie at random across a 90 MB pool. Written one
 * entry at a time, the CPU waits for each track's pool offset and then for each fragment's
 * bytes in turn. `gather` does the loads first, in passes of independent loads (every
 * entry's offsets, then every fragment's cache lines), so their misses overlap: a random
 * 200-entry ranking rendered in 41 µs with one combined pass and 27 µs with these two
 * (bench/RESULTS.md, "by hand", profiles item 11).
 */
import type { Index } from '../store/open-index.ts'

/** Scratch arrays, one slot per entry of the body being written (reused across bodies). */
export interface Entries {
  /** the track of each entry: filled by the caller before `gather` */
  tracks: Int32Array
  /** after `gather`: where each entry's fragment starts and ends in `index.trackJson` */
  start: Int32Array
  end: Int32Array
  /** after `gather(…, true)`: where each fragment's artist value ends and its url starts */
  artistEnd: Int32Array
  urlStart: Int32Array
}

const scratch: Entries = {
  tracks: new Int32Array(256),
  start: new Int32Array(256),
  end: new Int32Array(256),
  artistEnd: new Int32Array(256),
  urlStart: new Int32Array(256),
}

/** The scratch arrays, with room for at least n entries (their contents are not kept). */
export function entries(n: number): Entries {
  if (n > scratch.tracks.length) {
    const size = Math.max(n, scratch.tracks.length * 2)
    scratch.tracks = new Int32Array(size)
    scratch.start = new Int32Array(size)
    scratch.end = new Int32Array(size)
    scratch.artistEnd = new Int32Array(size)
    scratch.urlStart = new Int32Array(size)
  }
  return scratch
}

/**
 * Looks up the fragments of the first n entries of `e.tracks` and touches their bytes; with
 * `parts`, also where each fragment's artist value ends and its url starts (bodies that copy
 * a fragment in pieces).
 */
export function gather(index: Index, e: Entries, n: number, parts = false): void {
  const offsets = index.trackJson.offsets
  const { tracks, start, end } = e
  for (let i = 0; i < n; i++) {
    const track = tracks[i]
    start[i] = offsets[track]
    end[i] = offsets[track + 1]
  }
  if (parts) {
    const artistEnd = index.trackJsonArtistEnd
    const urlStart = index.trackJsonUrlStart
    for (let i = 0; i < n; i++) {
      const track = tracks[i]
      e.artistEnd[i] = start[i] + artistEnd[track]
      e.urlStart[i] = start[i] + urlStart[track]
    }
  }
  const bytes = index.trackJson.bytes
  let touch = 0
  for (let i = 0; i < n; i++) {
    const a = start[i]
    touch += bytes[a] + bytes[a + 64] + bytes[a + 128] + bytes[end[i] - 1]
  }
  if (touch < 0) throw new Error('unreachable')
}
