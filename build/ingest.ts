/**
 * Validation and normalisation of input rows into a compact columnar store: strings are
 * interned (tracks by Spotify id, regions by normalised name), each row becomes a few
 * typed-array cells. Bad rows are counted by reason with a few examples, never dropped
 * silently and never fatal.
 */
import {
  dayFromIso,
  normalizeName,
  STREAMS_NONE,
  TRACK_URL_PREFIX,
  TREND_NONE,
  TRENDS,
} from '../schema/format.ts'
import type { InputBatch } from './columns.ts'

/** Why a row was dropped. */
export type BadReason =
  | 'unparseable date'
  | 'date out of range'
  | 'rank outside 1..200'
  | 'unknown chart'
  | 'empty title'
  | 'empty artist'
  | 'empty region'
  | 'url without a track id'
  | 'bad streams'

/** Examples kept per reason in the report. */
const EXAMPLES = 3

/** A growable typed array column. */
class Grow<T extends Uint8Array | Uint16Array | Uint32Array> {
  data: T
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1 << 16)
  }
  release(): void {
    this.data = this.make(0)
  }
  ensure(n: number): void {
    if (n <= this.data.length) return
    const next = this.make(Math.max(n, this.data.length * 2))
    next.set(this.data)
    this.data = next
  }
}

