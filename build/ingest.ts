/**
 * Validation and normalisation of input rows into a compact columnar store: strings are
 * interned (tracks by Spotify id, regions by normalised name), each row becomes a few
 * typed-array cells. Bad rows are counted by reason with a few examples, never dropped
 * silently and never fatal.
 */
import { dayFromIso, normalizeName, STREAMS_NONE, TREND_NONE, TRENDS } from '../schema/format.ts'
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

  private dayOf(value: unknown): number {
    if (typeof value === 'number') return Number.isInteger(value) ? value : -2
    if (typeof value !== 'string') return -2
    let day = this.dayCache.get(value)
    if (day === undefined) {
      const text = value.trim()
      // accept a time part after the date ("2017-01-01 00:00:00", "2017-01-01T00:00:00Z")
      day =
        text.length > 10 && (text[10] === ' ' || text[10] === 'T')
          ? dayFromIso(text.slice(0, 10))
          : dayFromIso(text)
      if (day < 0) day = -2
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

  /** Validates and stores one batch. */
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
    let lastRegionName: unknown
    let lastRegion = 0
    for (let i = 0; i < n; i++) {
      const row = batch.firstRow + i
      this.rowsRead++
      const chartValue = chart![i]
      const chartName = typeof chartValue === 'string' ? chartValue.trim().toLowerCase() : ''
      const chartId = chartName === 'top200' ? 0 : chartName === 'viral50' ? 1 : -1
      if (chartId < 0) {
        this.reject('unknown chart', row, chartValue)
        continue
      }
      const regionValue = region![i]
      if (regionValue !== lastRegionName) {
        if (typeof regionValue !== 'string' || regionValue.trim() === '') {
          this.reject('empty region', row, regionValue)
          continue
        }
        lastRegion = this.regionOf(regionValue)
        lastRegionName = regionValue
      }
      const day = this.dayOf(date![i])
      if (day < 0) {
        this.reject('unparseable date', row, date![i])
        continue
      }
      if (day > 0xffff) {
        this.reject('date out of range', row, date![i])
        continue
      }
      const rankValue = toNumber(rank![i])
      if (!(Number.isInteger(rankValue) && rankValue >= 1 && rankValue <= 200)) {
        this.reject('rank outside 1..200', row, stringifiable(rank![i]))
        continue
      }
      const titleValue = title![i]
      if (typeof titleValue !== 'string' || titleValue.trim() === '') {
        this.reject('empty title', row, titleValue)
        continue
      }
      const artistValue = artist![i]
      if (typeof artistValue !== 'string' || artistValue.trim() === '') {
        this.reject('empty artist', row, artistValue)
        continue
      }
      const urlValue = url![i]
      const match = typeof urlValue === 'string' ? URL_ID.exec(urlValue.trim()) : null
      if (!match) {
        this.reject('url without a track id', row, urlValue)
        continue
      }
      let streamsCell = STREAMS_NONE
      if (streams) {
        const raw = streams[i]
        if (raw !== null && raw !== undefined && raw !== '') {
          const s = toNumber(raw)
          if (Number.isNaN(s)) {
            if (typeof raw !== 'number' && String(raw).trim().toLowerCase() !== 'nan') {
              this.reject('bad streams', row, stringifiable(raw))
              continue
            }
          } else if (s < 0 || s >= STREAMS_NONE) {
            this.reject('bad streams', row, stringifiable(raw))
            continue
          } else {
            streamsCell = Math.round(s)
          }
        }
      }
      const id = match[1]
      let track = this.trackIndex.get(id)
      if (track === undefined) {
        track = this.tracks.length
        this.trackIndex.set(id, track)
        this.tracks.push({
          id,
          title: titleValue.trim(),
          artist: artistValue.trim(),
          url: urlValue as string,
        })
      }
      let trendCode = TREND_NONE
      if (trend) {
        const t = trend[i]
        const code = typeof t === 'string' ? TRENDS.indexOf(t.trim().toUpperCase() as never) : -1
        if (code >= 0) trendCode = code
        else if (t !== null && t !== undefined && t !== '') this.unknownTrends++
      }
      const k = this.length++
      cols.track[k] = track
      cols.streams[k] = streamsCell
      cols.day[k] = day
      cols.rank[k] = rankValue
      cols.trend[k] = trendCode
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
