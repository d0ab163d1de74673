/**
 * The check an index passes before it is served: every byte against the manifest's checksum,
 * then the structure (every offsets vector monotone and inside its target, every id inside
 * its range), so hot-path reads that are unchecked by design (validated once, at open) can only ever
 * read what the build wrote.
 *
 * Bytes: CRC-32 (IEEE, the zlib one) of each file, recorded by build-index in
 * manifest.json next to the SHA-256 that stays for provenance. CRC-32 is the gate because it
 * can be computed in slices (`Bun.hash.crc32(slice, previous)`), so a check running during a
 * swap yields to requests every 1 MB, and it runs at memory speed (bench/RESULTS.md, "index
 * check"); SHA-256 is several times slower. Every manifest of this format version has it (a
 * file listed without one is refused).
 *
 * The check is a generator that yields between slices of work: `verifyIndexNow` runs it to
 * the end at once (start-up, tests), `verifyIndex` gives the event loop a turn at every yield.
 */
import {
  CHARTS,
  type ChartName,
  INDEX_FILES,
  SEARCH_ALIAS_BIT,
  SEARCH_ARTIST_BIT,
  TRENDS,
} from '../../schema/format.ts'
import {
  TOP_ARTIST_SIZE,
  TOP_TRACK_SIZE,
  topArtistArtist,
  topTrackTrack,
  WEEKLY_ROW_SIZE,
  weeklyTrack,
} from '../../schema/list-rows.ts'
import {
  CHART_ROW_SIZE,
  pointRegion,
  rowPreviousRank,
  rowStreamsChange,
  rowTotalStreams,
  rowTrack,
  rowTrend,
  TRACK_POINT_SIZE,
} from '../../schema/points.ts'
import type { Pool } from '../../schema/string-pool.ts'
import { indexFail } from '../../schema/table-views.ts'
import {
  ANSWERS_TABLE,
  CATALOG_TABLE,
  CHART_TABLE,
  type CountName,
  camelName,
  type FieldSpec,
  type TableSpec,
  TOPS_TABLE,
  WEEKLY_TABLE,
} from '../../schema/tables.ts'
import { answerBases } from './answers.ts'
import type { Index } from './open-index.ts'

/** Bytes hashed between two yields (~0.3 ms of CRC-32 on a warm page cache). */
const SLICE_BYTES = 1 << 20
/** Bound of the stream facts of chart rows (they are written as integers). */
const MAX_SAFE = 2 ** 53

/** Array elements checked between two yields. */
const SLICE_ITEMS = 1 << 19

type Work = Generator<void, void, void>

const fail = indexFail

function* checksum(index: Index): Work {
  for (const file of index.files) {
    const expected = index.manifest.files?.[file.name]
    if (!expected) fail(`${file.name} is not in the manifest`)
    if (typeof expected.crc32 !== 'number') fail(`${file.name} has no CRC-32 in the manifest`)
    const bytes = file.bytes
    let crc = 0
    for (let off = 0; off < bytes.length; off += SLICE_BYTES) {
      crc = Bun.hash.crc32(bytes.subarray(off, off + SLICE_BYTES), crc)
      yield
    }
    if (crc >>> 0 !== expected.crc32)
      fail(`${file.name} does not match its CRC-32 in the manifest (damaged or edited)`)
  }
}

/**
 * Runs `scan(start, end)` over [from, count) in slices of SLICE_ITEMS, yielding between them;
 * resolves to the first bad position `scan` reports, or -1. The loops live in `scan`, a plain
 * function: JSC leaves generator bodies in its slower tiers (a per-element loop inside the
 * generator took ~60 ns an element, 4 s at full scale; bench/index-check.ts).
 */
function* sliced(
  count: number,
  scan: (start: number, end: number) => number,
  from = 0,
): Generator<void, number, void> {
  for (let start = from; start < count; start += SLICE_ITEMS) {
    const bad = scan(start, Math.min(count, start + SLICE_ITEMS))
    if (bad >= 0) return bad
    yield
  }
  return -1
}

function firstDecrease(offsets: Uint32Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (offsets[i] < offsets[i - 1]) return i
  return -1
}

function firstAtLeastIn(values: Uint32Array, limit: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (values[i] >= limit) return i
  return -1
}

