/**
 * One field spec per index table: the columns of each file in their .fbs order (which is
 * their FlatBuffers slot), with their element type and, for the check before serving, the
 * shape they must have. The build writer (build/index-files.ts), the opener
 * (schema/table-views.ts) and the verifier (src/store/verify-index.ts) all read these; the
 * .fbs stays the schema of record and test/schema/tables.test.ts ties each spec to the
 * generated classes (slots, identifiers, round trip). Adding a column: the .fbs (then
 * `npm run codegen`), one line here, and the build data that fills it.
 */
import { TOP_ARTIST_SIZE, TOP_TRACK_SIZE, WEEKLY_ROW_SIZE } from './list-rows.ts'
import { CHART_ROW_SIZE, TRACK_POINT_SIZE } from './points.ts'

/** Element types of a scalar vector (`[ubyte]`, `[ushort]`, `[uint]`, `[double]`). */
export type VectorType = 'u8' | 'u16' | 'u32' | 'f64'

/**
 * A count a column's shape is stated in: the whole index's tracks, artists or regions, or
 * the answers an answers file holds as the manifest lists it (in capitals: a table may have
 * a column named `tracks`), or the element count of another column of the same table (its
 * snake_case name).
 */
export type CountName = 'TRACKS' | 'ARTISTS' | 'REGIONS' | 'ANSWERS' | (string & {})

/** What the check before serving holds a column to (src/store/verify-index.ts). */
export interface FieldCheck {
  /** exactly this many elements (strings of a pool) */
  length?: CountName
  /** offsets into another column: `[count, target]` = count + 1 entries from 0 to target's count, never decreasing */
  offsets?: readonly [CountName, CountName]
  /** every element below this count (ids) */
  below?: CountName
}

/** A struct vector's element layout (its one home: schema/points.ts, schema/list-rows.ts). */
export interface StructLayout {
  name: string
  size: number
  /** the largest field: 8 when it holds a double */
  align: 4 | 8
}

/** One column of a table: its .fbs name and what it holds. */
export type FieldSpec = FieldCheck & { readonly name: string } & (
    | { readonly type: VectorType }
    | { readonly type: 'pool' }
    | { readonly type: 'structs'; readonly struct: StructLayout }
    | { readonly type: 'string' }
    | { readonly type: 'i32'; readonly default: number }
  )

/** A table that is the root of one index file. */
export interface TableSpec {
  /** the root table's name in the .fbs */
  table: string
  /** its file_identifier */
  identifier: string
  /** the fields, in .fbs order (field i is FlatBuffers slot i) */
  fields: readonly FieldSpec[]
}

/** ChartRow (common.fbs), read and written with the accessors of schema/points.ts. */
export const CHART_ROW = {
  name: 'ChartRow',
  size: CHART_ROW_SIZE,
  align: 8,
} as const satisfies StructLayout
/** TrackPoint (common.fbs), read and written with the accessors of schema/points.ts. */
export const TRACK_POINT = {
  name: 'TrackPoint',
  size: TRACK_POINT_SIZE,
  align: 4,
} as const satisfies StructLayout
/** WeeklyRow (weekly.fbs), schema/list-rows.ts. */
export const WEEKLY_ROW = {
  name: 'WeeklyRow',
  size: WEEKLY_ROW_SIZE,
  align: 8,
} as const satisfies StructLayout
/** TopTrack (tops.fbs), schema/list-rows.ts. */
export const TOP_TRACK = {
  name: 'TopTrack',
  size: TOP_TRACK_SIZE,
  align: 8,
} as const satisfies StructLayout
/** TopArtist (tops.fbs), schema/list-rows.ts. */
export const TOP_ARTIST = {
  name: 'TopArtist',
  size: TOP_ARTIST_SIZE,
  align: 8,
} as const satisfies StructLayout

/** StringPool (common.fbs): strings back to back in UTF-8, with count + 1 offsets. */
export const STRING_POOL = {
  table: 'StringPool',
  identifier: '',
  fields: [
    { name: 'bytes', type: 'u8' },
    { name: 'offsets', type: 'u32' },
  ],
} as const satisfies TableSpec

/** chart-top200.fb and chart-viral50.fb (chart.fbs: what each column means). */
export const CHART_TABLE = {
  table: 'Chart',
  identifier: 'SCCH',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'region_date_offsets', type: 'u32', offsets: ['REGIONS', 'dates'] },
    { name: 'dates', type: 'u16' },
    { name: 'date_row_offsets', type: 'u32', offsets: ['dates', 'rows'] },
    { name: 'rows', type: 'structs', struct: CHART_ROW },
    { name: 'track_point_offsets', type: 'u32', offsets: ['TRACKS', 'points'] },
    { name: 'points', type: 'structs', struct: TRACK_POINT },
    { name: 'track_peak_rank', type: 'u8', length: 'TRACKS' },
    { name: 'track_peak_date', type: 'u16', length: 'TRACKS' },
    { name: 'track_first_date', type: 'u16', length: 'TRACKS' },
    { name: 'track_last_date', type: 'u16', length: 'TRACKS' },
    { name: 'track_days', type: 'u16', length: 'TRACKS' },
    { name: 'track_regions', type: 'u16', length: 'TRACKS' },
    { name: 'track_total_streams', type: 'f64', length: 'TRACKS' },
    { name: 'track_aggregate_region', type: 'i32', default: -1 },
  ],
} as const satisfies TableSpec

