/**
 * Validation and normalisation of input rows into a compact columnar store: strings are
 * interned (tracks by Spotify id, regions by normalised name), each row becomes a few
 * typed-array cells. Bad rows are counted by reason with a few examples, never dropped
 * silently and never fatal.
 */
import {
  dayFromIso,
  LAST_DAY,
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
  | 'weekly viral 50 (not served)'

/** Examples kept per reason in the report. */
const EXAMPLES = 3

/**
 * Chart id of Spotify's weekly top 200 (a weekly download) in the row store, beside 0 top200
 * and 1 viral50 (schema/format.ts CHARTS): its rows' day is the Friday starting the week.
 */
export const WEEKLY_CHART = 2

/** Chart id of a download the index does not serve (weekly viral 50): its rows are dropped. */
export const UNSERVED_CHART = -1

/** What the build read from one input file. */
export interface InputTally {
  /** the file's name, as examples cite it */
  name: string
  /** the store row where its rows start */
  start: number
  rowsRead: number
  rowsKept: number
  /** the days its kept rows cover (a weekly chart: its whole week); 0xffff and 0 when none */
  firstDay: number
  lastDay: number
}

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

  /** per store region: its code when a download named it, else '' */
  readonly regionCodes: string[] = []

  readonly bad = new Map<BadReason, { count: number; examples: string[] }>()
  /** rows kept whose url cell was not the canonical https URL of its id (rebuilt from the id) */
  readonly rebuiltUrls = { count: 0, examples: [] as string[] }
  rowsRead = 0
  unknownTrends = 0
  /** the input files read so far, in order; rows are stored input after input */
  readonly inputs: InputTally[] = []

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

  /** Starts the rows of the next input file, `name` as examples cite it. */
  beginInput(name: string): void {
    this.inputs.push({
      name,
      start: this.length,
      rowsRead: 0,
      rowsKept: 0,
      firstDay: 0xffff,
      lastDay: 0,
    })
  }

  /**
   * Index in `inputs` of the input holding store row `row` (inputs hold consecutive rows).
   * O(log inputs).
   */
  inputOf(row: number): number {
    let lo = 0
    let hi = this.inputs.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (this.inputs[mid].start <= row) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  private get input(): InputTally {
    if (this.inputs.length === 0) this.beginInput('input')
    return this.inputs[this.inputs.length - 1]
  }

  private reject(reason: BadReason, row: number, value: unknown): void {
    let entry = this.bad.get(reason)
    if (!entry) this.bad.set(reason, (entry = { count: 0, examples: [] }))
    entry.count++
    if (entry.examples.length < EXAMPLES)
      entry.examples.push(
        `${this.input.name} row ${row}: ${JSON.stringify(value) ?? String(value)}`,
      )
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

  /** The store index of region `name` (interned on first sight, with `code` if given). */
  regionOf(name: string, code = ''): number {
    const key = normalizeName(name)
    let index = this.regionIndex.get(key)
    if (index === undefined) {
      index = this.regions.length
      if (index > 255) throw new Error(`ingest: more than 256 regions; "${name}" is the 257th`)
      this.regions.push(name.trim())
      this.regionCodes.push('')
      this.regionIndex.set(key, index)
    }
    if (code && !this.regionCodes[index]) this.regionCodes[index] = code
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
    else if (day < 0 || day > LAST_DAY) this.reject('date out of range', row, value)
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
      if (rebuilt.count++ < EXAMPLES)
        rebuilt.examples.push(`${this.input.name} row ${row}: ${JSON.stringify(value)}`)
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
  trackOf(id: string, title: string, artist: string): number {
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
    const input = this.input
    const before = this.length
    input.rowsRead += batch.length
    if (batch.fixed) this.addFixed(batch, batch.fixed)
    else this.addRows(batch)
    input.rowsKept += this.length - before
    const day = this.dayCol.data
    for (let k = before; k < this.length; k++) {
      if (day[k] < input.firstDay) input.firstDay = day[k]
      if (day[k] > input.lastDay) input.lastDay = day[k]
    }
    // a weekly chart covers its whole week
    if (batch.fixed?.chart === WEEKLY_CHART && this.length > before)
      input.lastDay = Math.max(input.lastDay, batch.fixed.day + 6)
  }

  /** The rows of one chart of a download: region, chart and date given, trend derived. */
  private addFixed(batch: InputBatch, fixed: NonNullable<InputBatch['fixed']>): void {
    const { title } = batch.columns
    const n = batch.length
    this.reserve(this.length + n)
    if (fixed.chart === UNSERVED_CHART) {
      for (let i = 0; i < n; i++) {
        this.rowsRead++
        this.reject('weekly viral 50 (not served)', batch.firstRow + i, title![i])
      }
      return
    }
    const region = this.regionOf(fixed.region, fixed.code)
    for (let i = 0; i < n; i++) {
      this.rowsRead++
      this.keep(batch, i, fixed.day, region, fixed.chart)
    }
  }

  /** Rows with every column (a Kaggle-layout file). */
  private addRows(batch: InputBatch): void {
    const { region, chart, date } = batch.columns
    const n = batch.length
    this.reserve(this.length + n)
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
      this.keep(batch, i, day, lastRegion, chartId)
    }
  }

  /**
   * Checks row `i` of `batch`'s own cells (rank, title, artist, url, streams) and stores it
   * with its day, region and chart, or rejects it at its first bad cell. Its trend is the
   * batch's, or TREND_NONE when it has none (a download: the build derives one).
   */
  private keep(batch: InputBatch, i: number, day: number, region: number, chart: number): void {
    const { title, rank, artist, url, trend, streams } = batch.columns
    const row = batch.firstRow + i
    const rankValue = this.rankCell(rank![i], row)
    if (rankValue < 0) return
    const titleValue = this.textCell(title![i], 'empty title', row)
    if (titleValue === null) return
    const artistValue = this.textCell(artist![i], 'empty artist', row)
    if (artistValue === null) return
    const urlValue = url![i]
    const id = this.trackIdCell(urlValue, row)
    if (id === null) return
    const streamsValue = streams ? this.streamsCell(streams[i], row) : STREAMS_NONE
    if (streamsValue < 0) return
    // Spotify's weekly chart is ranked by streams: a row without them cannot stand in it
    if (streamsValue === STREAMS_NONE && chart === WEEKLY_CHART) {
      this.reject('bad streams', row, stringifiable(streams?.[i]))
      return
    }
    const k = this.length++
    this.trackCol.data[k] = this.trackOf(id, titleValue, artistValue)
    this.streamsCol.data[k] = streamsValue
    this.dayCol.data[k] = day
    this.rankCol.data[k] = rankValue
    this.trendCol.data[k] = trend ? this.trendCell(trend[i]) : TREND_NONE
    this.regionCol.data[k] = region
    this.chartCol.data[k] = chart
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