/** `offsets` has `count + 1` entries, starts at 0, never decreases and ends at `end`. */
function* offsetsOf(what: string, offsets: Uint32Array, count: number, end: number): Work {
  if (offsets.length !== count + 1) fail(`${what} has ${offsets.length} entries, not ${count + 1}`)
  if (offsets[0] !== 0) fail(`${what} does not start at 0`)
  const bad = yield* sliced(offsets.length, (s, e) => firstDecrease(offsets, s, e), 1)
  if (bad >= 0) fail(`${what} decreases at ${bad}`)
  if (offsets[count] !== end) fail(`${what} ends at ${offsets[count]}, not ${end}`)
}

/** Every value of `values` is below `limit`. */
function* below(what: string, values: Uint32Array, limit: number): Work {
  const bad = yield* sliced(values.length, (s, e) => firstAtLeastIn(values, limit, s, e))
  if (bad >= 0) fail(`${what} holds ${values[bad]} at ${bad}; the limit is ${limit}`)
}

/**
 * `valueAt(i)` is below `limit` for every i < count. `scan(start, end)` is the same test as
 * a loop written at the call site (so the JIT inlines that site's accessor; one shared loop
 * calling many different `valueAt`s is a call per element): first bad position or -1.
 */
function* belowEach(
  what: string,
  limit: number,
  count: number,
  valueAt: (i: number) => number,
  scan: (start: number, end: number) => number,
): Work {
  const bad = yield* sliced(count, scan)
  if (bad >= 0) fail(`${what} holds ${valueAt(bad)} at ${bad}; the limit is ${limit}`)
}

function lengthIs(what: string, values: { length: number }, count: number): void {
  if (values.length !== count) fail(`${what} has ${values.length} entries, not ${count}`)
}

/** Elements of a column as opened: a vector's, a pool's strings, a struct vector's structs. */
function countOf(field: FieldSpec, view: unknown): number {
  if (field.type === 'pool') return (view as Pool).count
  if (field.type === 'structs') return (view as { u8: Uint8Array }).u8.length / field.struct.size
  return (view as { length: number }).length
}

/**
 * The shape every column of a table declares (schema/tables.ts): its length, the offsets it
 * holds into another column, the ids it holds below a count. `views` are the table's
 * columns as opened, `file` names it in messages, `answers` is the ANSWERS count of an
 * answers file.
 */
function* columns(index: Index, spec: TableSpec, views: object, file: string, answers = 0): Work {
  const view = (field: FieldSpec) => (views as Record<string, unknown>)[camelName(field.name)]
  const count = (name: CountName): number => {
    if (name === 'ANSWERS') return answers
    if (name === 'TRACKS') return index.trackCount
    if (name === 'ARTISTS') return index.artistCount
    if (name === 'REGIONS') return index.regionCount
    const field = spec.fields.find((f) => f.name === name)
    if (!field) throw new Error(`${spec.table}: no column ${name} to count`)
    return countOf(field, view(field))
  }
  for (const field of spec.fields) {
    const what = `${file} ${field.name}`
    const v = view(field)
    if (field.type === 'pool') {
      const p = v as Pool
      const strings = field.length ? count(field.length) : p.count
      yield* offsetsOf(`${file} string pool ${field.name}`, p.offsets, strings, p.bytes.length)
      continue
    }
    if (field.type === 'string' || field.type === 'i32' || field.type === 'structs') continue
    const values = v as Uint32Array
    if (field.length) lengthIs(what, values, count(field.length))
    if (field.offsets)
      yield* offsetsOf(what, values, count(field.offsets[0]), count(field.offsets[1]))
    if (field.below) yield* below(what, values, count(field.below))
  }
}

