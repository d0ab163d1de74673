/**
 * /rankings bodies. JSON: each entry is `{"rank":R,` + the track's pre-rendered fragment
 * (trackId, title, artist, artists, url; escaped once at build time) + its chart facts, so
 * no string is decoded per request. FlatBuffers: the same facts as a Ranking table whose
 * strings are copied as bytes straight from the mapped pools.
 */
import { Builder } from 'flatbuffers'
import {
  isoFromDay,
  STREAMS_NONE,
  TRACK_ID_LENGTH,
  TRACK_URL_PREFIX,
  TRENDS,
} from '../../schema/format.ts'
import { Ranking } from '../../schema/generated/charts/fb/ranking.ts'
import { RankingEntry } from '../../schema/generated/charts/fb/ranking-entry.ts'
import {
  rowDaysOnChart,
  rowPeakRank,
  rowPreviousRank,
  rowRank,
  rowStreak,
  rowStreams,
  rowStreamsChange,
  rowTotalStreams,
  rowTrack,
  rowTrend,
} from '../../schema/points.ts'
import type { ChartIndex, Index } from '../store/open-index.ts'
import { type WeekStreams, WeekWindow } from '../store/week-streams.ts'
import { type Entries, entries, gather } from './fragments.ts'
import { bytesOf, JsonWriter, Literal, NULL_JSON, putInt, putLiteral } from './json-writer.ts'

/** By trend code (one of TRENDS in every row: src/store/verify-index.ts). */
const TREND_JSON = TRENDS.map((t) => new Literal(`,"trend":"${t}","streams":`))
const OPEN_ENTRY = new Literal('{"rank":')
const PREVIOUS = new Literal(',"previousRank":')
const PEAK = new Literal(',"peakRank":')
const DAYS = new Literal(',"daysOnChart":')
const STREAK = new Literal(',"streak":')
const CHANGE = new Literal(',"streamsChange":')
const TOTAL = new Literal(',"totalStreams":')
const WEEK = new Literal(',"weekStreams":')
const WEEK_CHANGE = new Literal(',"weekStreamsChange":')

const writer = new JsonWriter()

/** What a ranking request resolved to. */
export interface RankingQuery {
  chart: ChartIndex
  region: number
  datePos: number
  total: number
  /** row range after offset and limit */
  start: number
  end: number
  offset: number
  limit: number
}

/** Most bytes an entry adds besides its track fragment (members a caller adds included). */
export const RANKING_ENTRY_OVERHEAD = 400

/** Writes -n's digits behind a minus sign, or n's (a safe integer of either sign). */
export function putSigned(view: DataView, pos: number, n: number): number {
  if (n >= 0) return putInt(view, pos, n)
  view.setUint8(pos, 45) // -
  return putInt(view, pos + 1, -n)
}

/** Where the entries of one body come from: one ranking of `chart`. */
export interface RankingEntrySource {
  index: Index
  chart: ChartIndex
  /** the 7-day sums of the ranking's tracks (weekSums) */
  weeks: WeekWindow
  /** the entries' track fragments, gathered (fragments.ts) */
  e: Entries
}

const window = new WeekWindow()
const week: WeekStreams = { week: -1, before: -1 }

/** The 7-day sums of the ranking at `datePos` of `chart` in `region` (one body at a time). */
export function weekSums(index: Index, chart: ChartIndex, region: number, datePos: number) {
  return window.fill(chart, region, datePos, index.trackCount)
}

/**
 * Writes ranking entry r of `s.chart` from `{"rank":` to its last fact, without the closing
 * brace (callers may add members); its track fragment is that of slot i of `s.e` (gathered).
 * The caller has reserved room for the fragment plus RANKING_ENTRY_OVERHEAD. Returns the new
 * position. Cost: byte copies and, for the 7-day streams, two binary searches over the
 * track's points (week-streams.ts).
 */
