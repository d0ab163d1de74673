/**
 * GET /ready over real HTTP: what it says of the index it serves.
 */
import { describe, expect, test } from 'bun:test'
import { useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')

describe('/ready', () => {
  test('/ready names the source: synthetic for gen-data output, file otherwise', async () => {
    const a = await getJson(awkward.sample.base, '/ready')
    expect(a.body.index.source).toEqual({ kind: 'synthetic', name: 'sample.parquet' })
    const b = await getJson(awkward.fixture.base, '/ready')
    expect(b.body.index.source).toEqual({ kind: 'file', name: 'fixture.parquet' })
  })
})
