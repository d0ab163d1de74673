/**
 * The check before serving (src/store/verify-index.ts) on real index files: a byte changed
 * anywhere is caught by the checksum; a structure that is wrong although the checksum
 * matches (a build bug) is caught by the structure check, naming the vector.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { INDEX_FILES, type IndexManifest } from '../../../schema/format.ts'
import {
  ANSWERS_TABLE,
  CATALOG_TABLE,
  CHART_TABLE,
  camelName,
  type FieldSpec,
  type TableSpec,
  TOPS_TABLE,
  WEEKLY_TABLE,
} from '../../../schema/tables.ts'
import { type Index, openIndex } from '../../../src/store/open-index.ts'
import { verifyIndex, verifyIndexNow } from '../../../src/store/verify-index.ts'
import { rewriteAnswers } from '../../answers-files.ts'
import { buildSample, editManifest, tempDir } from '../../helpers.ts'

const tmp = tempDir()
let indexDir = ''
beforeAll(async () => {
  indexDir = (await buildSample(tmp.dir, 3, 8)).indexDir
})
afterAll(() => tmp.cleanup())

let copies = 0

/**
 * A copy of the index whose `file` has the u32 at the position of `vector(index)[at]` set to
 * `value`; with `fixChecksum` the manifest's CRC-32 is brought in line (so only the
 * structure check can notice).
 */
function patched(
  file: string,
  vector: (index: Index) => Uint32Array,
  at: (v: Uint32Array) => number,
  value: number,
  fixChecksum: boolean,
): string {
  const dir = join(tmp.dir, `copy-${++copies}`)
  cpSync(indexDir, dir, { recursive: true })
  const index = openIndex(dir, 'memory')
  const held = index.files.find((f) => f.name === file)!
  const v = vector(index)
  const offset = v.byteOffset - held.bytes.byteOffset + at(v) * 4
  const bytes = readFileSync(join(dir, file))
  bytes.writeUInt32LE(value, offset)
  writeFileSync(join(dir, file), bytes)
  if (fixChecksum)
    editManifest(dir, (m) => {
      m.files[file].crc32 = Bun.hash.crc32(bytes) >>> 0
    })
  return dir
}

const check = (dir: string) => () => verifyIndexNow(openIndex(dir))

/** A copy of the index whose manifest `edit` changes (nothing else). */
function withManifest(edit: (manifest: IndexManifest) => void): string {
  const dir = join(tmp.dir, `copy-${++copies}`)
  cpSync(indexDir, dir, { recursive: true })
  editManifest(dir, edit)
  return dir
}

describe('stored answers (answers-NNN.fb)', () => {
  const file = 'answers-000.fb'

  /** A copy of the index with byte `at` of answer `n`'s body set to `value`. */
  function withBodyByte(n: number, at: number, value: number, fixChecksum: boolean): string {
    const dir = withManifest(() => {})
    const a = openIndex(dir, 'memory').answers!.files[0]
    const path = join(dir, file)
    const bytes = readFileSync(path)
    bytes[a.bodies.byteOffset + a.offsets[n] + at] = value
    writeFileSync(path, bytes)
    if (fixChecksum)
      editManifest(dir, (m) => {
        m.files[file].crc32 = Bun.hash.crc32(bytes) >>> 0
      })
    return dir
  }

  test('a changed byte of a body fails the CRC-32', () => {
    expect(check(withBodyByte(3, 12, 0x55, false))).toThrow(`${file} does not match its CRC-32`)
  })

  test('a body that is no gzip member is refused by number although the checksum matches', () => {
    expect(check(withBodyByte(5, 0, 0, true))).toThrow(`${file} answer 5 is not a gzip body`)
  })

  test('split into several files (as a full-scale build writes them), they pass', () => {
    const dir = join(tmp.dir, `copy-${++copies}`)
    cpSync(indexDir, dir, { recursive: true })
    const count = rewriteAnswers(dir, { files: 3 })
    const index = openIndex(dir)
    expect(index.answers!.files.map((f) => f.first)).toEqual([
      0,
      Math.floor(count / 3),
      Math.floor((2 * count) / 3),
    ])
    expect(() => verifyIndexNow(index)).not.toThrow()
  })

  test('a manifest whose files or count do not cover every default answer is refused', () => {
    const count = openIndex(indexDir).answers!.count
    expect(
      check(
        withManifest((m) => {
          m.answers!.count = count + 1
        }),
      ),
    ).toThrow(`the manifest lists ${count + 1} stored answers; the index has ${count}`)
    expect(
      check(
        withManifest((m) => {
          m.answers!.files[0].first = 1
        }),
      ),
    ).toThrow(`${file} starts at answer 0; the manifest says 1`)
    expect(
      check(
        withManifest((m) => {
          m.answers!.files[0].count = count - 1
        }),
      ),
    ).toThrow(`${file} offsets has ${count + 1} entries, not ${count}`)
  })

  test('a listed answers file that is missing fails the open', () => {
    const dir = withManifest((m) => {
      m.answers!.files.push({ name: 'answers-001.fb', first: 5, count: 1 })
      m.files['answers-001.fb'] = { bytes: 10, sha256: '', crc32: 0 }
    })
    expect(check(dir)).toThrow('answers-001.fb is missing')
  })
})