function* chart(index: Index, name: ChartName): Work {
  const c = index.charts[name]
  const file = INDEX_FILES[name]
  const rows = c.rows.u8.length / CHART_ROW_SIZE
  const points = c.points.u8.length / TRACK_POINT_SIZE
  const expectedRows = index.manifest.counts[name]
  if (rows !== expectedRows) fail(`${file} has ${rows} rows; the manifest says ${expectedRows}`)
  yield* columns(index, CHART_TABLE, c, file)
  const { rows: rowViews, points: pointViews } = c
  const tracks = index.trackCount
  const regions = index.regionCount
  yield* belowEach(
    `${file} rows.track`,
    tracks,
    rows,
    (r) => rowTrack(rowViews, r),
    (s, e) => {
      for (let r = s; r < e; r++) if (rowTrack(rowViews, r) >= tracks) return r
      return -1
    },
  )
  // the trend the renderers name: always one of TRENDS
  yield* belowEach(
    `${file} rows.trend`,
    TRENDS.length,
    rows,
    (r) => rowTrend(rowViews, r),
    (s, e) => {
      for (let r = s; r < e; r++) if (rowTrend(rowViews, r) >= TRENDS.length) return r
      return -1
    },
  )
  // the stream facts the renderers write as integers: a total is -1 or a whole number below
  // 2^53; a change is NaN (null) or a whole number, and NaN wherever previous_rank is 0
  yield* belowEach(
    `${file} rows.total_streams`,
    MAX_SAFE,
    rows,
    (r) => rowTotalStreams(rowViews, r),
    (s, e) => {
      for (let r = s; r < e; r++) {
        const total = rowTotalStreams(rowViews, r)
        if (total !== -1 && !(Number.isInteger(total) && total >= 0 && total < MAX_SAFE)) return r
      }
      return -1
    },
  )
  yield* belowEach(
    `${file} rows.streams_change`,
    MAX_SAFE,
    rows,
    (r) => rowStreamsChange(rowViews, r),
    (s, e) => {
      for (let r = s; r < e; r++) {
        const change = rowStreamsChange(rowViews, r)
        if (Number.isNaN(change)) continue
        if (rowPreviousRank(rowViews, r) === 0 || !Number.isInteger(change)) return r
        if (change <= -MAX_SAFE || change >= MAX_SAFE) return r
      }
      return -1
    },
  )
  const region = (i: number) => pointRegion(pointViews, i)
  yield* belowEach(`${file} points.region`, regions, points, region, (s, e) => {
    for (let i = s; i < e; i++) if (pointRegion(pointViews, i) >= regions) return i
    return -1
  })
}

function* catalog(index: Index): Work {
  const tracks = index.trackCount
  const artists = index.artistCount
  if (!Number.isInteger(tracks)) fail('catalog.fb track_ids is not a whole number of ids')
  if (index.regionCount > 256) fail(`catalog.fb has ${index.regionCount} regions; at most 256`)
  yield* columns(index, CATALOG_TABLE, index.catalog, INDEX_FILES.catalog)
  const json = index.trackJson
  const { trackJsonArtistEnd: artistEnd, trackJsonUrlStart: urlStart } = index
  const outside = yield* sliced(tracks, (start, end) => {
    for (let t = start; t < end; t++) {
      const size = json.size(t)
      if (artistEnd[t] > size || urlStart[t] > size) return t
    }
    return -1
  })
  if (outside >= 0) fail(`track_json member ends of track ${outside} lie outside its fragment`)
  const targets = index.searchTargets
  const aliases = index.aliasArtists.length
  const target = (i: number) => {
    const v = targets[i]
    if (v >= SEARCH_ARTIST_BIT + SEARCH_ALIAS_BIT)
      return v - SEARCH_ARTIST_BIT - SEARCH_ALIAS_BIT < aliases
    return v >= SEARCH_ARTIST_BIT ? v - SEARCH_ARTIST_BIT < artists : v < tracks
  }
  const bad = yield* sliced(targets.length, (start, end) => {
    for (let i = start; i < end; i++) if (!target(i)) return i
    return -1
  })
  if (bad >= 0)
    fail(`search_targets holds ${targets[bad]} at ${bad}, outside the tracks, artists or aliases`)
}

function* weekly(index: Index): Work {
  const w = index.weekly
  const file = INDEX_FILES.weekly
  const rows = w.rows.u8.length / WEEKLY_ROW_SIZE
  yield* columns(index, WEEKLY_TABLE, w, file)
  const track = (i: number) => weeklyTrack(w.rows, i)
  const tracks = index.trackCount
  yield* belowEach(`${file} rows.track`, tracks, rows, track, (s, e) => {
    for (let i = s; i < e; i++) if (weeklyTrack(w.rows, i) >= tracks) return i
    return -1
  })
}