/** catalog.fb (catalog.fbs: what each column means). */
export const CATALOG_TABLE = {
  table: 'Catalog',
  identifier: 'SCCA',
  fields: [
    { name: 'regions', type: 'pool', length: 'REGIONS' },
    { name: 'track_ids', type: 'u8' },
    { name: 'track_id_order', type: 'u32', length: 'TRACKS', below: 'TRACKS' },
    { name: 'titles', type: 'pool', length: 'TRACKS' },
    { name: 'track_artists', type: 'pool', length: 'TRACKS' },
    { name: 'urls', type: 'pool', length: 'TRACKS' },
    { name: 'track_json', type: 'pool', length: 'TRACKS' },
    { name: 'track_json_artist_end', type: 'u32', length: 'TRACKS' },
    { name: 'track_json_url_start', type: 'u32', length: 'TRACKS' },
    { name: 'credit_offsets', type: 'u32', offsets: ['TRACKS', 'credit_artists'] },
    { name: 'credit_artists', type: 'u32', below: 'ARTISTS' },
    { name: 'track_rows', type: 'u32', length: 'TRACKS' },
    { name: 'artist_keys', type: 'pool', length: 'ARTISTS' },
    { name: 'artist_names', type: 'pool', length: 'ARTISTS' },
    { name: 'artist_track_offsets', type: 'u32', offsets: ['ARTISTS', 'artist_tracks'] },
    { name: 'artist_tracks', type: 'u32', below: 'TRACKS' },
    { name: 'artist_rows', type: 'u32', length: 'ARTISTS' },
    { name: 'search_keys', type: 'pool', length: 'search_targets' },
    { name: 'search_targets', type: 'u32' },
    { name: 'region_codes', type: 'pool', length: 'REGIONS' },
    { name: 'artist_folds', type: 'pool' },
    { name: 'artist_fold_offsets', type: 'u32', offsets: ['artist_folds', 'artist_fold_artists'] },
    { name: 'artist_fold_artists', type: 'u32', below: 'ARTISTS' },
    { name: 'alias_folds', type: 'pool' },
    { name: 'alias_names', type: 'pool', length: 'alias_folds' },
    { name: 'alias_artists', type: 'u32', length: 'alias_folds', below: 'ARTISTS' },
    { name: 'title_folds', type: 'pool' },
    { name: 'title_fold_offsets', type: 'u32', offsets: ['title_folds', 'title_fold_tracks'] },
    { name: 'title_fold_tracks', type: 'u32', below: 'TRACKS' },
  ],
} as const satisfies TableSpec

/** weekly-top200.fb (weekly.fbs). */
export const WEEKLY_TABLE = {
  table: 'Weekly',
  identifier: 'SCWK',
  fields: [
    { name: 'region_week_offsets', type: 'u32', offsets: ['REGIONS', 'weeks'] },
    { name: 'weeks', type: 'u16' },
    { name: 'week_days', type: 'u8', length: 'weeks' },
    { name: 'week_row_offsets', type: 'u32', offsets: ['weeks', 'rows'] },
    { name: 'rows', type: 'structs', struct: WEEKLY_ROW },
    { name: 'week_official', type: 'u8', length: 'weeks' },
  ],
} as const satisfies TableSpec

/** top-lists.fb (tops.fbs). */
export const TOPS_TABLE = {
  table: 'Tops',
  identifier: 'SCTP',
  fields: [
    { name: 'region_list_offsets', type: 'u32', offsets: ['REGIONS', 'list_years'] },
    { name: 'list_years', type: 'u16' },
    { name: 'track_list_offsets', type: 'u32', offsets: ['list_years', 'tracks'] },
    { name: 'tracks', type: 'structs', struct: TOP_TRACK },
    { name: 'artist_list_offsets', type: 'u32', offsets: ['list_years', 'artists'] },
    { name: 'artists', type: 'structs', struct: TOP_ARTIST },
  ],
} as const satisfies TableSpec

/**
 * answers-NNN.fb (answers.fbs): a run of stored answers, the gzip bodies of default answers
 * numbered as answers.fbs says. Each file's first number and count are in manifest.json
 * (`answers.files`); src/store/verify-index.ts also checks that the files hold every default
 * answer of the index once, and that each body is a gzip member.
 */
export const ANSWERS_TABLE = {
  table: 'Answers',
  identifier: 'SCAN',
  fields: [
    { name: 'first', type: 'i32', default: 0 },
    { name: 'offsets', type: 'u32', offsets: ['ANSWERS', 'bodies'] },
    { name: 'bodies', type: 'u8' },
  ],
} as const satisfies TableSpec

/** camelCase of a snake_case name (`track_peak_rank` → `trackPeakRank`). */
export type CamelName<S extends string> = S extends `${infer A}_${infer B}`
  ? `${A}${Capitalize<CamelName<B>>}`
  : S

/** The property a column has in the build's data and the reader's views. */
export function camelName<S extends string>(name: S): CamelName<S> {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as CamelName<S>
}

/**
 * Maps each field of a table to `Of[its type]` (`structs4` for a struct vector aligned to 4
 * bytes, which cannot have a double view), keyed by its camelCase name.
 */
export type FieldsAs<
  T extends TableSpec,
  Of extends Record<FieldSpec['type'] | 'structs4', unknown>,
> = {
  [F in T['fields'][number] as CamelName<F['name']>]: F extends { struct: { align: 4 } }
    ? Of['structs4']
    : Of[F['type']]
}
