/**
 * Pieces of the list answers made of tracks (weekly charts, top lists): each track written as
 * `{"rank":R,` + its pre-rendered fragment (trackId, title, artist, artists, url; escaped once
 * at build time) + its numbers. And `listJson`, the whole body of a list route that has no
 * writer of its own.
 */
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import { JsonWriter } from './json-writer.ts'

/** Writes a count of streams (sums may pass 2^32: doubles holding integers). */
export function writeStreams(w: JsonWriter, n: number): JsonWriter {
  return n < 0x100000000 ? w.int(n) : w.ascii(String(n))
}

/** Writes `{"rank":R,` and track t's fragment. */
export function openTrackEntry(w: JsonWriter, index: Index, rank: number, t: number): JsonWriter {
  const json = index.trackJson
  return w
    .ascii('{"rank":')
    .int(rank)
    .ascii(',')
    .raw(json.buf, json.offsets[t], json.offsets[t + 1])
}

/** One item of a `listJson` list: its members in order; `track` stands for the track's fragment. */
export type ListItem = { readonly [member: string]: unknown; readonly track?: number }

/** The members a paged list's body opens with, before `total`, `offset`, `limit` and the list. */
export type ListHead = Readonly<Record<string, unknown>>

const listWriter = new JsonWriter()

/**
 * The JSON body of a paged list, for a route without a writer of its own: `head`'s members,
 * `total` (the items' count), `offset`, `limit`, then under `key` the items of the page,
 * each made by `item(i)` (i counts from 0 over all items) and written member by member, its
 * `track` member as the track's pre-rendered fragment. Cost: a JSON.stringify per member of
 * the page's items; lists a request reads often have their own writers (ranking.ts, top.ts).
 */
export function listJson(
  index: Index,
  head: ListHead,
  key: string,
  page: { total: number; offset: number; limit: number },
  item: (i: number) => ListItem,
): Uint8Array {
  const w = listWriter.reset()
  w.ascii('{')
  for (const [name, value] of Object.entries(head))
    w.ascii(`"${name}":`).utf8(JSON.stringify(value)).ascii(',')
  w.ascii(`"total":${page.total},"offset":${page.offset},"limit":${page.limit},"${key}":[`)
  const json = index.trackJson
  const { start, end } = pageRange(0, page.total, page.offset, page.limit)
  for (let i = start; i < end; i++) {
    w.ascii(i > start ? ',{' : '{')
    let first = true
    for (const [name, value] of Object.entries(item(i))) {
      if (!first) w.ascii(',')
      first = false
      if (name === 'track') {
        const t = value as number
        w.raw(json.buf, json.offsets[t], json.offsets[t + 1])
      } else w.ascii(`"${name}":`).utf8(JSON.stringify(value))
    }
    w.ascii('}')
  }
  return w.ascii(']}').finish()
}