export function putRankingEntry(s: RankingEntrySource, r: number, i: number, pos: number): number {
  const { index, e } = s
  const v = s.chart.rows
  const w = writer
  const out = w.buf
  const view = w.view
  pos = putLiteral(view, pos, OPEN_ENTRY)
  pos = putInt(view, pos, rowRank(v, r))
  out[pos++] = 44
  pos += index.trackJson.buf.copy(out, pos, e.start[i], e.end[i])
  pos = putLiteral(view, pos, TREND_JSON[rowTrend(v, r)])
  const streams = rowStreams(v, r)
  pos = streams === STREAMS_NONE ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, streams)
  pos = putLiteral(view, pos, PREVIOUS)
  const previous = rowPreviousRank(v, r)
  pos = previous === 0 ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, previous)
  pos = putLiteral(view, pos, PEAK)
  pos = putInt(view, pos, rowPeakRank(v, r))
  pos = putLiteral(view, pos, DAYS)
  pos = putInt(view, pos, rowDaysOnChart(v, r))
  pos = putLiteral(view, pos, STREAK)
  pos = putInt(view, pos, rowStreak(v, r))
  pos = putLiteral(view, pos, CHANGE)
  const change = rowStreamsChange(v, r)
  pos = Number.isNaN(change) ? putLiteral(view, pos, NULL_JSON) : putSigned(view, pos, change)
  pos = putLiteral(view, pos, TOTAL)
  const total = rowTotalStreams(v, r)
  pos = total < 0 ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, total)
  const { week: sum, change: diff } = weekFacts(s, r)
  pos = putLiteral(view, pos, WEEK)
  pos = sum < 0 ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, sum)
  pos = putLiteral(view, pos, WEEK_CHANGE)
  return Number.isNaN(diff) ? putLiteral(view, pos, NULL_JSON) : putSigned(view, pos, diff)
}

const facts = { week: -1, change: Number.NaN }

/**
 * An entry's `weekStreams` (-1: null) and `weekStreamsChange` (NaN: null): null on an entry
 * without streams of its own, the change null when the 7 days before have none (docs/API.md).
 */
function weekFacts(s: Pick<RankingEntrySource, 'chart' | 'weeks'>, r: number): typeof facts {
  const v = s.chart.rows
  facts.week = -1
  facts.change = Number.NaN
  if (rowStreams(v, r) === STREAMS_NONE) return facts
  s.weeks.sums(rowTrack(v, r), week)
  facts.week = week.week
  if (week.before >= 0) facts.change = week.week - week.before
  return facts
}

/** The shared writer, reset (bodies are made one at a time; the responder copies them). */
export function rankingWriter(): JsonWriter {
  return writer.reset()
}

/**
 * The JSON body of a ranking. Cost: the fragments gathered (fragments.ts), then one pass over
 * the rows; per entry one native copy of the track fragment, constants written four bytes at
 * a time and integers written in place.
 */
export function rankingJson(index: Index, q: RankingQuery): Uint8Array {
  const { chart } = q
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(
    `,"date":"${isoFromDay(chart.dates[q.datePos])}","chart":"${chart.name}","total":${q.total},"offset":${q.offset},"limit":${q.limit},"entries":[`,
  )
  const v = chart.rows
  const e = entries(q.end - q.start)
  for (let r = q.start; r < q.end; r++) e.tracks[r - q.start] = rowTrack(v, r)
  gather(index, e, q.end - q.start)
  const { start, end } = e
  const weeks = weekSums(index, chart, q.region, q.datePos)
  const source = { index, chart, weeks, e }
  for (let r = q.start, i = 0; r < q.end; r++, i++) {
    const out = w.reserve(end[i] - start[i] + RANKING_ENTRY_OVERHEAD)
    let pos = w.pos
    if (i > 0) out[pos++] = 44 // ,
    pos = putRankingEntry(source, r, i, pos)
    out[pos++] = 125 // }
    w.pos = pos
  }
  return w.ascii(']}').finish()
}

