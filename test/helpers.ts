/** Test helpers: build a dataset and an index in a temp dir, read parquet rows naively. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { DEFAULT_COMMA_ARTISTS } from '../build/build-index.ts'
import { loadCommaNames } from '../build/credits.ts'
import { generateDataset } from '../build/gen-data.ts'
import { buildIndex } from '../build/pipeline.ts'
import { SCALES, type Scale } from '../build/synthetic.ts'
import { SHAPES } from '../build/synthetic-shapes.ts'
import { type IndexManifest, STREAMS_NONE } from '../schema/format.ts'
import { readManifest, writeManifest } from '../schema/manifest.ts'
import { type ChartRowValues, readRow } from '../schema/points.ts'
import { type ChartIndex, type Index, openIndex } from '../src/store/open-index.ts'
import { rankingRange } from '../src/store/rankings.ts'
import { latestDatePosition } from '../src/store/regions.ts'
import { trackIdOf } from '../src/store/tracks.ts'

/** A row as the Kaggle schema has it. */
export interface RawRow {
  title: string
  rank: number
  date: string
  artist: string
  url: string
  region: string
  chart: string
  trend: string
  streams: number | null
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'charts-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Changes the manifest of the index in `dir` by `edit` (of any format version); returns it. */
export function editManifest(dir: string, edit: (manifest: IndexManifest) => void): IndexManifest {
  const manifest = readManifest(dir, { anyVersion: true })
  edit(manifest)
  writeManifest(dir, manifest)
  return manifest
}

/** The comma-name list shipped with the project. */
export const commaNames = loadCommaNames(DEFAULT_COMMA_ARTISTS)

/** Generates a small synthetic dataset and builds its index under `dir`. */
export async function buildSample(dir: string, regions = 6, days = 30, seed = 7) {
  const parquet = join(dir, 'sample.parquet')
  await generateDataset({ scale: { ...SCALES.tiny, regions, days }, seed, out: parquet })
  const indexDir = join(dir, 'index')
  const report = await buildIndex({ inputs: [parquet], out: indexDir, commaNames })
  return { parquet, indexDir, report }
}

/** Generates a wide-shape catalog (`gen-data --shape wide`) at `scale` and builds its index under `dir`. */
export async function buildWide(dir: string, scale: Scale, seed: number): Promise<string> {
  const parquet = join(dir, 'wide.parquet')
  await generateDataset({ scale, shape: SHAPES.wide, seed, out: parquet })
  const indexDir = join(dir, 'wide-index')
  await buildIndex({ inputs: [parquet], out: indexDir, commaNames })
  return indexDir
}

/**
 * Chart row r of a mapped index as plain numbers (schema/points.ts readRow), streams -1 and
 * streamsChange null when the row has none: for tests that read an index's rows directly.
 */
export function chartRowAt(chart: ChartIndex, r: number) {
  const row = readRow(chart.rows, r, {} as ChartRowValues)
  return {
    ...row,
    streams: row.streams === STREAMS_NONE ? -1 : row.streams,
    streamsChange: Number.isNaN(row.streamsChange) ? null : row.streamsChange,
  }
}

/** Display names of the artists credited on track t (the index's credit columns). */
export function creditedNames(index: Index, t: number): string[] {
  const names: string[] = []
  for (let k = index.creditOffsets[t]; k < index.creditOffsets[t + 1]; k++)
    names.push(index.artistNames.text(index.creditArtists[k]))
  return names
}

/** All rows of a parquet file, read independently of the pipeline (plain objects). */
export async function readRows(path: string): Promise<RawRow[]> {
  const file = await asyncBufferFromFile(path)
  return (await parquetReadObjects({ file, compressors })) as RawRow[]
}

/** A normaliser written independently of schema/format.ts, for naive expectations. */
export function naiveKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u3099\u309a]/g, '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(' ')
}

