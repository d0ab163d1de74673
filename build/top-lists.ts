/**
 * Top lists (docs/API.md /top/tracks, /top/artists): each region's most streamed tracks and artists, all time and per
 * calendar year, from top200 rows only. Tracks: total streams, best rank, distinct dates;
 * ordered by streams desc, then Spotify id. Artists: a row's streams count in full for every
 * credited artist; streams, distinct tracks, tracks that reached #1, best rank; ordered by
 * streams desc, then name.
 */
import { STREAMS_NONE } from '../schema/format.ts'
import {
  StructViews64,
  setTopTrackTrack,
  TOP_ARTIST_SIZE,
  TOP_TRACK_SIZE,
  type TopArtistValues,
  type TopTrackValues,
  topTrackPeakRank,
  topTrackStreams,
  topTrackTrack,
  writeTopArtist,
  writeTopTrack,
  yearOf,
} from '../schema/list-rows.ts'
import { chartRowViews, rowRank, rowStreams, rowTrack } from '../schema/points.ts'
import type { TableViews } from '../schema/table-views.ts'
import type { TOPS_TABLE } from '../schema/tables.ts'
import type { TableData } from './index-files.ts'
import { StructBuffer } from './struct-buffer.ts'
import type { DailyRows } from './weekly-data.ts'

/** The columns of the Tops table (schema/tables.ts TOPS_TABLE; `tracks`, `artists`: their structs' bytes). */
export type TopListsData = TableData<typeof TOPS_TABLE>

/**
 * A base index's top lists, which a --base build continues: a region without a new or
 * replaced top200 chart keeps its lists as they were (tracks renumbered); the others are
 * computed again from their rows.
 */
export interface TopsPrefix {
  base: Pick<
    TableViews<typeof TOPS_TABLE>,
    'regionListOffsets' | 'listYears' | 'trackListOffsets' | 'tracks'
  >
  /** per region id: the region's id in the base, or -1 */
  baseRegion: Int32Array
  /** base track id -> track id */
  trackRemap: Uint32Array
  /** per region id: 1 when its top200 rows changed */
  changed: Uint8Array
}

/** Credits and names the artist lists need (the catalog's). */
export interface TopListArtists {
  creditOffsets: Uint32Array
  creditArtists: Uint32Array
  artistNames: readonly string[]
}

/**
 * Builds every region's track lists (the artist lists come later, from these and the
 * catalog's credits: see withArtistLists). `trackIds` are the Spotify ids in track id order.
 * Cost: two passes over the top200 rows (all time, then by year) plus a sort per list.
 */
