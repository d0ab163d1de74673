/**
 * Answers read from the daily charts (docs/API.md) computed naively from the raw rows, written
 * without the pipeline's code: rankings with their trends and stream facts, regions, an
 * artist's one-region answer with byRegion, movers, #1 runs, search suggestions and CSV cell
 * neutralising, by plain grouping and sorting of objects. Tests compare the server's answers
 * to these.
 */
import { naiveKey, naiveSplit, type RawRow } from './helpers.ts'
import { idOf, naiveFold } from './periods-naive.ts'

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Which rows an /artist request covers (one region, Global unless given). */
export interface NaiveArtistQuery {
  chart: 'top200' | 'viral50'
  region?: string
  from?: string
  to?: string
}

/** Totals over some rows, with the `stats` meanings. */
function totalsOf(rows: RawRow[], chart: string) {
  const dates = rows.map((r) => r.date).sort(byString)
  return {
    tracks: new Set(rows.map((r) => idOf(r.url))).size,
    totalStreams: chart === 'viral50' ? null : rows.reduce((n, r) => n + (r.streams ?? 0), 0),
    peakRank: rows.length ? Math.min(...rows.map((r) => r.rank)) : null,
    numberOnes: new Set(rows.filter((r) => r.rank === 1).map((r) => idOf(r.url))).size,
    topTens: new Set(rows.filter((r) => r.rank <= 10).map((r) => idOf(r.url))).size,
    chartDays: new Set(rows.map((r) => r.date)).size,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
  }
}

/**
 * A track's figures over its rows of one chart and region (API.md, /artist `tracks` and
 * /tracks/{trackId} `charts`): best rank and the first date at it, first and last date, dates
 * on the chart, and the sum of its streams (null when no row has streams).
 */
export function naiveTrackFigures(list: RawRow[]) {
  const peakRank = Math.min(...list.map((r) => r.rank))
  const dates = list.map((r) => r.date).sort(byString)
  const withStreams = list.filter((r) => r.streams !== null)
  return {
    peakRank,
    peakDate: list
      .filter((r) => r.rank === peakRank)
      .map((r) => r.date)
      .sort(byString)[0],
    firstDate: dates[0],
    lastDate: dates.at(-1),
    daysOnChart: new Set(dates).size,
    totalStreams: withStreams.length
      ? withStreams.reduce((n, r) => n + (r.streams as number), 0)
      : null,
  }
}

/**
 * /artist without the track strings (title, artist, url): `region`, `stats`, `byRegion`
 * (region codes from `codes`), `totalTracks` and every track. The artist is given by its
 * naive key.
 */
export function naiveArtist(
  rows: RawRow[],
  key: string,
  q: NaiveArtistQuery,
  codes: Record<string, string | null>,
) {
  const region = q.region ?? 'Global'
  const anyRegion = rows.filter(
    (r) =>
      r.chart === q.chart &&
      (q.from === undefined || r.date >= q.from) &&
      (q.to === undefined || r.date <= q.to) &&
      naiveSplit(r.artist).some((n) => naiveKey(n) === key),
  )
  const mine = anyRegion.filter((r) => r.region === region)
  const regionNames = [...new Set(anyRegion.map((r) => r.region))]
  const byRegion = regionNames
    .map((name) => ({
      region: name,
      code: codes[name] ?? null,
      ...totalsOf(
        anyRegion.filter((r) => r.region === name),
        q.chart,
      ),
    }))
    .sort(
      (a, b) =>
        (b.totalStreams ?? -1) - (a.totalStreams ?? -1) ||
        b.chartDays - a.chartDays ||
        byString(a.region, b.region),
    )
    .map(({ tracks, ...rest }) => ({
      region: rest.region,
      code: rest.code,
      tracks,
      totalStreams: rest.totalStreams,
      peakRank: rest.peakRank,
      numberOnes: rest.numberOnes,
      topTens: rest.topTens,
      chartDays: rest.chartDays,
      firstDate: rest.firstDate,
      lastDate: rest.lastDate,
    }))
  const byTrack = new Map<string, RawRow[]>()
  for (const r of mine) {
    const list = byTrack.get(idOf(r.url)) ?? []
    list.push(r)
    byTrack.set(idOf(r.url), list)
  }
  const tracks = [...byTrack.entries()]
    .map(([trackId, list]) => ({
      trackId,
      ...naiveTrackFigures(list),
      regions: new Set(anyRegion.filter((r) => idOf(r.url) === trackId).map((r) => r.region)).size,
      role: naiveRole(list[0].artist, key),
    }))
    .sort(
      (a, b) =>
        (b.totalStreams ?? -1) - (a.totalStreams ?? -1) ||
        a.peakRank - b.peakRank ||
        byString(a.trackId, b.trackId),
    )
  const split = (role: string) => {
    const mineOf = tracks.filter((t) => t.role === role)
    const streams = mineOf.reduce((n, t) => n + (t.totalStreams ?? 0), 0)
    return [mineOf.length, q.chart === 'viral50' ? null : streams] as const
  }
  const [leadTracks, leadStreams] = split('lead')
  const [featuredTracks, featuredStreams] = split('featured')
  const stats = {
    ...totalsOf(mine, q.chart),
    regions: byRegion.length,
    leadTracks,
    leadStreams,
    featuredTracks,
    featuredStreams,
  }
  return { region, stats, byRegion, totalTracks: tracks.length, tracks }
}

