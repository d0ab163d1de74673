/**
 * Opens an index directory: maps each file read-only (src/store/mmap.ts; or reads it into
 * memory in `memory` mode), checks manifest, format version, file identifiers and sizes, and
 * builds typed-array views over the bytes. No parsing, no copying: opening costs a few
 * syscalls and a few dozen small objects, whatever the index size. Opening does not read
 * every byte: src/store/verify-index.ts does, before the server serves an index.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ByteBuffer } from 'flatbuffers'
import {
  CHARTS,
  type ChartName,
  FORMAT_VERSION,
  INDEX_FILES,
  type IndexManifest,
} from '../../schema/format.ts'
import { Catalog } from '../../schema/generated/charts/fb/catalog.ts'
import { Chart } from '../../schema/generated/charts/fb/chart.ts'
import {
  CHART_ROW_SIZE,
  type ChartRows,
  chartRowViews,
  type PointViews,
  structViews,
  TRACK_POINT_SIZE,
} from '../../schema/points.ts'
import { canMap, type FileIdentity, holdFile, type IndexMode } from './mmap.ts'
import { openTops, openWeekly, type TopsIndex, type WeeklyIndex } from './open-lists.ts'
import { Pool } from './string-pool.ts'

/** Typed views over one chart file (rows and points read with the accessors of schema/points.ts). */
export interface ChartIndex {
  name: ChartName
  regionDateOffsets: Uint32Array
  dates: Uint16Array
  dateRowOffsets: Uint32Array
  rows: ChartRows
  trackPointOffsets: Uint32Array
  points: PointViews
  trackPeakRank: Uint8Array
  trackPeakDate: Uint16Array
  trackFirstDate: Uint16Array
  trackLastDate: Uint16Array
  trackDays: Uint16Array
  trackRegions: Uint16Array
  trackTotalStreams: Float64Array
  /** region id the track_* aggregates cover (Global), -1 when none */
  trackAggregateRegion: number
}

/** An open index: views over the mapped files plus a few small derived tables. */
export interface Index {
  dir: string
  manifest: IndexManifest
  buildId: string
  charts: Record<ChartName, ChartIndex>
  regions: Pool
  trackIds: Uint8Array
  /** track numbers ordered by Spotify id */
  trackIdOrder: Uint32Array
  titles: Pool
  trackArtists: Pool
  urls: Pool
  trackJson: Pool
  trackJsonArtistEnd: Uint32Array
  trackJsonUrlStart: Uint32Array
  creditOffsets: Uint32Array
  creditArtists: Uint32Array
  trackRows: Uint32Array
  artistKeys: Pool
  artistNames: Pool
  artistTrackOffsets: Uint32Array
  artistTracks: Uint32Array
  artistRows: Uint32Array
  searchKeys: Pool
  searchTargets: Uint32Array
  /** per region: ISO code in lower case ('global' for Global), '' when unknown */
  regionCodes: string[]
  /** region id of Global (code 'global'; the default region of artist answers), -1 when absent */
  globalRegion: number
  /** folded artist names (foldName), ascending; the artists of each, most chart rows first */
  artistFolds: Pool
  artistFoldOffsets: Uint32Array
  artistFoldArtists: Uint32Array
  /** weekly charts (v2) */
  weekly: WeeklyIndex
  /** top lists (v2) */
  tops: TopsIndex
  trackCount: number
  artistCount: number
  regionCount: number
  /** how the files are held (mapped or read into memory) */
  mode: IndexMode
  /** the files (catalog, then the charts in CHARTS order) as opened; they keep the bytes alive */
  files: IndexFile[]
}

/** One file of an open index. */
export interface IndexFile {
  name: string
  bytes: Uint8Array
  /** inode, size and mtime when opened: a change means the file was replaced or edited */
  identity: FileIdentity
}

/** Why an index could not be opened. */
export class IndexError extends Error {
  override name = 'IndexError'
}

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new IndexError(`index: ${what} is missing`)
  return value
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
  const bb = new ByteBuffer(bytes)
  if (!Chart.bufferHasIdentifier(bb))
    throw new IndexError(`index: ${INDEX_FILES[name]} is not a chart file`)
  const c = Chart.getRootAsChart(bb)
  if (c.name() !== name)
    throw new IndexError(`index: ${INDEX_FILES[name]} holds chart "${c.name()}"`)
  const rowCount = c.rowsLength()
  const rowStart = rowCount > 0 ? need(c.rows(0), 'rows').bb_pos : 0
  const pointCount = c.pointsLength()
  const pointStart = pointCount > 0 ? need(c.points(0), 'points').bb_pos : 0
  return {
    name,
    regionDateOffsets: need(c.regionDateOffsetsArray(), 'region_date_offsets'),
    dates: need(c.datesArray(), 'dates'),
    dateRowOffsets: need(c.dateRowOffsetsArray(), 'date_row_offsets'),
    rows: chartRowViews(bytes.subarray(rowStart, rowStart + rowCount * CHART_ROW_SIZE)),
    trackPointOffsets: need(c.trackPointOffsetsArray(), 'track_point_offsets'),
    points: structViews(bytes.subarray(pointStart, pointStart + pointCount * TRACK_POINT_SIZE)),
    trackPeakRank: need(c.trackPeakRankArray(), 'track_peak_rank'),
    trackPeakDate: need(c.trackPeakDateArray(), 'track_peak_date'),
    trackFirstDate: need(c.trackFirstDateArray(), 'track_first_date'),
    trackLastDate: need(c.trackLastDateArray(), 'track_last_date'),
    trackDays: need(c.trackDaysArray(), 'track_days'),
    trackRegions: need(c.trackRegionsArray(), 'track_regions'),
    trackTotalStreams: need(c.trackTotalStreamsArray(), 'track_total_streams'),
    trackAggregateRegion: c.trackAggregateRegion(),
  }
}

