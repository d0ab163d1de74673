/**
 * The field specs (schema/tables.ts) against the schema of record: the FlatBuffers classes
 * flatc generated from the .fbs. A file our spec-driven writer makes is byte for byte the
 * file the generated builder makes from the same values (so slots, types, order and the
 * struct layouts of schema/points.ts and schema/list-rows.ts all agree with the .fbs), and
 * the spec-driven opener reads back every column.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { Builder } from 'flatbuffers'
import { tableParts } from '../../build/index-files.ts'
import { Answers } from '../../schema/generated/charts/fb/answers.ts'
import { Catalog } from '../../schema/generated/charts/fb/catalog.ts'
import { Chart } from '../../schema/generated/charts/fb/chart.ts'
import { ChartRow } from '../../schema/generated/charts/fb/chart-row.ts'
import { StringPool } from '../../schema/generated/charts/fb/string-pool.ts'
import { TopArtist } from '../../schema/generated/charts/fb/top-artist.ts'
import { TopTrack } from '../../schema/generated/charts/fb/top-track.ts'
import { Tops } from '../../schema/generated/charts/fb/tops.ts'
import { TrackPoint } from '../../schema/generated/charts/fb/track-point.ts'
import { Weekly } from '../../schema/generated/charts/fb/weekly.ts'
import { WeeklyRow } from '../../schema/generated/charts/fb/weekly-row.ts'
import {
  StructViews64,
  topArtistArtist,
  topArtistNumberOnes,
  topArtistPeakRank,
  topArtistStreams,
  topArtistTracks,
  topTrackDays,
  topTrackPeakRank,
  topTrackStreams,
  topTrackTrack,
  weeklyDays,
  weeklyPeakRank,
  weeklyPreviousRank,
  weeklyRank,
  weeklyStreak,
  weeklyStreams,
  weeklyTrack,
  weeklyWeeksOnChart,
  writeTopArtist,
  writeTopTrack,
  writeWeeklyRow,
} from '../../schema/list-rows.ts'
import {
  type ChartRowValues,
  pointDate,
  pointRank,
  pointRegion,
  pointStreams,
  readRow,
  structViews,
  writePoint,
  writeRow,
} from '../../schema/points.ts'
import type { Pool } from '../../schema/string-pool.ts'
import { IndexError, openTable } from '../../schema/table-views.ts'
import {
  ANSWERS_TABLE,
  CATALOG_TABLE,
  CHART_TABLE,
  camelName,
  type FieldSpec,
  type StructLayout,
  type TableSpec,
  TOPS_TABLE,
  WEEKLY_TABLE,
} from '../../schema/tables.ts'

/** A generated table class, used through the names flatc gives its static methods. */
type Generated = Record<string, (...args: unknown[]) => number>

const GENERATED: Record<string, Generated> = {
  Chart: Chart as unknown as Generated,
  Catalog: Catalog as unknown as Generated,
  Weekly: Weekly as unknown as Generated,
  Answers: Answers as unknown as Generated,
  Tops: Tops as unknown as Generated,
}

const pascal = (name: string) => camelName(name).replace(/^./, (c) => c.toUpperCase())

/** Seeded pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type FieldType = 'u8' | 'u16' | 'u32' | 'f64'

/** The .fbs scalar types of struct fields, as typed-array views read them. */
const FBS_TYPES: Record<string, FieldType> = {
  ubyte: 'u8',
  ushort: 'u16',
  uint: 'u32',
  double: 'f64',
}

/** The fields of `struct name` in a .fbs file, in order: their names and types. */
function fbsStructFields(file: string, name: string): { name: string; type: FieldType }[] {
  const text = readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8')
  const body = text.match(new RegExp(`struct ${name} \\{([^}]*)\\}`))?.[1]
  if (body === undefined) throw new Error(`no struct ${name} in ${file}`)
  return [...body.matchAll(/^\s*(\w+)\s*:\s*(\w+)\s*;/gm)].map(([, field, type]) => {
    if (!FBS_TYPES[type]) throw new Error(`${name}.${field}: type ${type} not handled here`)
    return { name: camelName(field), type: FBS_TYPES[type] }
  })
}

/**
 * ChartRow as the .fbs declares it, read and written through `readRow` and `writeRow` by its
 * fields' names: a field added to the .fbs and not to points.ts (or the other way) fails here
 * with no edit to this test.
 */
