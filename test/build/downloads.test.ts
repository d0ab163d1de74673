/**
 * charts.spotify.com downloads as build input (build/download-source.ts, build/inputs.ts):
 * names and headers checked before a row is read, every refused file named with its reason
 * and the previous index untouched; folders and repeated inputs; the overlap rule and the
 * rows dropped, counted in the build report; the command line.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIndex } from '../../build/pipeline.ts'
import { MANIFEST_FILE } from '../../schema/manifest.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { findRegion } from '../../src/store/regions.ts'
import { findWeek } from '../../src/store/weekly.ts'
import {
  commaNames,
  type DownloadRow,
  downloadCsv,
  tempDir,
  writeDownloadsFixture,
} from '../helpers.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())
const ROOT = join(import.meta.dir, '../..')
let n = 0
const fresh = (name: string) => {
  const dir = join(tmp.dir, `${name}-${++n}`)
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A download row of track `t` at `rank`. */
const dl = (t: number, rank: number, streams = 1000 - rank): DownloadRow => ({
  rank,
  uri: `spotify:track:dltest${String(t).padStart(16, '0')}`,
  artist_names: `Artist ${t}`,
  track_name: `Song ${t}`,
  source: 'Label',
  peak_rank: 1,
  previous_rank: -1,
  days_on_chart: 1,
  streams,
})

describe('refused inputs', () => {
  test('a bad name and a bad header: both files named with their reason, nothing built', async () => {
    const dir = fresh('refused')
    const fixture = writeDownloadsFixture(dir)
    const out = join(dir, 'index')
    const first = await buildIndex({ inputs: fixture.inputs, out, commaNames })
    const manifest = readFileSync(join(out, MANIFEST_FILE), 'utf8')
    const bad = join(dir, 'bad')
    mkdirSync(bad)
    // a download's header under a name that does not fit (a month 13)
    writeFileSync(join(bad, 'regional-us-daily-2022-13-01.csv'), downloadCsv([dl(1, 1)]))
    // a daily regional download without its streams column
    writeFileSync(
      join(bad, 'regional-gb-daily-2022-01-05.csv'),
      downloadCsv([dl(1, 1)], { viral: true }),
    )
    writeFileSync(join(bad, 'regional-global-daily-2022-01-06.csv'), downloadCsv([dl(2, 1)]))
    const attempt = buildIndex({ inputs: [...fixture.inputs, bad], out, commaNames })
    expect(attempt).rejects.toThrow(
      [
        'input: 2 files refused:',
        '  regional-gb-daily-2022-01-05.csv: the header does not fit a regional daily download: column "streams" missing; found: rank, uri, artist_names, track_name, source, peak_rank, previous_rank, days_on_chart',
        '  regional-us-daily-2022-13-01.csv: "2022-13-01" in the name is not a date from 1970-01-01 to 2149-06-06',
      ].join('\n'),
    )
    await attempt.catch(() => {})
    expect(readFileSync(join(out, MANIFEST_FILE), 'utf8')).toBe(manifest)
    expect(openIndex(out).buildId).toBe(first.buildId)
  })

  test('names and headers that do not fit, one by one', async () => {
    const dir = fresh('one-by-one')
    const cases: [string, string, string][] = [
      ['regional-us-2022-01-01.csv', downloadCsv([dl(1, 1)]), 'the name does not fit'],
      ['regional-usa-daily-2022-01-01.csv', downloadCsv([dl(1, 1)]), 'the name does not fit'],
      ['charts-us-daily-2022-01-01.csv', downloadCsv([dl(1, 1)]), 'the name does not fit'],
      [
        'regional-us-weekly-2022-01-06.csv',
        downloadCsv([dl(1, 1)]),
        'the header does not fit a regional weekly download: column "weeks_on_chart" missing',
      ],
      [
        'viral-us-daily-2022-01-01.csv',
        'title,rank,date,artist,url,region,chart,trend,streams\n',
        'the header does not fit a viral daily download: column "uri" missing',
      ],
    ]
    for (const [name, text, reason] of cases) {
      writeFileSync(join(dir, name), text)
      const attempt = buildIndex({
        inputs: [join(dir, name)],
        out: join(dir, 'index'),
        commaNames,
      })
      expect(attempt).rejects.toThrow(`input: ${name}: ${reason}`)
      await attempt.catch(() => {})
    }
  })
})

