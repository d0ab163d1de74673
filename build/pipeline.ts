/**
 * The index build as named stages: read → rank → order → charts (weekly, top lists) →
 * catalog (build/build-stages.ts) → answers (build/answers.ts) → report → publish. The files
 * go into a fresh temporary directory, published by rename only when complete. A failed or interrupted build leaves the previous
 * index untouched (at worst a `.tmp-*` or `.old-*` directory and a stale `.lock`, removed
 * or taken over by the next build).
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import {
  type AnswersManifest,
  FORMAT_VERSION,
  type IndexManifest,
  isoFromDay,
  type ManifestInput,
} from '../schema/format.ts'
import { MANIFEST_FILE, writeManifest } from '../schema/manifest.ts'
import { writeAnswers } from './answers.ts'
import { type AliasRow, loadAliasTables } from './artist-aliases.ts'
import { type BaseIndex, downloadBase, openBase, seedStore } from './base-index.ts'
import { answerCarry } from './base-prefix.ts'
import {
  type ChartsWritten,
  type IndexOrder,
  type InputRead,
  orderRegions,
  orderTracks,
  rankCharts,
  readInputs,
  type StageKit,
  writeCatalog,
  writeCharts,
} from './build-stages.ts'
import type { DuplicateCounts, ReplacedCounts } from './chart-data.ts'
import { type BadReason, RowStore } from './ingest.ts'
import { lockOut, publish, removeLeftovers } from './publish.ts'

/** Options of a build. */
export interface BuildOptions {
  /** input files and folders (inputs.ts), read in this order */
  inputs: readonly string[]
  /**
   * an index to continue (`--base`): a directory or s3://BUCKET/PREFIX; the build is the
   * one a full build over its inputs and then `inputs` would make (base-index.ts)
   */
  base?: string
  out: string
  commaNames: ReadonlySet<string>
  /** the alias table's rows (build/artist-aliases.ts; default: data/artist-aliases.csv's) */
  artistAliases?: readonly AliasRow[]
  /** progress: a fraction in [0, 1] and what is going on */
  onProgress?: (fraction: number, stage: string) => void
  /** called between stages; throwing aborts the build (tests use it to interrupt one) */
  checkpoint?: (stage: string) => void
  /**
   * whether to store the gzip body of every default answer (build/answers.ts; default true):
   * without them the index is ~2/3 smaller at full scale and the server compresses per request
   */
  answers?: boolean
}

