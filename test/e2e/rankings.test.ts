/**
 * GET /rankings over real HTTP against the naive rankings of test/charts-naive.ts: streamsChange and
 * totalStreams of every fixture ranking and random sample rankings, in JSON and FlatBuffers.
 */
import { describe, expect, test } from 'bun:test'
import { ByteBuffer } from 'flatbuffers'
import { Ranking } from '../../schema/generated/charts/fb/ranking.ts'
import { naiveRankings } from '../charts-naive.ts'
import { rng } from '../helpers.ts'
import { chartsOf, factsOf, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('/rankings: trend, streamsChange and totalStreams', () => {
  test('every fixture ranking and 60 random sample rankings against a naive computation', async () => {
    const random = rng(21)
    let firstDates = 0
    let viral = 0
    let negative = 0
    const trends = new Map<string, number>()
    const weeks = new Set<string>()
    for (const [server, rows, share] of [
      [awkward.fixture, awkward.fixtureRows, 1],
      [downloads.fixture, downloads.fixtureRows, 1],
      [awkward.sample, awkward.sampleRows, 0.05],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const { dates, rankings } = naiveRankings(rows, chart, region)
        for (const [pos, date] of dates.entries()) {
          if (pos > 0 && random() > share) continue
          const q = `/rankings?region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
          const { status, body } = await getJson(server.base, q)
          expect({ q, status }).toEqual({ q, status: 200 })
          const want = rankings.get(date)!
          expect({ q, entries: body.entries.map(factsOf) }).toEqual({ q, entries: want })
          if (pos === 0) {
            // a first chart date: no previous date, so no previous rank and no change
            for (const e of body.entries)
              expect([e.previousRank, e.streamsChange]).toEqual([null, null])
            firstDates++
          }
          if (chart === 'viral50') {
            for (const e of body.entries)
              expect([e.streams, e.streamsChange, e.totalStreams]).toEqual([null, null, null])
            viral++
          }
          negative += body.entries.filter((e: Row) => e.streamsChange < 0).length
          for (const e of body.entries) {
            // 7-day streams: a week with and one without a week before it are both seen
            if (e.weekStreams !== null)
              weeks.add(e.weekStreamsChange === null ? 'no week before' : 'a week before')
            if (e.weekStreams !== null && e.weekStreams > e.streams) weeks.add('several days')
          }
          // the data says SAME_POSITION or NEW_ENTRY (or nothing, in Atlantis): every other
          // trend seen is a re-entry's or derived from the previous rank
          for (const e of body.entries) {
            const seen = `${region === 'Atlantis' ? 'derived ' : ''}${e.trend}`
            trends.set(seen, (trends.get(seen) ?? 0) + 1)
          }
        }
      }
    }
    expect(firstDates).toBeGreaterThan(5)
    expect(viral).toBeGreaterThan(5)
    expect(negative).toBeGreaterThan(0)
    for (const seen of [
      'RE_ENTRY',
      'derived RE_ENTRY',
      'derived NEW_ENTRY',
      'derived MOVE_UP',
      'derived MOVE_DOWN',
    ])
      expect({ seen, present: trends.has(seen) }).toEqual({ seen, present: true })
    expect([...weeks].sort()).toEqual(['a week before', 'no week before', 'several days'])
  })

  test('the FlatBuffers answer carries the same trend and stream facts (null change absent, 0 kept)', async () => {
    let zeros = 0
    for (const [chart, region] of chartsOf(awkward.fixtureRows)) {
      for (const date of naiveRankings(awkward.fixtureRows, chart, region).dates) {
        const path = `/rankings?region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
        const json = (await getJson(awkward.fixture.base, path)).body
        const res = await fetch(awkward.fixture.base + path, {
          headers: { Accept: 'application/x-flatbuffers' },
        })
        const r = Ranking.getRootAsRanking(new ByteBuffer(new Uint8Array(await res.arrayBuffer())))
        const got = Array.from({ length: r.entriesLength() }, (_, i) => {
          const e = r.entries(i)!
          const change = e.streamsChange()
          return {
            trend: e.trend(),
            weekStreams: e.weekStreams() < 0n ? null : Number(e.weekStreams()),
            weekStreamsChange:
              e.weekStreamsChange() === null ? null : Number(e.weekStreamsChange()),
            streamsChange: change === null ? null : Number(change),
            totalStreams: e.totalStreams() < 0n ? null : Number(e.totalStreams()),
          }
        })
        expect(got).toEqual(
          json.entries.map((e: Row) => ({
            trend: e.trend,
            weekStreams: e.weekStreams,
            weekStreamsChange: e.weekStreamsChange,
            streamsChange: e.streamsChange,
            totalStreams: e.totalStreams,
          })),
        )
        zeros += got.filter((e) => e.streamsChange === 0).length
      }
    }
    expect(zeros).toBeGreaterThan(0)
  })
})
