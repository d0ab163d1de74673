/**
 * Facts of the index format shared by the pipeline (build/) and the reader (src/store/):
 * file names, version, sentinels, day numbers and the name normalisation that sorted keys
 * depend on. Changing anything here changes the format: bump FORMAT_VERSION.
 */

/** Version of the index format; the reader refuses any other. */
export const FORMAT_VERSION = 8

/**
 * The files every index directory has besides its manifest (schema/manifest.ts), by what they
 * hold; a directory may also have stored answers files (`answers-NNN.fb`, below), which its
 * manifest lists. The one list of an index's files: what else names them reads it.
 */
export const INDEX_FILES = {
  catalog: 'catalog.fb',
  top200: 'chart-top200.fb',
  viral50: 'chart-viral50.fb',
  weekly: 'weekly-top200.fb',
  tops: 'top-lists.fb',
} as const

/** The names of INDEX_FILES. */
export const FIXED_INDEX_FILES: readonly string[] = Object.values(INDEX_FILES)

/**
 * Stored answers (answers.fbs) are split into files of at most this many bytes of bodies,
 * named `answers-000.fb`, `answers-001.fb`, ... in answer number order: each stays far below
 * the 2 GB a FlatBuffers file can address, and the build holds one file's bodies at a time.
 */
export const ANSWERS_FILE_BYTES = 128 * 1024 * 1024

/** The name of stored answers file `k` (`answers-000.fb`). */
export function answersFileName(k: number): string {
  return `answers-${String(k).padStart(3, '0')}.fb`
}

const ANSWERS_FILE = /^answers-[0-9]{3}\.fb$/

/** Whether `name` is a stored answers file's (`answers-000.fb`). */
export function isAnswersFileName(name: string): boolean {
  return ANSWERS_FILE.test(name)
}

/**
 * Whether `name` may be a file of an index directory besides its manifest: one of INDEX_FILES
 * or a stored answers file. A manifest lists nothing else (schema/manifest.ts checks it), so
 * no manifest can name a path on the machine reading it.
 */
export function isIndexFileName(name: string): boolean {
  return isAnswersFileName(name) || FIXED_INDEX_FILES.includes(name)
}

/** What manifest.json says of the stored answers of a build that has them. */
export interface AnswersManifest {
  /** the answers files in number order: each file's first answer number and answer count */
  files: { name: string; first: number; count: number }[]
  /** answers stored: every default answer of the index (answers.fbs) */
  count: number
  /** bytes of the gzip bodies, and of the identity bodies they inflate to */
  bytes: number
  identityBytes: number
  /** the compressor and its levels (`libdeflate 6 (top200), 7 (viral50), 6 (weekly)`) */
  encoder: string
}

/**
 * manifest.json of an index directory: what the build writes and the reader checks
 * (written last: a directory without it is an incomplete build).
 */
export interface IndexManifest {
  formatVersion: number
  /** 16 hex digits from the format version, the source and the files' SHA-256 */
  buildId: string
  builtAt: string
  /**
   * what the index was built from: `kind` is `synthetic` when gen-data wrote any input (a
   * parquet's key-value metadata carries SYNTHETIC_KEY, a CSV starts with
   * SYNTHETIC_CSV_MARK), else `file`; `name` the inputs' names joined by `, `; `sha256` the
   * one input's, else that of the inputs' `<sha256>  <name>` lines
   */
  source: {
    name: string
    bytes: number
    sha256: string
    kind: 'synthetic' | 'file'
    inputs: ManifestInput[]
  }
  rows: { read: number; kept: number }
  counts: {
    tracks: number
    artists: number
    regions: number
    dates: number
    top200: number
    viral50: number
  }
  /**
   * every index file with its size, SHA-256 (provenance) and CRC-32 (IEEE, as zlib; the
   * check the server runs over every byte before serving)
   */
  files: Record<string, { bytes: number; sha256: string; crc32: number }>
  /** the stored answers (their files are in `files` too); absent: built without them */
  answers?: AnswersManifest
}

/**
 * One input of a build: the files of one `--input` (a file, or a folder's files) of one kind,
 * `kaggle` (the Kaggle "Spotify Charts" layout, parquet or CSV) or `download` (the CSVs of
 * charts.spotify.com's download button).
 */
export interface ManifestInput {
  /** the `--input`'s base name; a folder's ends in `/` */
  name: string
  kind: 'kaggle' | 'download'
  /** `parquet`, `csv`, or `parquet+csv` for a folder of both */
  format: 'parquet' | 'csv' | 'parquet+csv'
  /** whether gen-data wrote any of its files */
  synthetic: boolean
  files: number
  bytes: number
  /** the one file's SHA-256, else that of its files' `<sha256>  <name>` lines in reading order */
  sha256: string
  /** rows read */
  rows: number
  /** the first and last day its kept rows cover (a weekly chart: its whole week); null: none */
  firstDate: string | null
  lastDate: string | null
}

/**
 * Key of the parquet key-value metadata entry that marks gen-data output as synthetic (its
 * value: the generator's scale and seed as JSON). build-index carries it into
 * manifest.json `source.kind`.
 */
