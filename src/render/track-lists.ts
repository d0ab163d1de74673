/**
 * Bodies of the v2 list answers made of tracks and artists (weekly charts, top lists): each
 * track written as `{"rank":R,` + its pre-rendered fragment (trackId, title, artist, artists,
 * url; escaped once at build time) + its numbers.
 */
import { isoFromDay } from '../../schema/format.ts'
import {
  topArtistArtist,
  topArtistNumberOnes,
  topArtistPeakRank,
  topArtistStreams,
  topArtistTracks,
  topTrackDays,
  topTrackPeakRank,
  topTrackStreams,
  topTrackTrack,
} from '../../schema/list-rows.ts'
import type { Index } from '../store/open-index.ts'
import { weeklyEntry } from '../store/weekly.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

/** Writes a count of streams (sums may pass 2^32: doubles holding integers). */
function streams(w: JsonWriter, n: number): JsonWriter {
  return n < 0x100000000 ? w.int(n) : w.ascii(String(n))
}

/** Writes `{"rank":R,` and track t's fragment. */
function openTrack(w: JsonWriter, index: Index, rank: number, t: number): JsonWriter {
  const json = index.trackJson
  return w
    .ascii('{"rank":')
    .int(rank)
    .ascii(',')
    .raw(json.buf, json.offsets[t], json.offsets[t + 1])
}

/** A resolved weekly chart request. */
export interface WeeklyQuery {
  region: number
  /** global week position */
  week: number
  total: number
  start: number
  end: number
  offset: number
  limit: number
}

/** GET /rankings/weekly. */
export function weeklyJson(index: Index, q: WeeklyQuery): Uint8Array {
  const weekly = index.weekly
  const friday = weekly.weeks[q.week]
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(`,"weekStart":"${isoFromDay(friday)}","weekEnd":"${isoFromDay(friday + 6)}"`)
  w.ascii(`,"days":${weekly.weekDays[q.week]},"total":${q.total},"offset":${q.offset}`)
  w.ascii(`,"limit":${q.limit},"entries":[`)
  for (let r = q.start; r < q.end; r++) {
    const e = weeklyEntry(weekly, r)
    if (r > q.start) w.ascii(',')
    openTrack(w, index, e.rank, e.track).ascii(',"streams":')
    streams(w, e.streams).ascii(',"days":').int(e.days).ascii(',"previousRank":')
    if (e.previousRank === 0) w.ascii('null')
    else w.int(e.previousRank)
    w.ascii(',"peakRank":').int(e.peakRank).ascii(',"weeksOnChart":').int(e.weeksOnChart)
    w.ascii(',"streak":').int(e.streak).ascii('}')
  }
  return w.ascii(']}').finish()
}

/** A resolved top-list request: list position and page. */
export interface TopListQuery {
  region: number
  /** 0 = all time */
  year: number
  list: number
  offset: number
  limit: number
}

function yearJson(year: number): string {
  return year === 0 ? 'null' : String(year)
}

/** GET /top/tracks. */
export function topTracksJson(index: Index, q: TopListQuery): Uint8Array {
  const tops = index.tops
  const first = tops.trackListOffsets[q.list]
  const last = tops.trackListOffsets[q.list + 1]
  const start = Math.min(last, first + q.offset)
  const end = Math.min(last, start + q.limit)
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(`,"year":${yearJson(q.year)},"total":${last - first},"offset":${q.offset}`)
  w.ascii(`,"limit":${q.limit},"tracks":[`)
  const v = tops.tracks
  for (let i = start; i < end; i++) {
    if (i > start) w.ascii(',')
    openTrack(w, index, i - first + 1, topTrackTrack(v, i)).ascii(',"totalStreams":')
    streams(w, topTrackStreams(v, i)).ascii(',"peakRank":').int(topTrackPeakRank(v, i))
    w.ascii(',"daysOnChart":').int(topTrackDays(v, i)).ascii('}')
  }
  return w.ascii(']}').finish()
}

/** GET /top/artists. */
export function topArtistsJson(index: Index, q: TopListQuery): Uint8Array {
  const tops = index.tops
  const first = tops.artistListOffsets[q.list]
  const last = tops.artistListOffsets[q.list + 1]
  const start = Math.min(last, first + q.offset)
  const end = Math.min(last, start + q.limit)
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(`,"year":${yearJson(q.year)},"total":${last - first},"offset":${q.offset}`)
  w.ascii(`,"limit":${q.limit},"artists":[`)
  const v = tops.artists
  for (let i = start; i < end; i++) {
    if (i > start) w.ascii(',')
    w.ascii('{"rank":')
      .int(i - first + 1)
      .ascii(',"name":')
      .str(index.artistNames.text(topArtistArtist(v, i)))
    w.ascii(',"totalStreams":')
    streams(w, topArtistStreams(v, i)).ascii(',"tracks":').int(topArtistTracks(v, i))
    w.ascii(',"numberOnes":').int(topArtistNumberOnes(v, i))
    w.ascii(',"peakRank":').int(topArtistPeakRank(v, i)).ascii('}')
  }
  return w.ascii(']}').finish()
}
