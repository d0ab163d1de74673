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
 * `track` member as the track's pre-rendered fragment. Cost: per item, one object and one
 * string of its members (numbers by String, the rest by JSON.stringify) written at once;
 * lists a request reads often have their own writers (ranking.ts, top.ts).
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
  for (const name in head) w.utf8(`${memberOpening(name)}${valueJson(head[name])},`)
  w.ascii(`"total":${page.total},"offset":${page.offset},"limit":${page.limit},"${key}":[`)
  const json = index.trackJson
  const { start, end } = pageRange(0, page.total, page.offset, page.limit)
  for (let i = start; i < end; i++) {
    // the members between track fragments go out as one string: one write per run of them
    let text = i > start ? ',{' : '{'
    let comma = false
    const members = item(i)
    for (const name in members) {
      const value = members[name]
      if (comma) text += ','
      comma = true
      if (name === 'track') {
        const t = value as number
        w.utf8(text).raw(json.buf, json.offsets[t], json.offsets[t + 1])
        text = ''
      } else text += memberOpening(name) + valueJson(value)
    }
    w.utf8(`${text}}`)
  }
  return w.ascii(']}').finish()
}

/** `"name":` of each member name seen (names are few: a route's item fields). */
const openings = new Map<string, string>()

function memberOpening(name: string): string {
  let opening = openings.get(name)
  if (opening === undefined) {
    opening = `${JSON.stringify(name)}:`
    openings.set(name, opening)
  }
  return opening
}

/** A JSON value as text. */
const valueJson = (value: unknown): string =>
  typeof value === 'number' ? String(value) : JSON.stringify(value)