function chartRowStruct() {
  const fields = fbsStructFields('common.fbs', 'ChartRow')
  return {
    types: fields.map((f) => f.type),
    create: ChartRow.createChartRow as never,
    read: (bytes: Uint8Array, i: number) => {
      const row = readRow(new StructViews64(bytes), i, {} as ChartRowValues) as unknown as Record<
        string,
        number
      >
      expect(Object.keys(row).sort()).toEqual(fields.map((f) => f.name).sort())
      return fields.map((f) => row[f.name])
    },
    write: (bytes: Uint8Array, i: number, values: number[]) =>
      writeRow(
        new StructViews64(bytes),
        i,
        Object.fromEntries(fields.map((f, k) => [f.name, values[k]])) as unknown as ChartRowValues,
      ),
  }
}

/**
 * Per struct: its fields' types in .fbs order (the order of the generated `create*`'s
 * arguments), that `create*`, and our accessors: reading element i as those values and
 * writing them.
 */
const STRUCTS: Record<
  string,
  {
    types: FieldType[]
    create: (b: Builder, ...values: number[]) => number
    read: (bytes: Uint8Array, i: number) => number[]
    write: (bytes: Uint8Array, i: number, values: number[]) => void
  }
> = {
  ChartRow: chartRowStruct(),
  TrackPoint: {
    types: ['u32', 'u16', 'u8', 'u8'],
    create: TrackPoint.createTrackPoint as never,
    read: (bytes, i) => {
      const p = structViews(bytes)
      return [pointStreams(p, i), pointDate(p, i), pointRegion(p, i), pointRank(p, i)]
    },
    write: (bytes, i, [streams, date, region, rank]) =>
      writePoint(structViews(bytes), i, { streams, date, region, rank }),
  },
  WeeklyRow: {
    types: ['f64', 'u32', 'u16', 'u16', 'u8', 'u8', 'u8', 'u8'],
    create: WeeklyRow.createWeeklyRow as never,
    read: (bytes, i) => {
      const v = new StructViews64(bytes)
      return [
        weeklyStreams(v, i),
        weeklyTrack(v, i),
        weeklyWeeksOnChart(v, i),
        weeklyStreak(v, i),
        weeklyDays(v, i),
        weeklyPreviousRank(v, i),
        weeklyPeakRank(v, i),
        weeklyRank(v, i),
      ]
    },
    write: (bytes, i, [streams, track, weeksOnChart, streak, days, previousRank, peakRank, rank]) =>
      writeWeeklyRow(new StructViews64(bytes), i, {
        streams,
        track,
        weeksOnChart,
        streak,
        days,
        previousRank,
        peakRank,
        rank,
      }),
  },
  TopTrack: {
    types: ['f64', 'u32', 'u16', 'u8'],
    create: TopTrack.createTopTrack as never,
    read: (bytes, i) => {
      const v = new StructViews64(bytes)
      return [
        topTrackStreams(v, i),
        topTrackTrack(v, i),
        topTrackDays(v, i),
        topTrackPeakRank(v, i),
      ]
    },
    write: (bytes, i, [streams, track, days, peakRank]) =>
      writeTopTrack(new StructViews64(bytes), i, { streams, track, days, peakRank }),
  },
  TopArtist: {
    types: ['f64', 'u32', 'u32', 'u32', 'u8'],
    create: TopArtist.createTopArtist as never,
    read: (bytes, i) => {
      const v = new StructViews64(bytes)
      return [
        topArtistStreams(v, i),
        topArtistArtist(v, i),
        topArtistTracks(v, i),
        topArtistNumberOnes(v, i),
        topArtistPeakRank(v, i),
      ]
    },
    write: (bytes, i, [streams, artist, tracks, numberOnes, peakRank]) =>
      writeTopArtist(new StructViews64(bytes), i, {
        streams,
        artist,
        tracks,
        numberOnes,
        peakRank,
      }),
  },
}

const GENERATED_STRUCTS: Record<string, { sizeOf(): number }> = {
  ChartRow,
  TrackPoint,
  WeeklyRow,
  TopTrack,
  TopArtist,
}

/** A random value of a field type (doubles: whole numbers of either sign, as the build writes). */
function randomValue(type: FieldType, next: () => number): number {
  if (type === 'f64') return Math.floor((next() - 0.5) * 2 ** 53)
  const bits = { u8: 8, u16: 16, u32: 32 }[type]
  return Math.floor(next() * 2 ** bits)
}

/** The values each struct of a vector was made from (the generated builder writes them again). */
const structValues = new WeakMap<Uint8Array, number[][]>()

