/** Serialises the v2 precomputations (weekly charts, top lists) into FlatBuffers files. */
import { Tops } from '../schema/generated/charts/fb/tops.ts'
import { Weekly } from '../schema/generated/charts/fb/weekly.ts'
import { TOP_ARTIST_SIZE, TOP_TRACK_SIZE, WEEKLY_ROW_SIZE } from '../schema/list-rows.ts'
import { builderFor, createBulkVector, createTypedVector, vectorsSize } from './fb-vectors.ts'
import type { TopListsData } from './top-lists.ts'
import type { WeeklyData } from './weekly-data.ts'

/** The bytes of the Weekly file. */
export function weeklyFileBytes(data: WeeklyData): Uint8Array {
  const b = builderFor(
    vectorsSize([
      data.regionWeekOffsets,
      data.weeks,
      data.weekDays,
      data.weekRowOffsets,
      data.rowBytes,
    ]),
  )
  const regionWeekOffsets = createTypedVector(b, data.regionWeekOffsets)
  const weeks = createTypedVector(b, data.weeks)
  const weekDays = createTypedVector(b, data.weekDays)
  const weekRowOffsets = createTypedVector(b, data.weekRowOffsets)
  const rows = createBulkVector(b, data.rowBytes, WEEKLY_ROW_SIZE, data.rows, 8)
  Weekly.startWeekly(b)
  Weekly.addRegionWeekOffsets(b, regionWeekOffsets)
  Weekly.addWeeks(b, weeks)
  Weekly.addWeekDays(b, weekDays)
  Weekly.addWeekRowOffsets(b, weekRowOffsets)
  Weekly.addRows(b, rows)
  Weekly.finishWeeklyBuffer(b, Weekly.endWeekly(b))
  return b.asUint8Array()
}

/** The bytes of the Tops file. */
export function topListsFileBytes(data: TopListsData): Uint8Array {
  const b = builderFor(
    vectorsSize([
      data.regionListOffsets,
      data.listYears,
      data.trackListOffsets,
      data.trackBytes,
      data.artistListOffsets,
      data.artistBytes,
    ]),
  )
  const regionListOffsets = createTypedVector(b, data.regionListOffsets)
  const listYears = createTypedVector(b, data.listYears)
  const trackListOffsets = createTypedVector(b, data.trackListOffsets)
  const tracks = createBulkVector(b, data.trackBytes, TOP_TRACK_SIZE, data.tracks, 8)
  const artistListOffsets = createTypedVector(b, data.artistListOffsets)
  const artists = createBulkVector(b, data.artistBytes, TOP_ARTIST_SIZE, data.artists, 8)
  Tops.startTops(b)
  Tops.addRegionListOffsets(b, regionListOffsets)
  Tops.addListYears(b, listYears)
  Tops.addTrackListOffsets(b, trackListOffsets)
  Tops.addTracks(b, tracks)
  Tops.addArtistListOffsets(b, artistListOffsets)
  Tops.addArtists(b, artists)
  Tops.finishTopsBuffer(b, Tops.endTops(b))
  return b.asUint8Array()
}