/** Splits a credit by protecting known comma names first (a different method from build/). */
export function naiveSplit(credit: string): string[] {
  const known = [
    'Tyler, The Creator',
    'Earth, Wind & Fire',
    'Crosby, Stills, Nash & Young',
    'Crosby, Stills & Nash',
  ]
  let text = credit
  const saved: string[] = []
  for (const name of known.sort((a, b) => b.length - a.length)) {
    while (text.includes(name)) {
      text = text.replace(name, `\u{e000}${saved.length}\u{e001}`)
      saved.push(name)
    }
  }
  const parts = text
    .split(', ')
    .map((p) => p.replace(/\u{e000}(\d+)\u{e001}/gu, (_, i) => saved[Number(i)]).trim())
  return [...new Set(parts.filter(Boolean))]
}

/** A seeded PRNG for picking random cases. */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A literal-only LZ4 block: valid LZ4 that any decoder reads (tests need no real compressor). */
export function lz4LiteralBlock(input: Uint8Array): Uint8Array {
  const out: number[] = []
  const n = input.length
  out.push(Math.min(n, 15) << 4)
  if (n >= 15) {
    let rest = n - 15
    while (rest >= 255) {
      out.push(255)
      rest -= 255
    }
    out.push(rest)
  }
  const block = new Uint8Array(out.length + n)
  block.set(out)
  block.set(input, out.length)
  return block
}

/** Compressors for writing fixtures with every codec hyparquet-compressors reads. */
export const fixtureCompressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(Bun.gzipSync(input as Uint8Array<ArrayBuffer>)),
  BROTLI: (input: Uint8Array) => new Uint8Array(require('node:zlib').brotliCompressSync(input)),
  ZSTD: (input: Uint8Array) =>
    new Uint8Array(Bun.zstdCompressSync(input as Uint8Array<ArrayBuffer>)),
  LZ4_RAW: lz4LiteralBlock,
  LZ4: (input: Uint8Array) => {
    // the legacy Hadoop framing: big-endian raw size and block size, then the block
    const block = lz4LiteralBlock(input)
    const out = new Uint8Array(block.length + 8)
    const view = new DataView(out.buffer)
    view.setUint32(0, input.length)
    view.setUint32(4, block.length)
    out.set(block, 8)
    return out
  },
}

/** A column of a fixture parquet: values plus an optional schema element override. */
export interface FixtureColumn {
  name: string
  data: unknown[]
  element?: Record<string, unknown>
}

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8' }

/** Default schema elements of the Kaggle columns. */
export const KAGGLE_ELEMENTS: Record<string, Record<string, unknown>> = {
  title: STRING,
  rank: { type: 'INT32' },
  date: STRING,
  artist: STRING,
  url: STRING,
  region: STRING,
  chart: STRING,
  trend: STRING,
  streams: { type: 'DOUBLE' },
}

/** Writes rows (objects in the Kaggle schema) as parquet with the given codec and column overrides. */
export function writeFixture(
  path: string,
  rows: Partial<RawRow>[] | Record<string, unknown>[],
  options: {
    codec?: string
    elements?: Record<string, Record<string, unknown>>
    rename?: Record<string, string>
  } = {},
): void {
  const { parquetWriteFile } = require('hyparquet-writer')
  const names = Object.keys(rows[0])
  const elements = { ...KAGGLE_ELEMENTS, ...options.elements }
  const schema = [
    { name: 'root', num_children: names.length },
    ...names.map((name) => ({
      ...(elements[name] ?? STRING),
      name: options.rename?.[name] ?? name,
      repetition_type: 'OPTIONAL',
    })),
  ]
  parquetWriteFile({
    filename: path,
    schema,
    codec: options.codec ?? 'SNAPPY',
    compressors: fixtureCompressors,
    columnData: names.map((name) => ({
      name: options.rename?.[name] ?? name,
      data: rows.map((r) => (r as Record<string, unknown>)[name] ?? null),
    })),
  })
}

/** A valid row; override fields to make it bad. */
export function row(overrides: Partial<RawRow> = {}, n = 1): RawRow {
  const id = `track${String(n).padStart(17, '0')}`
  return {
    title: `Song ${n}`,
    rank: n,
    date: '2020-01-01',
    artist: 'Some Artist',
    url: `https://open.spotify.com/track/${id}`,
    region: 'Global',
    chart: 'top200',
    trend: 'SAME_POSITION',
    streams: 1000 - n,
    ...overrides,
  }
}

