/**
 * The pipeline on what real users have: both column namings, every date type and codec,
 * numeric variants, the Kaggle CSV, bad rows counted by reason, duplicates resolved by rule,
 * clear errors, and builds that fail or are interrupted leaving the previous index intact.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { generateDataset } from '../../build/gen-data.ts'
import { buildIndex } from '../../build/pipeline.ts'
import { SCALES } from '../../build/synthetic.ts'
import { MANIFEST_FILE } from '../../schema/manifest.ts'
import { trackJson } from '../../src/render/tracks.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { rankingRange } from '../../src/store/rankings.ts'
import { findDatePosition, findRegion } from '../../src/store/regions.ts'
import { findTrack, trackIdOf, trackStats } from '../../src/store/tracks.ts'
import { waitFor } from '../e2e/server.ts'
import {
  buildSample,
  chartRowAt,
  commaNames,
  creditedNames,
  type RawRow,
  row,
  tempDir,
  writeFixture,
} from '../helpers.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())
let n = 0
const path = (ext: string) => join(tmp.dir, `f${++n}.${ext}`)
const build = (input: string, out = path('idx')) =>
  buildIndex({ inputs: [input], out, commaNames }).then((report) => ({ report, out }))

/** A small valid chart: 3 rows on 2 dates. */
const rows3: RawRow[] = [row({}, 1), row({}, 2), row({ date: '2020-01-02', trend: 'MOVE_UP' }, 2)]

function firstRanking(dir: string, date = '2020-01-01') {
  const index = openIndex(dir)
  const chart = index.charts.top200
  const pos = findDatePosition(chart, findRegion(index, 'Global'), Date.parse(date) / 86_400_000)
  const { start, end } = rankingRange(chart, pos, 0, 200)
  return Array.from({ length: end - start }, (_, k) => {
    const e = chartRowAt(chart, start + k)
    return { rank: e.rank, id: trackIdOf(index, e.track), streams: e.streams }
  })
}

describe('input columns', () => {
  test('the original service renamed columns are accepted', async () => {
    const file = path('parquet')
    writeFixture(file, rows3, {
      rename: {
        title: 'track_title',
        rank: 'global_rank',
        url: 'track_url',
        streams: 'track_streams',
      },
    })
    const { report, out } = await build(file)
    expect(report.rows.kept).toBe(3)
    expect(firstRanking(out)).toEqual([
      { rank: 1, id: 'track00000000000000001', streams: 999 },
      { rank: 2, id: 'track00000000000000002', streams: 998 },
    ])
  })

  test('a missing column is an error naming it and the columns found', async () => {
    const file = path('parquet')
    writeFixture(
      file,
      rows3.map(({ chart, ...rest }) => rest),
    )
    expect(build(file)).rejects.toThrow(
      'parquet: column "chart" missing; found: title, rank, date, artist, url, region, trend, streams',
    )
  })

  test('not a parquet file and not a CSV with the columns', async () => {
    const file = path('parquet')
    writeFileSync(file, 'hello world\n1,2\n')
    // recognised by content: a .parquet name over text is said to be so, not read as CSV
    expect(build(file)).rejects.toThrow('.parquet but is not parquet (no PAR1 magic')
    const csv = path('csv')
    writeFileSync(csv, 'hello world\n1,2\n')
    expect(build(csv)).rejects.toThrow(
      /input: f\d+\.csv: column "title" missing; found: hello world$/,
    )
    expect(build(join(tmp.dir, 'nope.parquet'))).rejects.toThrow(
      /input: .*nope.parquet does not exist/,
    )
  })
})

