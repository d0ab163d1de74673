/**
 * GET /rankings/movers over real HTTP against the naive movers of test/v3-naive.ts.
 */
import { describe, expect, test } from 'bun:test'
import { rng } from '../helpers.ts'
import { naiveMovers, naiveRankings } from '../v3-naive.ts'
import { chartsOf, checkTrackFields, factsOf, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('/rankings/movers', () => {
  test('movers of every fixture date and 40 random sample dates against a naive computation', async () => {
    const random = rng(33)
    const seen = { newEntries: 0, reEntries: 0, climbers: 0, fallers: 0, dropouts: 0, first: 0 }
    for (const [server, rows, share] of [
      [awkward.fixture, awkward.fixtureRows, 1],
      [downloads.fixture, downloads.fixtureRows, 1],
      [awkward.sample, awkward.sampleRows, 0.07],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const { dates, rankings } = naiveRankings(rows, chart, region)
        for (const [pos, date] of dates.entries()) {
          if (pos > 0 && random() > share) continue
          const limit = pos % 2 ? 3 : 10
          const base = `region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
          const { status, body } = await getJson(
            server.base,
            `/rankings/movers?${base}&limit=${limit}`,
          )
          expect({ status }).toEqual({ status: 200 })
          const want = naiveMovers(rows, chart, region, date, limit)
          const ids = (xs: Row[]) => xs.map((x) => [x.trackId, x.change])
          const got = {
            previousDate: body.previousDate,
            newEntries: body.newEntries.map(factsOf),
            reEntries: body.reEntries.map(factsOf),
            climbers: ids(body.climbers),
            fallers: ids(body.fallers),
            dropouts: body.dropouts.map((d: Row) => ({
              trackId: d.trackId,
              previousRank: d.previousRank,
            })),
          }
          expect({ base, got }).toEqual({
            base,
            got: {
              previousDate: want.previousDate,
              newEntries: want.newEntries.map(({ change, ...facts }) => facts),
              reEntries: want.reEntries.map(({ change, ...facts }) => facts),
              climbers: ids(want.climbers),
              fallers: ids(want.fallers),
              dropouts: want.dropouts,
            },
          })
          // every listed entry is the /rankings entry plus its change
          const ranking = (await getJson(server.base, `/rankings?${base}`)).body.entries
          for (const list of ['newEntries', 'reEntries', 'climbers', 'fallers'])
            for (const e of body[list]) {
              const { change, ...entry } = e
              expect(entry).toEqual(ranking.find((x: Row) => x.trackId === e.trackId))
              expect(change).toBe(e.previousRank === null ? null : e.previousRank - e.rank)
            }
          for (const d of body.dropouts) checkTrackFields(rows, d)
          for (const k of ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts'] as const)
            seen[k] += body[k].length
          if (pos === 0) {
            expect(body.previousDate).toBeNull()
            expect(body.dropouts).toEqual([])
            seen.first++
          }
          expect(rankings.get(date)!.length).toBe(ranking.length)
        }
      }
    }
    for (const [k, n] of Object.entries(seen)) expect({ k, some: n > 0 }).toEqual({ k, some: true })
  })
})
