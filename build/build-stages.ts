/**
 * The stages of a build before its report: read the input into a row store, number tracks
 * and regions, write the charts (with the weekly charts and top track lists from top200),
 * then the catalog and the completed top lists. Each takes what the ones before it made and
 * a StageKit (progress, interruption, memory, the file writer); build/pipeline.ts runs them.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { CHARTS, INDEX_FILES } from '../schema/format.ts'
import { CATALOG_TABLE, CHART_TABLE, TOPS_TABLE, WEEKLY_TABLE } from '../schema/tables.ts'
import { buildCatalogData, regionOrder, trackOrder } from './catalog-data.ts'
import { buildChartData, type DuplicateCounts } from './chart-data.ts'
import type { InputBatch } from './columns.ts'
import { readCsv } from './csv-source.ts'
import { tableParts } from './index-files.ts'
import { RowStore } from './ingest.ts'
import { readParquet } from './parquet-source.ts'
import type { BuildOptions } from './pipeline.ts'
import { regionCodesOf } from './region-codes.ts'
import { inputFormat } from './sniff.ts'
import { buildTopTrackLists, type TopListsData, withArtistLists } from './top-lists.ts'
import { buildWeeklyData } from './weekly-data.ts'

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** What the stages share: progress, interruption, memory, and the files written so far. */
export interface StageKit {
  progress: (fraction: number, stage: string) => void
  checkpoint: (stage: string) => void
  keepMemory: (force?: boolean) => void
  /**
   * writes an index file, given as parts in file order (tableParts), into the build directory
   * and records its size and checksums
   */
  write: (name: string, parts: readonly Uint8Array[]) => Promise<void>
}

/** The input as read: where it is, what it is, and its valid rows. */
export interface InputRead {
  path: string
  bytes: number
  format: 'parquet' | 'csv'
  /** whether the input says it was written by gen-data (parquet key-value metadata) */
  synthetic: boolean
  /** SHA-256 of the input, computed alongside the reading */
  sha256: Promise<string>
  store: RowStore
}

/** Stage `read`: checks the input, then validates its rows into a RowStore, batch by batch. */
export async function readInput(options: BuildOptions, kit: StageKit): Promise<InputRead> {
  const path = resolve(options.input)
  if (!existsSync(path)) throw new Error(`input: ${options.input} does not exist`)
  const bytes = statSync(path).size
  const format = inputFormat(path, bytes, options.input)
  const read: InputRead = {
    path,
    bytes,
    format,
    synthetic: false,
    sha256: sha256File(path),
    store: new RowStore(),
  }
  const { store } = read
  /** the fraction of the input read so far (reading is 70 % of the build) */
  let done = () => 0
  let batches: AsyncGenerator<InputBatch>
  if (format === 'parquet') {
    let total = 1
    batches = readParquet(path, (info) => {
      total = Math.max(info.rows, 1)
      read.synthetic = info.synthetic
      store.reserve(info.rows)
    })
    done = () => store.rowsRead / total
  } else {
    let at = 0
    batches = readCsv(path, (b) => {
      at = b
    })
    done = () => at / Math.max(bytes, 1)
  }
  for await (const batch of batches) {
    store.add(batch)
    kit.keepMemory()
    kit.progress(0.7 * done(), 'reading')
    kit.checkpoint('reading')
  }
  if (store.length === 0)
    throw new Error(`input: no valid rows in ${options.input} (${store.rowsRead} read)`)
  return read
}

/** How the store's tracks and regions are numbered in the index. */
export interface IndexOrder {
  tracks: ReturnType<typeof trackOrder>
  regions: ReturnType<typeof regionOrder>
  /** per region id: its ISO code or '' */
  regionCodes: string[]
  /** Spotify ids in track id order */
  trackIds: string[]
}

/** Stage `order`: tracks by popularity, regions by name, and the regions' codes. */
export function orderIds(store: RowStore): IndexOrder {
  const tracks = trackOrder(store.tracks, store.rowsPerTrack())
  const regions = regionOrder(store.regions)
  return {
    tracks,
    regions,
    regionCodes: regionCodesOf(regions.names),
    trackIds: Array.from(tracks.order, (i) => store.tracks[i].id),
  }
}

/** What the chart stage leaves for the later ones. */
export interface ChartsWritten {
  /** per track id: its rows over both charts */
  trackRows: Uint32Array
  /** rows per chart, in CHARTS order */
  chartRows: number[]
  /** chart dates summed over regions and charts */
  dates: number
  duplicates: DuplicateCounts
  /** top200's track lists (artist lists come with the catalog) */
  topLists: TopListsData
}

/**
 * Stage `charts`: each chart's data written to its file; from top200's, while its rows are
 * at hand, the weekly charts (written) and the top track lists.
 */
export async function writeCharts(
  store: RowStore,
  order: IndexOrder,
  kit: StageKit,
): Promise<ChartsWritten> {
  const duplicates: DuplicateCounts = {
    'duplicate row': 0,
    'rank conflict': 0,
    'repeated track': 0,
  }
  const trackRows = new Uint32Array(store.tracks.length)
  const chartRows: number[] = []
  let dates = 0
  let topLists: TopListsData | undefined
  for (const [chartId, name] of CHARTS.entries()) {
    kit.keepMemory(true)
    kit.progress(0.7 + 0.1 * chartId, `chart ${name}`)
    const data = buildChartData({
      store,
      chartId,
      name,
      trackRemap: order.tracks.remap,
      regionRemap: order.regions.remap,
      regionCount: order.regions.names.length,
      globalRegion: order.regionCodes.indexOf('global'),
      duplicates,
    })
    for (let t = 0; t < trackRows.length; t++)
      trackRows[t] += data.trackPointOffsets[t + 1] - data.trackPointOffsets[t]
    chartRows.push(data.rowCount)
    dates += data.dates.length
    kit.checkpoint(`chart ${name}`)
    await kit.write(INDEX_FILES[name], tableParts(CHART_TABLE, data))
    if (name === 'top200') {
      await kit.write(
        INDEX_FILES.weekly,
        tableParts(WEEKLY_TABLE, buildWeeklyData(data, order.trackIds)),
      )
      topLists = buildTopTrackLists(data, order.trackIds)
      kit.checkpoint('weekly and top lists')
    }
  }
  if (!topLists) throw new Error('top lists: the top200 chart was not built')
  return { trackRows, chartRows, dates, duplicates, topLists }
}

/**
 * Stage `catalog`: the catalog (once the rows are released: it needs only the tracks) and
 * the top lists completed with their artists, both written. Resolves to the artist count.
 */
export async function writeCatalog(
  store: RowStore,
  order: IndexOrder,
  charts: ChartsWritten,
  commaNames: ReadonlySet<string>,
  kit: StageKit,
): Promise<number> {
  store.releaseRows()
  kit.keepMemory(true)
  kit.progress(0.9, 'catalog')
  const catalog = buildCatalogData(
    Array.from(order.tracks.order, (i) => store.tracks[i]),
    charts.trackRows,
    order.regions.names,
    commaNames,
    order.regionCodes,
  )
  kit.checkpoint('catalog')
  await kit.write(INDEX_FILES.catalog, tableParts(CATALOG_TABLE, catalog))
  await kit.write(
    INDEX_FILES.tops,
    tableParts(TOPS_TABLE, withArtistLists(charts.topLists, catalog)),
  )
  return catalog.artistKeys.length
}