/** What a build did: written to manifest.json and printed as the build report. */
export interface BuildReport extends IndexManifest {
  rows: IndexManifest['rows'] & {
    dropped: Partial<Record<BadReason, { count: number; examples: string[] }>>
    duplicates: DuplicateCounts
    /** charts of an earlier input given again by a later one (the later kept), and their rows */
    replaced: ReplacedCounts
    /** rows of Spotify's weekly charts kept (not in `kept`, which counts the daily charts') */
    weekly: number
    unknownTrends: number
    /** rows whose url was not `https://open.spotify.com/track/<id>`: rebuilt from the id */
    rebuiltUrls: { count: number; examples: string[] }
  }
  /** files in input folders left out (not .csv or .parquet) */
  skipped: string[]
  /**
   * a --base build's: its base, and its stored answers copied from the base or rendered (not
   * in manifest.json, which is the one a full build would write)
   */
  continued?: { from: string; answers: { copied: number; rendered: number } }
  seconds: number
  peakRssMB: number
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

const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex')

/** SHA-256 of a list of files: the one's, else that of their `<sha256>  <name>` lines. */
function listSha256(items: readonly { sha256: string; name: string }[]): string {
  if (items.length === 1) return items[0].sha256
  return sha256Of(items.map((i) => `${i.sha256}  ${i.name}\n`).join(''))
}

/** The manifest's inputs: each `--input`'s files of one kind, summed. */
function manifestInputs(input: InputRead): ManifestInput[] {
  const { plan, store } = input
  const tally = new Map(
    plan.files.map((file, i) => [file, { sha256: input.sha256[i], ...store.inputs[i] }]),
  )
  return plan.groups.map((group) => {
    const files = group.files.map((file) => ({ file, ...tally.get(file)! }))
    const formats = new Set(group.files.map((f) => f.format))
    const firstDay = Math.min(...files.map((f) => f.firstDay))
    const lastDay = Math.max(...files.map((f) => f.lastDay))
    const any = files.some((f) => f.rowsKept > 0)
    return {
      name: group.name,
      kind: group.kind,
      format: formats.size > 1 ? 'parquet+csv' : [...formats][0],
      synthetic: group.files.some((f) => f.synthetic),
      files: files.length,
      bytes: files.reduce((n, f) => n + f.file.bytes, 0),
      sha256: listSha256(files.map((f) => ({ sha256: f.sha256, name: f.file.name }))),
      rows: files.reduce((n, f) => n + f.rowsRead, 0),
      firstDate: any ? isoFromDay(firstDay) : null,
      lastDate: any ? isoFromDay(lastDay) : null,
    }
  })
}

/** What the stages before the report made. */
interface Written {
  input: InputRead
  order: IndexOrder
  charts: Omit<ChartsWritten, 'topLists'>
  artists: number
  files: BuildReport['files']
  answers: AnswersManifest | undefined
  /** a --base build's base: its inputs come first in the report */
  base: BaseIndex | undefined
}

/** The counts of the manifest. */
function countsOf({ input, order, charts, artists }: Written): IndexManifest['counts'] {
  return {
    tracks: input.store.tracks.length,
    artists,
    regions: order.regions.names.length,
    dates: charts.dates,
    top200: charts.chartRows[0],
    viral50: charts.chartRows[1],
  }
}

/**
 * Stage `report`: the manifest and build report (its id from the version, source and files).
 * A --base build's report is the one a full build over the base's inputs and the new ones
 * would make (its timings apart).
 */
function reportOf(written: Written, started: number): BuildReport {
  const { input, charts, files, base } = written
  const { store } = input
  const inputs = [...(base?.manifest.source.inputs ?? []), ...manifestInputs(input)]
  const sha = listSha256(inputs)
  const buildId = sha256Of(
    `${FORMAT_VERSION}:${sha}:${Object.values(files)
      .map((f) => f.sha256)
      .join(':')}`,
  ).slice(0, 16)
  const dropped: BuildReport['rows']['dropped'] = {}
  for (const [reason, entry] of store.bad) dropped[reason] = entry
  return {
    formatVersion: FORMAT_VERSION,
    buildId,
    builtAt: new Date().toISOString(),
    source: {
      name: inputs.map((i) => i.name).join(', '),
      bytes: inputs.reduce((n, i) => n + i.bytes, 0),
      sha256: sha,
      kind: inputs.some((i) => i.synthetic) ? 'synthetic' : 'file',
      inputs,
    },
    rows: {
      read: store.rowsRead,
      kept: charts.chartRows[0] + charts.chartRows[1],
      weekly: charts.officialRows,
      dropped,
      duplicates: charts.duplicates,
      replaced: charts.replaced,
      unknownTrends: store.unknownTrends,
      rebuiltUrls: store.rebuiltUrls,
    },
    skipped: [...(base?.manifest.skipped ?? []), ...input.plan.skipped],
    counts: countsOf(written),
    files,
    ...(written.answers ? { answers: written.answers } : {}),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    peakRssMB: peakRssMB(),
  }
}

/**
 * The build's stages: read → rank → order → charts (weekly, top lists) → catalog → answers →
 * report → publish.
 */
async function buildLocked(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now()
  const files: BuildReport['files'] = {}
  /** the build's directory (set once the inputs are read) */
  const at = { tmp: '' }
  const kit: StageKit = {
    progress: options.onProgress ?? (() => {}),
    checkpoint: options.checkpoint ?? (() => {}),
    keepMemory: memoryKeeper(),
    write: async (name, parts) => {
      // part by part: a chart's rows are written from the array they were built in
      const sha256 = createHash('sha256')
      let crc32 = 0
      let bytes = 0
      const path = join(at.tmp, name)
      let fd = -1
      try {
        fd = openSync(path, 'w')
        for (const part of parts) {
          for (let at = 0; at < part.byteLength; )
            at += writeSync(fd, part, at, part.byteLength - at)
          sha256.update(part)
          crc32 = Bun.hash.crc32(part, crc32)
          bytes += part.byteLength
        }
      } catch (error) {
        // the system's message names no file (`ENOSPC: no space left on device, write`)
        throw new Error(`write: ${path}: ${(error as Error).message} (${bytes} bytes written)`)
      } finally {
        if (fd >= 0) closeSync(fd)
      }
      files[name] = { bytes, sha256: sha256.digest('hex'), crc32: crc32 >>> 0 }
    },
  }
  // a base in an object store is downloaded first, into a directory of our own
  const scratch = options.base?.startsWith('s3://')
    ? mkdtempSync(join(tmpdir(), 'charts-base-'))
    : null
  try {
    const base = options.base
      ? openBase(
          scratch ? await downloadBase(options.base, scratch) : resolve(options.base),
          options.base,
        )
      : undefined
    return await buildStages({ options, kit, base, started, files, at })
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}

/** What the stages share once the base is open. */
interface StagesContext {
  options: BuildOptions
  kit: StageKit
  base: BaseIndex | undefined
  started: number
  /** the files written so far (kit.write) */
  files: BuildReport['files']
  /** where kit.write writes: the build's fresh directory */
  at: { tmp: string }
}

/**
 * Stages rank → order → charts → catalog: the index files but the stored answers. Returns
 * only what the later stages need, so that what these held (the ranked rows, the top lists,
 * the catalog's columns) is garbage once it returns.
 */
async function indexFiles(
  input: InputRead,
  options: BuildOptions,
  kit: StageKit,
  base: BaseIndex | undefined,
) {
  const regions = orderRegions(input.store)
  const ranked = rankCharts(input.store, regions, kit, base)
  const order = orderTracks(input.store, ranked, regions)
  const { topLists, ...charts } = await writeCharts(ranked, order, kit)
  const catalog = await writeCatalog(
    input.store,
    order,
    { ...charts, topLists },
    { commaNames: options.commaNames, aliasRows: options.artistAliases ?? loadAliasTables() },
    kit,
  )
  // a --base build copies the answers its base stored that did not change
  const carry =
    options.answers !== false && ranked.base
      ? answerCarry(ranked.base, order.tracks.remap, catalog.trackJson)
      : undefined
  return { order, charts, artists: catalog.artists, carry }
}

/** The stages after the base is open: read, then into a fresh directory rank … publish. */
async function buildStages({
  options,
  kit,
  base,
  started,
  files,
  at,
}: StagesContext): Promise<BuildReport> {
  const out = resolve(options.out)
  const store = new RowStore()
  if (base) seedStore(store, base)
  const input = await readInputs(options, kit, store)
  // the files go into a fresh directory, renamed into place only when complete
  mkdirSync(dirname(out), { recursive: true })
  const tmp = `${out}.tmp-${process.pid}-${Date.now()}`
  mkdirSync(tmp)
  at.tmp = tmp
  try {
    const made = await indexFiles(input, options, kit, base)
    const written: Written = { input, ...made, files, answers: undefined, base }
    let copied = 0
    if (options.answers !== false) {
      // what the stages before needed is collectable now: the workers start from less
      kit.keepMemory(true)
      // the index files as written so far, for the workers to open (no manifest.json yet)
      const soFar = {
        formatVersion: FORMAT_VERSION,
        counts: countsOf(written),
        files: { ...files },
      }
      const stored = await writeAnswers(tmp, soFar as IndexManifest, kit, [0.9, 0.99], made.carry)
      written.answers = stored.answers
      copied = stored.copied
    }
    const report = reportOf(written, started)
    // manifest last: an index directory without it is incomplete by definition
    try {
      writeManifest(tmp, report)
    } catch (error) {
      throw new Error(`write: ${join(tmp, MANIFEST_FILE)}: ${(error as Error).message}`)
    }
    kit.checkpoint('publish')
    publish(tmp, out)
    kit.progress(1, 'done')
    if (!base) return report
    const answers = { copied, rendered: (report.answers?.count ?? 0) - copied }
    return { ...report, continued: { from: base.from, answers } }
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    throw error
  }
}