describe('folders, repeated inputs and the build report', () => {
  test('the report: inputs by kind, replaced charts, the weekly viral 50 dropped, skipped entries', async () => {
    const dir = fresh('report')
    const fixture = writeDownloadsFixture(dir)
    writeFileSync(join(dir, 'downloads', 'README.txt'), 'where these came from\n')
    const report = await buildIndex({ inputs: fixture.inputs, out: join(dir, 'index'), commaNames })
    expect(report.source.inputs.map((i) => [i.name, i.kind, i.format, i.files])).toEqual([
      ['kaggle.parquet', 'kaggle', 'parquet', 1],
      ['downloads/', 'download', 'csv', 26],
    ])
    expect(report.source.name).toBe('kaggle.parquet, downloads/')
    expect(report.rows.replaced).toEqual(fixture.replaced)
    expect(report.rows.dropped['weekly viral 50 (not served)']!.count).toBe(fixture.unserved)
    expect(report.rows.kept).toBe(fixture.rows.length)
    // Spotify's weekly rows are kept apart from the daily charts'; every row read is told
    const weekly = fixture.weekly.reduce((n, w) => n + w.entries.length, 0)
    expect(report.rows.weekly).toBe(weekly)
    expect(report.rows.read).toBe(
      report.rows.kept + weekly + report.rows.replaced.rows + fixture.unserved,
    )
    expect(report.skipped).toEqual(['downloads/README.txt'])
  })

  test('two weekly downloads of one week: the later file wins, counted as replaced', async () => {
    const dir = fresh('weeks')
    // Friday 2022-01-07 to Thursday 2022-01-13: named by a Tuesday and by the Thursday
    writeFileSync(
      join(dir, 'regional-global-weekly-2022-01-11.csv'),
      downloadCsv([dl(1, 1), dl(2, 2)], { weekly: true }),
    )
    writeFileSync(
      join(dir, 'regional-global-weekly-2022-01-13.csv'),
      downloadCsv([dl(2, 1, 5_000), dl(3, 2, 4_000), dl(4, 3, 3_000)], { weekly: true }),
    )
    writeFileSync(join(dir, 'regional-global-daily-2022-01-08.csv'), downloadCsv([dl(3, 1)]))
    const out = join(dir, 'index')
    const report = await buildIndex({ inputs: [dir], out, commaNames })
    expect(report.rows.replaced).toEqual({ charts: 1, rows: 2 })
    const index = openIndex(out)
    const week = findWeek(
      index.weekly,
      findRegion(index, 'Global'),
      Date.parse('2022-01-09') / 864e5,
    )
    expect(index.weekly.weekOfficial[week]).toBe(1)
    expect(index.weekly.weekRowOffsets[week + 1] - index.weekly.weekRowOffsets[week]).toBe(3)
  })

  test('build-index --input repeats and takes a folder; the report names each input', () => {
    const dir = fresh('cli')
    const fixture = writeDownloadsFixture(dir)
    const copy = join(dir, 'again')
    mkdirSync(copy)
    copyFileSync(
      join(dir, 'downloads', 'regional-global-daily-2022-01-06.csv'),
      join(copy, 'regional-global-daily-2022-01-06.csv'),
    )
    const run = Bun.spawnSync(
      [
        process.execPath,
        'build/build-index.ts',
        ...fixture.inputs.flatMap((i) => ['--input', i]),
        '--input',
        copy,
        '--out',
        join(dir, 'index'),
      ],
      { cwd: ROOT },
    )
    const stdout = run.stdout.toString()
    expect({ code: run.exitCode, stderr: run.stderr.toString() }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toContain(
      '  input      kaggle.parquet (kaggle, parquet, 2,349 bytes, 2021-12-24 to 2021-12-31)',
    )
    expect(stdout).toMatch(
      / {2}input {6}downloads\/ \(download, csv, 26 files, [\d,]+ bytes, 2021-12-24 to 2022-01-06\)/,
    )
    expect(stdout).toMatch(
      / {2}input {6}again\/ \(download, csv, [\d,]+ bytes, 2022-01-06 to 2022-01-06\)/,
    )
    // the copy of Global's 2022-01-06 replaces the folder's (6 rows)
    expect(stdout).toContain(
      `  replaced   ${fixture.replaced.charts + 1} charts (${fixture.replaced.rows + 6} rows) of an earlier input, given again by a later one (the later kept)`,
    )
    expect(stdout).toContain('  dropped    3 weekly viral 50 (not served)')
    const weekly = fixture.weekly.reduce((n, w) => n + w.entries.length, 0)
    expect(stdout).toContain(`) and ${weekly} of Spotify's weekly charts\n`)
    const help = Bun.spawnSync([process.execPath, 'build/build-index.ts', '--help'], { cwd: ROOT })
    expect(help.stdout.toString()).toContain('--input FILE|DIR')
    expect(help.stdout.toString()).toContain('repeatable')
  })
})
