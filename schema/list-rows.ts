/**
 * Layout of the list struct vectors (weekly.fbs WeeklyRow, tops.fbs TopTrack and TopArtist),
 * in the idiom of schema/points.ts: a named accessor per field over typed-array views (zero
 * copy over the mapped file) and a writer from a values object. The one place that knows
 * their byte offsets; test/schema/tables.test.ts ties them to the generated classes.
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

/** A vector of WeeklyRows, TopTracks or TopArtists; read it with the accessors below. */
export type ListRows = StructViews64

// WeeklyRow i: f64 3i; u32 word 6i+2; u16 halves 12i+6, 12i+7; bytes 24i+16..24i+19.

/** Streams of weekly row i, summed over the week's chart dates. */
export const weeklyStreams = (v: ListRows, i: number): number => v.f64[i * 3]
/** Track id of weekly row i. */
export const weeklyTrack = (v: ListRows, i: number): number => v.u32[i * 6 + 2]
/** Sets the track id of weekly row i (a build renumbering its tracks). */
export const setWeeklyTrack = (v: ListRows, i: number, track: number): void => {
  v.u32[i * 6 + 2] = track
}
/** Weekly charts up to row i's on which the track appeared. */
export const weeklyWeeksOnChart = (v: ListRows, i: number): number => v.u16[i * 12 + 6]
/** Consecutive weekly charts ending at row i's. */
export const weeklyStreak = (v: ListRows, i: number): number => v.u16[i * 12 + 7]
/** Chart dates of the week on which the track appeared. */
export const weeklyDays = (v: ListRows, i: number): number => v.u8[i * 24 + 16]
/** Rank on the previous weekly chart; 0 when not on it. */
export const weeklyPreviousRank = (v: ListRows, i: number): number => v.u8[i * 24 + 17]
/** Best weekly rank up to row i's week. */
export const weeklyPeakRank = (v: ListRows, i: number): number => v.u8[i * 24 + 18]
/** Rank of weekly row i. */
export const weeklyRank = (v: ListRows, i: number): number => v.u8[i * 24 + 19]

/** The fields of one WeeklyRow (a scratch object the writer copies from). */
export interface WeeklyRowValues {
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

/** Writes WeeklyRow i from `x`. */
export function writeWeeklyRow(v: ListRows, i: number, x: WeeklyRowValues): void {
  v.f64[i * 3] = x.streams
  v.u32[i * 6 + 2] = x.track
  v.u16[i * 12 + 6] = x.weeksOnChart
  v.u16[i * 12 + 7] = x.streak
  v.u8[i * 24 + 16] = x.days
  v.u8[i * 24 + 17] = x.previousRank
  v.u8[i * 24 + 18] = x.peakRank
  v.u8[i * 24 + 19] = x.rank
}

// TopTrack i: f64 2i; u32 word 4i+2; u16 half 8i+6; byte 16i+14.

/** Streams of top-list track i, summed over the list's period. */
export const topTrackStreams = (v: ListRows, i: number): number => v.f64[i * 2]
/** Track id of top-list track i. */
export const topTrackTrack = (v: ListRows, i: number): number => v.u32[i * 4 + 2]
/** Sets the track id of top-list track i (a build renumbering its tracks). */
export const setTopTrackTrack = (v: ListRows, i: number, track: number): void => {
  v.u32[i * 4 + 2] = track
}
/** Chart dates of the period on which the track appeared (at most 65535). */
export const topTrackDays = (v: ListRows, i: number): number => v.u16[i * 8 + 6]
/** Best daily rank in the period. */
export const topTrackPeakRank = (v: ListRows, i: number): number => v.u8[i * 16 + 14]

/** The fields of one TopTrack (a scratch object the writer copies from). */
export interface TopTrackValues {
  streams: number
  track: number
  days: number
  peakRank: number
}

/** Writes TopTrack i from `x` (days capped at 65535). */
export function writeTopTrack(v: ListRows, i: number, x: TopTrackValues): void {
  v.f64[i * 2] = x.streams
  v.u32[i * 4 + 2] = x.track
  v.u16[i * 8 + 6] = Math.min(x.days, 0xffff)
  v.u8[i * 16 + 14] = x.peakRank
}

// TopArtist i: f64 3i; u32 words 6i+2, 6i+3, 6i+4; byte 24i+20.

/** Streams of top-list artist i: its tracks' in the list, summed. */
export const topArtistStreams = (v: ListRows, i: number): number => v.f64[i * 3]
/** Artist id of top-list artist i. */
export const topArtistArtist = (v: ListRows, i: number): number => v.u32[i * 6 + 2]
/** The artist's tracks in the list. */
export const topArtistTracks = (v: ListRows, i: number): number => v.u32[i * 6 + 3]
/** The artist's tracks in the list that reached #1. */
export const topArtistNumberOnes = (v: ListRows, i: number): number => v.u32[i * 6 + 4]
/** Best daily rank of the artist's tracks in the period. */
export const topArtistPeakRank = (v: ListRows, i: number): number => v.u8[i * 24 + 20]

/** The fields of one TopArtist (a scratch object the writer copies from). */
export interface TopArtistValues {
  streams: number
  artist: number
  tracks: number
  numberOnes: number
  peakRank: number
}

/** Writes TopArtist i from `x`. */
export function writeTopArtist(v: ListRows, i: number, x: TopArtistValues): void {
  v.f64[i * 3] = x.streams
  v.u32[i * 6 + 2] = x.artist
  v.u32[i * 6 + 3] = x.tracks
  v.u32[i * 6 + 4] = x.numberOnes
  v.u8[i * 24 + 20] = x.peakRank
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
