/**
 * The index build: read the input in batches, validate into the row store, compute the
 * catalog and both charts, write the files into a fresh temporary directory, and publish
 * it by rename only when complete. A failed or interrupted build leaves the previous
 * index untouched (at worst a `.tmp-*` or `.old-*` directory and a stale `.lock`, removed
 * or taken over by the next build).
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { CHARTS, FORMAT_VERSION, INDEX_FILES, type IndexManifest } from '../schema/format.ts'
import { CATALOG_TABLE, CHART_TABLE, TOPS_TABLE, WEEKLY_TABLE } from '../schema/tables.ts'
import { buildCatalogData, regionOrder, trackOrder } from './catalog-data.ts'
import { buildChartData, type DuplicateCounts } from './chart-data.ts'
import type { InputBatch } from './columns.ts'
import { readCsv } from './csv-source.ts'
import { tableBytes } from './index-files.ts'
import { type BadReason, RowStore } from './ingest.ts'
import { readParquet } from './parquet-source.ts'
import { lockOut, publish, removeLeftovers } from './publish.ts'
import { regionCodesOf } from './region-codes.ts'
import { inputFormat } from './sniff.ts'
import { buildTopTrackLists, type TopListsData, withArtistLists } from './top-lists.ts'
import { buildWeeklyData } from './weekly-data.ts'

/** Options of a build. */
export interface BuildOptions {
  input: string
  out: string
  commaNames: ReadonlySet<string>
  /** progress: a fraction in [0, 1] and what is going on */
  onProgress?: (fraction: number, stage: string) => void
  /** called between stages; throwing aborts the build (tests use it to interrupt one) */
  checkpoint?: (stage: string) => void
}

/** What a build did: written to manifest.json and printed as the build report. */
export interface BuildReport extends IndexManifest {
  rows: IndexManifest['rows'] & {
    dropped: Partial<Record<BadReason, { count: number; examples: string[] }>>
    duplicates: DuplicateCounts
    unknownTrends: number
  }
  seconds: number
  peakRssMB: number
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Peak resident memory of this process in MB (Linux VmHWM; RSS elsewhere). */
export function peakRssMB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8')
    const m = /VmHWM:\s+(\d+) kB/.exec(status)
    if (m) return Math.round(Number(m[1]) / 1024)
  } catch {}
  return Math.round(process.memoryUsage().rss / 1048576)
}

/**
 * Holds the build's memory near what it keeps alive. The engine collects garbage on its own
 * schedule, which let decoded batches and finished stages pile up into gigabytes at full
 * scale; this runs a full collection whenever resident memory grew by `stepMB` since the
 * last one, and at stage ends (`force`). A full collection costs tens of milliseconds here.
 */
function memoryKeeper(stepMB = 384): (force?: boolean) => void {
  const rssMB = () => process.memoryUsage().rss / 1048576
  let base = rssMB()
  return (force = false) => {
    if (!force && rssMB() < base + stepMB) return
    Bun.gc(true)
    base = rssMB()
  }
}

