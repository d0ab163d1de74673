/**
 * `build-index --base` (build/base-index.ts, build/base-prefix.ts): new downloads added to an
 * index with the base as the only record of its history, giving the same index files byte
 * for byte, and the same manifest but for its timings, as a full build over the base's inputs
 * and the new ones: at sample scale (the downloads fixture split into days, bases chained)
 * and at medium scale (a synthetic year, then a day of downloads of every region with
 * Spotify's weekly chart, then a day replacing one chart and adding the next); from a
 * directory and from an object store. And what it refuses: a chart before a region's last
 * date, a damaged base, a base of another format.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../../build/gen-data.ts'
import { type BuildReport, buildIndex } from '../../build/pipeline.ts'
import { SCALES } from '../../build/synthetic.ts'
import { readManifest } from '../../schema/manifest.ts'
import { runScript } from '../e2e/server.ts'
import {
  commaNames,
  downloadCsv,
  editManifest,
  tempDir,
  writeDayDownloads,
  writeDownloadsFixture,
} from '../helpers.ts'
import { type S3Store, startS3Store } from '../s3-store.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

/** A build's manifest.json without its timings. */
function untimed(dir: string) {
  const { builtAt, seconds, peakRssMB, ...rest } = readManifest(dir) as BuildReport
  return rest
}

/**
 * Every index file and the manifest (timings apart) of two builds are the same; the stored
 * answers of `inc`, a --base build, partly copied from its base.
 */
function expectSameIndex(
  full: { dir: string; report: BuildReport },
  inc: typeof full,
  someCopied = true,
): void {
  expect(Object.keys(inc.report.files)).toEqual(Object.keys(full.report.files))
  expect(
    Object.keys(full.report.files).filter((f) => f.startsWith('answers-')).length,
  ).toBeGreaterThan(0)
  for (const name of Object.keys(full.report.files)) {
    const same = readFileSync(join(full.dir, name)).equals(readFileSync(join(inc.dir, name)))
    expect({ name, same }).toEqual({ name, same: true })
  }
  expect(untimed(inc.dir)).toEqual(untimed(full.dir))
  const { copied, rendered } = inc.report.continued!.answers
  if (someCopied) expect(copied).toBeGreaterThan(0)
  expect(copied + rendered).toBe(full.report.answers!.count)
}

/** Builds `inputs` into `dir` (continuing `base` when given). */
async function build(dir: string, inputs: string[], base?: string) {
  return { dir, report: await buildIndex({ inputs, out: dir, commaNames, base }) }
}

/** The day after `date` (YYYY-MM-DD), `n` days on. */
const dayAfter = (date: string, n = 1) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