describe('the check before serving', () => {
  test('a good index passes, at once and in slices', async () => {
    expect(check(indexDir)).not.toThrow()
    await verifyIndex(openIndex(indexDir))
  })

  test('one changed byte fails the CRC-32; a file listed without one is refused', () => {
    const dir = patched(
      'catalog.fb',
      (i) => i.artistTracks,
      () => 0,
      12345,
      false,
    )
    expect(check(dir)).toThrow('catalog.fb does not match its CRC-32 in the manifest')
    editManifest(dir, (m) => {
      for (const f of Object.values(m.files)) delete (f as { crc32?: number }).crc32
    })
    expect(check(dir)).toThrow('catalog.fb has no CRC-32 in the manifest')
  })

  test('an id out of range is refused although the checksum matches', () => {
    const tracks = (i: Index) => i.artistTracks
    const dir = patched('catalog.fb', tracks, (v) => v.length - 1, 0x7fffffff, true)
    expect(check(dir)).toThrow(/artist_tracks holds 2147483647 at \d+; the limit is \d+/)
  })

  test('an offsets vector that decreases or overruns its target is refused', () => {
    const points = (i: Index) => i.charts.top200.trackPointOffsets
    const down = patched('chart-top200.fb', points, () => 1, 0xffffffff, true)
    expect(check(down)).toThrow('chart-top200.fb track_point_offsets decreases at 2')
    const end = patched('chart-top200.fb', points, (v) => v.length - 1, 1e9, true)
    expect(check(end)).toThrow(/track_point_offsets ends at 1000000000, not \d+/)
    const pool = (i: Index) => i.titles.offsets
    const titles = patched('catalog.fb', pool, () => 1, 0xfffffff, true)
    expect(check(titles)).toThrow('string pool titles decreases at 2')
  })

  test('lists: a weekly row or top-list artist out of range is refused', () => {
    // WeeklyRow: track is the u32 at byte 8 (word 2); TopArtist: artist at byte 8 (word 2)
    const weekly = patched(
      'weekly-top200.fb',
      (i) => i.weekly.rows.u32,
      () => 2,
      1e9,
      true,
    )
    expect(check(weekly)).toThrow(/weekly-top200\.fb rows\.track holds 1000000000 at 0/)
    const tops = patched(
      'top-lists.fb',
      (i) => i.tops.artists.u32,
      () => 2,
      1e9,
      true,
    )
    expect(check(tops)).toThrow(/top-lists\.fb artists\.artist holds 1000000000 at 0/)
  })

  test('stream facts of a chart row that no renderer could write are refused', () => {
    // ChartRow 0 (32 bytes): streams_change f64 at words 4-5, total_streams f64 at words 6-7;
    // row 0 is on its region's first date, so its previous_rank is 0 and its change NaN
    const rows = (i: Index) => i.charts.top200.rows.u32
    const total = patched('chart-top200.fb', rows, () => 7, 0x7ff80000, true) // NaN
    expect(check(total)).toThrow(/chart-top200\.fb rows\.total_streams holds NaN at 0/)
    const change = patched('chart-top200.fb', rows, () => 5, 0, true) // a number: 0 or tiny
    expect(check(change)).toThrow(/chart-top200\.fb rows\.streams_change holds .* at 0/)
  })

  test('a region id out of range in a track point is refused', () => {
    // TrackPoint: region is byte 6 of each 8-byte point; the u32 at word 1 holds date and region
    const words = (i: Index) => i.charts.viral50.points.u32
    const dir = patched('chart-viral50.fb', words, () => 1, 0x00ff0000, true)
    expect(check(dir)).toThrow(/chart-viral50\.fb points\.region holds 255 at 0; the limit is 3/)
  })

  // every column whose length the field spec states (its own, or as offsets into another):
  // its length word made one short, the checksum brought in line, is refused by name
  const tables: [string, TableSpec, (index: Index) => object][] = [
    [INDEX_FILES.top200, CHART_TABLE, (i) => i.charts.top200],
    [INDEX_FILES.catalog, CATALOG_TABLE, (i) => i.catalog],
    [INDEX_FILES.weekly, WEEKLY_TABLE, (i) => i.weekly],
    [INDEX_FILES.tops, TOPS_TABLE, (i) => i.tops],
    ['answers-000.fb', ANSWERS_TABLE, (i) => i.answers!.files[0]],
  ]
  for (const [file, spec, views] of tables) {
    const stated = (spec.fields as readonly FieldSpec[]).filter(
      (f) => f.type !== 'pool' && (f.length !== undefined || f.offsets !== undefined),
    )
    test(`${file}: a column one entry short of its stated length is refused (${stated.length} columns)`, () => {
      expect(stated.length).toBeGreaterThan(0)
      for (const field of stated) {
        const column = (i: Index) => (views(i) as Record<string, Uint8Array>)[camelName(field.name)]
        // the vector's length word: the u32 just before its first element
        const lengthWord = (i: Index) => {
          const v = column(i)
          return new Uint32Array(v.buffer, v.byteOffset - 4, 1)
        }
        const short = openIndex(indexDir, 'memory')
        const dir = patched(file, lengthWord, () => 0, column(short).length - 1, true)
        // the opener itself ties track_point_offsets to the catalog's tracks
        const expected =
          field.name === 'track_point_offsets'
            ? 'are from different builds'
            : `${file} ${field.name} has ${column(short).length - 1} entries`
        expect(check(dir)).toThrow(expected)
      }
    })
  }
})
