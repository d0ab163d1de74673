/**
 * Layout of the v2 struct vectors (weekly.fbs WeeklyRow, tops.fbs TopTrack and TopArtist)
 * as typed-array views: the one place that knows their byte offsets. The pipeline writes
 * through these accessors and the reader reads through them (zero copy over the mapped file).
 */

/** Bytes of one WeeklyRow: streams f64 @0, track u32 @8, weeks_on_chart u16 @12, streak u16 @14, days @16, previous_rank @17, peak_rank @18, rank @19. */
export const WEEKLY_ROW_SIZE = 24
/** Bytes of one TopTrack: streams f64 @0, track u32 @8, days u16 @12, peak_rank @14. */
export const TOP_TRACK_SIZE = 16
/** Bytes of one TopArtist: streams f64 @0, artist u32 @8, tracks u32 @12, number_ones u32 @16, peak_rank @20. */
export const TOP_ARTIST_SIZE = 24

/** u8, u16, u32 and f64 views over a vector of 8-byte aligned structs (zero copy). */
export class StructViews64 {
  readonly u8: Uint8Array
  readonly u16: Uint16Array
  readonly u32: Uint32Array
  readonly f64: Float64Array

  /** Views over `bytes`, whose offset in its buffer must be a multiple of 8. */
  constructor(bytes: Uint8Array) {
    if (bytes.byteOffset % 8 !== 0)
      throw new Error(`struct vector at byte ${bytes.byteOffset} is not 8-byte aligned`)
    const { buffer, byteOffset, byteLength } = bytes
    this.u8 = bytes
    this.u16 = new Uint16Array(buffer, byteOffset, byteLength >>> 1)
    this.u32 = new Uint32Array(buffer, byteOffset, byteLength >>> 2)
    this.f64 = new Float64Array(buffer, byteOffset, byteLength >>> 3)
  }
}

/** One weekly chart entry as numbers. */
export interface WeeklyEntry {
  streams: number
  track: number
  weeksOnChart: number
  streak: number
  days: number
  /** 0 when not on the previous weekly chart */
  previousRank: number
  peakRank: number
  rank: number
}

/** Reads WeeklyRow i. */
export function readWeeklyRow(v: StructViews64, i: number, out: WeeklyEntry): WeeklyEntry {
  const o = i * WEEKLY_ROW_SIZE
  out.streams = v.f64[o >>> 3]
  out.track = v.u32[(o + 8) >>> 2]
  out.weeksOnChart = v.u16[(o + 12) >>> 1]
  out.streak = v.u16[(o + 14) >>> 1]
  out.days = v.u8[o + 16]
  out.previousRank = v.u8[o + 17]
  out.peakRank = v.u8[o + 18]
  out.rank = v.u8[o + 19]
  return out
}

/** Writes WeeklyRow i. */
export function writeWeeklyRow(v: StructViews64, i: number, e: WeeklyEntry): void {
  const o = i * WEEKLY_ROW_SIZE
  v.f64[o >>> 3] = e.streams
  v.u32[(o + 8) >>> 2] = e.track
  v.u16[(o + 12) >>> 1] = e.weeksOnChart
  v.u16[(o + 14) >>> 1] = e.streak
  v.u8[o + 16] = e.days
  v.u8[o + 17] = e.previousRank
  v.u8[o + 18] = e.peakRank
  v.u8[o + 19] = e.rank
}

/** One top-list track as numbers. */
export interface TopTrackEntry {
  streams: number
  track: number
  days: number
  peakRank: number
}

/** Reads TopTrack i. */
export function readTopTrack(v: StructViews64, i: number, out: TopTrackEntry): TopTrackEntry {
  const o = i * TOP_TRACK_SIZE
  out.streams = v.f64[o >>> 3]
  out.track = v.u32[(o + 8) >>> 2]
  out.days = v.u16[(o + 12) >>> 1]
  out.peakRank = v.u8[o + 14]
  return out
}

/** Writes TopTrack i. */
export function writeTopTrack(v: StructViews64, i: number, e: TopTrackEntry): void {
  const o = i * TOP_TRACK_SIZE
  v.f64[o >>> 3] = e.streams
  v.u32[(o + 8) >>> 2] = e.track
  v.u16[(o + 12) >>> 1] = Math.min(e.days, 0xffff)
  v.u8[o + 14] = e.peakRank
}

/** One top-list artist as numbers. */
export interface TopArtistEntry {
  streams: number
  artist: number
  tracks: number
  numberOnes: number
  peakRank: number
}

/** Reads TopArtist i. */
export function readTopArtist(v: StructViews64, i: number, out: TopArtistEntry): TopArtistEntry {
  const o = i * TOP_ARTIST_SIZE
  out.streams = v.f64[o >>> 3]
  out.artist = v.u32[(o + 8) >>> 2]
  out.tracks = v.u32[(o + 12) >>> 2]
  out.numberOnes = v.u32[(o + 16) >>> 2]
  out.peakRank = v.u8[o + 20]
  return out
}

/** Writes TopArtist i. */
export function writeTopArtist(v: StructViews64, i: number, e: TopArtistEntry): void {
  const o = i * TOP_ARTIST_SIZE
  v.f64[o >>> 3] = e.streams
  v.u32[(o + 8) >>> 2] = e.artist
  v.u32[(o + 12) >>> 2] = e.tracks
  v.u32[(o + 16) >>> 2] = e.numberOnes
  v.u8[o + 20] = e.peakRank
}

/** Day number of the Friday that starts the (Friday to Thursday) week holding `day`. */
export function weekStartOf(day: number): number {
  // day 0 (1970-01-01) was a Thursday, so Fridays are the days with (day - 1) % 7 === 0
  return day - ((((day - 1) % 7) + 7) % 7)
}

/** Calendar year (UTC) of a day number. */
export function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear()
}