describe('sample scale: the downloads fixture, day by day', () => {
  let dir: string
  let parquet: string
  /** the fixture's downloads in three folders: up to 12-31, to 01-03, the rest */
  const parts = ['a', 'b', 'c']
  beforeAll(() => {
    dir = join(tmp.dir, 'sample')
    mkdirSync(dir)
    const fixture = writeDownloadsFixture(dir)
    parquet = fixture.inputs[0]
    for (const part of parts) mkdirSync(join(dir, part))
    for (const name of readdirSync(join(dir, 'downloads'))) {
      const date = name.slice(-14, -4)
      const part = date <= '2021-12-31' ? 'a' : date <= '2022-01-03' ? 'b' : 'c'
      renameSync(join(dir, 'downloads', name), join(dir, part, name))
    }
  })

  test('each part added to the one before equals a full build of all so far', async () => {
    const inputs = parts.map((part) => join(dir, part))
    const chained = join(dir, 'chained')
    // part a overlaps the parquet's last days: it is in the first build
    await build(chained, [parquet, inputs[0]])
    for (const k of [1, 2]) {
      const inc = await build(chained, [inputs[k]], chained)
      const full = await build(join(dir, `full-${k}`), [parquet, ...inputs.slice(0, k + 1)])
      expectSameIndex(full, inc)
    }
    // the base's inputs come first in the report; the overlap and the weekly viral counted
    const last = readManifest(chained) as BuildReport
    expect(last.source.inputs.map((i) => i.name)).toEqual(['kaggle.parquet', 'a/', 'b/', 'c/'])
    expect(last.rows.replaced.charts).toBeGreaterThan(0)
  })

  test("two parts at once, and a last day given again (it replaces the base's)", async () => {
    const [a, b, c] = parts.map((part) => join(dir, part))
    const base = join(dir, 'two')
    await build(base, [parquet, a])
    const inc = await build(base, [b, c], base)
    expectSameIndex(await build(join(dir, 'two-full'), [parquet, a, b, c]), inc)
    const last = join(dir, 'last')
    mkdirSync(last)
    for (const name of readdirSync(c).filter((n) => n.includes('-daily-2022-01-06')))
      cpSync(join(c, name), join(last, name))
    const again = await build(base, [last], base)
    expectSameIndex(await build(join(dir, 'again-full'), [parquet, a, b, c, last]), again)
    expect(again.report.rows.replaced.charts).toBe(
      inc.report.rows.replaced.charts + readdirSync(last).length,
    )
  })

  test("a credit's display spelling changing renders the base's answers of its tracks again", async () => {
    const [a, b, c] = parts.map((part) => join(dir, part))
    const base = join(dir, 'spelling')
    const before = await build(base, [parquet, a, b, c])
    // thirty new tracks credited ROSALÍA on eight days outnumber the rows of Rosalía's two
    const flip = join(dir, 'flip')
    mkdirSync(flip)
    for (let d = 0; d < 8; d++) {
      const rows = Array.from({ length: 30 }, (_, k) => ({
        rank: k + 1,
        uri: `spotify:track:flip${String(k).padStart(18, '0')}`,
        artist_names: 'ROSALÍA',
        track_name: `Flip ${k}`,
        source: 'Label',
        peak_rank: 1,
        previous_rank: -1,
        days_on_chart: 1,
        streams: 90_000 - k,
      }))
      writeFileSync(
        join(flip, `regional-global-daily-${dayAfter('2022-01-06', d + 1)}.csv`),
        downloadCsv(rows),
      )
    }
    const inc = await build(base, [flip], base)
    // (every chart of this small fixture holds one of Rosalía's tracks: none is copied)
    expectSameIndex(await build(join(dir, 'flip-full'), [parquet, a, b, c, flip]), inc, false)
    // the new answers are eight days and at most three weeks; the rest re-rendered for the name
    const fresh = inc.report.answers!.count - before.report.answers!.count
    expect(fresh).toBeLessThanOrEqual(11)
    expect(inc.report.continued!.answers.rendered).toBeGreaterThan(fresh + 10)
  })

  test("a chart before a region's last date is refused, naming it; the base is untouched", async () => {
    const [a, b] = parts.map((part) => join(dir, part))
    const base = join(dir, 'refuse')
    const built = await build(base, [parquet, a, b])
    const late = join(dir, 'late')
    mkdirSync(late)
    cpSync(
      join(a, 'regional-global-daily-2021-12-30.csv'),
      join(late, 'regional-global-daily-2021-12-30.csv'),
    )
    const attempt = build(base, [late], base)
    expect(attempt).rejects.toThrow(
      "base: the top200 chart of Global on 2021-12-30 comes before the base's last one (2022-01-03)",
    )
    await attempt.catch(() => {})
    expect(readManifest(base).buildId).toBe(built.report.buildId)
  })

  test('a damaged base, a base of another format and no --input are refused', async () => {
    const [a] = parts.map((part) => join(dir, part))
    const base = join(dir, 'damaged')
    await build(base, [parquet])
    const top = join(base, 'chart-top200.fb')
    const bytes = readFileSync(top)
    bytes[bytes.length >> 1] ^= 0xff
    writeFileSync(top, bytes)
    expect(build(join(dir, 'out-1'), [a], base)).rejects.toThrow(
      `base: ${base}: chart-top200.fb does not match its CRC-32 in the manifest`,
    )
    const old = join(dir, 'old')
    await build(old, [parquet])
    editManifest(old, (m) => {
      m.formatVersion = 1
    })
    expect(build(join(dir, 'out-2'), [a], old)).rejects.toThrow(
      `base: ${old}: format version 1; this build-index writes`,
    )
    const cli = await runScript(['build/build-index.ts', '--base', old, '--out', join(dir, 'x')])
    expect(cli.code).toBe(2)
    expect(cli.err).toContain('--base needs the new files: --input FILE|DIR')
  })
})

