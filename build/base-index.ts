/**
 * The base of an incremental build (`build-index --base DIR|s3://BUCKET/PREFIX`): an index
 * this program built, the only record of the history it holds (its input files may be gone).
 * Its files are mapped privately (the build never writes them, and a build into the same
 * directory replaces them only at its end), each checked against its CRC-32 in the manifest
 * first, and its tables opened by the same field specs as the server's (schema/tables.ts).
 * A base in an object store is the build its current.json names, downloaded first.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  FORMAT_VERSION,
  INDEX_FILES,
  type IndexManifest,
  TRACK_ID_LENGTH,
} from '../schema/format.ts'
import { MANIFEST_FILE, manifestFromText, readManifest } from '../schema/manifest.ts'
import {
  buildFileKey,
  locationFromUrl,
  openBucket,
  pointerFromJson,
  pointerKey,
} from '../schema/published.ts'
import { openTable, type TableViews } from '../schema/table-views.ts'
import {
  ANSWERS_TABLE,
  CATALOG_TABLE,
  CHART_TABLE,
  TOPS_TABLE,
  WEEKLY_TABLE,
} from '../schema/tables.ts'
import type { BadReason, RowStore } from './ingest.ts'
import type { BuildReport } from './pipeline.ts'

/** An index a build continues from: its manifest (the build report) and its tables. */
export interface BaseIndex {
  /** where it was read from, as given */
  from: string
  manifest: BuildReport
  catalog: TableViews<typeof CATALOG_TABLE>
  /** the daily charts, in CHARTS order */
  charts: TableViews<typeof CHART_TABLE>[]
  weekly: TableViews<typeof WEEKLY_TABLE>
  tops: TableViews<typeof TOPS_TABLE>
  /** its stored answers files in number order (empty: built without them) */
  answers: TableViews<typeof ANSWERS_TABLE>[]
}

/** Throws `base: <from>: <what>`. */
function fail(from: string, what: string): never {
  throw new Error(`base: ${from}: ${what}`)
}

/** Maps one file of the base (privately: nothing written reaches the file) after its check. */
function mapChecked(dir: string, from: string, name: string, manifest: IndexManifest): Uint8Array {
  const facts = manifest.files?.[name]
  if (!facts) fail(from, `its manifest lists no ${name}`)
  const path = join(dir, name)
  if (!existsSync(path)) fail(from, `${name} is missing`)
  const bytes = Bun.mmap(path, { shared: false })
  if (bytes.length !== facts.bytes)
    fail(from, `${name} has ${bytes.length} bytes; its manifest says ${facts.bytes}`)
  if (typeof facts.crc32 !== 'number' || Bun.hash.crc32(bytes) >>> 0 !== facts.crc32)
    fail(from, `${name} does not match its CRC-32 in the manifest`)
  return bytes
}

/** Opens the index in `dir` (read as `from`) as a base: its manifest, then each file checked. */
export function openBase(dir: string, from = dir): BaseIndex {
  const manifest = readManifest(dir, { anyVersion: true, stage: `base: ${from}` }) as BuildReport
  if (manifest.formatVersion !== FORMAT_VERSION)
    fail(
      from,
      `format version ${manifest.formatVersion}; this build-index writes ${FORMAT_VERSION}: build it again from its inputs`,
    )
  if (!manifest.source?.inputs || !manifest.rows?.dropped)
    fail(from, 'its manifest has no build report (inputs, rows)')
  const open = <T extends Parameters<typeof openTable>[0]>(spec: T, name: string) =>
    openTable(spec, mapChecked(dir, from, name, manifest), name)
  return {
    from,
    manifest,
    catalog: open(CATALOG_TABLE, INDEX_FILES.catalog),
    charts: [open(CHART_TABLE, INDEX_FILES.top200), open(CHART_TABLE, INDEX_FILES.viral50)],
    weekly: open(WEEKLY_TABLE, INDEX_FILES.weekly),
    tops: open(TOPS_TABLE, INDEX_FILES.tops),
    answers: (manifest.answers?.files ?? []).map((f) => open(ANSWERS_TABLE, f.name)),
  }
}

/**
 * Downloads the build that `url`'s current.json names into `dir` (its manifest and every file
 * it lists); resolves to `dir`. Credentials as for `--publish` (schema/published.ts).
 */
export async function downloadBase(
  url: string,
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const at = locationFromUrl(url)
  const s3 = await openBucket(at, env)
  let pointerText: string
  try {
    pointerText = await s3.file(pointerKey(at)).text()
  } catch (error) {
    fail(url, `cannot read ${pointerKey(at)} (${(error as Error).message})`)
  }
  const pointer = pointerFromJson(pointerText)
  mkdirSync(dir, { recursive: true })
  const manifestKey = buildFileKey(at, pointer.buildId, MANIFEST_FILE)
  const manifestText = await s3.file(manifestKey).text()
  const manifest = manifestFromText(manifestText, manifestKey, {
    anyVersion: true,
    stage: `base: ${url}`,
  })
  await Promise.all(
    Object.keys(manifest.files).map(async (name) => {
      await Bun.write(join(dir, name), s3.file(buildFileKey(at, pointer.buildId, name)))
    }),
  )
  // the manifest last: a directory without it is incomplete
  await Bun.write(join(dir, MANIFEST_FILE), manifestText)
  return dir
}

/**
 * Puts the base's tracks and regions into `store` first, in the base's numbering (store
 * index = base id: the base's rows need no renumbering before they are copied), each with the
 * facts the base kept (a track's title and credit from its first row, a region's spelling and
 * code), and the base's tallies of dropped, rebuilt and read rows: what a full build over the
 * base's inputs would hold before reading the new ones.
 */
export function seedStore(store: RowStore, base: BaseIndex): void {
  const { catalog, manifest } = base
  const ids = catalog.trackIds
  const ascii = new TextDecoder('latin1')
  for (let t = 0; t < catalog.titles.count; t++) {
    const id = ascii.decode(ids.subarray(t * TRACK_ID_LENGTH, (t + 1) * TRACK_ID_LENGTH))
    if (store.trackOf(id, catalog.titles.text(t), catalog.trackArtists.text(t)) !== t)
      fail(base.from, `track ${id} is listed twice`)
  }
  for (let r = 0; r < catalog.regions.count; r++)
    store.regionOf(catalog.regions.text(r), catalog.regionCodes.text(r))
  const { rows } = manifest
  store.rowsRead = rows.read
  store.unknownTrends = rows.unknownTrends
  store.rebuiltUrls.count = rows.rebuiltUrls.count
  store.rebuiltUrls.examples.push(...rows.rebuiltUrls.examples)
  for (const [reason, entry] of Object.entries(rows.dropped))
    store.bad.set(reason as BadReason, { count: entry!.count, examples: [...entry!.examples] })
}
