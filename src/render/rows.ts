/**
 * Bodies built from many chart rows: the seed-compatible /tracks rows and a track's history.
 * Like rankings they are assembled as bytes: a row's title, artist and url are copied from
 * the track's pre-rendered fragment (`"trackId":"…","title":…,"artist":…,"artists":[…],"url":…`)
 * instead of being decoded into strings and re-encoded (JSON.stringify of 200 such rows
 * spent most of its time decoding and escaping strings).
 */
import { isoFromDay, STREAMS_NONE, TRENDS } from '../../schema/format.ts'
import { type PointViews, pointDate, pointRank, pointStreams } from '../../schema/points.ts'
import type { CompatRow } from '../store/compat.ts'
import type { RegionSeries } from '../store/history.ts'
import type { Index } from '../store/open-index.ts'
import { trackIdOf } from '../store/tracks.ts'
import { bytesOf, JsonWriter, NULL_JSON, putBytes, putInt } from './json-writer.ts'

const writer = new JsonWriter()

/** Where the title value starts in a fragment: after `"trackId":"<22 chars>","title":`. */
const TITLE_START = 43
/** `,"artist":` */
const ARTIST_KEY = 10
/** `,"url":` */
const URL_KEY = 7

/** End of the JSON string value starting at `start` (just past its closing quote). */
function stringEnd(bytes: Uint8Array, start: number): number {
  let i = start + 1
  while (bytes[i] !== 34) i += bytes[i] === 92 ? 2 : 1
  return i + 1
}

const regionJson = new WeakMap<Index, Buffer[]>()

/** The JSON string literal of each region's name (a few dozen, made once per index). */
function regionLiterals(index: Index): Buffer[] {
  let literals = regionJson.get(index)
  if (!literals) {
    literals = Array.from({ length: index.regionCount }, (_, r) =>
      bytesOf(JSON.stringify(index.regions.text(r))),
    )
    regionJson.set(index, literals)
  }
  return literals
}

const CHART_TREND: Record<string, Buffer[]> = {}
for (const chart of ['top200', 'viral50']) {
  CHART_TREND[chart] = [...TRENDS.map((t) => `"${t}"`), 'null'].map((t) =>
    bytesOf(`,"chart":"${chart}","trend":${t},"streams":`),
  )
}
const K_TITLE = bytesOf('{"title":')
const K_RANK = bytesOf(',"rank":')
const K_DATE = bytesOf(',"date":"')
const K_ARTIST = bytesOf('","artist":')
const K_URL = bytesOf(',"url":')
const K_REGION = bytesOf(',"region":')

/** GET /tracks?date&region&artist: rows in the original service's shape, in order. */
export function compatJson(index: Index, rows: CompatRow[]): Uint8Array {
  const json = index.trackJson
  const regions = regionLiterals(index)
  const w = writer.reset()
  w.ascii('[')
  rows.forEach((row, i) => {
    const base = json.offsets[row.track]
    const end = json.offsets[row.track + 1]
    const out = w.reserve(end - base + 256)
    let pos = w.pos
    if (i > 0) out[pos++] = 44
    const titleEnd = stringEnd(json.bytes, base + TITLE_START)
    pos = putBytes(out, pos, K_TITLE)
    pos += json.buf.copy(out, pos, base + TITLE_START, titleEnd)
    pos = putBytes(out, pos, K_RANK)
    pos = putInt(out, pos, row.rank)
    pos = putBytes(out, pos, K_DATE)
    const date = isoFromDay(row.day)
    for (let k = 0; k < 10; k++) out[pos + k] = date.charCodeAt(k)
    pos += 10
    pos = putBytes(out, pos, K_ARTIST)
    pos += json.buf.copy(
      out,
      pos,
      titleEnd + ARTIST_KEY,
      base + index.trackJsonArtistEnd[row.track],
    )
    pos = putBytes(out, pos, K_URL)
    pos += json.buf.copy(out, pos, base + index.trackJsonUrlStart[row.track] + URL_KEY, end)
    pos = putBytes(out, pos, K_REGION)
    pos = putBytes(out, pos, regions[row.region])
    pos = putBytes(
      out,
      pos,
      CHART_TREND[row.chart][row.trend < TRENDS.length ? row.trend : TRENDS.length],
    )
    pos = row.streams < 0 ? putBytes(out, pos, NULL_JSON) : putInt(out, pos, row.streams)
    out[pos++] = 125
    w.pos = pos
  })
  return w.ascii(']').finish()
}

const P_DATE = bytesOf('{"date":"')
const P_RANK = bytesOf('","rank":')
const P_STREAMS = bytesOf(',"streams":')

/** Writes points [start, end) as a JSON array of `{"date","rank","streams"}`. */
function writePoints(w: JsonWriter, p: PointViews, start: number, end: number): void {
  w.ascii('[')
  for (let i = start; i < end; i++) {
    const out = w.reserve(64)
    let pos = w.pos
    if (i > start) out[pos++] = 44
    pos = putBytes(out, pos, P_DATE)
    const date = isoFromDay(pointDate(p, i))
    for (let k = 0; k < 10; k++) out[pos + k] = date.charCodeAt(k)
    pos += 10
    pos = putBytes(out, pos, P_RANK)
    pos = putInt(out, pos, pointRank(p, i))
    pos = putBytes(out, pos, P_STREAMS)
    const s = pointStreams(p, i)
    pos = s === STREAMS_NONE ? putBytes(out, pos, NULL_JSON) : putInt(out, pos, s)
    out[pos++] = 125
    w.pos = pos
  }
  w.ascii(']')
}

/** GET /tracks/:trackId/history without a region: one series per region (API.md v2). */
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
    w.ascii('{"region":').raw(regionLiterals(index)[s.region]).ascii(',"points":')
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
  w.ascii(`{"trackId":"${trackIdOf(index, t)}","region":`).raw(regionLiterals(index)[region])
  w.ascii(`,"chart":"${chart}","points":`)
  writePoints(w, index.charts[chart].points, start, end)
  return w.ascii('}').finish()
}