describe('medium scale: a year, then a day of every region, then the next', () => {
  let dir: string
  let parquet: string
  let last: string
  beforeAll(async () => {
    dir = join(tmp.dir, 'medium')
    parquet = join(dir, 'medium.parquet')
    await generateDataset({ scale: SCALES.medium, seed: 17, out: parquet })
    const base = await build(join(dir, 'base'), [parquet])
    last = base.report.source.inputs[0].lastDate!
  }, 600_000)

  test('a day of downloads added equals the full build; then a day replacing one and the next', async () => {
    const day1 = join(dir, 'day1')
    const files = writeDayDownloads(day1, join(dir, 'base'), dayAfter(last), {
      seed: 1,
      weekly: true,
    })
    expect(files).toBeGreaterThan(SCALES.medium.regions)
    const chained = join(dir, 'chained')
    cpSync(join(dir, 'base'), chained, { recursive: true })
    const inc1 = await build(chained, [day1], chained)
    expectSameIndex(await build(join(dir, 'full-1'), [parquet, day1]), inc1)
    // the next day's downloads, and Global's chart of day 1 downloaded again (other rows)
    const day2 = join(dir, 'day2')
    writeDayDownloads(day2, chained, dayAfter(last, 2), { seed: 2 })
    const again = join(dir, 'again')
    writeDayDownloads(again, join(dir, 'base'), dayAfter(last), { seed: 3, newTracks: 8 })
    for (const name of readdirSync(again))
      if (!name.startsWith('regional-global-daily-')) renameSync(join(again, name), join(dir, name))
    const inc2 = await build(chained, [again, day2], chained)
    expectSameIndex(await build(join(dir, 'full-2'), [parquet, day1, again, day2]), inc2)
    // Global's first chart of day 1 was replaced: its rows counted
    const [replacedFile] = readdirSync(day1).filter((n) => n.startsWith('regional-global-daily-'))
    const rows = readFileSync(join(day1, replacedFile), 'utf8').trim().split('\n').length - 1
    expect(inc2.report.rows.replaced).toEqual({ charts: 1, rows })
  }, 600_000)
})

describe('a base in an object store', () => {
  const BUCKET = 'charts-base'
  let store: S3Store
  beforeAll(async () => {
    store = await startS3Store(join(tmp.dir, 's3'), [BUCKET])
  })
  afterAll(async () => {
    await store?.stop()
  })

  test('--base s3://… continues the released build and can publish the result', async () => {
    const dir = join(tmp.dir, 'cloud')
    mkdirSync(dir)
    const fixture = writeDownloadsFixture(dir)
    const [parquet, folder] = fixture.inputs
    // the daily downloads over the parquet's last days go in the first build
    const early = join(dir, 'early')
    mkdirSync(early)
    for (const name of readdirSync(folder).filter((n) => /-daily-2021-/.test(n)))
      renameSync(join(folder, name), join(early, name))
    const url = `s3://${BUCKET}/prod`
    const first = await runScript(
      ['build/build-index.ts', '--input', parquet, '--input', early, '--publish', url],
      store.env,
    )
    expect({ code: first.code, err: first.err }).toEqual({ code: 0, err: '' })
    const second = await runScript(
      ['build/build-index.ts', '--base', url, '--input', folder, '--publish', url],
      store.env,
    )
    expect({ code: second.code, err: second.err }).toEqual({ code: 0, err: '' })
    const full = await build(join(dir, 'full'), [parquet, early, folder])
    const pointer = JSON.parse(await store.client(BUCKET).file('prod/current.json').text())
    expect(pointer.buildId).toBe(full.report.buildId)
    for (const name of Object.keys(full.report.files)) {
      const stored = await store
        .client(BUCKET)
        .file(`prod/builds/${pointer.buildId}/${name}`)
        .bytes()
      expect({
        name,
        same: Buffer.from(stored).equals(readFileSync(join(full.dir, name))),
      }).toEqual({
        name,
        same: true,
      })
    }
  }, 120_000)
})
