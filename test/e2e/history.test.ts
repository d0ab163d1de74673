/**
 * GET /tracks/:trackId/history over real HTTP against the naive series of test/periods-naive.ts.
 */
import { describe, expect, test } from 'bun:test'
import { rng } from '../helpers.ts'
import { idOf, naiveSeries } from '../periods-naive.ts'
import { useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const folding = useDatasets('folding')
const downloads = useDatasets('downloads')

describe('history across regions against a naive computation', () => {
  test('20 random tracks on each chart: series by best rank, then region name', async () => {
    const random = rng(3)
    const ids = [...new Set(folding.sampleRows.map((r) => idOf(r.url)))]
    for (let n = 0; n < 20; n++) {
      const id = ids[Math.floor(random() * ids.length)]
      for (const chart of ['top200', 'viral50']) {
        const { status, body } = await getJson(
          folding.sample.base,
          `/tracks/${id}/history?chart=${chart}`,
        )
        expect(status).toBe(200)
        expect(body).toEqual({
          trackId: id,
          chart,
          series: naiveSeries(folding.sampleRows, id, chart),
        })
      }
    }
  })

  test('every track of the downloads fixture on each chart', async () => {
    const rows = downloads.fixtureRows
    for (const id of new Set(rows.map((r) => idOf(r.url)))) {
      for (const chart of ['top200', 'viral50']) {
        const { status, body } = await getJson(
          downloads.fixture.base,
          `/tracks/${id}/history?chart=${chart}`,
        )
        expect(status).toBe(200)
        expect(body).toEqual({ trackId: id, chart, series: naiveSeries(rows, id, chart) })
      }
    }
  })
})