function* tops(index: Index): Work {
  const t = index.tops
  const file = INDEX_FILES.tops
  const tracks = t.tracks.u8.length / TOP_TRACK_SIZE
  const artists = t.artists.u8.length / TOP_ARTIST_SIZE
  yield* columns(index, TOPS_TABLE, t, file)
  const track = (i: number) => topTrackTrack(t.tracks, i)
  const trackLimit = index.trackCount
  yield* belowEach(`${file} tracks.track`, trackLimit, tracks, track, (s, e) => {
    for (let i = s; i < e; i++) if (topTrackTrack(t.tracks, i) >= trackLimit) return i
    return -1
  })
  const artist = (i: number) => topArtistArtist(t.artists, i)
  const artistLimit = index.artistCount
  yield* belowEach(`${file} artists.artist`, artistLimit, artists, artist, (s, e) => {
    for (let i = s; i < e; i++) if (topArtistArtist(t.artists, i) >= artistLimit) return i
    return -1
  })
}

/** The smallest gzip member: a 10-byte header, an empty DEFLATE block, the 8-byte trailer. */
const GZIP_MIN_BYTES = 20

/**
 * Index of the first body in [start, end) of a file that is not a gzip member (too short, or
 * not starting with RFC 1952's ID1 ID2 CM = 1f 8b 08), or -1.
 */
function firstNotGzip(offsets: Uint32Array, bodies: Uint8Array, start: number, end: number) {
  for (let i = start; i < end; i++) {
    const at = offsets[i]
    if (offsets[i + 1] - at < GZIP_MIN_BYTES) return i
    if (bodies[at] !== 0x1f || bodies[at + 1] !== 0x8b || bodies[at + 2] !== 0x08) return i
  }
  return -1
}

/**
 * The stored answers, when the index has them: the files cover every default answer of the
 * index once, in order, as the manifest lists them; each file's offsets run over its bodies;
 * each body is a gzip member (their contents are checked by the server against its renderers:
 * src/http/stored.ts).
 */
function* answers(index: Index): Work {
  const stored = index.answers
  const listed = index.manifest.answers
  if (!stored || !listed) return
  const expected = answerBases(index).end
  if (listed.count !== expected)
    fail(`the manifest lists ${listed.count} stored answers; the index has ${expected}`)
  let next = 0
  for (const [k, file] of stored.files.entries()) {
    const { name, first, count } = listed.files[k]
    if (file.first !== next) fail(`${name} starts at answer ${file.first}; ${next} was expected`)
    if (first !== file.first)
      fail(`${name} starts at answer ${file.first}; the manifest says ${first}`)
    yield* columns(index, ANSWERS_TABLE, file, name, count)
    const bad = yield* sliced(count, (s, e) => firstNotGzip(file.offsets, file.bodies, s, e))
    if (bad >= 0) fail(`${name} answer ${first + bad} is not a gzip body`)
    next += count
  }
  if (next !== expected) fail(`the answers files hold ${next} answers; the index has ${expected}`)
}

/**
 * The check as a generator (both parts unless told; the bench times them apart): throws
 * IndexError at the first problem found.
 */
export function* indexCheck(index: Index, parts = { bytes: true, structure: true }): Work {
  if (parts.bytes) yield* checksum(index)
  if (!parts.structure) return
  yield* catalog(index)
  for (const name of CHARTS) yield* chart(index, name)
  yield* weekly(index)
  yield* tops(index)
  yield* answers(index)
}

/** Runs the whole check at once (blocks for its duration). Throws IndexError. */
export function verifyIndexNow(index: Index): void {
  for (const _ of indexCheck(index));
}

/**
 * Runs the check, giving the event loop a turn once a slice of work has taken `budgetMs`
 * (requests keep being answered from the current index meanwhile). Yielding after every
 * slice instead made a check under load crawl: each turn also answers the waiting requests,
 * and 900 turns of them took 40 s at full scale (bench/RESULTS.md, soak). Rejects with
 * IndexError.
 */
export async function verifyIndex(index: Index, budgetMs = 5): Promise<void> {
  let until = performance.now() + budgetMs
  for (const _ of indexCheck(index)) {
    if (performance.now() < until) continue
    await new Promise<void>((resolve) => setImmediate(resolve))
    until = performance.now() + budgetMs
  }
}