export const SYNTHETIC_KEY = 'spotify-charts-api.synthetic'

/**
 * The first line of a CSV that gen-data wrote (before the header, after any byte-order mark):
 * `#spotify-charts-api.synthetic` and the generator's settings as JSON. build-index skips it
 * and marks the input synthetic, as SYNTHETIC_KEY does for parquet.
 */
export const SYNTHETIC_CSV_MARK = `#${SYNTHETIC_KEY}`

/** Chart kinds, in chart id order. */
export const CHARTS = ['top200', 'viral50'] as const
export type ChartName = (typeof CHARTS)[number]

/**
 * Trend values, in trend code order (ChartRow.trend). The input's value is kept, except that
 * a re-entry is always RE_ENTRY and a row without a known value gets one from its facts
 * (build/chart-data.ts `entryTrend`, docs/API.md): an index row always has one of these.
 */
export const TRENDS = ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY', 'RE_ENTRY'] as const
/** A trend name. */
export type Trend = (typeof TRENDS)[number]
/** Trend code of a name in TRENDS. */
export const trendCode = (name: Trend): number => TRENDS.indexOf(name)
/** A row's trend in the input when it gave none (or one not in TRENDS); never in an index. */
export const TREND_NONE = 255
/** ChartRow.streams / TrackPoint.streams when the row has no streams. */
export const STREAMS_NONE = 0xffffffff
/** Length of a Spotify track id. */
export const TRACK_ID_LENGTH = 22
/** High bit of Catalog.search_targets: the target is an artist. */
export const SEARCH_ARTIST_BIT = 0x80000000
/** With SEARCH_ARTIST_BIT, the mark of a search target that is an alias (Catalog.alias_folds). */
export const SEARCH_ALIAS_BIT = 0x40000000
/** The url a track has when Catalog.urls holds an empty string. */
export const TRACK_URL_PREFIX = 'https://open.spotify.com/track/'

const MS_PER_DAY = 86_400_000

/**
 * The last day number an index can hold: days are 16-bit (TrackPoint.date, ChartRow dates),
 * 0 to LAST_DAY, 1970-01-01 to 2149-06-06.
 */
export const LAST_DAY = 0xffff
/** The calendar years whose days an index can hold (whole or in part): 1970 to 2149. */
export const INDEX_YEARS = {
  first: 1970,
  last: new Date(LAST_DAY * MS_PER_DAY).getUTCFullYear(),
} as const

/**
 * Day number (days since 1970-01-01, negative before it) of a `YYYY-MM-DD` string holding a
 * real date of years 0000 to 9999, or NaN when it holds none (`2017-02-30`, `2017-13-01`).
 * An index holds days 0 to LAST_DAY.
 */
export function dayFromIso(text: string): number {
  if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return Number.NaN
  const y = Number(text.slice(0, 4))
  const m = Number(text.slice(5, 7))
  const d = Number(text.slice(8, 10))
  if (!DIGITS.test(text.slice(0, 4) + text.slice(5, 7) + text.slice(8, 10))) return Number.NaN
  if (m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999
  const date = new Date(0)
  date.setUTCFullYear(y, m - 1, d)
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return Number.NaN
  return date.getTime() / MS_PER_DAY
}

const DIGITS = /^[0-9]{8}$/

const isoCache: string[] = []

/** `YYYY-MM-DD` of a day number (cached: the same few thousand days recur). */
export function isoFromDay(day: number): string {
  let iso = isoCache[day]
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
    isoCache[day] = iso
  }
  return iso
}

const MARKS = /\p{M}/gu
const SPACES = /\s+/g

/**
 * The matching key of a name: Unicode NFKD, combining marks removed, lower-cased,
 * whitespace collapsed and trimmed. `Beyoncé` and ` beyonce ` share the key `beyonce`.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(SPACES, ' ').trim()
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu

/**
 * The folded key of a name, used wherever a name is matched (docs/API.md): Unicode NFKD,
 * combining marks removed, lower-cased, every run of characters that are not letters or
 * digits made one space, trimmed. `Tyler, The Creator` and `tyler the creator` share the key
 * `tyler the creator`. A name with no letter or digit at all (`!!!`) keeps its
 * `normalizeName` key, so that it can still be found.
 */
export function foldName(name: string): string {
  const key = normalizeName(name)
  const folded = key.replace(NOT_WORD, ' ').trim()
  return folded || key
}

/**
 * Word-start suffixes of a normalised name, used as search keys: `tyler the creator` gives
 * `tyler the creator`, `the creator`, `creator`. Words split on spaces and punctuation.
 */
export function searchKeysOf(key: string): string[] {
  const keys: string[] = []
  if (key.length > 0 && !/^[\p{L}\p{N}]/u.test(key)) keys.push(key)
  const re = /[\p{L}\p{N}]+/gu
  for (let m = re.exec(key); m !== null; m = re.exec(key)) keys.push(key.slice(m.index))
  return keys
}

/**
 * Where the index lives unless INDEX_DIR (the server's setting, build-index's `--out`) says
 * otherwise: its one home, read by both build/ and src/.
 */
export const DEFAULT_INDEX_DIR = 'data/index'