/** `count` random structs as the generated `create*` lays them out, back to back. */
function structBytes(layout: StructLayout, count: number, next: () => number): Uint8Array {
  const struct = STRUCTS[layout.name]
  const values = Array.from({ length: count }, () =>
    struct.types.map((type) => randomValue(type, next)),
  )
  const b = new Builder(64)
  for (let i = count - 1; i >= 0; i--) struct.create(b, ...values[i])
  // not finished: the structs are the last offset() bytes of the builder's buffer
  const all = b.dataBuffer().bytes()
  const bytes = all.slice(all.length - b.offset())
  structValues.set(bytes, values)
  return bytes
}

/** Random values for every column of `spec`. */
function randomData(spec: TableSpec, seed: number): Record<string, unknown> {
  const next = random(seed)
  const int = (n: number) => Math.floor(next() * n)
  const data: Record<string, unknown> = {}
  for (const field of spec.fields) {
    const n = 1 + int(40)
    const key = camelName(field.name)
    switch (field.type) {
      case 'u8':
        data[key] = Uint8Array.from({ length: n }, () => int(256))
        break
      case 'u16':
        data[key] = Uint16Array.from({ length: n }, () => int(65536))
        break
      case 'u32':
        data[key] = Uint32Array.from({ length: n }, () => int(2 ** 32))
        break
      case 'f64':
        data[key] = Float64Array.from({ length: n }, () => (next() - 0.5) * 1e15)
        break
      case 'pool':
        data[key] = Array.from(
          { length: n },
          (_, i) => `${'é'.repeat(int(3))}s${i}${'x'.repeat(int(9))}`,
        )
        break
      case 'structs':
        data[key] = structBytes(field.struct, n, next)
        break
      case 'string':
        data[key] = `name ${int(1000)}`
        break
      case 'i32':
        data[key] = int(2) === 0 ? field.default : int(300)
    }
  }
  return data
}

/** The same file built only with the generated code (one element at a time). */
function generatedBytes(spec: TableSpec, data: Record<string, unknown>): Uint8Array {
  const gen = GENERATED[spec.table]
  const b = new Builder(1024)
  const args = spec.fields.map((field: FieldSpec) => {
    const value = data[camelName(field.name)]
    switch (field.type) {
      case 'string':
        return b.createString(value as string)
      case 'i32':
        return value as number
      case 'pool': {
        const strings = value as string[]
        const encoded = strings.map((s) => new TextEncoder().encode(s))
        const offsets = [0]
        for (const e of encoded) offsets.push(offsets[offsets.length - 1] + e.length)
        const bytes = StringPool.createBytesVector(
          b,
          encoded.flatMap((e) => [...e]),
        )
        const offs = StringPool.createOffsetsVector(b, offsets)
        return StringPool.createStringPool(b, bytes, offs)
      }
      case 'structs': {
        const bytes = value as Uint8Array
        const count = bytes.length / field.struct.size
        gen[`start${pascal(field.name)}Vector`](b, count)
        const values = structValues.get(bytes)!
        for (let i = count - 1; i >= 0; i--) STRUCTS[field.struct.name].create(b, ...values[i])
        return b.endVector()
      }
      default:
        return gen[`create${pascal(field.name)}Vector`](b, [...(value as Uint32Array)])
    }
  })
  // the generated start/add/end (flatc writes no create* for a table as wide as Catalog)
  gen[`start${spec.table}`](b)
  spec.fields.forEach((field, i) => {
    gen[`add${pascal(field.name)}`](b, args[i])
  })
  gen[`finish${spec.table}Buffer`](b, gen[`end${spec.table}`](b))
  return b.asUint8Array()
}

/** A table's file in one buffer, nothing placed (what the generated builders make). */
function tableBytes(spec: TableSpec, data: Record<string, unknown>): Uint8Array {
  return Buffer.concat(tableParts(spec, data as never, Number.POSITIVE_INFINITY))
}

const SPECS: readonly TableSpec[] = [
  CHART_TABLE,
  CATALOG_TABLE,
  WEEKLY_TABLE,
  TOPS_TABLE,
  ANSWERS_TABLE,
]

