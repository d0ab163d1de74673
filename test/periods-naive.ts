/**
 * Answers over periods of dates (docs/API.md) computed naively from the raw rows, written
 * without the pipeline's code: weekly charts, top lists, artist stats and a track's history
 * across regions, by plain grouping and sorting of objects. Tests compare the server's answers
 * to these.
 */
import { naiveKey, naiveSplit, type OfficialWeek, type RawRow } from './helpers.ts'

const DAY_MS = 86_400_000

/** The track id at the end of a url. */
export const idOf = (url: string) => url.slice(-22)

/** The Friday (YYYY-MM-DD) starting the Friday-to-Thursday week holding `date`. */
export function naiveWeekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const back = (d.getUTCDay() - 5 + 7) % 7 // getUTCDay: 5 = Friday
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10)
}

/** The API's name folding, written independently: marks gone, lower case, non-word runs → one space. */
export function naiveFold(s: string): string {
  const folded = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  return folded || naiveKey(s)
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A weekly chart entry as the API shows it (track fields left out). */
export interface NaiveWeeklyEntry {
  rank: number
  trackId: string
  streams: number
  days: number
  previousRank: number | null
  peakRank: number
  weeksOnChart: number
  streak: number
}

/** A weekly chart as the API shows it (track fields left out). */
export interface NaiveWeek {
  source: 'official' | 'derived'
  days: number
  entries: NaiveWeeklyEntry[]
}

/**
 * Every week of a region's weekly charts: weekStart → its chart. A week of `official` (Spotify's
 * weekly charts) is Spotify's chart; any other week with daily top200 rows is derived from them.
 */
export function naiveWeekly(
  rows: RawRow[],
  region: string,
  official: readonly OfficialWeek[] = [],
): Map<string, NaiveWeek> {
  const weeks = new Map<string, RawRow[]>()
  for (const r of rows) {
    if (r.region !== region || r.chart !== 'top200') continue
    const w = naiveWeekStart(r.date)
    let list = weeks.get(w)
    if (!list) weeks.set(w, (list = []))
    list.push(r)
  }
  const spotify = new Map(official.filter((o) => o.region === region).map((o) => [o.weekStart, o]))
  for (const w of spotify.keys()) if (!weeks.has(w)) weeks.set(w, [])
  const out = new Map<string, NaiveWeek>()
  const history = new Map<
    string,
    { lastWeek: number; lastRank: number; peak: number; weeks: number; streak: number }
  >()
  const ordered = [...weeks.keys()].sort(byString)
  ordered.forEach((week, pos) => {
    const list = weeks.get(week)!
    const sums = new Map<string, { streams: number; days: number }>()
    for (const r of list) {
      const s = sums.get(idOf(r.url)) ?? { streams: 0, days: 0 }
      s.streams += r.streams ?? 0
      s.days++
      sums.set(idOf(r.url), s)
    }
    const chart = spotify.get(week)
    const ranked = chart
      ? chart.entries.map((e) => ({
          rank: e.rank,
          trackId: e.trackId,
          streams: e.streams,
          days: sums.get(e.trackId)?.days ?? 0,
        }))
      : [...sums.entries()]
          .sort((a, b) => b[1].streams - a[1].streams || byString(a[0], b[0]))
          .slice(0, 200)
          .map(([trackId, s], i) => ({ rank: i + 1, trackId, streams: s.streams, days: s.days }))
    const entries = ranked.map(({ rank, trackId, streams, days }) => {
      const h = history.get(trackId)
      const consecutive = h !== undefined && h.lastWeek === pos - 1
      const next = {
        lastWeek: pos,
        lastRank: rank,
        peak: Math.min(h?.peak ?? rank, rank),
        weeks: (h?.weeks ?? 0) + 1,
        streak: consecutive ? h.streak + 1 : 1,
      }
      history.set(trackId, next)
      return {
        rank,
        trackId,
        streams,
        days,
        previousRank: consecutive ? h.lastRank : null,
        peakRank: next.peak,
        weeksOnChart: next.weeks,
        streak: next.streak,
      }
    })
    out.set(week, {
      source: chart ? 'official' : 'derived',
      days: new Set(list.map((r) => r.date)).size,
      entries,
    })
  })
  return out
}

/** A top-list track (track fields left out). */
export interface NaiveTopTrack {
  rank: number
  trackId: string
  totalStreams: number
  peakRank: number
  daysOnChart: number
}

/** A top-list artist, named by its naive key (the display spelling is the server's choice). */
export interface NaiveTopArtist {
  rank: number
  key: string
  totalStreams: number
  tracks: number
  numberOnes: number
  peakRank: number
}

/** The top200 rows of a region, in a year (or all time when year is null). */
function topRows(rows: RawRow[], region: string, year: number | null): RawRow[] {
  return rows.filter(
    (r) =>
      r.region === region &&
      r.chart === 'top200' &&
      (year === null || r.date.startsWith(`${year}-`)),
  )
}

/** /top/tracks, computed from rows. */
export function naiveTopTracks(rows: RawRow[], region: string, year: number | null) {
  const tracks = new Map<string, { streams: number; peak: number; dates: Set<string> }>()
  for (const r of topRows(rows, region, year)) {
    const t = tracks.get(idOf(r.url)) ?? { streams: 0, peak: 999, dates: new Set<string>() }
    t.streams += r.streams ?? 0
    t.peak = Math.min(t.peak, r.rank)
    t.dates.add(r.date)
    tracks.set(idOf(r.url), t)
  }
  return [...tracks.entries()]
    .sort((a, b) => b[1].streams - a[1].streams || byString(a[0], b[0]))
    .map(
      ([trackId, t], i): NaiveTopTrack => ({
        rank: i + 1,
        trackId,
        totalStreams: t.streams,
        peakRank: t.peak,
        daysOnChart: t.dates.size,
      }),
    )
}

/** /top/artists, computed from rows: every credited artist gets the row's streams in full. */
export function naiveTopArtists(rows: RawRow[], region: string, year: number | null) {
  const artists = new Map<
    string,
    { streams: number; tracks: Set<string>; ones: Set<string>; peak: number; name: string }
  >()
  for (const r of topRows(rows, region, year)) {
    for (const name of naiveSplit(r.artist)) {
      const key = naiveKey(name)
      const a = artists.get(key) ?? {
        streams: 0,
        tracks: new Set<string>(),
        ones: new Set<string>(),
        peak: 999,
        name,
      }
      a.streams += r.streams ?? 0
      a.tracks.add(idOf(r.url))
      if (r.rank === 1) a.ones.add(idOf(r.url))
      a.peak = Math.min(a.peak, r.rank)
      artists.set(key, a)
    }
  }
  return [...artists.entries()]
    .sort((a, b) => b[1].streams - a[1].streams || byString(a[1].name, b[1].name))
    .map(
      ([key, a], i): NaiveTopArtist => ({
        rank: i + 1,
        key,
        totalStreams: a.streams,
        tracks: a.tracks.size,
        numberOnes: a.ones.size,
        peakRank: a.peak,
      }),
    )
}

/** /tracks/:id/history without a region, computed from rows. */
export function naiveSeries(rows: RawRow[], trackId: string, chart: string) {
  const byRegion = new Map<string, RawRow[]>()
  for (const r of rows) {
    if (r.chart !== chart || idOf(r.url) !== trackId) continue
    const list = byRegion.get(r.region) ?? []
    list.push(r)
    byRegion.set(r.region, list)
  }
  return [...byRegion.entries()]
    .map(([region, list]) => ({
      region,
      best: Math.min(...list.map((r) => r.rank)),
      points: list
        .sort((a, b) => byString(a.date, b.date))
        .map((r) => ({ date: r.date, rank: r.rank, streams: r.streams ?? null })),
    }))
    .sort((a, b) => a.best - b.best || byString(a.region, b.region))
    .map(({ region, points }) => ({ region, points }))
}
