/**
 * The stages of a build before its report: read the inputs into a row store, number the
 * regions, rank every chart, number the tracks by their kept rows, write the charts (with the
 * weekly charts and top track lists from top200), then the catalog and the completed top
 * lists. Each takes what the ones before it made and
 * a StageKit (progress, interruption, memory, the file writer); build/pipeline.ts runs them.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { CHARTS, INDEX_FILES } from '../schema/format.ts'
import { CATALOG_TABLE, CHART_TABLE, TOPS_TABLE, WEEKLY_TABLE } from '../schema/tables.ts'
import type { BaseIndex } from './base-index.ts'
import { type BaseMap, baseMapOf, topsPrefix, weeklyContinuation } from './base-prefix.ts'
import { buildCatalogData, type CatalogInputs, regionOrder, trackOrder } from './catalog-data.ts'
import {
  type ChartDataOptions,
  type DuplicateCounts,
  type Rankings,
  type ReplacedCounts,
  rankChart,
} from './chart-data.ts'
import { chartDataOf, rankingsData } from './chart-points.ts'
import { readCsv } from './csv-source.ts'
import { readDownload } from './download-source.ts'
import { tableParts } from './index-files.ts'
import { RowStore, WEEKLY_CHART } from './ingest.ts'
import { type InputFile, type InputPlan, planInputs } from './inputs.ts'
import { readParquet } from './parquet-source.ts'
import type { BuildOptions } from './pipeline.ts'
import { regionCodesOf } from './region-codes.ts'
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

/** The inputs as read: the plan, each file's SHA-256, and the valid rows. */
export interface InputRead {
  plan: InputPlan
  /** SHA-256 of each file of plan.files */
  sha256: string[]
  store: RowStore
}

/** The rows of one input file, in batches. */
function batchesOf(file: InputFile, store: RowStore, onFraction: (f: number) => void) {
  if (file.download)
    return readDownload(file.path, file.download.name, file.download.target, file.start)
  if (file.format === 'parquet') {
    let total = 1
    const before = store.rowsRead
    const batches = readParquet(file.path, (info) => {
      total = Math.max(info.rows, 1)
      store.reserve(store.length + info.rows)
    })
    return (async function* () {
      for await (const batch of batches) {
        yield batch
        onFraction((store.rowsRead - before) / total)
      }
    })()
  }
  return readCsv(file.path, file.start, (at) => onFraction(at / Math.max(file.bytes, 1)))
}

/**
 * Stage `read`: plans the inputs (every file checked by name and header before a row is
 * read), then validates their rows into one RowStore, file after file, batch by batch.
 */
export async function readInputs(
  options: BuildOptions,
  kit: StageKit,
  store = new RowStore(),
): Promise<InputRead> {
  const plan = await planInputs(options.inputs)
  const sha256: string[] = []
  const totalBytes = Math.max(
    plan.files.reduce((n, f) => n + f.bytes, 0),
    1,
  )
  let doneBytes = 0
  for (const file of plan.files) {
    store.beginInput(file.name)
    // hashed alongside the reading, one file at a time
    const hashed = sha256File(file.path)
    let fraction = 0
    for await (const batch of batchesOf(file, store, (f) => {
      fraction = f
    })) {
      store.add(batch)
      kit.keepMemory()
      // reading is 70 % of the build
      kit.progress((0.7 * (doneBytes + fraction * file.bytes)) / totalBytes, 'reading')
      kit.checkpoint('reading')
    }
    sha256.push(await hashed)
    doneBytes += file.bytes
  }
  // a --base build may add nothing but the base's rows
  if (store.length === 0 && !options.base)
    throw new Error(`input: no valid rows in ${options.inputs.join(', ')} (${store.rowsRead} read)`)
  return { plan, sha256, store }
}

/** How the store's regions are numbered in the index, and their codes. */
export interface RegionNumbering {
  regions: ReturnType<typeof regionOrder>
  /** per region id: its ISO code or '' */
  regionCodes: string[]
}

