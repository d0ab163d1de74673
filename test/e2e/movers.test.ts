/**
 * GET /rankings/movers over real HTTP against the naive movers of test/charts-naive.ts.
 */
import { describe, expect, test } from 'bun:test'
import { MOVER_LISTS, naiveMovers, naiveMoversPage, naiveRankings } from '../charts-naive.ts'
import { rng } from '../helpers.ts'
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
          // the whole lists (the default), and pages of 3 and 2 from the second
          const [offset, limit] = [
            [0, 200],
            [0, 3],
            [1, 2],
          ][pos % 3]
          const paged = pos % 3 ? `&offset=${offset}&limit=${limit}` : ''
          const base = `region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
          const { status, body } = await getJson(server.base, `/rankings/movers?${base}${paged}`)
          expect({ status }).toEqual({ status: 200 })
          const want = naiveMoversPage(naiveMovers(rows, chart, region, date), offset, limit)
          const ids = (xs: Row[]) => xs.map((x) => [x.trackId, x.change])
          const got = {
            totals: body.totals,
            offset: body.offset,
            limit: body.limit,
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
              totals: want.totals,
              offset,
              limit,
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

  test('every list is complete: its pages put together are the whole list, past the end none', async () => {
    const region = 'Global'
    const rows = awkward.sampleRows
    const date = naiveRankings(rows, 'top200', region).dates.at(-1)!
    const path = `/rankings/movers?region=${region}&date=${date}`
    const whole = (await getJson(awkward.sample.base, path)).body
    const naive = naiveMovers(rows, 'top200', region, date)
    let longest = 0
    for (const list of MOVER_LISTS) {
      expect({ list, total: whole.totals[list] }).toEqual({ list, total: naive[list].length })
      longest = Math.max(longest, whole.totals[list])
    }
    // more than a page of 7 in some list, so paging is seen to put a long list together
    expect(longest).toBeGreaterThan(7)
    const pages: Row[] = []
    for (let offset = 0; offset < longest; offset += 7)
      pages.push((await getJson(awkward.sample.base, `${path}&offset=${offset}&limit=7`)).body)
    for (const list of MOVER_LISTS)
      expect({ list, ids: pages.flatMap((p) => p[list]).map((e: Row) => e.trackId) }).toEqual({
        list,
        ids: whole[list].map((e: Row) => e.trackId),
      })
    const past = (await getJson(awkward.sample.base, `${path}&offset=${longest}`)).body
    for (const list of MOVER_LISTS) expect(past[list]).toEqual([])
    expect(past.totals).toEqual(whole.totals)
  })
})
