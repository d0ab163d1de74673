/**
 * /rankings/movers bodies: each list's entries written like /rankings entries (putRankingEntry) plus
 * `change`; dropouts as the track's fragment plus its previous rank.
 */
import { isoFromDay } from '../../schema/format.ts'
import { rowPreviousRank, rowRank, rowTrack } from '../../schema/points.ts'
import type { Movers } from '../store/movers.ts'
import type { ChartIndex, Index } from '../store/open-index.ts'
import { entries, gather } from './fragments.ts'
import { NULL_JSON, putLiteral } from './json-writer.ts'
import {
  putRankingEntry,
  putSigned,
  RANKING_ENTRY_OVERHEAD,
  rankingWriter,
  weekSums,
} from './ranking.ts'

/** The lists of an answer, in the contract's order. */
export const MOVER_LISTS = ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts'] as const

/** What a movers request resolved to. */
export interface MoversAnswer {
  chart: ChartIndex
  region: number
  datePos: number
  /** every list whole; each is written from `offset`, at most `limit` */
  movers: Movers
  offset: number
  limit: number
}

/** The JSON body of a movers answer. Cost: like a ranking of the listed rows. */
export function moversJson(index: Index, a: MoversAnswer): Uint8Array {
  const { chart, movers } = a
  const w = rankingWriter()
  const previous =
    movers.previousPos < 0 ? 'null' : `"${isoFromDay(chart.dates[movers.previousPos])}"`
  w.ascii('{"region":').str(index.regions.text(a.region))
  w.ascii(
    `,"date":"${isoFromDay(chart.dates[a.datePos])}","chart":"${chart.name}","previousDate":${previous}`,
  )
  const totals = MOVER_LISTS.map((list) => `"${list}":${movers[list].length}`)
  w.ascii(`,"totals":{${totals.join(',')}},"offset":${a.offset},"limit":${a.limit}`)
  const v = chart.rows
  const weeks = weekSums(index, chart, a.region, a.datePos)
  for (const list of MOVER_LISTS) {
    w.ascii(`,"${list}":[`)
    const rows = movers[list].slice(a.offset, a.offset + a.limit)
    const e = entries(rows.length)
    for (let i = 0; i < rows.length; i++) e.tracks[i] = rowTrack(v, rows[i])
    gather(index, e, rows.length)
    const source = { index, chart, weeks, e }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]
      const out = w.reserve(e.end[i] - e.start[i] + RANKING_ENTRY_OVERHEAD)
      let pos = w.pos
      if (i > 0) out[pos++] = 44 // ,
      const previousRank = rowPreviousRank(v, r)
      if (list === 'dropouts') {
        out[pos++] = 123 // {
        pos += index.trackJson.buf.copy(out, pos, e.start[i], e.end[i])
        pos = w.pos = pos
        w.ascii(`,"previousRank":${rowRank(v, r)}}`)
        continue
      }
      pos = putRankingEntry(source, r, i, pos)
      w.pos = pos
      w.ascii(',"change":')
      pos = w.pos
      const view = w.view
      pos =
        previousRank === 0
          ? putLiteral(view, pos, NULL_JSON)
          : putSigned(view, pos, previousRank - rowRank(v, r))
      w.buf[pos++] = 125 // }
      w.pos = pos
    }
    w.ascii(']')
  }
  return w.ascii('}').finish()
}