/** How the store's tracks and regions are numbered in the index. */
export interface IndexOrder extends RegionNumbering {
  tracks: ReturnType<typeof trackOrder>
  /** Spotify ids in track id order */
  trackIds: string[]
}

/** Regions by name, with their codes: the table's, else the one a download's name gave. */
export function orderRegions(store: RowStore): RegionNumbering {
  const regions = regionOrder(store.regions)
  const storeCodes = new Map(store.regions.map((name, i) => [name, store.regionCodes[i]]))
  return {
    regions,
    regionCodes: regionCodesOf(regions.names).map(
      (code, id) => code || storeCodes.get(regions.names[id]) || '',
    ),
  }
}

/** What the rank stage leaves: every chart's rankings, by store track. */
export interface ChartsRanked {
  /** the daily charts, in CHARTS order */
  charts: Rankings[]
  /** Spotify's weekly charts (their dates the weeks' Fridays) */
  official: Rankings
  /** per store track: its kept rows over both daily charts */
  trackRows: Uint32Array
  duplicates: DuplicateCounts
  replaced: ReplacedCounts
  /** the base a --base build continues, mapped into the new numbering */
  base?: BaseMap
}

/**
 * Stage `rank`: every chart's rankings from the store, the duplicate and overlap rules
 * applied and each row's facts computed; then the store's rows are released.
 */
export function rankCharts(
  store: RowStore,
  numbering: RegionNumbering,
  kit: StageKit,
  baseIndex?: BaseIndex,
): ChartsRanked {
  const base = baseIndex && baseMapOf(baseIndex, numbering.regions.remap, numbering.regions.names)
  // a --base build counts on from its base's counts
  const counted = baseIndex?.manifest.rows
  const duplicates: DuplicateCounts = counted
    ? { ...counted.duplicates }
    : { 'duplicate row': 0, 'rank conflict': 0, 'repeated track': 0 }
  const replaced: ReplacedCounts = counted ? { ...counted.replaced } : { charts: 0, rows: 0 }
  const options = (chartId: number): ChartDataOptions => ({
    store,
    chartId,
    regionRemap: numbering.regions.remap,
    regionCount: numbering.regions.names.length,
    duplicates,
    replaced,
    prefix: chartId < CHARTS.length ? base?.charts[chartId] : undefined,
  })
  const charts = CHARTS.map((name, chartId) => {
    kit.progress(0.7 + 0.05 * chartId, `rank ${name}`)
    const ranked = rankChart(options(chartId))
    kit.checkpoint(`rank ${name}`)
    return ranked
  })
  const official = rankChart(options(WEEKLY_CHART))
  const trackRows = new Uint32Array(store.tracks.length)
  for (const chart of charts)
    for (let t = 0; t < trackRows.length; t++) trackRows[t] += chart.pointCount[t + 1]
  store.releaseRows()
  kit.keepMemory(true)
  return { charts, official, trackRows, duplicates, replaced, base }
}

/** Stage `order`: tracks by popularity (their kept rows), with the regions' numbering. */
export function orderTracks(
  store: RowStore,
  ranked: ChartsRanked,
  numbering: RegionNumbering,
): IndexOrder {
  const tracks = trackOrder(store.tracks, ranked.trackRows)
  return {
    ...numbering,
    tracks,
    trackIds: Array.from(tracks.order, (i) => store.tracks[i].id),
  }
}

/** What the chart stage leaves for the later ones. */
export interface ChartsWritten {
  /** per track id: its rows over both charts */
  trackRows: Uint32Array
  /** rows per chart, in CHARTS order */
  chartRows: number[]
  /** rows of Spotify's weekly charts (the weekly file's official weeks) */
  officialRows: number
  /** chart dates summed over regions and charts */
  dates: number
  duplicates: DuplicateCounts
  replaced: ReplacedCounts
  /** top200's track lists (artist lists come with the catalog) */
  topLists: TopListsData
}

