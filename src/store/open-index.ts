/**
 * Opens an index directory: maps each file read-only (src/store/mmap.ts; or reads it into
 * memory in `memory` mode), checks manifest, format version, file identifiers and sizes, and
 * builds typed-array views over the bytes. No parsing, no copying: opening costs a few
 * syscalls and a few dozen small objects, whatever the index size. Opening does not read
 * every byte: src/store/verify-index.ts does, before the server serves an index.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  CHARTS,
  type ChartName,
  INDEX_FILES,
  type IndexManifest,
  TRACK_ID_LENGTH,
} from '../../schema/format.ts'
import { readManifest } from '../../schema/manifest.ts'
import { IndexError, openTable, type TableViews } from '../../schema/table-views.ts'
import {
  ANSWERS_TABLE,
  CATALOG_TABLE,
  CHART_TABLE,
  TOPS_TABLE,
  WEEKLY_TABLE,
} from '../../schema/tables.ts'
import { canMap, type FileIdentity, holdFile, type IndexMode } from './mmap.ts'

export { IndexError } from '../../schema/table-views.ts'

/**
 * Views over one chart file (chart.fbs, schema/tables.ts CHART_TABLE; rows and points read
 * with the accessors of schema/points.ts; `trackAggregateRegion`, the region the track_*
 * aggregates cover (Global), -1 when none).
 */
export type ChartIndex = Omit<TableViews<typeof CHART_TABLE>, 'name'> & { name: ChartName }
/** Views over catalog.fb (catalog.fbs, CATALOG_TABLE). */
export type CatalogIndex = TableViews<typeof CATALOG_TABLE>
/** Weekly charts (weekly.fbs, WEEKLY_TABLE): per region its weeks, per week its rows by rank. */
export type WeeklyIndex = TableViews<typeof WEEKLY_TABLE>
/** Top lists (tops.fbs, TOPS_TABLE): per region its lists (all time, then years), per list its tracks and artists. */
export type TopsIndex = TableViews<typeof TOPS_TABLE>
/** One file of stored answers (answers.fbs, ANSWERS_TABLE). */
export type AnswersFile = TableViews<typeof ANSWERS_TABLE>
/**
 * The stored answers of an index (answers.fbs): the gzip body of every default answer by
 * number, in files of consecutive numbers (src/store/answers.ts reads one).
 */
export interface AnswersIndex {
  /** the files in number order */
  files: AnswersFile[]
  /** answers stored in all */
  count: number
}

/**
 * An open index: views over the mapped files plus a few small derived tables. The catalog's
 * columns are at the top level (`index.titles`, ...), except `regionCodes`, decoded.
 */
export interface Index extends Omit<CatalogIndex, 'regionCodes'> {
  dir: string
  manifest: IndexManifest
  buildId: string
  charts: Record<ChartName, ChartIndex>
  /** catalog.fb's columns as opened (the check before serving reads them from here) */
  catalog: CatalogIndex
  /** per region: ISO code in lower case ('global' for Global), '' when unknown */
  regionCodes: string[]
  /** region id of Global (code 'global'; the default region of artist answers), -1 when absent */
  globalRegion: number
  /** weekly charts (/rankings/weekly) */
  weekly: WeeklyIndex
  /** top lists (/top/tracks, /top/artists) */
  tops: TopsIndex
  /** the stored answers, or null for a build without them */
  answers: AnswersIndex | null
  trackCount: number
  artistCount: number
  regionCount: number
  /** how the files are held (mapped or read into memory) */
  mode: IndexMode
  /** the files (catalog, the charts in CHARTS order, weekly, tops, the answers) as opened; they keep the bytes alive */
  files: IndexFile[]
}

/** One file of an open index. */
export interface IndexFile {
  name: string
  bytes: Uint8Array
  /** inode, size and mtime when opened: a change means the file was replaced or edited */
  identity: FileIdentity
}

