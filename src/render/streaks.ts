/** /streaks bodies: each streak as the track's pre-rendered fragment plus its days and dates. */
import { isoFromDay } from '../../schema/format.ts'
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import type { Streak } from '../store/streaks.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

/** What a streaks request resolved to: every streak, in order, and the page. */
export interface StreaksAnswer {
  region: number
  chart: string
  streaks: Streak[]
  offset: number
  limit: number
}

/** The JSON body of a streaks answer: streaks[offset, offset + limit), ranked from 1. */
export function streaksJson(index: Index, a: StreaksAnswer): Uint8Array {
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(a.region))
  w.ascii(
    `,"chart":"${a.chart}","total":${a.streaks.length},"offset":${a.offset},"limit":${a.limit},"streaks":[`,
  )
  const json = index.trackJson
  const { start, end } = pageRange(0, a.streaks.length, a.offset, a.limit)
  for (let i = start; i < end; i++) {
    const s = a.streaks[i]
    w.ascii(i > start ? `,{"rank":${i + 1},` : `{"rank":${i + 1},`)
    w.raw(json.buf, json.offsets[s.track], json.offsets[s.track + 1])
    w.ascii(
      `,"days":${s.days},"from":"${isoFromDay(s.from)}","to":"${isoFromDay(s.to)}","current":${s.current}}`,
    )
  }
  return w.ascii(']}').finish()
}