/**
 * A small dataset that folds names: 2017-12-27 .. 2018-01-05 (a year boundary), three regions
 * (Atlantis unknown to the code table), credits that fold alike (AC/DC, Ac-Dc, AC DC).
 */
export function foldingFixtureRows(): RawRow[] {
  const credits = [
    'AC/DC',
    'Ac-Dc',
    'Ac-Dc',
    'AC DC',
    'Tyler, The Creator, Beyoncé',
    'Ac-Dc, Someone',
    'Beyoncé',
  ]
  const out: RawRow[] = []
  let n = 0
  for (const region of ['Global', 'United Kingdom', 'Atlantis']) {
    for (let d = 0; d < 10; d++) {
      const date = new Date(Date.UTC(2017, 11, 27 + d)).toISOString().slice(0, 10)
      // a rotating set of 6 of 7 tracks, streams falling with rank
      for (let k = 0; k < 6; k++) {
        const t = (k + d + region.length) % 7
        n++
        out.push(
          row(
            {
              title: `Song ${t}`,
              artist: credits[t],
              url: `https://open.spotify.com/track/fixturetrack${String(t).padStart(10, '0')}`,
              region,
              date,
              rank: k + 1,
              streams: 100_000 - k * 7_000 - d * 13 - region.length,
              trend: 'SAME_POSITION',
            },
            n,
          ),
        )
      }
    }
  }
  return out
}

/** Tracks of the awkward fixture that chart on Global (track 6, Local Hero's, never does). */
const GLOBAL_POOL = [0, 1, 2, 3, 4, 5, 7]

/** The day `n` days after 2020-03-01, as YYYY-MM-DD. */
const fixtureDay = (n: number) => new Date(Date.UTC(2020, 2, 1 + n)).toISOString().slice(0, 10)

/**
 * A small dataset written to be awkward: United Kingdom and Atlantis
 * (a region the code table does not know) have gaps in their dates, with #1 runs that
 * continue across them; `Local Hero` never charts on Global; titles and credits begin with
 * `=`, `+`, `-` and `@` (CSV formula injection); tracks leave the chart and come back
 * (re-entries and dropouts); Global's #1 keeps its streams from one day to the next (a change
 * of 0); Global also has a viral50 chart (no streams); Atlantis's rows give no trend.
 */
export function awkwardFixtureRows(): RawRow[] {
  const tracks = [
    { title: 'Anthem', artist: 'Beyoncé' },
    { title: 'Crown', artist: 'Tyler, The Creator, Beyoncé' },
    { title: '=SUM(1+2)', artist: 'Formula Band' },
    { title: 'Minus', artist: '-Minus Sign, @Mention' },
    { title: '+Plus One', artist: 'Plain Artist' },
    { title: '@home', artist: 'Beyoncé' },
    { title: 'Hometown', artist: 'Local Hero' },
    { title: 'Quiet', artist: 'Plain Artist' },
  ]
  const url = (t: number) =>
    `https://open.spotify.com/track/v3fixture${String(t).padStart(13, '0')}`
  // per region: its dates (day offsets, with gaps) and the track at #1 on each
  const regions = [
    { name: 'Global', days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], ones: [0, 0, 0, 1, 1, 0, 0, 2, 2, 2] },
    { name: 'United Kingdom', days: [0, 1, 3, 4, 7, 8], ones: [1, 1, 1, 2, 2, 1] },
    { name: 'Atlantis', days: [2, 3, 4, 5, 8], ones: [6, 6, 3, 3, 6] },
  ]
  const random = rng(99)
  const out: RawRow[] = []
  let n = 0
  for (const region of regions) {
    const pool = region.name === 'Global' ? GLOBAL_POOL : [...GLOBAL_POOL, 6]
    region.days.forEach((day, pos) => {
      const first = region.ones[pos]
      const rest = pool.filter((t) => t !== first).sort(() => random() - 0.5)
      const chart = [first, ...rest.slice(0, 3 + Math.floor(random() * 3))]
      chart.forEach((t, i) => {
        out.push(
          row(
            {
              ...tracks[t],
              url: url(t),
              region: region.name,
              date: fixtureDay(day),
              rank: i + 1,
              // Global's #1 holds 60,000 a day: a stream change of exactly 0
              streams:
                region.name === 'Global' && i === 0
                  ? 60_000
                  : 50_000 - i * 6_000 + Math.floor(random() * 5_000),
              // Atlantis's rows give no trend: the build derives it (docs/API.md)
              trend: region.name === 'Atlantis' ? '' : 'SAME_POSITION',
            },
            ++n,
          ),
        )
      })
    })
  }
  for (let day = 0; day < 5; day++) {
    ;[3, 5, 1].forEach((k, i) => {
      const t = GLOBAL_POOL[(k + day) % GLOBAL_POOL.length]
      out.push(
        row(
          {
            ...tracks[t],
            url: url(t),
            region: 'Global',
            chart: 'viral50',
            date: fixtureDay(day),
            rank: i + 1,
            streams: null,
            trend: 'MOVE_UP',
          },
          ++n,
        ),
      )
    })
  }
  return out
}