const URL_ID = /([A-Za-z0-9]{22})\/?(?:[?#].*)?$/

/** Track facts as first seen in the input. */
export interface TrackInfo {
  id: string
  title: string
  artist: string
  /**
   * `https://open.spotify.com/track/<id>`, always: a url cell of any other form (another
   * scheme or host, a query, a `javascript:` URL ending in an id) is rebuilt from the id and
   * counted (RowStore.rebuiltUrls), so the index never hands a client a link the data made up
   */
  url: string
}

/** The rows read so far, in input order, plus interned strings and the bad-row tally. */
export class RowStore {
  length = 0
  private readonly trackCol = new Grow((n) => new Uint32Array(n))
  private readonly streamsCol = new Grow((n) => new Uint32Array(n))
  private readonly dayCol = new Grow((n) => new Uint16Array(n))
  private readonly rankCol = new Grow((n) => new Uint8Array(n))
  private readonly trendCol = new Grow((n) => new Uint8Array(n))
  private readonly regionCol = new Grow((n) => new Uint8Array(n))
  private readonly chartCol = new Grow((n) => new Uint8Array(n))

  readonly tracks: TrackInfo[] = []
  private readonly trackIndex = new Map<string, number>()
  /** region display names (first spelling seen), by region index */
  readonly regions: string[] = []
  private readonly regionIndex = new Map<string, number>()
  private readonly dayCache = new Map<string, number>()

  readonly bad = new Map<BadReason, { count: number; examples: string[] }>()
  /** rows kept whose url cell was not the canonical https URL of its id (rebuilt from the id) */
  readonly rebuiltUrls = { count: 0, examples: [] as string[] }
  rowsRead = 0
  unknownTrends = 0

  /** Column views trimmed to the rows read. */
  get columns() {
    const n = this.length
    return {
      track: this.trackCol.data.subarray(0, n),
      streams: this.streamsCol.data.subarray(0, n),
      day: this.dayCol.data.subarray(0, n),
      rank: this.rankCol.data.subarray(0, n),
      trend: this.trendCol.data.subarray(0, n),
      region: this.regionCol.data.subarray(0, n),
      chart: this.chartCol.data.subarray(0, n),
    }
  }

  /** Rows kept per track (store index), before the duplicate rule. */
  rowsPerTrack(): Uint32Array {
    const counts = new Uint32Array(this.tracks.length)
    const track = this.trackCol.data
    for (let i = 0; i < this.length; i++) counts[track[i]]++
    return counts
  }

  private reject(reason: BadReason, row: number, value: unknown): void {
    let entry = this.bad.get(reason)
    if (!entry) this.bad.set(reason, (entry = { count: 0, examples: [] }))
    entry.count++
    if (entry.examples.length < EXAMPLES)
      entry.examples.push(`row ${row}: ${JSON.stringify(value) ?? String(value)}`)
  }

  /** Day number of a cell (any real date, before 1970 negative), or NaN when it is none. */
  private dayOf(value: unknown): number {
    if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN
    if (typeof value !== 'string') return Number.NaN
    let day = this.dayCache.get(value)
    if (day === undefined) {
      const text = value.trim()
      // accept a time part after the date ("2017-01-01 00:00:00", "2017-01-01T00:00:00Z")
      day =
        text.length > 10 && (text[10] === ' ' || text[10] === 'T')
          ? dayFromIso(text.slice(0, 10))
          : dayFromIso(text)
      if (this.dayCache.size < 100_000) this.dayCache.set(value, day)
    }
    return day
  }

  private regionOf(name: string): number {
    const key = normalizeName(name)
    let index = this.regionIndex.get(key)
    if (index === undefined) {
      index = this.regions.length
      if (index > 255) throw new Error(`ingest: more than 256 regions; "${name}" is the 257th`)
      this.regions.push(name.trim())
      this.regionIndex.set(key, index)
    }
    return index
  }

  /** Chart id of a cell (0 top200, 1 viral50), or -1 (the row is rejected). */
  private chartCell(value: unknown, row: number): number {
    const name = typeof value === 'string' ? value.trim().toLowerCase() : ''
    const id = name === 'top200' ? 0 : name === 'viral50' ? 1 : -1
    if (id < 0) this.reject('unknown chart', row, value)
    return id
  }

  /** Region index of a cell, or -1 (rejected). */
  private regionCell(value: unknown, row: number): number {
    if (typeof value === 'string' && value.trim() !== '') return this.regionOf(value)
    this.reject('empty region', row, value)
    return -1
  }

  /** Day number of a cell, or -1 (rejected). */
  private dayCell(value: unknown, row: number): number {
    const day = this.dayOf(value)
    if (Number.isNaN(day)) this.reject('unparseable date', row, value)
    else if (day < 0 || day > 0xffff) this.reject('date out of range', row, value)
    else return day
    return -1
  }

  /** Rank (1..200) of a cell, or -1 (rejected). */
  private rankCell(value: unknown, row: number): number {
    const rank = toNumber(value)
    if (Number.isInteger(rank) && rank >= 1 && rank <= 200) return rank
    this.reject('rank outside 1..200', row, stringifiable(value))
    return -1
  }

  /** A non-blank text cell, or null (rejected for `reason`). */
  private textCell(value: unknown, reason: BadReason, row: number): string | null {
    if (typeof value === 'string' && value.trim() !== '') return value
    this.reject(reason, row, value)
    return null
  }

  /**
   * The Spotify id at the end of a url cell, or null (rejected). A cell that is not exactly
   * the id's canonical URL is counted in `rebuiltUrls` (the track gets the canonical one).
   */
  private trackIdCell(value: unknown, row: number): string | null {
    const text = typeof value === 'string' ? value.trim() : ''
    const match = URL_ID.exec(text)
    if (!match) {
      this.reject('url without a track id', row, value)
      return null
    }
    const id = match[1]
    if (text.length !== TRACK_URL_PREFIX.length + id.length || !text.startsWith(TRACK_URL_PREFIX)) {
      const rebuilt = this.rebuiltUrls
      if (rebuilt.count++ < EXAMPLES) rebuilt.examples.push(`row ${row}: ${JSON.stringify(value)}`)
    }
    return id
  }

  /** Streams of a cell: STREAMS_NONE when empty or NaN, -1 when rejected. */
  private streamsCell(raw: unknown, row: number): number {
    if (raw === null || raw === undefined || raw === '') return STREAMS_NONE
    const s = toNumber(raw)
    if (Number.isNaN(s)) {
      if (typeof raw === 'number' || String(raw).trim().toLowerCase() === 'nan') return STREAMS_NONE
    } else if (s >= 0 && s < STREAMS_NONE) return Math.round(s)
    this.reject('bad streams', row, stringifiable(raw))
    return -1
  }

  /** Trend code of a cell; TREND_NONE (an unrecognised value is counted, never fatal). */
  private trendCell(value: unknown): number {
    const code =
      typeof value === 'string' ? TRENDS.indexOf(value.trim().toUpperCase() as never) : -1
    if (code >= 0) return code
    if (value !== null && value !== undefined && value !== '') this.unknownTrends++
    return TREND_NONE
  }

  /** The store index of track `id`, interned with the facts of its first row. */
  private trackOf(id: string, title: string, artist: string): number {
    let track = this.trackIndex.get(id)
    if (track === undefined) {
      track = this.tracks.length
      this.trackIndex.set(id, track)
      this.tracks.push({
        id,
        title: title.trim(),
        artist: artist.trim(),
        url: TRACK_URL_PREFIX + id,
      })
    }
    return track
  }

  /** Validates and stores one batch: a row's cells in turn, the first bad one rejects it. */
  add(batch: InputBatch): void {
    const { title, rank, date, artist, url, region, chart, trend, streams } = batch.columns
    const n = batch.length
    this.reserve(this.length + n)
    const cols = {
      track: this.trackCol.data,
      streams: this.streamsCol.data,
      day: this.dayCol.data,
      rank: this.rankCol.data,
      trend: this.trendCol.data,
      region: this.regionCol.data,
      chart: this.chartCol.data,
    }
    // runs of rows share a region: its name is looked up once per run
    let lastRegionName: unknown
    let lastRegion = 0
    for (let i = 0; i < n; i++) {
      const row = batch.firstRow + i
      this.rowsRead++
      const chartId = this.chartCell(chart![i], row)
      if (chartId < 0) continue
      const regionValue = region![i]
      if (regionValue !== lastRegionName) {
        const r = this.regionCell(regionValue, row)
        if (r < 0) continue
        lastRegion = r
        lastRegionName = regionValue
      }
      const day = this.dayCell(date![i], row)
      if (day < 0) continue
      const rankValue = this.rankCell(rank![i], row)
      if (rankValue < 0) continue
      const titleValue = this.textCell(title![i], 'empty title', row)
      if (titleValue === null) continue
      const artistValue = this.textCell(artist![i], 'empty artist', row)
      if (artistValue === null) continue
      const id = this.trackIdCell(url![i], row)
      if (id === null) continue
      const streamsValue = streams ? this.streamsCell(streams[i], row) : STREAMS_NONE
      if (streamsValue < 0) continue
      const k = this.length++
      cols.track[k] = this.trackOf(id, titleValue, artistValue)
      cols.streams[k] = streamsValue
      cols.day[k] = day
      cols.rank[k] = rankValue
      cols.trend[k] = trend ? this.trendCell(trend[i]) : TREND_NONE
      cols.region[k] = lastRegion
      cols.chart[k] = chartId
    }
  }

  /** Frees the row columns (once both charts are built; the tracks and tallies stay). */
  releaseRows(): void {
    for (const col of this.allColumns()) col.release()
    this.length = 0
  }

  /**
   * Makes room for `n` rows in all. Called with a parquet file's row count before reading, the
   * columns are allocated once at their final size instead of doubling (at 26 M rows doubling
   * would hold 1.5× the columns, and both copies while one grows).
   */
  reserve(n: number): void {
    for (const col of this.allColumns()) col.ensure(n)
  }

  private allColumns() {
    return [
      this.trackCol,
      this.streamsCol,
      this.dayCol,
      this.rankCol,
      this.trendCol,
      this.regionCol,
      this.chartCol,
    ]
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') return value.trim() === '' ? Number.NaN : Number(value)
  return Number.NaN
}

function stringifiable(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