describe('codecs and types', () => {
  for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'BROTLI', 'LZ4', 'LZ4_RAW']) {
    test(`${codec} parquet`, async () => {
      const file = path('parquet')
      writeFixture(file, rows3, { codec })
      const { report, out } = await build(file)
      expect(report.rows.kept).toBe(3)
      expect(firstRanking(out, '2020-01-02')).toEqual([
        { rank: 2, id: 'track00000000000000002', streams: 998 },
      ])
    })
  }

  const asDate = (r: RawRow) => ({ ...r, date: new Date(`${r.date}T00:00:00Z`) })
  const cases: [string, Record<string, unknown>, (r: RawRow) => Record<string, unknown>][] = [
    ['DATE', { type: 'INT32', converted_type: 'DATE' }, asDate],
    ['TIMESTAMP millis', { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, asDate],
    [
      'TIMESTAMP micros',
      { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
      asDate,
    ],
    [
      'TIMESTAMP nanos',
      { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' } },
      asDate,
    ],
    [
      'TIMESTAMP with a time of day',
      { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
      (r) => ({ ...r, date: new Date(`${r.date}T23:59:59Z`) }),
    ],
    [
      'string with a time part',
      { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
      (r) => ({ ...r, date: `${r.date} 00:00:00` }),
    ],
  ]
  for (const [name, element, map] of cases) {
    test(`date as ${name}`, async () => {
      const file = path('parquet')
      writeFixture(file, rows3.map(map), { elements: { date: element } })
      const { report, out } = await build(file)
      expect(report.rows.kept).toBe(3)
      expect(firstRanking(out).length).toBe(2)
    })
  }

  test('rank and streams as INT64, FLOAT; streams null, NaN or empty', async () => {
    const file = path('parquet')
    const data = [
      row({ rank: 1, streams: 10 }, 1),
      row({ rank: 2, streams: Number.NaN }, 2),
      row({ rank: 3, streams: null }, 3),
    ]
    writeFixture(
      file,
      data.map((r) => ({ ...r, rank: BigInt(r.rank) })),
      { elements: { rank: { type: 'INT64' }, streams: { type: 'FLOAT' } } },
    )
    const { out } = await build(file)
    expect(firstRanking(out).map((e) => e.streams)).toEqual([10, -1, -1])
    const csv = path('csv')
    writeFileSync(
      csv,
      `title,rank,date,artist,url,region,chart,trend,streams\n${['10', 'NaN', ''].map((s, i) => `S${i},${i + 1}.0,2020-01-01,A,https://open.spotify.com/track/track0000000000000000${i},Global,top200,,${s}`).join('\n')}\n`,
    )
    const built = await build(csv)
    expect(firstRanking(built.out).map((e) => e.streams)).toEqual([10, -1, -1])
  })
})

describe('bad rows and duplicates', () => {
  test('each bad row is counted by reason with examples, the rest kept', async () => {
    const file = path('parquet')
    const bad: RawRow[] = [
      row({ date: '2020-02-30' }, 10),
      row({ date: 'yesterday' }, 11),
      row({ rank: 0 }, 12),
      row({ rank: 201 }, 13),
      row({ chart: 'top50' }, 14),
      row({ title: '  ' }, 15),
      row({ artist: '' }, 16),
      row({ region: '' }, 17),
      row({ url: 'https://open.spotify.com/track/' }, 18),
      row({ streams: -5 }, 19),
    ]
    writeFixture(file, [...rows3, ...bad])
    const { report } = await build(file)
    expect(report.rows.read).toBe(13)
    expect(report.rows.kept).toBe(3)
    const dropped = Object.fromEntries(
      Object.entries(report.rows.dropped).map(([k, v]) => [k, v!.count]),
    )
    expect(dropped).toEqual({
      'unparseable date': 2,
      'rank outside 1..200': 2,
      'unknown chart': 1,
      'empty title': 1,
      'empty artist': 1,
      'empty region': 1,
      'url without a track id': 1,
      'bad streams': 1,
    })
    // examples name the file and the row in it
    const name = basename(file)
    expect(report.rows.dropped['unparseable date']!.examples).toEqual([
      `${name} row 4: "2020-02-30"`,
      `${name} row 5: "yesterday"`,
    ])
    expect(report.rows.dropped['url without a track id']!.examples).toEqual([
      `${name} row 12: "https://open.spotify.com/track/"`,
    ])
  })

  test('duplicates: exact copies, rank conflicts and repeated tracks keep the first', async () => {
    const file = path('parquet')
    const data = [
      row({}, 1),
      row({}, 1), // exact duplicate
      row({}, 2),
      { ...row({}, 3), rank: 2 }, // another track claiming rank 2: conflict
      { ...row({}, 1), rank: 3 }, // track 1 again at rank 3: repeated
      row({}, 4),
    ]
    writeFixture(file, data)
    const { report, out } = await build(file)
    expect(report.rows.duplicates).toEqual({
      'duplicate row': 1,
      'rank conflict': 1,
      'repeated track': 1,
    })
    expect(report.rows.kept).toBe(3)
    expect(firstRanking(out).map((e) => [e.rank, e.id.slice(-1)])).toEqual([
      [1, '1'],
      [2, '2'],
      [4, '4'],
    ])
  })
})

describe('track urls', () => {
  test('a url not of the form https://open.spotify.com/track/<id> is rebuilt from the id and counted', async () => {
    const id = (n: number) => `track${String(n).padStart(17, '0')}`
    const cells = [
      `https://open.spotify.com/track/${id(1)}`,
      `javascript:alert(document.domain)//${id(2)}`,
      `http://open.spotify.com/track/${id(3)}`,
      `https://open.spotify.com/track/${id(4)}?si=0123456789abcdef`,
      `https://evil.example/track/${id(5)}`,
      `  https://open.spotify.com/track/${id(6)}  `,
    ]
    const file = path('parquet')
    writeFixture(
      file,
      cells.map((url, k) => row({ url }, k + 1)),
    )
    const { report, out } = await build(file)
    expect(report.rows.kept).toBe(6)
    expect(report.rows.rebuiltUrls.count).toBe(4)
    const name = basename(file)
    expect(report.rows.rebuiltUrls.examples).toEqual([
      `${name} row 2: "javascript:alert(document.domain)//${id(2)}"`,
      `${name} row 3: "http://open.spotify.com/track/${id(3)}"`,
      `${name} row 4: "https://open.spotify.com/track/${id(4)}?si=0123456789abcdef"`,
    ])
    const index = openIndex(out)
    for (let n = 1; n <= cells.length; n++) {
      const t = findTrack(index, id(n))
      const answer = JSON.parse(new TextDecoder().decode(trackJson(index, t, trackStats(index, t))))
      expect(answer.url).toBe(`https://open.spotify.com/track/${id(n)}`)
    }
  })
})

describe('the Kaggle CSV', () => {
  test('streams a CSV with quoted titles, comma names and a BOM', async () => {
    const csv = path('csv')
    const lines = [
      '\ufefftitle,rank,date,artist,url,region,chart,trend,streams',
      '"Say ""Hello"", World",1,2017-01-01,"Tyler, The Creator, Kali Uchis",https://open.spotify.com/track/AAAAAAAAAAAAAAAAAAAAAA,Global,top200,SAME_POSITION,100.0',
      'Canción,2,2017-01-01,Rosalía,https://open.spotify.com/track/BBBBBBBBBBBBBBBBBBBBBB,Global,top200,NEW_ENTRY,50.0',
      'Canción,1,2017-01-01,Rosalía,https://open.spotify.com/track/BBBBBBBBBBBBBBBBBBBBBB,Argentina,viral50,MOVE_UP,',
    ]
    writeFileSync(csv, `${lines.join('\r\n')}\r\n`)
    const { report, out } = await build(csv)
    expect(report.source.inputs[0].format).toBe('csv')
    expect(report.rows.kept).toBe(3)
    const index = openIndex(out)
    const t = findTrack(index, 'AAAAAAAAAAAAAAAAAAAAAA')
    expect(index.titles.text(t)).toBe('Say "Hello", World')
    expect(creditedNames(index, t)).toEqual(['Tyler, The Creator', 'Kali Uchis'])
    // tracks are numbered by popularity: the one with two rows comes first
    expect(trackIdOf(index, 0)).toBe('BBBBBBBBBBBBBBBBBBBBBB')
  })
})

describe('atomic publish', () => {
  test('a disk that fills up: the error names the file, the previous index is untouched', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const { indexDir, parquet } = await buildSample(dir, 3, 10)
      const before = readFileSync(join(indexDir, MANIFEST_FILE), 'utf8')
      // a file may not pass 64 KiB (RLIMIT_FSIZE through prlimit: EFBIG, as a full disk's
      // ENOSPC, part way through a write); build-index runs as the command line runs it
      const proc = Bun.spawnSync(
        [
          'prlimit',
          '--fsize=65536:unlimited',
          '--',
          process.execPath,
          'build/build-index.ts',
          '--input',
          parquet,
          '--out',
          indexDir,
        ],
        { cwd: join(import.meta.dir, '../..') },
      )
      expect(proc.exitCode).toBe(1)
      const err = proc.stderr.toString()
      expect(err).toMatch(
        new RegExp(`build-index failed: write: ${indexDir}\\.tmp-[^/]+/[a-z0-9-]+\\.fb: EFBIG`),
      )
      expect(err).toContain('the previous index (if any) is untouched')
      expect(readFileSync(join(indexDir, MANIFEST_FILE), 'utf8')).toBe(before)
      expect(readdirSync(dir).sort()).toEqual(['index', 'sample.parquet'])
    } finally {
      cleanup()
    }
  })

  test('a build that fails halfway leaves the previous index untouched', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const { indexDir, parquet, report } = await buildSample(dir, 3, 10)
      const before = readFileSync(join(indexDir, MANIFEST_FILE), 'utf8')
      for (const stage of ['reading', 'chart top200', 'chart viral50', 'catalog', 'publish']) {
        const attempt = buildIndex({
          inputs: [parquet],
          out: indexDir,
          commaNames,
          checkpoint: (s) => {
            if (s === stage) throw new Error(`interrupted at ${s}`)
          },
        })
        expect(attempt).rejects.toThrow(`interrupted at ${stage}`)
        await attempt.catch(() => {})
        expect(readFileSync(join(indexDir, MANIFEST_FILE), 'utf8')).toBe(before)
        expect(openIndex(indexDir).buildId).toBe(report.buildId)
        expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([])
      }
    } finally {
      cleanup()
    }
  })

  test('a build killed mid-way leaves the previous index untouched and is cleaned up next time', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const { indexDir, report } = await buildSample(dir, 3, 10)
      const big = join(dir, 'big.parquet')
      const gen = Bun.spawnSync(
        [process.execPath, 'build/gen-data.ts', '--scale', 'small', '--out', big],
        {
          cwd: join(import.meta.dir, '../..'),
        },
      )
      expect(gen.exitCode).toBe(0)
      const child = Bun.spawn(
        [process.execPath, 'build/build-index.ts', '--input', big, '--out', indexDir],
        {
          cwd: join(import.meta.dir, '../..'),
          stdout: 'pipe',
        },
      )
      // kill it once it has started writing its temporary directory
      await waitFor('its temporary directory', () =>
        readdirSync(dir).some((f) => f.includes('.tmp-')),
      )
      child.kill('SIGKILL')
      await child.exited
      expect(openIndex(indexDir).buildId).toBe(report.buildId)
      const rebuilt = await buildIndex({ inputs: [big], out: indexDir, commaNames })
      expect(rebuilt.buildId).not.toBe(report.buildId)
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([])
      expect(existsSync(join(indexDir, MANIFEST_FILE))).toBe(true)
    } finally {
      cleanup()
    }
  })
})