/** A row of a charts.spotify.com download, as its columns have it. */
export interface DownloadRow {
  rank: number
  /** `spotify:track:<id>` */
  uri: string
  artist_names: string
  track_name: string
  /** the label */
  source: string
  /** Spotify's figures over its whole history (the build does not read them) */
  peak_rank: number
  previous_rank: number
  days_on_chart: number
  /** none on viral files */
  streams?: number
}

/** How a download is written: weekly or daily, viral (no streams), streams with thousands separators. */
export interface DownloadFormat {
  weekly?: boolean
  viral?: boolean
  grouped?: boolean
}

/**
 * A download file's text as charts.spotify.com writes it: a UTF-8 byte-order mark, every
 * field quoted, `weeks_on_chart` on weekly files, no `streams` column on viral ones.
 */
export function downloadCsv(rows: DownloadRow[], format: DownloadFormat = {}): string {
  const quote = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`
  const header = [
    'rank',
    'uri',
    'artist_names',
    'track_name',
    'source',
    'peak_rank',
    'previous_rank',
    format.weekly ? 'weeks_on_chart' : 'days_on_chart',
    ...(format.viral ? [] : ['streams']),
  ]
  const lines = rows.map((r) =>
    [
      r.rank,
      r.uri,
      r.artist_names,
      r.track_name,
      r.source,
      r.peak_rank,
      r.previous_rank,
      r.days_on_chart,
      ...(format.viral
        ? []
        : [format.grouped ? (r.streams ?? 0).toLocaleString('en-US') : (r.streams ?? 0)]),
    ]
      .map(quote)
      .join(','),
  )
  return `\ufeff${header.join(',')}\n${lines.join('\n')}\n`
}

/** A Spotify weekly chart as the naive computation takes it: the region's name, its Friday, its rows. */
export interface OfficialWeek {
  region: string
  weekStart: string
  entries: { rank: number; trackId: string; streams: number }[]
}

/** The downloads fixture: what build-index is given, and what the index must answer from. */
export interface DownloadsFixture {
  /** the `--input`s, in order: a Kaggle-layout parquet, then the downloads folder */
  inputs: string[]
  /** the daily rows the index holds, after the overlap rule, in reading order (RawRow form) */
  rows: RawRow[]
  /** Spotify's weekly charts */
  weekly: OfficialWeek[]
  /** the rows of a Kaggle input replaced by downloads of the same region, chart and date */
  replaced: { charts: number; rows: number }
  /** rows of the weekly viral 50 download, dropped (not served) */
  unserved: number
}

const fixtureDate = (base: string, n: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** The tracks of the downloads fixture: odd titles, a comma credit, an accent. */
const DOWNLOAD_TRACKS = [
  { title: 'Say "Hi", World', artist: 'Tyler, The Creator, Beyoncé' },
  { title: 'Anthem', artist: 'Beyoncé' },
  { title: 'Canción', artist: 'Rosalía' },
  { title: 'Lagos Nights', artist: 'Burna Boy, Wizkid' },
  { title: 'Prishtina', artist: 'Dua Lipa' },
  { title: 'Quiet', artist: 'Plain Artist' },
  { title: '=Formula', artist: '@Mention' },
  { title: 'Late Riser', artist: 'Plain Artist, Rosalía' },
]
const downloadTrackId = (t: number) => `dl${String(t).padStart(20, '0')}`

/**
 * Writes the downloads fixture under `dir`: `kaggle.parquet` (Global and United States top
 * 200 from 2021-12-24 to 12-31, Global viral 50 on 12-30 and 12-31) and `downloads/` in the
 * charts.spotify.com format (downloadCsv): Global daily top 200 from 2021-12-30 (two days
 * over the parquet's: the downloads, read later, win) to 2022-01-06, the United States from
 * 2022-01-01, a Global viral 50, Nigeria (`ng`, a code outside the Kaggle set) and `xk` (a
 * code the table does not know: named `XK`), Spotify's weekly charts for Global and for the
 * United States (over a week the parquet's daily charts also give), and a weekly viral 50
 * (not served). Streams are quoted, some with thousands separators; Spotify's own
 * peak_rank, previous_rank and days_on_chart are set to values the index must not use.
 */
export function writeDownloadsFixture(dir: string): DownloadsFixture {
  const random = rng(424242)
  const url = (t: number) => `https://open.spotify.com/track/${downloadTrackId(t)}`
  /** a chart of `size` tracks of `pool` in shuffled order, streams falling with rank */
  const chartOf = (pool: number[], size: number, top: number) =>
    [...pool]
      .sort(() => random() - 0.5)
      .slice(0, size)
      .map((t, i) => ({ t, rank: i + 1, streams: top - i * 1_000 - Math.floor(random() * 900) }))
  const kaggle: RawRow[] = []
  const all = [0, 1, 2, 3, 4, 5, 6, 7]
  for (const region of ['Global', 'United States']) {
    for (let d = 0; d < 8; d++) {
      for (const e of chartOf(all, 5, region === 'Global' ? 90_000 : 40_000))
        kaggle.push({
          ...DOWNLOAD_TRACKS[e.t],
          url: url(e.t),
          rank: e.rank,
          date: fixtureDate('2021-12-24', d),
          region,
          chart: 'top200',
          trend: 'SAME_POSITION',
          streams: e.streams,
        })
    }
  }
  for (const date of ['2021-12-30', '2021-12-31'])
    for (const e of chartOf(all, 4, 0))
      kaggle.push({
        ...DOWNLOAD_TRACKS[e.t],
        url: url(e.t),
        rank: e.rank,
        date,
        region: 'Global',
        chart: 'viral50',
        trend: 'MOVE_UP',
        streams: null,
      })
  const parquet = join(dir, 'kaggle.parquet')
  writeFixture(parquet, kaggle)

  const folder = join(dir, 'downloads')
  mkdirSync(folder, { recursive: true })
  const downloaded: RawRow[] = []
  const weekly: OfficialWeek[] = []
  let unserved = 0
  const write = (
    name: string,
    chart: { t: number; rank: number; streams: number }[],
    format: DownloadFormat,
  ) => {
    const rows: DownloadRow[] = chart.map((e) => ({
      rank: e.rank,
      uri: `spotify:track:${downloadTrackId(e.t)}`,
      artist_names: DOWNLOAD_TRACKS[e.t].artist,
      track_name: DOWNLOAD_TRACKS[e.t].title,
      source: 'Some Label',
      peak_rank: 1,
      previous_rank: e.rank === 2 ? -1 : 3,
      days_on_chart: 400 + e.rank,
      streams: e.streams,
    }))
    writeFileSync(join(folder, name), downloadCsv(rows, format))
  }
  const daily = (code: string, region: string, date: string, top: number, viral = false) => {
    const chart = chartOf(all, viral ? 4 : 6, top)
    write(`${viral ? 'viral' : 'regional'}-${code}-daily-${date}.csv`, chart, {
      viral,
      grouped: date.endsWith('1') || date.endsWith('3'),
    })
    for (const e of chart)
      downloaded.push({
        ...DOWNLOAD_TRACKS[e.t],
        url: url(e.t),
        rank: e.rank,
        date,
        region,
        chart: viral ? 'viral50' : 'top200',
        // a download gives none: the build derives it (test/charts-naive.ts naiveTrend)
        trend: '',
        streams: viral ? null : e.streams,
      })
  }
  for (let d = 0; d < 8; d++) daily('global', 'Global', fixtureDate('2021-12-30', d), 2_000_000)
  for (let d = 0; d < 6; d++) daily('us', 'United States', fixtureDate('2022-01-01', d), 700_000)
  for (let d = 0; d < 3; d++) daily('global', 'Global', fixtureDate('2022-01-01', d), 0, true)
  for (let d = 0; d < 3; d++) daily('ng', 'Nigeria', fixtureDate('2022-01-01', d), 9_000)
  for (let d = 0; d < 3; d++) daily('xk', 'XK', fixtureDate('2022-01-04', d), 8_000)
  // Spotify's weekly charts: named by the week's Thursday
  const official = (code: string, region: string, weekStart: string, top: number) => {
    const chart = chartOf(all, 7, top)
    write(`regional-${code}-weekly-${fixtureDate(weekStart, 6)}.csv`, chart, {
      weekly: true,
      grouped: true,
    })
    weekly.push({
      region,
      weekStart,
      entries: chart.map((e) => ({
        rank: e.rank,
        trackId: downloadTrackId(e.t),
        streams: e.streams,
      })),
    })
  }
  official('global', 'Global', '2021-12-31', 15_000_000)
  official('us', 'United States', '2021-12-24', 5_000_000)
  const viralWeek = chartOf(all, 3, 0)
  write('viral-global-weekly-2022-01-06.csv', viralWeek, { weekly: true, viral: true })
  unserved += viralWeek.length

  // the overlap rule: a download's (region, chart, date) replaces the parquet's
  const given = new Set(downloaded.map((r) => `${r.region}|${r.chart}|${r.date}`))
  const kept = kaggle.filter((r) => !given.has(`${r.region}|${r.chart}|${r.date}`))
  const replacedRows = kaggle.filter((r) => given.has(`${r.region}|${r.chart}|${r.date}`))
  // reading order: the parquet, then the folder's files by name
  const codes: Record<string, string> = {
    Global: 'global',
    'United States': 'us',
    Nigeria: 'ng',
    XK: 'xk',
  }
  const byName = (r: RawRow) =>
    `${r.chart === 'viral50' ? 'viral' : 'regional'}-${codes[r.region]}-daily-${r.date}`
  const ordered = [...downloaded].sort((a, b) =>
    byName(a) < byName(b) ? -1 : byName(a) > byName(b) ? 1 : 0,
  )
  return {
    inputs: [parquet, folder],
    rows: [...kept, ...ordered],
    weekly,
    replaced: {
      charts: new Set(replacedRows.map((r) => `${r.region}|${r.chart}|${r.date}`)).size,
      rows: replacedRows.length,
    },
    unserved,
  }
}

