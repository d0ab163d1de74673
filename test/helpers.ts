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
import { SCALES } from '../build/synthetic.ts'

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
export const commaNames = loadCommaNames([DEFAULT_COMMA_ARTISTS])

/** Generates a small synthetic dataset and builds its index under `dir`. */
export async function buildSample(dir: string, regions = 6, days = 30, seed = 7) {
  const parquet = join(dir, 'sample.parquet')
  await generateDataset({ scale: { ...SCALES.tiny, regions, days }, seed, out: parquet })
  const indexDir = join(dir, 'index')
  const report = await buildIndex({ input: parquet, out: indexDir, commaNames })
  return { parquet, indexDir, report }
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