/**
 * An artist's (naive key) role on a track of credit `credit`: lead when it is the first
 * credited artist, else featured (API.md, /artist).
 */
export const naiveRole = (credit: string, key: string) =>
  naiveKey(naiveSplit(credit)[0]) === key ? 'lead' : 'featured'

const TRENDS = ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY', 'RE_ENTRY']

/**
 * An entry's `trend` (API.md, /rankings): RE_ENTRY on a re-entry whatever the data says, else
 * the data's when it is a known value, else from the previous rank.
 */
export function naiveTrend(
  given: string | null | undefined,
  rank: number,
  previousRank: number | null,
  daysOnChart: number,
): string {
  if (previousRank === null && daysOnChart > 1) return 'RE_ENTRY'
  if (given && TRENDS.includes(given)) return given
  if (previousRank === null) return 'NEW_ENTRY'
  return rank < previousRank ? 'MOVE_UP' : rank > previousRank ? 'MOVE_DOWN' : 'SAME_POSITION'
}

/** A ranking entry's chart facts, as the API shows them. */
export interface NaiveRankingEntry {
  rank: number
  trackId: string
  trend: string
  streams: number | null
  previousRank: number | null
  peakRank: number
  daysOnChart: number
  streak: number
  streamsChange: number | null
  totalStreams: number | null
  weekStreams: number | null
  weekStreamsChange: number | null
}

/** `YYYY-MM-DD` moved by `days` days. */
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/**
 * An entry's `weekStreams` and `weekStreamsChange` (API.md, /rankings) from the track's rows
 * of the chart and region: the streams of its rows dated `date` - 6 to `date`, and that minus
 * those dated `date` - 13 to `date` - 7 (null when none has streams); both null when its own
 * row has no streams.
 */
function naiveWeek(own: RawRow, mine: RawRow[]) {
  if (own.streams === null) return { weekStreams: null, weekStreamsChange: null }
  const sum = (from: string, to: string) => {
    const rows = mine.filter((r) => r.date >= from && r.date <= to && r.streams !== null)
    return rows.length ? rows.reduce((n, r) => n + (r.streams as number), 0) : null
  }
  const week = sum(shift(own.date, -6), own.date) as number
  const before = sum(shift(own.date, -13), shift(own.date, -7))
  return { weekStreams: week, weekStreamsChange: before === null ? null : week - before }
}

/**
 * /regions without codes (API.md): every region of the rows, by name key, with its charts and
 * the first date, last date and number of dates over them.
 */
export function naiveRegions(rows: RawRow[]) {
  const byName = new Map<string, { charts: Set<string>; dates: Set<string> }>()
  for (const r of rows) {
    const region = byName.get(r.region) ?? { charts: new Set(), dates: new Set() }
    region.charts.add(r.chart)
    region.dates.add(r.date)
    byName.set(r.region, region)
  }
  return [...byName.entries()]
    .sort(([a], [b]) => byString(naiveKey(a), naiveKey(b)))
    .map(([name, { charts, dates }]) => {
      const sorted = [...dates].sort(byString)
      return {
        name,
        charts: [...charts].sort(byString),
        firstDate: sorted[0],
        lastDate: sorted.at(-1),
        days: sorted.length,
      }
    })
}

/** Every ranking of a chart and region: its dates ascending, and date → entries by rank. */
export function naiveRankings(rows: RawRow[], chart: string, region: string) {
  const byDate = new Map<string, RawRow[]>()
  for (const r of rows) {
    if (r.chart !== chart || r.region !== region) continue
    const list = byDate.get(r.date) ?? []
    list.push(r)
    byDate.set(r.date, list)
  }
  const dates = [...byDate.keys()].sort(byString)
  const byTrack = new Map<string, RawRow[]>()
  for (const list of byDate.values())
    for (const r of list) byTrack.set(idOf(r.url), [...(byTrack.get(idOf(r.url)) ?? []), r])
  const seen = new Map<
    string,
    {
      pos: number
      rank: number
      streams: number | null
      peak: number
      days: number
      streak: number
      total: number
    }
  >()
  const rankings = new Map<string, NaiveRankingEntry[]>()
  dates.forEach((date, pos) => {
    const entries = byDate
      .get(date)!
      .sort((a, b) => a.rank - b.rank)
      .map((r): NaiveRankingEntry => {
        const id = idOf(r.url)
        const h = seen.get(id)
        const onPrevious = h !== undefined && h.pos === pos - 1
        const previousRank = onPrevious ? h.rank : null
        const total = (h?.total ?? 0) + (r.streams ?? 0)
        const next = {
          pos,
          rank: r.rank,
          streams: r.streams,
          peak: Math.min(h?.peak ?? r.rank, r.rank),
          days: (h?.days ?? 0) + 1,
          streak: onPrevious ? h.streak + 1 : 1,
          total,
        }
        seen.set(id, next)
        const streamsChange =
          chart === 'viral50' || !onPrevious || r.streams === null || h.streams === null
            ? null
            : r.streams - h.streams
        return {
          rank: r.rank,
          trackId: id,
          trend: naiveTrend(r.trend, r.rank, previousRank, next.days),
          streams: r.streams,
          previousRank,
          peakRank: next.peak,
          daysOnChart: next.days,
          streak: next.streak,
          streamsChange,
          // a row without streams has no running total (its change is unknown too)
          totalStreams: chart === 'viral50' || r.streams === null ? null : total,
          ...naiveWeek(r, byTrack.get(id)!),
        }
      })
    rankings.set(date, entries)
  })
  return { dates, rankings }
}