/**
 * Runs a build; resolves to its report once the new index is in place at `out`. Holds
 * `<out>.lock` throughout (a second build into the same `out` fails at once, naming the
 * first) and first removes what interrupted builds left (build/publish.ts).
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const release = lockOut(resolve(options.out))
  try {
    removeLeftovers(resolve(options.out))
    return await buildLocked(options)
  } finally {
    release()
  }
}

async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now()
  const input = resolve(options.input)
  const out = resolve(options.out)
  const progress = options.onProgress ?? (() => {})
  const checkpoint = options.checkpoint ?? (() => {})
  if (!existsSync(input)) throw new Error(`input: ${options.input} does not exist`)
  const inputBytes = statSync(input).size
  const format = inputFormat(input, inputBytes, options.input)
  const sourceHash = sha256File(input)

  // 1. read and validate
  const keepMemory = memoryKeeper()
  const store = new RowStore()
  /** whether the input says it was written by gen-data (parquet key-value metadata) */
  let synthetic = false
  let batches: AsyncGenerator<InputBatch>
  if (format === 'parquet') {
    let total = 1
    batches = readParquet(input, (info) => {
      total = Math.max(info.rows, 1)
      synthetic = info.synthetic
      store.reserve(info.rows)
    })
    for await (const batch of batches) {
      store.add(batch)
      keepMemory()
      progress((0.7 * store.rowsRead) / total, 'reading')
      checkpoint('reading')
    }
  } else {
    let bytes = 0
    batches = readCsv(input, (b) => {
      bytes = b
    })
    for await (const batch of batches) {
      store.add(batch)
      keepMemory()
      progress((0.7 * bytes) / Math.max(inputBytes, 1), 'reading')
      checkpoint('reading')
    }
  }
  if (store.length === 0) {
    throw new Error(`input: no valid rows in ${options.input} (${store.rowsRead} read)`)
  }

  // 2. compute and write into a fresh directory
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`
  mkdirSync(tmp)
  try {
    const files: BuildReport['files'] = {}
    const write = async (name: string, bytes: Uint8Array) => {
      await Bun.write(join(tmp, name), bytes)
      files[name] = {
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        crc32: Bun.hash.crc32(bytes) >>> 0,
      }
    }
    const tracks = trackOrder(store.tracks, store.rowsPerTrack())
    const regions = regionOrder(store.regions)
    const regionCodes = regionCodesOf(regions.names)
    const duplicates: DuplicateCounts = {
      'duplicate row': 0,
      'rank conflict': 0,
      'repeated track': 0,
    }
    const trackRows = new Uint32Array(store.tracks.length)
    const chartRows: number[] = []
    let dates = 0
    const trackIds = Array.from(tracks.order, (i) => store.tracks[i].id)
    let topLists: TopListsData | undefined
    for (const [chartId, name] of CHARTS.entries()) {
      keepMemory(true)
      progress(0.7 + 0.1 * chartId, `chart ${name}`)
      const data = buildChartData({
        store,
        chartId,
        name,
        trackRemap: tracks.remap,
        regionRemap: regions.remap,
        regionCount: regions.names.length,
        globalRegion: regionCodes.indexOf('global'),
        duplicates,
      })
      for (let t = 0; t < trackRows.length; t++)
        trackRows[t] += data.trackPointOffsets[t + 1] - data.trackPointOffsets[t]
      chartRows.push(data.rowCount)
      dates += data.dates.length
      checkpoint(`chart ${name}`)
      await write(INDEX_FILES[name], tableBytes(CHART_TABLE, data))
      if (name === 'top200') {
        // v2 precomputations from the daily top200, while its rows are at hand
        await write(INDEX_FILES.weekly, tableBytes(WEEKLY_TABLE, buildWeeklyData(data, trackIds)))
        topLists = buildTopTrackLists(data, trackIds)
        checkpoint('weekly and top lists')
      }
    }
    store.releaseRows()
    keepMemory(true)
    progress(0.9, 'catalog')
    const sortedTracks = Array.from(tracks.order, (i) => store.tracks[i])
    const catalog = buildCatalogData(
      sortedTracks,
      trackRows,
      regions.names,
      options.commaNames,
      regionCodes,
    )
    checkpoint('catalog')
    await write(INDEX_FILES.catalog, tableBytes(CATALOG_TABLE, catalog))
    if (!topLists) throw new Error('top lists: the top200 chart was not built')
    await write(INDEX_FILES.tops, tableBytes(TOPS_TABLE, withArtistLists(topLists, catalog)))

    const sha = await sourceHash
    const buildId = createHash('sha256')
      .update(
        `${FORMAT_VERSION}:${sha}:${Object.values(files)
          .map((f) => f.sha256)
          .join(':')}`,
      )
      .digest('hex')
      .slice(0, 16)
    const dropped: BuildReport['rows']['dropped'] = {}
    for (const [reason, entry] of store.bad) dropped[reason] = entry
    const report: BuildReport = {
      formatVersion: FORMAT_VERSION,
      buildId,
      builtAt: new Date().toISOString(),
      source: {
        name: basename(input),
        bytes: inputBytes,
        sha256: sha,
        format,
        kind: synthetic ? 'synthetic' : 'file',
      },
      rows: {
        read: store.rowsRead,
        kept: chartRows[0] + chartRows[1],
        dropped,
        duplicates,
        unknownTrends: store.unknownTrends,
      },
      counts: {
        tracks: store.tracks.length,
        artists: catalog.artistKeys.length,
        regions: regions.names.length,
        dates,
        top200: chartRows[0],
        viral50: chartRows[1],
      },
      files,
      seconds: 0,
      peakRssMB: 0,
    }
    report.seconds = Math.round((performance.now() - started) / 100) / 10
    report.peakRssMB = peakRssMB()
    // manifest last: an index directory without it is incomplete by definition
    await Bun.write(join(tmp, 'manifest.json'), `${JSON.stringify(report, null, 2)}\n`)
    checkpoint('publish')
    publish(tmp, out)
    progress(1, 'done')
    return report
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    throw error
  }
}
