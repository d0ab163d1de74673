/**
 * The expected answers of a golden input, computed naively from its rows: the rows read with
 * csv-parse or hyparquet and checked by the rules of docs/API.md and build/ingest.ts's
 * reasons, written again here without the pipeline's code; the answers built by plain
 * grouping and sorting (test/periods-naive.ts, test/charts-naive.ts) with each track's strings from
 * its first kept row. `npm run corpus:write` writes them beside each input once; the corpus
 * test compares the real server's answers with the committed files.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import {
  naiveArtist,
  naiveMovers,
  naiveMoversPage,
  naiveNumberOnes,
  naiveRankings,
} from '../charts-naive.ts'
import { naiveKey, naiveSplit, type RawRow, readRows } from '../helpers.ts'
import {
  idOf,
  naiveSeries,
  naiveTopArtists,
  naiveTopTracks,
  naiveWeekly,
  naiveWeekStart,
} from '../periods-naive.ts'

const ROOT = join(import.meta.dir, '../..')

/** What a golden input should give: rows kept and dropped by reason, and request → body. */
export interface GoldenAnswers {
  input: string
  rows: { kept: number; dropped: Record<string, number> }
  answers: Record<string, unknown>
}

const TRENDS = ['SAME_POSITION', 'MOVE_UP', 'MOVE_DOWN', 'NEW_ENTRY', 'RE_ENTRY']