/** Every row's `trend` as the API gives it, by `chart|region|date|trackId`. */
export function naiveTrends(rows: RawRow[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const key of new Set(rows.map((r) => `${r.chart}|${r.region}`))) {
    const [chart, region] = key.split('|')
    for (const [date, entries] of naiveRankings(rows, chart, region).rankings)
      for (const e of entries) out.set(`${key}|${date}|${e.trackId}`, e.trend)
  }
  return out
}

/**
 * /rankings/movers as track ids, changes and previous ranks (track strings left out): every
 * list whole, and `page(offset, limit)` the answer of a page.
 */
export function naiveMovers(rows: RawRow[], chart: string, region: string, date: string) {
  const { dates, rankings } = naiveRankings(rows, chart, region)
  const pos = dates.indexOf(date)
  const previousDate = pos > 0 ? dates[pos - 1] : null
  const entries = rankings
    .get(date)!
    .map((e) => ({ ...e, change: e.previousRank === null ? null : e.previousRank - e.rank }))
  const ids = new Set(entries.map((e) => e.trackId))
  const previous = previousDate === null ? [] : rankings.get(previousDate)!
  return {
    previousDate,
    newEntries: entries.filter((e) => e.daysOnChart === 1),
    reEntries: entries.filter((e) => e.previousRank === null && e.daysOnChart > 1),
    climbers: entries
      .filter((e) => e.change !== null && e.change > 0)
      .sort((a, b) => b.change! - a.change! || a.rank - b.rank),
    fallers: entries
      .filter((e) => e.change !== null && e.change < 0)
      .sort((a, b) => a.change! - b.change! || a.rank - b.rank),
    dropouts: previous
      .filter((e) => !ids.has(e.trackId))
      .map((e) => ({ trackId: e.trackId, previousRank: e.rank })),
  }
}

/** The movers lists, in the answer's order. */
export const MOVER_LISTS = ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts'] as const

/** A page of naive movers: `totals` of the whole lists, each list sliced alike. */
export function naiveMoversPage<M extends Record<(typeof MOVER_LISTS)[number], unknown[]>>(
  movers: M,
  offset: number,
  limit: number,
) {
  const page = { ...movers, totals: {} as Record<string, number>, offset, limit }
  for (const list of MOVER_LISTS) {
    page.totals[list] = movers[list].length
    ;(page as Record<string, unknown>)[list] = movers[list].slice(offset, offset + limit)
  }
  return page
}

/** A #1 run. */
export interface NaiveRun {
  trackId: string
  from: string
  to: string
  days: number
}

/**
 * /number-ones runs of a chart and region: maximal runs of consecutive dates of its own date
 * list with the same track at rank 1 (a date without a rank 1 ends a run); `year` keeps runs
 * starting in it.
 */
export function naiveNumberOnes(
  rows: RawRow[],
  chart: string,
  region: string,
  year: number | null = null,
): NaiveRun[] {
  const { dates, rankings } = naiveRankings(rows, chart, region)
  const runs: NaiveRun[] = []
  let open: NaiveRun | null = null
  for (const date of dates) {
    const top = rankings.get(date)!.find((e) => e.rank === 1)
    if (open && top && top.trackId === open.trackId) {
      open.to = date
      open.days++
      continue
    }
    open = top ? { trackId: top.trackId, from: date, to: date, days: 1 } : null
    if (open) runs.push(open)
  }
  return runs.filter((r) => year === null || r.from.startsWith(`${year}-`))
}

/** Levenshtein distance, the textbook table. */
export function naiveDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
  return d[a.length][b.length]
}

/** Edit distance between the folded forms of two names. */
export const foldedDistance = (a: string, b: string) => naiveDistance(naiveFold(a), naiveFold(b))

/**
 * The text a JSON value becomes in a CSV cell (before RFC 4180 quoting): null empty,
 * arrays joined by `; `, text beginning with = + - @ tab or CR behind a `'`, numbers as is.
 */
export function naiveCsvText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return String(v)
  const text = Array.isArray(v) ? v.join('; ') : String(v)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}
