/**
 * Rankings read from the mapped index, with their chart facts, equal a naive computation over
 * the rows read from the parquet file; paging stays inside a ranking.
 */
import { describe, expect, test } from 'bun:test'
import { type ChartName, TRENDS } from '../../../schema/format.ts'
import { rankingRange } from '../../../src/store/rankings.ts'
import { findDatePosition, findRegion } from '../../../src/store/regions.ts'
import { trackIdOf } from '../../../src/store/tracks.ts'
import { naiveRankings, naiveTrend } from '../../charts-naive.ts'
import { chartRowAt } from '../../helpers.ts'
import { dayOf, idOf, picker, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()
const { pick } = picker(2024)

function naiveFacts(chart: string, region: string, date: string) {
  const byDate = sample.series.get(`${chart}|${region}`)!
  const dates = [...byDate.keys()].sort()
  const j = dates.indexOf(date)
  return byDate.get(date)!.map((row) => {
    const id = idOf(row.url)
    const rankOn = (d: string) => byDate.get(d)!.find((r) => idOf(r.url) === id)?.rank
    let peak = 999
    let days = 0
    for (let k = 0; k <= j; k++) {
      const rank = rankOn(dates[k])
      if (rank !== undefined) {
        days++
        peak = Math.min(peak, rank)
      }
    }
    let streak = 0
    for (let k = j; k >= 0 && rankOn(dates[k]) !== undefined; k--) streak++
    const previousRank = j > 0 ? (rankOn(dates[j - 1]) ?? 0) : 0
    return {
      rank: row.rank,
      trackId: id,
      title: row.title,
      artist: row.artist,
      streams: row.streams ?? -1,
      trend: naiveTrend(row.trend, row.rank, previousRank || null, days),
      previousRank,
      peakRank: peak,
      daysOnChart: days,
      streak,
    }
  })
}

describe('rankings vs naive computation', () => {
  test('rankings with chart facts, 60 random (chart, region, date)', () => {
    const keys = [...sample.series.keys()]
    for (let n = 0; n < 60; n++) {
      const key = pick(keys)
      const [chart, region] = key.split('|') as [ChartName, string]
      const date = pick([...sample.series.get(key)!.keys()])
      const c = sample.index.charts[chart]
      const pos = findDatePosition(c, findRegion(sample.index, region), dayOf(date))
      expect(pos).toBeGreaterThanOrEqual(0)
      const { total, start, end } = rankingRange(c, pos, 0, 1000)
      const got = []
      for (let r = start; r < end; r++) {
        const e = chartRowAt(c, r)
        got.push({
          rank: e.rank,
          trackId: trackIdOf(sample.index, e.track),
          title: sample.index.titles.text(e.track),
          artist: sample.index.trackArtists.text(e.track),
          streams: e.streams,
          trend: TRENDS[e.trend] as string,
          previousRank: e.previousRank,
          peakRank: e.peakRank,
          daysOnChart: e.daysOnChart,
          streak: e.streak,
        })
      }
      const want = naiveFacts(chart, region, date)
      expect(total).toBe(want.length)
      expect(got).toEqual(want)
      // stream facts
      const streamFacts = []
      for (let r = start; r < end; r++) {
        const e = chartRowAt(c, r)
        streamFacts.push({
          streamsChange: e.streamsChange,
          totalStreams: e.totalStreams < 0 ? null : e.totalStreams,
        })
      }
      expect(streamFacts).toEqual(
        naiveRankings(sample.rows, chart, region)
          .rankings.get(date)!
          .map((x) => ({ streamsChange: x.streamsChange, totalStreams: x.totalStreams })),
      )
    }
  })

  test('limit and offset edges', () => {
    const c = sample.index.charts.top200
    const pos = c.regionDateOffsets[1]
    const all = rankingRange(c, pos, 0, 1000)
    expect(rankingRange(c, pos, 0, 1)).toEqual({
      total: all.total,
      start: all.start,
      end: all.start + 1,
    })
    expect(rankingRange(c, pos, all.total - 1, 10)).toEqual({
      total: all.total,
      start: all.end - 1,
      end: all.end,
    })
    const past = rankingRange(c, pos, all.total, 10)
    expect(past.end - past.start).toBe(0)
    const far = rankingRange(c, pos, 10_000, 10)
    expect(far.end - far.start).toBe(0)
  })
})