/** A real YYYY-MM-DD date (2021-02-30 is not), read with Date and written back. */
function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const d = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** The 22-character track id that ends a url (before any query), or '' without one. */
function trackIdOfUrl(url: string): string {
  const last = url.split(/[?#]/)[0].replace(/\/$/, '').split('/').at(-1) ?? ''
  return /^[A-Za-z0-9]{22}$/.test(last.slice(-22)) && last.length >= 22 ? last.slice(-22) : ''
}

/** Checks one input record: the kept row, or why it is dropped (build/ingest.ts's names). */
function checkRecord(r: Record<string, unknown>): RawRow | string {
  const chart = text(r.chart).toLowerCase()
  if (chart !== 'top200' && chart !== 'viral50') return 'unknown chart'
  const region = text(r.region)
  if (!region) return 'empty region'
  const date = text(r.date).slice(0, 10)
  if (!isRealDate(date)) return 'unparseable date'
  const rank = Number(r.rank)
  if (!Number.isInteger(rank) || rank < 1 || rank > 200) return 'rank outside 1..200'
  const title = text(r.title)
  if (!title) return 'empty title'
  const artist = text(r.artist)
  if (!artist) return 'empty artist'
  const id = trackIdOfUrl(text(r.url))
  if (!id) return 'url without a track id'
  // the only url a track is given: its id's https URL, whatever the cell said
  const url = `https://open.spotify.com/track/${id}`
  let streams: number | null = null
  const raw = r.streams
  if (raw !== null && raw !== undefined && raw !== '' && String(raw).toLowerCase() !== 'nan') {
    const n = Number(raw)
    if (!Number.isFinite(n) || n < 0) return 'bad streams'
    streams = Math.round(n)
  }
  const trend = text(r.trend).toUpperCase()
  return {
    title,
    rank,
    date,
    artist,
    url,
    region,
    chart,
    trend: (TRENDS.includes(trend) ? trend : null) as string,
    streams,
  }
}

/** The input's records: CSV parsed with a header row, parquet read as objects. */
async function readRecords(path: string): Promise<Record<string, unknown>[]> {
  if (path.endsWith('.csv'))
    return parse(readFileSync(path), { columns: true, bom: true }) as Record<string, unknown>[]
  return (await readRows(path)) as unknown as Record<string, unknown>[]
}

/** Region name → ISO code from data/region-codes.csv (Global → global). */
function regionCodes(): Record<string, string> {
  const table = parse(readFileSync(join(ROOT, 'data/region-codes.csv')), {
    columns: true,
  }) as { name: string; code: string }[]
  return Object.fromEntries(table.map((r) => [r.name, r.code]))
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const q = encodeURIComponent

/** Computes every answer of the input at `path` from its rows. */
export async function goldenAnswers(path: string, name: string): Promise<GoldenAnswers> {
  const dropped: Record<string, number> = {}
  const rows: RawRow[] = []
  for (const record of await readRecords(path)) {
    const checked = checkRecord(record)
    if (typeof checked === 'string') dropped[checked] = (dropped[checked] ?? 0) + 1
    else rows.push(checked)
  }
  const seen = new Set<string>()
  for (const r of rows) {
    const key = `${r.chart}|${r.region}|${r.date}|${idOf(r.url)}`
    if (seen.has(key))
      throw new Error(`corpus: ${name} repeats ${key}; keep inputs free of duplicates`)
    seen.add(key)
  }
  const allCodes = regionCodes()
  const codes = Object.fromEntries(
    [...new Set(rows.map((r) => r.region))].map((region) => [region, allCodes[region] ?? null]),
  )
  // a track's strings from its first kept row
  const tracks = new Map<string, { title: string; artist: string; url: string }>()
  for (const r of rows)
    if (!tracks.has(idOf(r.url)))
      tracks.set(idOf(r.url), { title: r.title, artist: r.artist, url: r.url })
  const strings = (trackId: string) => {
    const t = tracks.get(trackId)!
    return { ...t, artists: naiveSplit(t.artist) }
  }
  const answers: Record<string, unknown> = {}
  const charts = [...new Set(rows.map((r) => `${r.chart}|${r.region}`))].sort().map((k) => {
    const [chart, region] = k.split('|')
    return { chart, region }
  })

  for (const { chart, region } of charts) {
    const { dates, rankings } = naiveRankings(rows, chart, region)
    const entry = (e: { trackId: string }) => ({ ...e, ...strings(e.trackId) })
    for (const date of dates) {
      const entries = rankings.get(date)!
      const at = `region=${q(region)}&chart=${chart}&date=${date}`
      answers[`/rankings?${at}`] = {
        region,
        date,
        chart,
        total: entries.length,
        offset: 0,
        limit: 200,
        entries: entries.map(entry),
      }
      const movers = naiveMoversPage(naiveMovers(rows, chart, region, date), 0, 200)
      answers[`/rankings/movers?${at}`] = {
        region,
        date,
        chart,
        previousDate: movers.previousDate,
        totals: movers.totals,
        offset: 0,
        limit: 200,
        newEntries: movers.newEntries.map(entry),
        reEntries: movers.reEntries.map(entry),
        climbers: movers.climbers.map(entry),
        fallers: movers.fallers.map(entry),
        dropouts: movers.dropouts.map((d) => ({ ...strings(d.trackId), ...d })),
      }
    }
    const runs = naiveNumberOnes(rows, chart, region)
    answers[`/number-ones?region=${q(region)}&chart=${chart}`] = {
      region,
      chart,
      year: null,
      total: runs.length,
      offset: 0,
      limit: 100,
      runs: runs.map((run) => ({ ...run, ...strings(run.trackId) })),
    }
  }

  // each artist's name as first credited in the rows (the top artists lists name them so)
  const names = new Map<string, string>()
  for (const r of rows)
    for (const n of naiveSplit(r.artist)) if (!names.has(naiveKey(n))) names.set(naiveKey(n), n)
  const topRegions = [...new Set(rows.filter((r) => r.chart === 'top200').map((r) => r.region))]
  for (const region of topRegions.sort(byString)) {
    const years = [
      ...new Set(rows.filter((r) => r.region === region).map((r) => Number(r.date.slice(0, 4)))),
    ]
    for (const year of [null, ...years.sort()]) {
      const at = `region=${q(region)}${year === null ? '' : `&year=${year}`}`
      const top = naiveTopTracks(rows, region, year)
      answers[`/top/tracks?${at}`] = {
        region,
        year,
        total: top.length,
        offset: 0,
        limit: 50,
        tracks: top.slice(0, 50).map((t) => ({ ...t, ...strings(t.trackId) })),
      }
      const artists = naiveTopArtists(rows, region, year)
      answers[`/top/artists?${at}`] = {
        region,
        year,
        total: artists.length,
        offset: 0,
        limit: 50,
        artists: artists.slice(0, 50).map(({ key, ...a }) => ({ ...a, name: names.get(key) })),
      }
    }
    const weeks = naiveWeekly(rows, region)
    for (const [weekStart, week] of weeks) {
      const friday = new Date(`${weekStart}T00:00:00Z`).getTime()
      answers[`/rankings/weekly?region=${q(region)}&week=${weekStart}`] = {
        region,
        weekStart,
        weekEnd: new Date(friday + 6 * 86_400_000).toISOString().slice(0, 10),
        source: week.source,
        days: week.days,
        total: week.entries.length,
        offset: 0,
        limit: 200,
        entries: week.entries.map((e) => ({ ...e, ...strings(e.trackId) })),
      }
      if (naiveWeekStart(weekStart) !== weekStart)
        throw new Error(`corpus: ${weekStart} is no Friday`)
    }
  }

  const artistNames = [...new Set(rows.flatMap((r) => naiveSplit(r.artist)))].sort(byString)
  for (const artist of artistNames) {
    const regions = [
      ...new Set(rows.filter((r) => naiveSplit(r.artist).includes(artist)).map((r) => r.region)),
    ]
    for (const chart of ['top200', 'viral50'] as const) {
      for (const region of [undefined, ...regions.sort(byString)]) {
        const at = `name=${q(artist)}&chart=${chart}${region ? `&region=${q(region)}` : ''}`
        const a = naiveArtist(rows, naiveKey(artist), { chart, region }, codes)
        answers[`/artist?${at}`] = {
          artist,
          ...a,
          offset: 0,
          limit: 50,
          tracks: a.tracks.slice(0, 50).map((t) => {
            const { artists, ...s } = strings(t.trackId)
            return { ...t, ...s }
          }),
        }
      }
    }
  }

  for (const trackId of [...tracks.keys()].sort(byString)) {
    for (const chart of new Set(rows.filter((r) => idOf(r.url) === trackId).map((r) => r.chart))) {
      answers[`/tracks/${trackId}/history?chart=${chart}`] = {
        trackId,
        chart,
        series: naiveSeries(rows, trackId, chart),
      }
    }
  }
  return { input: name, rows: { kept: rows.length, dropped }, answers }
}