function openFile(dir: string, name: string, manifest: IndexManifest, mode: IndexMode): IndexFile {
  const path = join(dir, name)
  const expected = manifest.files?.[name]?.bytes
  if (!existsSync(path)) throw new IndexError(`index: ${path} is missing`)
  let held: ReturnType<typeof holdFile>
  try {
    held = holdFile(path, mode)
  } catch (error) {
    throw new IndexError(`index: cannot open ${path}: ${(error as Error).message}`)
  }
  const size = held.identity.size
  if (expected !== size)
    throw new IndexError(`index: ${path} has ${size} bytes; the manifest says ${expected}`)
  return { name, ...held }
}

function openChart(bytes: Uint8Array, name: ChartName): ChartIndex {
  const chart = openTable(CHART_TABLE, bytes, INDEX_FILES[name])
  if (chart.name !== name)
    throw new IndexError(`index: ${INDEX_FILES[name]} holds chart "${chart.name}"`)
  return { ...chart, name }
}

/** The stored answers files a manifest lists, opened (null: none listed). */
function openAnswers(
  manifest: IndexManifest,
  open: (name: string) => IndexFile,
  files: IndexFile[],
): AnswersIndex | null {
  const listed = manifest.answers
  if (!listed) return null
  const opened = listed.files.map(({ name }) => {
    const file = open(name)
    files.push(file)
    return openTable(ANSWERS_TABLE, file.bytes, name)
  })
  return { files: opened, count: listed.count }
}

/**
 * Opens the index in `dir` (`mode`: mapped read-only, or read into memory); throws
 * IndexError with a clear message when it is unusable. The bytes are not yet checked:
 * verifyIndex (verify-index.ts) does that before an index is served. `manifest` is the
 * directory's manifest.json unless given (the build opens the index it is writing).
 */
export function openIndex(
  dir: string,
  mode: IndexMode = 'mmap',
  manifest: IndexManifest = readManifest(dir),
): Index {
  const open = (name: string) => openFile(dir, name, manifest, mode)
  const files = [open(INDEX_FILES.catalog)]
  const catalog = openTable(CATALOG_TABLE, files[0].bytes, INDEX_FILES.catalog)
  const charts = {} as Record<ChartName, ChartIndex>
  for (const name of CHARTS) {
    const file = open(INDEX_FILES[name])
    files.push(file)
    charts[name] = openChart(file.bytes, name)
  }
  const weeklyFile = open(INDEX_FILES.weekly)
  const topsFile = open(INDEX_FILES.tops)
  files.push(weeklyFile, topsFile)
  const answers = openAnswers(manifest, open, files)
  const regionCodes = Array.from({ length: catalog.regionCodes.count }, (_, i) =>
    catalog.regionCodes.text(i),
  )
  const index: Index = {
    ...catalog,
    dir,
    manifest,
    buildId: manifest.buildId,
    charts,
    catalog,
    regionCodes,
    globalRegion: regionCodes.indexOf('global'),
    weekly: openTable(WEEKLY_TABLE, weeklyFile.bytes, INDEX_FILES.weekly),
    tops: openTable(TOPS_TABLE, topsFile.bytes, INDEX_FILES.tops),
    answers,
    trackCount: catalog.trackIds.length / TRACK_ID_LENGTH,
    artistCount: catalog.artistKeys.count,
    regionCount: catalog.regions.count,
    // without a loadable libc, mmap mode reads the files (holdFile): say what really happens
    mode: mode === 'mmap' && !canMap() ? 'memory' : mode,
    files,
  }
  if (
    index.trackCount !== manifest.counts.tracks ||
    index.artistCount !== manifest.counts.artists
  ) {
    throw new IndexError(
      `index: ${dir} does not match its manifest (tracks ${index.trackCount} vs ${manifest.counts.tracks})`,
    )
  }
  for (const name of CHARTS) {
    if (charts[name].trackPointOffsets.length !== index.trackCount + 1) {
      throw new IndexError(
        `index: ${INDEX_FILES[name]} and ${INDEX_FILES.catalog} are from different builds`,
      )
    }
  }
  return index
}
