/**
 * Views over the v2 index files (weekly-top200.fb, top-lists.fb): plain typed arrays over
 * the mapped bytes, checked once at open like the chart files.
 */
import { ByteBuffer } from 'flatbuffers'
import { INDEX_FILES } from '../../schema/format.ts'
import { Tops } from '../../schema/generated/charts/fb/tops.ts'
import { Weekly } from '../../schema/generated/charts/fb/weekly.ts'
import {
  StructViews64,
  TOP_ARTIST_SIZE,
  TOP_TRACK_SIZE,
  WEEKLY_ROW_SIZE,
} from '../../schema/list-rows.ts'

/** Weekly charts: per region its weeks, per week its rows (WeeklyRow, by rank). */
export interface WeeklyIndex {
  regionWeekOffsets: Uint32Array
  /** day number of each week's Friday */
  weeks: Uint16Array
  weekDays: Uint8Array
  weekRowOffsets: Uint32Array
  rows: StructViews64
}

/** Top lists: per region its lists (all time first, then years), per list its tracks and artists. */
export interface TopsIndex {
  regionListOffsets: Uint32Array
  /** 0 = all time */
  listYears: Uint16Array
  trackListOffsets: Uint32Array
  tracks: StructViews64
  artistListOffsets: Uint32Array
  artists: StructViews64
}

/** A problem with an index file (the caller turns it into its IndexError). */
type Fail = (message: string) => Error

function need<T>(value: T | null | undefined, what: string, fail: Fail): T {
  if (value === null || value === undefined) throw fail(`index: ${what} is missing`)
  return value
}

/** Bytes of a struct vector whose first element is at `pos` (or empty). */
function structBytes(
  bytes: Uint8Array,
  first: { bb_pos: number } | null,
  count: number,
  size: number,
) {
  const start = first ? first.bb_pos : 0
  return bytes.subarray(start, start + count * size)
}

/** Opens weekly-top200.fb. */
export function openWeekly(bytes: Uint8Array, fail: Fail): WeeklyIndex {
  const bb = new ByteBuffer(bytes)
  if (!Weekly.bufferHasIdentifier(bb))
    throw fail(`index: ${INDEX_FILES.weekly} is not a weekly file`)
  const w = Weekly.getRootAsWeekly(bb)
  const n = w.rowsLength()
  return {
    regionWeekOffsets: need(w.regionWeekOffsetsArray(), 'region_week_offsets', fail),
    weeks: need(w.weeksArray(), 'weeks', fail),
    weekDays: need(w.weekDaysArray(), 'week_days', fail),
    weekRowOffsets: need(w.weekRowOffsetsArray(), 'week_row_offsets', fail),
    rows: new StructViews64(structBytes(bytes, n > 0 ? w.rows(0) : null, n, WEEKLY_ROW_SIZE)),
  }
}

/** Opens top-lists.fb. */
export function openTops(bytes: Uint8Array, fail: Fail): TopsIndex {
  const bb = new ByteBuffer(bytes)
  if (!Tops.bufferHasIdentifier(bb))
    throw fail(`index: ${INDEX_FILES.tops} is not a top-lists file`)
  const t = Tops.getRootAsTops(bb)
  const tracks = t.tracksLength()
  const artists = t.artistsLength()
  return {
    regionListOffsets: need(t.regionListOffsetsArray(), 'region_list_offsets', fail),
    listYears: need(t.listYearsArray(), 'list_years', fail),
    trackListOffsets: need(t.trackListOffsetsArray(), 'track_list_offsets', fail),
    tracks: new StructViews64(
      structBytes(bytes, tracks > 0 ? t.tracks(0) : null, tracks, TOP_TRACK_SIZE),
    ),
    artistListOffsets: need(t.artistListOffsetsArray(), 'artist_list_offsets', fail),
    artists: new StructViews64(
      structBytes(bytes, artists > 0 ? t.artists(0) : null, artists, TOP_ARTIST_SIZE),
    ),
  }
}
