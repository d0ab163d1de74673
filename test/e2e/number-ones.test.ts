/**
 * GET /number-ones over real HTTP against the naive #1 runs of test/charts-naive.ts, across gaps
 * in the dates; paging, a year without data, bad limits.
 */
import { describe, expect, test } from 'bun:test'
import { naiveNumberOnes } from '../charts-naive.ts'
import { chartsOf, checkTrackFields, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('/number-ones', () => {
  test('#1 runs of every chart and region, by year, across gaps in the dates', async () => {
    let acrossGaps = 0
    for (const [server, rows] of [
      [awkward.fixture, awkward.fixtureRows],
      [downloads.fixture, downloads.fixtureRows],
      [awkward.sample, awkward.sampleRows],
    ] as const) {
      for (const [chart, region] of chartsOf(rows)) {
        const years = [
          ...new Set(rows.filter((r) => r.region === region).map((r) => r.date.slice(0, 4))),
        ]
        for (const year of [null, ...years]) {
          const q = `region=${encodeURIComponent(region)}&chart=${chart}${year ? `&year=${year}` : ''}&limit=1000`
          const { status, body } = await getJson(server.base, `/number-ones?${q}`)
          if (status === 404) {
            // a year without this chart in the region
            expect(
              rows.some(
                (r) => r.chart === chart && r.region === region && r.date.startsWith(`${year}-`),
              ),
            ).toBe(false)
            continue
          }
          expect({ q, status }).toEqual({ q, status: 200 })
          const want = naiveNumberOnes(rows, chart, region, year === null ? null : Number(year))
          expect({
            q,
            runs: body.runs.map(({ title, artist, artists, url, ...run }: Row) => run),
          }).toEqual({
            q,
            runs: want,
          })
          expect([body.region, body.chart, body.year, body.total]).toEqual([
            region,
            chart,
            year === null ? null : Number(year),
            want.length,
          ])
          for (const run of body.runs) {
            checkTrackFields(rows, run)
            const span = (Date.parse(run.to) - Date.parse(run.from)) / 86_400_000 + 1
            if (span > run.days) acrossGaps++
          }
        }
      }
    }
    expect(acrossGaps).toBeGreaterThan(0)
    const page = await getJson(awkward.fixture.base, '/number-ones?region=Global&limit=1&offset=1')
    const all = await getJson(awkward.fixture.base, '/number-ones?region=Global')
    expect(page.body.runs).toEqual(all.body.runs.slice(1, 2))
    expect(all.body.limit).toBe(100)
    const none = await getJson(awkward.fixture.base, '/number-ones?region=Global&year=2019')
    expect([none.status, none.body.error.code, none.body.error.suggestions]).toEqual([
      404,
      'unknown_date',
      ['2020'],
    ])
    const bad = await getJson(awkward.fixture.base, '/rankings/movers?region=Global&limit=201')
    expect([bad.status, bad.body.error.parameter]).toEqual([400, 'limit'])
  })
})
