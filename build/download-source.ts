/**
 * The chart files charts.spotify.com lets a signed-in user download (the download button of
 * every chart): one chart per file, named `regional-<code>-daily-<YYYY-MM-DD>.csv` (the daily
 * top 200), `viral-<code>-daily-<YYYY-MM-DD>.csv` (the daily viral 50) or the `-weekly-`
 * forms; UTF-8 with a byte-order mark, quoted fields, columns
 * `rank,uri,artist_names,track_name,source,peak_rank,previous_rank,days_on_chart,streams`
 * (`weeks_on_chart` on weekly files; viral files have no `streams`). The region and date come
 * from the name; `peak_rank`, `previous_rank`, `days_on_chart`/`weeks_on_chart` and `source`
 * (the label) are not read: the index computes its figures from the rows it holds.
 */
import { dayFromIso, isoFromDay, LAST_DAY, TRACK_URL_PREFIX } from '../schema/format.ts'
import type { InputBatch } from './columns.ts'
import { csvRecords } from './csv-source.ts'

/** A download file's name, as read. */
export interface DownloadName {
  /** `regional` (top 200) or `viral` (viral 50) */
  kind: 'regional' | 'viral'
  /** ISO 3166-1 alpha-2 code in lower case, or `global` */
  code: string
  period: 'daily' | 'weekly'
  /** the date in the name (a weekly file's: a day of its Friday-to-Thursday week) */
  day: number
}

const NAME = /^(regional|viral)-([a-z]{2}|global)-(daily|weekly)-(\d{4}-\d{2}-\d{2})\.csv$/

/** The form a download's name must have, as said in errors. */
export const DOWNLOAD_NAME_FORM = '(regional|viral)-<code>-(daily|weekly)-<YYYY-MM-DD>.csv'

/** Whether a file name claims to be a download (starts `regional-` or `viral-`). */
export function looksLikeDownloadName(name: string): boolean {
  return /^(regional|viral)-/i.test(name)
}

/** The parts of a download's file name, or the reason it does not fit. */
export function parseDownloadName(name: string): DownloadName | string {
  const m = NAME.exec(name)
  if (!m)
    return `the name does not fit ${DOWNLOAD_NAME_FORM} (code: two lower-case letters or global)`
  const day = dayFromIso(m[4])
  if (!(day >= 0 && day <= LAST_DAY))
    return `"${m[4]}" in the name is not a date from ${isoFromDay(0)} to ${isoFromDay(LAST_DAY)}`
  return {
    kind: m[1] as DownloadName['kind'],
    code: m[2],
    period: m[3] as DownloadName['period'],
    day,
  }
}

/** The columns a download of this name must have (others are allowed and not read). */
export function downloadColumns(name: DownloadName): string[] {
  const count = name.period === 'weekly' ? 'weeks_on_chart' : 'days_on_chart'
  const columns = ['rank', 'uri', 'artist_names', 'track_name', count]
  if (name.kind === 'regional') columns.push('streams')
  return columns
}

/** Whether a header is a download's (it has `uri` and `track_name`), whatever the file's name. */
export function isDownloadHeader(header: readonly string[]): boolean {
  const names = header.map((h) => h.trim().toLowerCase())
  return names.includes('uri') && names.includes('track_name')
}

/** Column positions of a download's header, or the reason it does not fit. */
export function downloadHeader(
  name: DownloadName,
  header: readonly string[],
): Map<string, number> | string {
  const names = header.map((h) => h.trim().toLowerCase())
  const at = new Map<string, number>()
  for (const column of downloadColumns(name)) {
    const i = names.indexOf(column)
    if (i < 0)
      return `the header does not fit a ${name.kind} ${name.period} download: column "${column}" missing; found: ${header.join(', ')}`
    at.set(column, i)
  }
  return at
}

const URI = /^spotify:track:([A-Za-z0-9]{22})$/

/** `spotify:track:<id>` as the track's open.spotify.com url; anything else as given. */
export function urlFromUri(uri: string): string {
  const m = URI.exec(uri.trim())
  return m ? TRACK_URL_PREFIX + m[1] : uri
}

const GROUPED = /^\d{1,3}(,\d{3})+$/

/** A streams cell: digits, with or without thousands separators ("1,234,567"). */
function streamsValue(cell: string): string {
  const text = cell.trim()
  return GROUPED.test(text) ? text.replace(/,/g, '') : text
}

/** Where a download's rows go: the region, chart and date its name gives. */
export interface DownloadTarget {
  /** chart id in the row store: 0 top200, 1 viral50, 2 Spotify's weekly top 200 */
  chart: number
  /** the region's display name (the code table's, or the code in capitals) */
  region: string
  code: string
  /** the chart's day number (a weekly chart's: the Friday starting its week) */
  day: number
}

/**
 * Yields the file's rows as one batch in the canonical columns: `track_name` → title,
 * `artist_names` → artist, `uri` → url (open.spotify.com), streams without separators; no
 * trend (the build derives it) and the region, chart and date of the name.
 */
export async function* readDownload(
  path: string,
  name: DownloadName,
  target: DownloadTarget,
  start: number,
): AsyncGenerator<InputBatch> {
  const parser = csvRecords(path, start)
  let at: Map<string, number> | undefined
  const title: string[] = []
  const artist: string[] = []
  const url: string[] = []
  const rank: string[] = []
  const streams: string[] = []
  try {
    for await (const record of parser) {
      if (!at) {
        const header = downloadHeader(name, record)
        if (typeof header === 'string') throw new Error(header)
        at = header
        continue
      }
      title.push(record[at.get('track_name')!])
      artist.push(record[at.get('artist_names')!])
      url.push(urlFromUri(record[at.get('uri')!] ?? ''))
      rank.push(record[at.get('rank')!])
      if (at.has('streams')) streams.push(streamsValue(record[at.get('streams')!] ?? ''))
    }
  } catch (error) {
    throw new Error(`download: ${path}: ${(error as Error).message}`)
  }
  if (!at) throw new Error(`download: ${path} is empty; expected a header row`)
  yield {
    length: title.length,
    firstRow: 1,
    columns: {
      title,
      rank,
      date: undefined,
      artist,
      url,
      region: undefined,
      chart: undefined,
      trend: undefined,
      streams: at.has('streams') ? streams : undefined,
    },
    fixed: target,
  }
}
