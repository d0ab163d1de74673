/**
 * A track's credits, stats and history read from the mapped index equal the rows read from
 * the parquet file.
 */
import { describe, expect, test } from 'bun:test'
import { isoFromDay } from '../../../schema/format.ts'
import { pointDate, pointRank, pointStreams } from '../../../schema/points.ts'
import { findTrack, trackHistoryRange, trackIdOf, trackStats } from '../../../src/store/tracks.ts'
import { creditedNames, naiveSplit, type RawRow } from '../../helpers.ts'
import { idOf, picker, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()
const { pick } = picker(2024)

describe('tracks vs naive computation', () => {
  test('tracks: credits, stats and history of 40 random tracks', () => {
    const byTrack = new Map<string, RawRow[]>()
    for (const r of sample.rows) {
      const list = byTrack.get(idOf(r.url)) ?? []
      list.push(r)
      byTrack.set(idOf(r.url), list)
    }
    const ids = [...byTrack.keys()]
    for (let n = 0; n < 40; n++) {
      const id = pick(ids)
      const t = findTrack(sample.index, id)
      expect(trackIdOf(sample.index, t)).toBe(id)
      const list = byTrack.get(id)!
      expect(creditedNames(sample.index, t)).toEqual(naiveSplit(list[0].artist))
      const stats = trackStats(sample.index, t)
      const groups = new Set(list.map((r) => `${r.chart}|${r.region}`))
      expect(stats.length).toBe(groups.size)
      for (const s of stats) {
        const region = sample.index.regions.text(s.region)
        const mine = list.filter((r) => r.chart === s.chart && r.region === region)
        expect(s.rows).toBe(mine.length)
        expect(s.peakRank).toBe(Math.min(...mine.map((r) => r.rank)))
        const { start, end } = trackHistoryRange(sample.index, t, s.chart, s.region)
        const p = sample.index.charts[s.chart].points
        const got = []
        for (let i = start; i < end; i++) {
          const streams = pointStreams(p, i)
          got.push({
            date: isoFromDay(pointDate(p, i)),
            rank: pointRank(p, i),
            streams: streams === 0xffffffff ? null : streams,
          })
        }
        const want = mine
          .map((r) => ({ date: r.date, rank: r.rank, streams: r.streams }))
          .sort((a, b) => (a.date < b.date ? -1 : 1))
        expect(got).toEqual(want)
      }
    }
    expect(findTrack(sample.index, '0000000000000000000000')).toBe(-1)
    expect(findTrack(sample.index, 'short')).toBe(-1)
  })
})
