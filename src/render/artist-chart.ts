/** /rankings/artists bodies: a day's artists by streams. */
import { isoFromDay } from '../../schema/format.ts'
import type { ArtistChartEntry } from '../store/artist-chart.ts'
import type { Index } from '../store/open-index.ts'
import { pageRange } from '../store/page.ts'
import { JsonWriter } from './json-writer.ts'

const writer = new JsonWriter()

/** What an artist chart request resolved to: every artist, in order, and the page. */
export interface ArtistChartAnswer {
  region: number
  datePos: number
  artists: ArtistChartEntry[]
  offset: number
  limit: number
}

/** The JSON body of an artist chart: artists[offset, offset + limit), ranked from 1. */
export function artistChartJson(index: Index, a: ArtistChartAnswer): Uint8Array {
  const chart = index.charts.top200
  const w = writer.reset()
  w.ascii('{"region":').str(index.regions.text(a.region))
  w.ascii(
    `,"date":"${isoFromDay(chart.dates[a.datePos])}","total":${a.artists.length},"offset":${a.offset},"limit":${a.limit},"artists":[`,
  )
  const { start, end } = pageRange(0, a.artists.length, a.offset, a.limit)
  for (let i = start; i < end; i++) {
    const e = a.artists[i]
    w.ascii(i > start ? `,{"rank":${i + 1},"name":` : `{"rank":${i + 1},"name":`)
    w.str(index.artistNames.text(e.artist))
    w.ascii(
      `,"streams":${e.streams},"tracks":${e.tracks},"bestRank":${e.bestRank},"previousRank":${e.previousRank || null}}`,
    )
  }
  return w.ascii(']}').finish()
}
