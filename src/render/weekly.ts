/**
 * The body of GET /rankings/weekly: each entry its rank and the track's pre-rendered fragment
 * (list-entry.ts), then the week's numbers.
 */
import { isoFromDay } from '../../schema/format.ts'
import type { Index } from '../store/open-index.ts'
import { weeklyEntry } from '../store/weekly.ts'
import { JsonWriter } from './json-writer.ts'
import { openTrackEntry, writeStreams } from './list-entry.ts'

const writer = new JsonWriter()

/** A resolved weekly chart request. */
export interface WeeklyQuery {
  region: number
  /** global week position */
  week: number
  total: number
  start: number
  end: number
  offset: number
  limit: number
}

/** GET /rankings/weekly. */
export function weeklyJson(index: Index, q: WeeklyQuery): Uint8Array {
  const weekly = index.weekly
  const friday = weekly.weeks[q.week]
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(q.region))
  w.ascii(`,"weekStart":"${isoFromDay(friday)}","weekEnd":"${isoFromDay(friday + 6)}"`)
  w.ascii(`,"source":"${weekly.weekOfficial[q.week] === 1 ? 'official' : 'derived'}"`)
  w.ascii(`,"days":${weekly.weekDays[q.week]},"total":${q.total},"offset":${q.offset}`)
  w.ascii(`,"limit":${q.limit},"entries":[`)
  for (let r = q.start; r < q.end; r++) {
    const e = weeklyEntry(weekly, r)
    if (r > q.start) w.ascii(',')
    openTrackEntry(w, index, e.rank, e.track).ascii(',"streams":')
    writeStreams(w, e.streams).ascii(',"days":').int(e.days).ascii(',"previousRank":')
    if (e.previousRank === 0) w.ascii('null')
    else w.int(e.previousRank)
    w.ascii(',"peakRank":').int(e.peakRank).ascii(',"weeksOnChart":').int(e.weeksOnChart)
    w.ascii(',"streak":').int(e.streak).ascii('}')
  }
  return w.ascii(']}').finish()
}