/**
 * Writes one day's downloads continuing the index at `indexDir`, as charts.spotify.com would
 * offer them the next day: for every region with a code and a top200 (and viral50) chart, its
 * latest chart shuffled a little, a few tracks dropped and `newTracks` new ones in, as
 * `regional-<code>-daily-<day>.csv` (and `viral-…`); with `weekly`, Spotify's weekly chart
 * of Global for the week holding `day`. Resolves to the number of files written.
 */
export function writeDayDownloads(
  dir: string,
  indexDir: string,
  day: string,
  options: { seed: number; newTracks?: number; weekly?: boolean },
): number {
  mkdirSync(dir, { recursive: true })
  const index = openIndex(indexDir)
  const random = rng(options.seed)
  let files = 0
  let fresh = 0
  const chartOf = (chart: 'top200' | 'viral50', region: number): DownloadRow[] => {
    const c = index.charts[chart]
    const pos = latestDatePosition(c, region)
    if (pos < 0) return []
    const { start, end } = rankingRange(c, pos, 0, 200)
    const tracks: { uri: string; artist: string; title: string; streams: number }[] = []
    for (let r = start; r < end; r++) {
      const e = chartRowAt(c, r)
      if (random() < 0.05) continue
      tracks.push({
        uri: `spotify:track:${trackIdOf(index, e.track)}`,
        artist: index.trackArtists.text(e.track),
        title: index.titles.text(e.track),
        streams: Math.max(e.streams, 1000),
      })
    }
    for (let k = 0; k < (options.newTracks ?? 3); k++, fresh++)
      tracks.splice(Math.floor(random() * (tracks.length + 1)), 0, {
        uri: `spotify:track:new${String(options.seed).padStart(6, '0')}${String(fresh).padStart(13, '0')}`,
        artist: `New Artist ${fresh % 7}, Plain Artist`,
        title: `New Song ${fresh}`,
        streams: 5000,
      })
    // a few neighbours swap places; streams fall with rank
    for (let i = 1; i < tracks.length; i++)
      if (random() < 0.2) [tracks[i - 1], tracks[i]] = [tracks[i], tracks[i - 1]]
    const size = chart === 'top200' ? 200 : 50
    // room for the largest fall (500 a rank): no chart's last rows go below 1 stream
    let streams = Math.max(...tracks.map((t) => t.streams)) + 5000 + size * 500
    return tracks.slice(0, size).map((t, i) => {
      streams -= 1 + Math.floor(random() * 500)
      return {
        rank: i + 1,
        uri: t.uri,
        artist_names: t.artist,
        track_name: t.title,
        source: 'Label',
        peak_rank: 1,
        previous_rank: -1,
        days_on_chart: 1,
        streams,
      }
    })
  }
  for (let region = 0; region < index.regionCount; region++) {
    const code = index.regionCodes[region]
    if (!code) continue
    const top = chartOf('top200', region)
    if (top.length > 0) {
      writeFileSync(join(dir, `regional-${code}-daily-${day}.csv`), downloadCsv(top))
      files++
    }
    const viral = chartOf('viral50', region)
    if (viral.length > 0) {
      writeFileSync(
        join(dir, `viral-${code}-daily-${day}.csv`),
        downloadCsv(viral, { viral: true }),
      )
      files++
    }
    if (options.weekly && code === 'global') {
      const week = top.map((r) => ({ ...r, streams: (r.streams ?? 0) * 7 }))
      writeFileSync(
        join(dir, `regional-global-weekly-${day}.csv`),
        downloadCsv(week, { weekly: true, grouped: true }),
      )
      files++
    }
  }
  return files
}
/** Tracks of the aliases fixture (test/e2e/search.test.ts): aliases from the table and derived, titles to misspell. */
const ALIAS_TRACKS: { title: string; artist: string }[] = [
  { title: 'Despacito', artist: 'Luis Fonsi, Daddy Yankee' },
  { title: 'Despacito - Remix', artist: 'Luis Fonsi, Daddy Yankee, Justin Bieber' },
  { title: 'Dynamite', artist: '방탄소년단' },
  { title: 'Butter', artist: '방탄소년단' },
  { title: 'Shape of You', artist: 'Ed Sheeran' },
  { title: 'Hvisker', artist: 'MØ' },
  { title: 'Группа крови', artist: 'Кино' },
  { title: 'Εσύ', artist: 'Άλκηστις Πρωτοψάλτη' },
  { title: 'So What', artist: 'P!nk' },
  // an artist named as another's alias: its own name wins (Pink is not P!nk here)
  { title: 'Pink Song', artist: 'Pink' },
  // Søren transliterates to Soren, an artist of its own: no alias
  { title: 'Nordlys', artist: 'Søren' },
  { title: 'Sunday', artist: 'Soren' },
]

/** Two days of Global in which every track charts, the first ones on both days. */
export function aliasFixtureRows(): RawRow[] {
  const rows: RawRow[] = []
  for (const [d, date] of ['2021-01-01', '2021-01-02'].entries()) {
    const tracks = ALIAS_TRACKS.filter((_, i) => d === 0 || i % 3 !== 1)
    tracks.forEach((t, i) => {
      const n = ALIAS_TRACKS.indexOf(t)
      rows.push({
        ...t,
        rank: i + 1,
        date,
        url: `https://open.spotify.com/track/aliases${String(n).padStart(15, '0')}`,
        region: 'Global',
        chart: 'top200',
        trend: 'SAME_POSITION',
        streams: 100_000 - 1000 * i,
      })
    })
  }
  return rows
}
