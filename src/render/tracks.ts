/**
 * Bodies of the tracks routes: GET /tracks/:trackId (a plain object around the track's
 * fragment), its history and the filtered rows of GET /tracks. The last two are built
 * from many chart rows and, like rankings, assembled as bytes: a row's title, artist and url are copied from
 * the track's pre-rendered fragment (`"trackId":"…","title":…,"artist":…,"artists":[…],"url":…`)
 * instead of being decoded into strings and re-encoded (JSON.stringify of 200 such rows
 * spent most of its time decoding and escaping strings).
 */
import { isoFromDay, STREAMS_NONE, TRENDS } from '../../schema/format.ts'
import { type PointViews, pointDate, pointRank, pointStreams } from '../../schema/points.ts'
import { TRACK_JSON_KEYS, TRACK_JSON_TITLE_START } from '../../schema/track-json.ts'
import type { FilteredRow } from '../store/filtered-rows.ts'
import type { RegionSeries } from '../store/history.ts'
import type { Index } from '../store/open-index.ts'
import { perIndex } from '../store/per-index.ts'
import { type TrackRegionStats, trackIdOf } from '../store/tracks.ts'
import { entries, gather } from './fragments.ts'
import { JsonWriter, Literal, NULL_JSON, putInt, putIsoDay, putLiteral } from './json-writer.ts'

const writer = new JsonWriter()
const encoder = new TextEncoder()

/** GET /tracks/:trackId: the track and its per-chart, per-region stats. */
export function trackJson(index: Index, t: number, stats: TrackRegionStats[]): Uint8Array {
  const charts = stats.map((s) => ({
    chart: s.chart,
    region: index.regions.text(s.region),
    peakRank: s.peakRank,
    peakDate: isoFromDay(s.peakDate),
    firstDate: isoFromDay(s.firstDate),
    lastDate: isoFromDay(s.lastDate),
    daysOnChart: s.days,
    totalStreams: s.totalStreams < 0 ? null : s.totalStreams,
    daysAtPeak: s.daysAtPeak,
    daysAtNumberOne: s.daysAtNumberOne,
    numberOneRuns: s.numberOneRuns.map((r) => ({
      from: isoFromDay(r.from),
      to: isoFromDay(r.to),
      days: r.days,
    })),
    bestDay: s.bestDay && { date: isoFromDay(s.bestDay.date), streams: s.bestDay.streams },
  }))
  return encoder.encode(`{${index.trackJson.text(t)},"charts":${JSON.stringify(charts)}}`)
}

/** Bytes of the keys before a fragment's artist and url values (schema/track-json.ts). */
const ARTIST_KEY = TRACK_JSON_KEYS.artist.length
const URL_KEY = TRACK_JSON_KEYS.url.length

/** End of the JSON string value starting at `start` (just past its closing quote). */
function stringEnd(bytes: Uint8Array, start: number): number {
  let i = start + 1
  while (bytes[i] !== 34) i += bytes[i] === 92 ? 2 : 1
  return i + 1
}

/** The JSON string literal of each region's name (a few dozen, made once per index). */
const regionLiterals = perIndex((index) =>
  Array.from(
    { length: index.regionCount },
    (_, r) => new Literal(JSON.stringify(index.regions.text(r))),
  ),
)

const CHART_TREND: Record<string, Literal[]> = {}
for (const chart of ['top200', 'viral50']) {
  // by trend code (one of TRENDS in every row: src/store/verify-index.ts)
  CHART_TREND[chart] = TRENDS.map(
    (t) => new Literal(`,"chart":"${chart}","trend":"${t}","streams":`),
  )
}
const K_TITLE = new Literal('{"title":')
const K_RANK = new Literal(',"rank":')
const K_DATE = new Literal(',"date":"')
const K_ARTIST = new Literal('","artist":')
const K_URL = new Literal(',"url":')
const K_REGION = new Literal(',"region":')

