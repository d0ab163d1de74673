/** Test helpers: build a dataset and an index in a temp dir, read parquet rows naively. */
import { mkdtempSync, rmSync } from 'node:fs'
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

/** The comma-name list shipped with the project. */
export const commaNames = loadCommaNames(DEFAULT_COMMA_ARTISTS)

/** Generates a small synthetic dataset and builds its index under `dir`. */
export async function buildSample(dir: string, regions = 6, days = 30, seed = 7) {
  const parquet = join(dir, 'sample.parquet')
  await generateDataset({ scale: { ...SCALES.tiny, regions, days }, seed, out: parquet })
  const indexDir = join(dir, 'index')
  const report = await buildIndex({ input: parquet, out: indexDir, commaNames })
  return { parquet, indexDir, report }
}

/** Generates a wide-shape catalog (`gen-data --shape wide`) at `scale` and builds its index under `dir`. */
export async function buildWide(dir: string, scale: Scale, seed: number): Promise<string> {
  const parquet = join(dir, 'wide.parquet')
  await generateDataset({ scale, shape: SHAPES.wide, seed, out: parquet })
  const indexDir = join(dir, 'wide-index')
  await buildIndex({ input: parquet, out: indexDir, commaNames })
  return indexDir
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
