/**
 * The sample index the store tests read (gen-data, 8 regions × 40 days, seed 11) with its
 * rows read separately from the parquet file, for naive computations. It is built once per
 * test run and shared by every file that asks for it (`bun test` runs the files in one
 * process); the directory is removed after the last file (test/setup.ts).
 */
import { beforeAll } from 'bun:test'
import { type Index, openIndex } from '../../../src/store/open-index.ts'
import { buildSample, type RawRow, readRows, rng, tempDir } from '../../helpers.ts'
import { atRunEnd } from '../../setup.ts'

/** The mapped index, its rows, and the rows by `chart|region`, then by date, in rank order. */
export interface SampleIndex {
  index: Index
  rows: RawRow[]
  series: Map<string, Map<string, RawRow[]>>
}

let built: Promise<SampleIndex> | undefined

async function buildSampleIndex(): Promise<SampleIndex> {
  const tmp = tempDir()
  atRunEnd(tmp.cleanup)
  const { indexDir, parquet } = await buildSample(tmp.dir, 8, 40, 11)
  const rows = await readRows(parquet)
  const series = new Map<string, Map<string, RawRow[]>>()
  for (const r of rows) {
    const key = `${r.chart}|${r.region}`
    let byDate = series.get(key)
    if (!byDate) series.set(key, (byDate = new Map()))
    let list = byDate.get(r.date)
    if (!list) byDate.set(r.date, (list = []))
    list.push(r)
  }
  for (const byDate of series.values())
    for (const list of byDate.values()) list.sort((a, b) => a.rank - b.rank)
  return { index: openIndex(indexDir), rows, series }
}

/**
 * The shared sample, ready in `beforeAll`: the returned object's fields are set before the
 * file's first test runs.
 */
export function useSampleIndex(): SampleIndex {
  const sample = {} as SampleIndex
  beforeAll(async () => {
    built ??= buildSampleIndex()
    Object.assign(sample, await built)
  })
  return sample
}

/** The track id at the end of a Spotify URL. */
export const idOf = (url: string) => url.slice(-22)

/** Day number (days since 1970-01-01) of an ISO date. */
export const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000

/** A seeded random source and a pick from a list drawn from it. */
export function picker(seed: number) {
  const random = rng(seed)
  return { random, pick: <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] }
}
