/** /artist bodies: tracks as pre-rendered id/title/artist + url fragments plus their statistics. */
import { isoFromDay } from '../../schema/format.ts'
import type { ArtistDay } from '../store/artist-days.ts'
import type { ArtistPage, ArtistStats, RegionTotals } from '../store/artist-stats.ts'
import { roleOf } from '../store/artists.ts'
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import { entries, gather } from './fragments.ts'
import { jsonBytes } from './json-value.ts'
import { JsonWriter, Literal, NULL_JSON, putInt, putIsoDay, putLiteral } from './json-writer.ts'

const writer = new JsonWriter()

const dateOrNull = (day: number) => (day < 0 ? null : isoFromDay(day))

/** One `byRegion` entry (docs/API.md /artist), in the contract's field order. */
function regionJson(index: Index, r: RegionTotals) {
  return {
    region: index.regions.text(r.region),
    code: index.regionCodes[r.region] || null,
    tracks: r.tracks,
    totalStreams: r.totalStreams,
    peakRank: r.peakRank < 0 ? null : r.peakRank,
    numberOnes: r.numberOnes,
    topTens: r.topTens,
    chartDays: r.chartDays,
    firstDate: dateOrNull(r.firstDate),
    lastDate: dateOrNull(r.lastDate),
  }
}

/** The `stats` object of an artist page (docs/API.md /artist): one region's. */
function statsJson(s: ArtistStats) {
  return {
    tracks: s.tracks,
    totalStreams: s.totalStreams,
    peakRank: s.peakRank < 0 ? null : s.peakRank,
    numberOnes: s.numberOnes,
    topTens: s.topTens,
    chartDays: s.chartDays,
    firstDate: dateOrNull(s.firstDate),
    lastDate: dateOrNull(s.lastDate),
    regions: s.regions,
    leadTracks: s.leadTracks,
    leadStreams: s.leadStreams,
    featuredTracks: s.featuredTracks,
    featuredStreams: s.featuredStreams,
  }
}

const PEAK_RANK = new Literal(',"peakRank":')
const PEAK_DATE = new Literal(',"peakDate":"')
const FIRST_DATE = new Literal('","firstDate":"')
const LAST_DATE = new Literal('","lastDate":"')
const DAYS = new Literal('","daysOnChart":')
const STREAMS = new Literal(',"totalStreams":')
const REGIONS = new Literal(',"regions":')
const ROLE = [new Literal(',"role":"lead"}'), new Literal(',"role":"featured"}')]

/** Most bytes a track adds besides its fragment. */
const TRACK_OVERHEAD = 192

/** What an artist answer shows: the artist, the region its figures are of, the page. */
export interface ArtistAnswer {
  artist: number
  /** name of the region the tracks and stats cover */
  region: string
  page: ArtistPage
  offset: number
  limit: number
}

/**
 * The JSON body of an artist page: its region, stats and byRegion, then
 * `tracks[offset, offset + limit)`, each the track's fragment without its `artists` list,
 * then its statistics (written like ranking entries: fragments gathered first, constants as
 * Literals, numbers and dates in place).
 */
export function artistJson(index: Index, answer: ArtistAnswer): Uint8Array {
  const { artist, offset, limit } = answer
  const { tracks, stats, byRegion } = answer.page
  const json = index.trackJson
  const w = writer.reset()
  w.ascii('{"artist":').str(index.artistNames.text(artist))
  w.ascii(',"region":').str(answer.region)
  w.ascii(',"stats":').utf8(JSON.stringify(statsJson(stats)))
  w.ascii(',"byRegion":').utf8(JSON.stringify(byRegion.map((r) => regionJson(index, r))))
  w.ascii(`,"totalTracks":${tracks.length},"offset":${offset},"limit":${limit},"tracks":[`)
  const { start, end } = pageRange(0, tracks.length, offset, limit)
  const n = end - start
  const e = entries(n)
  for (let i = 0; i < n; i++) e.tracks[i] = tracks[start + i].track
  gather(index, e, n, true)
  for (let i = 0; i < n; i++) {
    const t = tracks[start + i]
    const out = w.reserve(e.end[i] - e.start[i] + TRACK_OVERHEAD)
    const view = w.view
    let pos = w.pos
    if (i > 0) out[pos++] = 44 // ,
    out[pos++] = 123 // {
    pos += json.buf.copy(out, pos, e.start[i], e.artistEnd[i])
    pos += json.buf.copy(out, pos, e.urlStart[i], e.end[i])
    pos = putInt(view, putLiteral(view, pos, PEAK_RANK), t.peakRank)
    pos = putIsoDay(out, putLiteral(view, pos, PEAK_DATE), t.peakDate)
    pos = putIsoDay(out, putLiteral(view, pos, FIRST_DATE), t.firstDate)
    pos = putIsoDay(out, putLiteral(view, pos, LAST_DATE), t.lastDate)
    pos = putInt(view, putLiteral(view, pos, DAYS), t.days)
    pos = putLiteral(view, pos, STREAMS)
    pos = t.totalStreams < 0 ? putLiteral(view, pos, NULL_JSON) : putInt(view, pos, t.totalStreams)
    pos = putInt(view, putLiteral(view, pos, REGIONS), t.regions)
    pos = putLiteral(view, pos, ROLE[roleOf(index, artist, t.track) === 'lead' ? 0 : 1])
    w.pos = pos
  }
  return w.ascii(']}').finish()
}

/** What an artist's days answer holds. */
export interface ArtistDaysAnswer {
  artist: number
  region: string
  chart: string
  days: ArtistDay[]
}

/** The JSON body of /artist/daily. */
export function artistDaysJson(index: Index, a: ArtistDaysAnswer): Uint8Array {
  return jsonBytes({
    artist: index.artistNames.text(a.artist),
    region: a.region,
    chart: a.chart,
    total: a.days.length,
    days: a.days.map((d) => ({
      date: isoFromDay(d.date),
      streams: d.streams < 0 ? null : d.streams,
      tracks: d.tracks,
      bestRank: d.bestRank,
    })),
  })
}
