/**
 * GET /ready over real HTTP: what it says of the index it serves.
 */
import { describe, expect, test } from 'bun:test'
import { useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')

describe('/ready', () => {
  test('/ready names the source: synthetic for gen-data output, file otherwise', async () => {
    /** the one Kaggle-layout input of `rows` as /ready lists it */
    const kaggle = (rows: { date: string }[], synthetic: boolean) => {
      const days = rows.map((r) => r.date).sort()
      return { kind: 'kaggle', synthetic, files: 1, firstDate: days[0], lastDate: days.at(-1) }
    }
    const a = await getJson(awkward.sample.base, '/ready')
    expect(a.body.index.source).toEqual({
      kind: 'synthetic',
      name: 'sample.parquet',
      inputs: [kaggle(awkward.sampleRows, true)],
    })
    const b = await getJson(awkward.fixture.base, '/ready')
    expect(b.body.index.source).toEqual({
      kind: 'file',
      name: 'fixture.parquet',
      inputs: [kaggle(awkward.fixtureRows, false)],
    })
  })
})