describe('parquet and CSV agree', () => {
  test('the same dataset as parquet and as the Kaggle CSV layout builds identical index files', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const scale = { ...SCALES.tiny, regions: 3, days: 10 }
      await generateDataset({ scale, seed: 5, out: join(dir, 'd.parquet') })
      await generateDataset({ scale, seed: 5, out: join(dir, 'd.csv') })
      // gen-data marks its CSV in a first line, then the Kaggle header
      const [mark, header] = readFileSync(join(dir, 'd.csv'), 'utf8').split('\n')
      expect(mark).toStartWith('#spotify-charts-api.synthetic {')
      expect(header).toBe('title,rank,date,artist,url,region,chart,trend,streams')
      const fromParquet = await buildIndex({
        inputs: [join(dir, 'd.parquet')],
        out: join(dir, 'p'),
        commaNames,
      })
      const fromCsv = await buildIndex({
        inputs: [join(dir, 'd.csv')],
        out: join(dir, 'c'),
        commaNames,
      })
      expect(fromCsv.source.inputs[0].format).toBe('csv')
      expect([fromCsv.source.kind, fromParquet.source.kind]).toEqual(['synthetic', 'synthetic'])
      expect(fromCsv.rows.kept).toBe(fromParquet.rows.kept)
      expect(fromCsv.files).toEqual(fromParquet.files)
    } finally {
      cleanup()
    }
  })
})
