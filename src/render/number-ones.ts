/** /number-ones bodies: each run as the track's pre-rendered fragment plus its dates. */
import { isoFromDay } from '../../schema/format.ts'
import type { NumberOneRun } from '../store/number-ones.ts'
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

/** What a number-ones request resolved to: the runs kept (by year) and the page. */
export interface NumberOnesAnswer {
  region: number
  chart: string
  year: number | null
  runs: NumberOneRun[]
  offset: number
  limit: number
}

/** The JSON body of a number-ones answer: runs[offset, offset + limit). */
export function numberOnesJson(index: Index, a: NumberOnesAnswer): Uint8Array {
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(a.region))
  w.ascii(
    `,"chart":"${a.chart}","year":${a.year},"total":${a.runs.length},"offset":${a.offset},"limit":${a.limit},"runs":[`,
  )
  const json = index.trackJson
  const { start, end } = pageRange(0, a.runs.length, a.offset, a.limit)
  for (let i = start; i < end; i++) {
    const run = a.runs[i]
    w.ascii(i > start ? ',{' : '{')
    w.raw(json.buf, json.offsets[run.track], json.offsets[run.track + 1])
    w.ascii(`,"from":"${isoFromDay(run.from)}","to":"${isoFromDay(run.to)}","days":${run.days}}`)
  }
  return w.ascii(']}').finish()
}