describe('field specs and the generated FlatBuffers classes', () => {
  test('every struct layout has the size flatc gives it', () => {
    for (const spec of SPECS)
      for (const field of spec.fields)
        if (field.type === 'structs')
          expect([field.struct.name, field.struct.size]).toEqual([
            field.struct.name,
            GENERATED_STRUCTS[field.struct.name].sizeOf(),
          ])
  })

  for (const [name, struct] of Object.entries(STRUCTS)) {
    test(`${name}: our accessors read and write what the generated create${name} lays out`, () => {
      const next = random(name.length)
      const bytes = structBytes(
        { name, size: GENERATED_STRUCTS[name].sizeOf(), align: 8 },
        50,
        next,
      )
      const values = structValues.get(bytes)!
      const written = new Uint8Array(bytes.length)
      values.forEach((v, i) => {
        expect(struct.read(bytes, i)).toEqual(v)
        struct.write(written, i, v)
      })
      expect([...written]).toEqual([...bytes])
    })
  }

  for (const spec of SPECS) {
    test(`${spec.table}: our writer's file equals the generated builder's, byte for byte`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const data = randomData(spec, seed)
        const ours = tableBytes(spec, data)
        expect(Buffer.from(ours).equals(Buffer.from(generatedBytes(spec, data)))).toBe(true)
      }
    })

    test(`${spec.table}: written as parts, large vectors placed, the same file byte for byte`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const data = randomData(spec, seed)
        const expected = Buffer.from(generatedBytes(spec, data))
        // every vector placed, those of 64 bytes and more (none: the test above)
        for (const placeFrom of [0, 64]) {
          const parts = tableParts(spec, data as never, placeFrom)
          expect(Buffer.concat(parts).equals(expected)).toBe(true)
        }
      }
    })

    test(`${spec.table}: the parts ${spec.fields.some((f) => f.type === 'pool') ? 'are one buffer (string pools: nothing placed)' : 'hold each large column itself, not a copy'}`, () => {
      const data = randomData(spec, 7) as Record<string, ArrayBufferView>
      const parts = tableParts(spec, data as never, 0)
      const columns = spec.fields
        .filter((f) => f.type !== 'string' && f.type !== 'i32' && f.type !== 'pool')
        .map((f) => data[camelName(f.name)])
        .filter((v) => v.byteLength > 0)
      const placed = columns.filter((v) => parts.some((p) => p.buffer === v.buffer))
      if (spec.fields.some((f) => f.type === 'pool')) {
        expect(parts.length).toBe(1)
        expect(placed).toEqual([])
      } else {
        expect(placed.length).toBe(columns.length)
      }
    })

    test(`${spec.table}: the opener reads back every column`, () => {
      const data = randomData(spec, 11)
      // copied to a fresh buffer: the views must not depend on where the builder's bytes lay
      const bytes = new Uint8Array(tableBytes(spec, data))
      const views = openTable(spec, bytes, 'x.fb') as Record<string, unknown>
      for (const field of spec.fields) {
        const key = camelName(field.name)
        const view = views[key]
        if (field.type === 'pool') {
          const pool = view as Pool
          expect(Array.from({ length: pool.count }, (_, i) => pool.text(i))).toEqual(
            data[key] as string[],
          )
        } else if (field.type === 'structs') {
          expect([...(view as { u8: Uint8Array }).u8]).toEqual([...(data[key] as Uint8Array)])
        } else if (field.type === 'string' || field.type === 'i32') {
          expect(view).toBe(data[key] as never)
        } else {
          expect(view).toEqual(data[key] as never)
        }
      }
    })

    test(`${spec.table}: every column has its shape checked before serving`, () => {
      // a column states its shape, or another column's shape is stated in its count;
      // track_ids is the count of tracks itself (checked whole by verify-index.ts)
      const counted = new Set(spec.fields.flatMap((f) => [f.length, f.below, ...(f.offsets ?? [])]))
      const unchecked = spec.fields.filter(
        (f) =>
          f.type !== 'string' &&
          f.type !== 'i32' &&
          f.name !== 'track_ids' &&
          f.length === undefined &&
          f.offsets === undefined &&
          f.below === undefined &&
          !counted.has(f.name),
      )
      expect(unchecked.map((f) => f.name)).toEqual([])
    })

    test(`${spec.table}: every count a column is checked against exists`, () => {
      const names = new Set([
        'TRACKS',
        'ARTISTS',
        'REGIONS',
        'ANSWERS',
        ...spec.fields.map((f) => f.name),
      ])
      for (const field of spec.fields)
        for (const count of [field.length, field.below, ...(field.offsets ?? [])])
          if (count !== undefined) expect(names.has(count)).toBe(true)
    })
  }

  test('the opener refuses another table and a missing column', () => {
    const chart = tableBytes(CHART_TABLE, randomData(CHART_TABLE, 3))
    expect(() => openTable(CATALOG_TABLE, chart, 'catalog.fb')).toThrow(
      new IndexError('index: catalog.fb is not a Catalog file'),
    )
    const b = new Builder(64)
    Weekly.startWeekly(b)
    Weekly.finishWeeklyBuffer(b, Weekly.endWeekly(b))
    expect(() => openTable(WEEKLY_TABLE, b.asUint8Array(), 'w.fb')).toThrow(
      'index: w.fb region_week_offsets is missing',
    )
  })
})