/**
 * Stage `charts`: each chart's data (its tracks renumbered, points, aggregates) written to
 * its file; from top200's, while its rows are at hand, the weekly charts (with Spotify's own,
 * written) and the top track lists. Takes `ranked.charts` out, each dropped once written:
 * the catalog stage after it starts ~0.4 GB lower at full scale.
 */
export async function writeCharts(
  ranked: ChartsRanked,
  order: IndexOrder,
  kit: StageKit,
): Promise<ChartsWritten> {
  const trackRows = new Uint32Array(ranked.trackRows.length)
  for (let s = 0; s < trackRows.length; s++) trackRows[order.tracks.remap[s]] = ranked.trackRows[s]
  const chartRows: number[] = []
  let officialRows = 0
  let dates = 0
  let topLists: TopListsData | undefined
  const remap = order.tracks.remap
  const fresh = rankingsData(ranked.official, remap)
  // a --base build: the base's weeks and lists before what changed are carried over
  const weekly = ranked.base && weeklyContinuation(ranked.base, fresh, remap, ranked.replaced)
  const tops = ranked.base && topsPrefix(ranked.base, remap)
  const daily = ranked.charts.splice(0)
  for (const [chartId, name] of CHARTS.entries()) {
    kit.keepMemory(true)
    kit.progress(0.8 + 0.05 * chartId, `chart ${name}`)
    const rankings = daily.shift()
    if (!rankings) throw new Error(`charts: the ${name} chart was not ranked`)
    const data = chartDataOf(rankings, {
      name,
      trackRemap: order.tracks.remap,
      globalRegion: order.regionCodes.indexOf('global'),
    })
    chartRows.push(data.rowCount)
    dates += data.dates.length
    kit.checkpoint(`chart ${name}`)
    await kit.write(INDEX_FILES[name], tableParts(CHART_TABLE, data))
    if (name === 'top200') {
      const weeks = buildWeeklyData(data, weekly?.official ?? fresh, order.trackIds, weekly?.prefix)
      for (let w = 0; w < weeks.weeks.length; w++)
        if (weeks.weekOfficial[w])
          officialRows += weeks.weekRowOffsets[w + 1] - weeks.weekRowOffsets[w]
      await kit.write(INDEX_FILES.weekly, tableParts(WEEKLY_TABLE, weeks))
      topLists = buildTopTrackLists(data, order.trackIds, tops)
      kit.checkpoint('weekly and top lists')
    }
  }
  if (!topLists) throw new Error('top lists: the top200 chart was not built')
  const { duplicates, replaced } = ranked
  return { trackRows, chartRows, officialRows, dates, duplicates, replaced, topLists }
}

/** What the catalog stage leaves: the artist count and each track's JSON fragment. */
export interface CatalogWritten {
  artists: number
  /** per track id: its fragment (what a stored answer holds of it) */
  trackJson: readonly string[]
}

/**
 * Stage `catalog`: the catalog (once the rows are released: it needs only the tracks) and
 * the top lists completed with their artists, both written.
 */
export async function writeCatalog(
  store: RowStore,
  order: IndexOrder,
  charts: ChartsWritten,
  names: Pick<CatalogInputs, 'commaNames' | 'aliasRows'>,
  kit: StageKit,
): Promise<CatalogWritten> {
  kit.progress(0.9, 'catalog')
  // the charts' rankings, dropped by writeCharts, collected before the catalog's columns grow
  kit.keepMemory(true)
  const catalog = buildCatalogData(
    Array.from(order.tracks.order, (i) => store.tracks[i]),
    charts.trackRows,
    { ...names, regions: order.regions.names, regionCodes: order.regionCodes },
  )
  kit.checkpoint('catalog')
  await kit.write(INDEX_FILES.catalog, tableParts(CATALOG_TABLE, catalog))
  await kit.write(
    INDEX_FILES.tops,
    tableParts(TOPS_TABLE, withArtistLists(charts.topLists, catalog)),
  )
  return { artists: catalog.artistKeys.length, trackJson: catalog.trackJson }
}