export function buildTopTrackLists(
  daily: DailyRows,
  trackIds: readonly string[],
  prefix?: TopsPrefix,
): TopListsData {
  const regionCount = daily.regionDateOffsets.length - 1
  const trackCount = trackIds.length
  const rows = chartRowViews(daily.rows)
  const tStreams = new Float64Array(trackCount)
  const tDays = new Uint32Array(trackCount)
  const tPeak = new Uint8Array(trackCount)
  const touched: number[] = []
  const byTrack = (a: number, b: number) =>
    tStreams[b] - tStreams[a] ||
    (trackIds[a] < trackIds[b] ? -1 : trackIds[a] > trackIds[b] ? 1 : 0)
  const years: number[] = []
  const regionListOffsets = new Uint32Array(regionCount + 1)
  const trackListOffsets: number[] = [0]
  const out = new StructBuffer(TOP_TRACK_SIZE)
  const entry = {} as TopTrackValues

  /** Emits the list of date positions [first, last). */
  const emitList = (year: number, first: number, last: number) => {
    for (let r = daily.dateRowOffsets[first]; r < daily.dateRowOffsets[last]; r++) {
      const t = rowTrack(rows, r)
      const s = rowStreams(rows, r)
      const rank = rowRank(rows, r)
      if (tDays[t] === 0) {
        touched.push(t)
        tPeak[t] = rank
      } else if (rank < tPeak[t]) tPeak[t] = rank
      // a track is on a (region, date) chart at most once: its rows are distinct dates
      tDays[t]++
      if (s !== STREAMS_NONE) tStreams[t] += s
    }
    touched.sort(byTrack)
    const v = out.reserve(touched.length)
    for (const t of touched) {
      entry.streams = tStreams[t]
      entry.track = t
      entry.days = tDays[t]
      entry.peakRank = tPeak[t]
      writeTopTrack(v, out.count++, entry)
      tStreams[t] = 0
      tDays[t] = 0
    }
    touched.length = 0
    years.push(year)
    trackListOffsets.push(out.count)
  }

  /** Copies the base's lists of region `rb` (tracks renumbered). */
  const copyLists = (base: TopsPrefix['base'], rb: number, trackRemap: Uint32Array) => {
    for (let l = base.regionListOffsets[rb]; l < base.regionListOffsets[rb + 1]; l++) {
      const from = base.trackListOffsets[l]
      const to = base.trackListOffsets[l + 1]
      const v = out.reserve(to - from)
      v.u8.set(
        base.tracks.u8.subarray(from * TOP_TRACK_SIZE, to * TOP_TRACK_SIZE),
        out.count * TOP_TRACK_SIZE,
      )
      for (let i = from; i < to; i++, out.count++)
        setTopTrackTrack(v, out.count, trackRemap[topTrackTrack(base.tracks, i)])
      years.push(base.listYears[l])
      trackListOffsets.push(out.count)
    }
  }

  for (let region = 0; region < regionCount; region++) {
    regionListOffsets[region] = years.length
    const rb = prefix ? prefix.baseRegion[region] : -1
    if (prefix && rb >= 0 && !prefix.changed[region]) {
      copyLists(prefix.base, rb, prefix.trackRemap)
      continue
    }
    const first = daily.regionDateOffsets[region]
    const end = daily.regionDateOffsets[region + 1]
    if (first === end) continue
    emitList(0, first, end)
    let d = first
    while (d < end) {
      const year = yearOf(daily.dates[d])
      const start = d
      while (d < end && yearOf(daily.dates[d]) === year) d++
      emitList(year, start, d)
    }
  }
  regionListOffsets[regionCount] = years.length
  return {
    regionListOffsets,
    listYears: Uint16Array.from(years),
    trackListOffsets: Uint32Array.from(trackListOffsets),
    tracks: out.finish(),
    artistListOffsets: new Uint32Array(years.length + 1),
    artists: new Uint8Array(0),
  }
}

/**
 * Adds the artist lists: every list's tracks credited to each artist, summed (a row's streams
 * count in full for every credited artist, so an artist's streams are the sum of its tracks').
 * Cost: one pass over the track lists and their credits plus a sort per list.
 */
export function withArtistLists(lists: TopListsData, credits: TopListArtists): TopListsData {
  const artistCount = credits.artistNames.length
  const names = credits.artistNames
  const aStreams = new Float64Array(artistCount)
  const aTracks = new Uint32Array(artistCount)
  const aOnes = new Uint32Array(artistCount)
  const aPeak = new Uint8Array(artistCount)
  const touched: number[] = []
  const byArtist = (a: number, b: number) =>
    aStreams[b] - aStreams[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b)
  const trackViews = new StructViews64(lists.tracks)
  const out = new StructBuffer(TOP_ARTIST_SIZE)
  const artistListOffsets = new Uint32Array(lists.listYears.length + 1)
  const artist = {} as TopArtistValues
  for (let l = 0; l < lists.listYears.length; l++) {
    for (let i = lists.trackListOffsets[l]; i < lists.trackListOffsets[l + 1]; i++) {
      const t = topTrackTrack(trackViews, i)
      const streams = topTrackStreams(trackViews, i)
      const peakRank = topTrackPeakRank(trackViews, i)
      for (let k = credits.creditOffsets[t]; k < credits.creditOffsets[t + 1]; k++) {
        const a = credits.creditArtists[k]
        if (aTracks[a] === 0) {
          touched.push(a)
          aPeak[a] = peakRank
        } else if (peakRank < aPeak[a]) aPeak[a] = peakRank
        aTracks[a]++
        aStreams[a] += streams
        if (peakRank === 1) aOnes[a]++
      }
    }
    touched.sort(byArtist)
    const v = out.reserve(touched.length)
    for (const a of touched) {
      artist.streams = aStreams[a]
      artist.artist = a
      artist.tracks = aTracks[a]
      artist.numberOnes = aOnes[a]
      artist.peakRank = aPeak[a]
      writeTopArtist(v, out.count++, artist)
      aStreams[a] = 0
      aTracks[a] = 0
      aOnes[a] = 0
    }
    touched.length = 0
    artistListOffsets[l + 1] = out.count
  }
  return { ...lists, artistListOffsets, artists: out.finish() }
}