/** Reads and checks manifest.json of an index directory. */
export function readManifest(dir: string): IndexManifest {
  const path = join(dir, 'manifest.json')
  if (!existsSync(path))
    throw new IndexError(
      `index: no manifest.json in ${dir} (not built, or the build did not finish)`,
    )
  let manifest: IndexManifest
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new IndexError(`index: ${path} is not valid JSON (${(error as Error).message})`)
  }
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new IndexError(
      `index: ${dir} has format version ${manifest.formatVersion}; this server reads version ${FORMAT_VERSION} (rebuild it with npm run build-index)`,
    )
  }
  return manifest
}

/**
 * Opens the index in `dir` (`mode`: mapped read-only, or read into memory); throws
 * IndexError with a clear message when it is unusable. The bytes are not yet checked:
 * verifyIndex (verify-index.ts) does that before an index is served.
 */
export function openIndex(dir: string, mode: IndexMode = 'mmap'): Index {
  const manifest = readManifest(dir)
  const catalog = openFile(dir, INDEX_FILES.catalog, manifest, mode)
  const catalogBytes = catalog.bytes
  const bb = new ByteBuffer(catalogBytes)
  if (!Catalog.bufferHasIdentifier(bb))
    throw new IndexError(`index: ${INDEX_FILES.catalog} is not a catalog file`)
  const cat = Catalog.getRootAsCatalog(bb)
  const files = [catalog]
  const charts = {} as Record<ChartName, ChartIndex>
  for (const name of CHARTS) {
    const file = openFile(dir, INDEX_FILES[name], manifest, mode)
    files.push(file)
    charts[name] = openChart(file.bytes, name)
  }
  const fail = (message: string) => new IndexError(message)
  const weeklyFile = openFile(dir, INDEX_FILES.weekly, manifest, mode)
  const topsFile = openFile(dir, INDEX_FILES.tops, manifest, mode)
  files.push(weeklyFile, topsFile)
  const regionCodes = Pool.of(cat.regionCodes(), 'region_codes')
  const regions = Pool.of(cat.regions(), 'regions')
  const trackIds = need(cat.trackIdsArray(), 'track_ids')
  const artistKeys = Pool.of(cat.artistKeys(), 'artist_keys')
  const index: Index = {
    dir,
    manifest,
    buildId: manifest.buildId,
    charts,
    regions,
    trackIds,
    trackIdOrder: need(cat.trackIdOrderArray(), 'track_id_order'),
    titles: Pool.of(cat.titles(), 'titles'),
    trackArtists: Pool.of(cat.trackArtists(), 'track_artists'),
    urls: Pool.of(cat.urls(), 'urls'),
    trackJson: Pool.of(cat.trackJson(), 'track_json'),
    trackJsonArtistEnd: need(cat.trackJsonArtistEndArray(), 'track_json_artist_end'),
    trackJsonUrlStart: need(cat.trackJsonUrlStartArray(), 'track_json_url_start'),
    creditOffsets: need(cat.creditOffsetsArray(), 'credit_offsets'),
    creditArtists: need(cat.creditArtistsArray(), 'credit_artists'),
    trackRows: need(cat.trackRowsArray(), 'track_rows'),
    artistKeys,
    artistNames: Pool.of(cat.artistNames(), 'artist_names'),
    artistTrackOffsets: need(cat.artistTrackOffsetsArray(), 'artist_track_offsets'),
    artistTracks: need(cat.artistTracksArray(), 'artist_tracks'),
    artistRows: need(cat.artistRowsArray(), 'artist_rows'),
    searchKeys: Pool.of(cat.searchKeys(), 'search_keys'),
    searchTargets: need(cat.searchTargetsArray(), 'search_targets'),
    regionCodes: Array.from({ length: regionCodes.count }, (_, i) => regionCodes.text(i)),
    globalRegion: -1,
    artistFolds: Pool.of(cat.artistFolds(), 'artist_folds'),
    artistFoldOffsets: need(cat.artistFoldOffsetsArray(), 'artist_fold_offsets'),
    artistFoldArtists: need(cat.artistFoldArtistsArray(), 'artist_fold_artists'),
    weekly: openWeekly(weeklyFile.bytes, fail),
    tops: openTops(topsFile.bytes, fail),
    trackCount: trackIds.length / 22,
    artistCount: artistKeys.count,
    regionCount: regions.count,
    // without a loadable libc, mmap mode reads the files (holdFile): say what really happens
    mode: mode === 'mmap' && !canMap() ? 'memory' : mode,
    files,
  }
  index.globalRegion = index.regionCodes.indexOf('global')
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