const TREND_NAMES = TRENDS.map((t) => bytesOf(t))
const URL_PREFIX = bytesOf(TRACK_URL_PREFIX)

function poolBytes(pool: Index['titles'], i: number): Uint8Array {
  return pool.bytes.subarray(pool.offsets[i], pool.offsets[i + 1])
}

/** The FlatBuffers body of a ranking (schema/ranking.fbs, identifier SCRK). */
export function rankingFlatBuffer(index: Index, q: RankingQuery): Uint8Array {
  const { chart } = q
  const b = new Builder(1024 + (q.end - q.start) * 256)
  const entries: number[] = []
  const v = chart.rows
  const source = { chart, weeks: weekSums(index, chart, q.region, q.datePos) }
  for (let r = q.start; r < q.end; r++) {
    const track = rowTrack(v, r)
    const artistIds: number[] = []
    for (let k = index.creditOffsets[track]; k < index.creditOffsets[track + 1]; k++) {
      artistIds.push(b.createString(poolBytes(index.artistNames, index.creditArtists[k])))
    }
    const artists = RankingEntry.createArtistsVector(b, artistIds)
    const id = index.trackIds.subarray(track * TRACK_ID_LENGTH, (track + 1) * TRACK_ID_LENGTH)
    const trackId = b.createString(id)
    const urlBytes = poolBytes(index.urls, track)
    const url = b.createString(urlBytes.length > 0 ? urlBytes : Buffer.concat([URL_PREFIX, id]))
    const title = b.createString(poolBytes(index.titles, track))
    const artist = b.createString(poolBytes(index.trackArtists, track))
    const trend = b.createString(TREND_NAMES[rowTrend(v, r)])
    const streams = rowStreams(v, r)
    const change = rowStreamsChange(v, r)
    const total = rowTotalStreams(v, r)
    const weekly = weekFacts(source, r)
    RankingEntry.startRankingEntry(b)
    RankingEntry.addRank(b, rowRank(v, r))
    RankingEntry.addTrackId(b, trackId)
    RankingEntry.addTitle(b, title)
    RankingEntry.addArtist(b, artist)
    RankingEntry.addArtists(b, artists)
    RankingEntry.addUrl(b, url)
    RankingEntry.addTrend(b, trend)
    RankingEntry.addStreams(b, BigInt(streams === STREAMS_NONE ? -1 : streams))
    RankingEntry.addPreviousRank(b, rowPreviousRank(v, r))
    RankingEntry.addPeakRank(b, rowPeakRank(v, r))
    RankingEntry.addDaysOnChart(b, rowDaysOnChart(v, r))
    RankingEntry.addStreak(b, rowStreak(v, r))
    // the optional scalars (absent = null): flatc 2.0.8's adders compare with a default of 0
    // and would leave a change of 0 out, so defaults are forced in around them
    if (!Number.isNaN(change)) {
      b.forceDefaults(true)
      RankingEntry.addStreamsChange(b, BigInt(change))
      b.forceDefaults(false)
    }
    RankingEntry.addTotalStreams(b, BigInt(total < 0 ? -1 : total))
    RankingEntry.addWeekStreams(b, BigInt(weekly.week))
    if (!Number.isNaN(weekly.change)) {
      b.forceDefaults(true)
      RankingEntry.addWeekStreamsChange(b, BigInt(weekly.change))
      b.forceDefaults(false)
    }
    entries.push(RankingEntry.endRankingEntry(b))
  }
  const entriesVec = Ranking.createEntriesVector(b, entries)
  const region = b.createString(poolBytes(index.regions, q.region))
  const date = b.createString(isoFromDay(chart.dates[q.datePos]))
  const chartName = b.createString(chart.name)
  Ranking.finishRankingBuffer(
    b,
    Ranking.createRanking(b, region, date, chartName, q.total, entriesVec),
  )
  return b.asUint8Array().slice()
}