/** GET /tracks?date&region&artist: the filtered rows, in order. */
export function filteredRowsJson(index: Index, rows: FilteredRow[]): Uint8Array {
  const json = index.trackJson
  const regions = regionLiterals(index)
  const e = entries(rows.length)
  for (let i = 0; i < rows.length; i++) e.tracks[i] = rows[i].track
  gather(index, e, rows.length, true)
  const w = writer.reset()
  w.ascii('[')
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    const base = e.start[i]
    const out = w.reserve(e.end[i] - base + 256)
    const view = w.view
    let pos = w.pos
    if (i > 0) out[pos++] = 44
    const titleEnd = stringEnd(json.bytes, base + TRACK_JSON_TITLE_START)
    pos = putLiteral(view, pos, K_TITLE)
    pos += json.buf.copy(out, pos, base + TRACK_JSON_TITLE_START, titleEnd)
    pos = putLiteral(view, pos, K_RANK)
    pos = putInt(view, pos, row.rank)
    pos = putLiteral(view, pos, K_DATE)
    pos = putIsoDay(out, pos, row.day)
    pos = putLiteral(view, pos, K_ARTIST)
    pos += json.buf.copy(out, pos, titleEnd + ARTIST_KEY, e.artistEnd[i])
    pos = putLiteral(view, pos, K_URL)
    pos += json.buf.copy(out, pos, e.urlStart[i] + URL_KEY, e.end[i])
    pos = putLiteral(view, pos, K_REGION)
    pos = putLiteral(view, pos, regions[row.region])
    const trends = CHART_TREND[row.chart]
    pos = putLiteral(view, pos, trends[row.trend])
    pos = row.streams < 0 ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, row.streams)
    out[pos++] = 125
    w.pos = pos
  }
  return w.ascii(']').finish()
}

const P_DATE = new Literal('{"date":"')
const P_RANK = new Literal('","rank":')
const P_STREAMS = new Literal(',"streams":')

/** Writes points [start, end) as a JSON array of `{"date","rank","streams"}`. */
function writePoints(w: JsonWriter, p: PointViews, start: number, end: number): void {
  w.ascii('[')
  for (let i = start; i < end; i++) {
    const out = w.reserve(72)
    const view = w.view
    let pos = w.pos
    if (i > start) out[pos++] = 44
    pos = putLiteral(view, pos, P_DATE)
    pos = putIsoDay(out, pos, pointDate(p, i))
    pos = putLiteral(view, pos, P_RANK)
    pos = putInt(view, pos, pointRank(p, i))
    pos = putLiteral(view, pos, P_STREAMS)
    const s = pointStreams(p, i)
    pos = s === STREAMS_NONE ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, s)
    out[pos++] = 125
    w.pos = pos
  }
  w.ascii(']')
}

/** GET /tracks/:trackId/history without a region: one series per region (docs/API.md). */
export function historySeriesJson(
  index: Index,
  t: number,
  chart: 'top200' | 'viral50',
  series: RegionSeries[],
): Uint8Array {
  const p = index.charts[chart].points
  const w = writer.reset()
  w.ascii(`{"trackId":"${trackIdOf(index, t)}","chart":"${chart}","series":[`)
  series.forEach((s, i) => {
    if (i > 0) w.ascii(',')
    w.ascii('{"region":').literal(regionLiterals(index)[s.region]).ascii(',"points":')
    writePoints(w, p, s.start, s.end)
    w.ascii('}')
  })
  return w.ascii(']}').finish()
}

/** GET /tracks/:trackId/history: points [start, end) of the track on `chart` in `region`. */
export function historyJson(
  index: Index,
  t: number,
  region: number,
  chart: 'top200' | 'viral50',
  start: number,
  end: number,
): Uint8Array {
  const w = writer.reset()
  w.ascii(`{"trackId":"${trackIdOf(index, t)}","region":`).literal(regionLiterals(index)[region])
  w.ascii(`,"chart":"${chart}","points":`)
  writePoints(w, index.charts[chart].points, start, end)
  return w.ascii('}').finish()
}
