/**
 * GET /rankings through the request pipeline, in process: the schema's defaults reach the handler, a page is the
 * naive slice of the day's rows, the three forms (JSON, CSV, FlatBuffers) and the ETag made
 * from the answer's canonical identity (route and resolved ids), whatever the spelling.
 */
import { describe, expect, test } from 'bun:test'
import { rankingsQuery } from '../../../src/routes/rankings/index.ts'
import { findRegion, latestDatePosition } from '../../../src/store/regions.ts'
import { useSampleApp } from './sample-app.ts'

const sample = useSampleApp()

/** The rows of a region's latest top200 date, by rank, straight from the parquet rows. */
function naiveLatest(region: string) {
  const rows = sample().rows.filter((r) => r.region === region && r.chart === 'top200')
  const latest = rows
    .map((r) => r.date)
    .sort()
    .at(-1)
  return {
    date: latest,
    rows: rows.filter((r) => r.date === latest).sort((a, b) => a.rank - b.rank),
  }
}

describe('GET /rankings', () => {
  test('without limit, offset and chart: the schema defaults (top200, offset 0, limit 200), the latest date', async () => {
    const res = await sample().get('/rankings?region=united%20states')
    expect(res.status).toBe(200)
    const body = await res.json()
    const q = rankingsQuery.properties
    expect([body.chart, body.offset, body.limit]).toEqual([
      q.chart.default,
      q.offset.default,
      q.limit.default,
    ])
    const naive = naiveLatest('United States')
    expect(body.region).toBe('United States')
    expect(body.date).toBe(naive.date)
    expect(body.total).toBe(naive.rows.length)
    expect(body.entries.map((e: { rank: number }) => e.rank)).toEqual(naive.rows.map((r) => r.rank))
  })

  test('a page is the slice [offset, offset + limit) of the day, ids and titles as in the rows', async () => {
    const naive = naiveLatest('Brazil')
    for (const [offset, limit] of [
      [0, 1],
      [3, 5],
      [naive.rows.length - 2, 10],
      [naive.rows.length + 5, 10],
    ]) {
      const body = await (
        await sample().get(`/rankings?region=BR&offset=${offset}&limit=${limit}`)
      ).json()
      const want = naive.rows.slice(offset, offset + limit)
      expect(
        body.entries.map((e: { rank: number; title: string; trackId: string }) => [
          e.rank,
          e.title,
          e.trackId,
        ]),
      ).toEqual(want.map((r) => [r.rank, r.title, r.url.split('/').pop()]))
      expect([body.offset, body.limit, body.total]).toEqual([offset, limit, naive.rows.length])
    }
  })

  test('CSV by parameter or Accept, FlatBuffers by Accept; Vary names Accept', async () => {
    const csv = await sample().get('/rankings?region=Global&limit=3&format=csv')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = (await csv.text()).trimEnd().split('\r\n')
    expect(lines[0].startsWith('region,date,chart,rank,trackId,title,')).toBe(true)
    expect(lines.length).toBe(4)
    const byHeader = await sample().get('/rankings?region=Global&limit=3', { Accept: 'text/csv' })
    expect(byHeader.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const fb = await sample().get('/rankings?region=Global&limit=3', {
      Accept: 'application/x-flatbuffers',
    })
    expect(fb.headers.get('content-type')).toBe('application/x-flatbuffers')
    expect(fb.headers.get('vary')).toBe('Accept-Encoding, Accept')
    // the parameter wins over the header
    const json = await sample().get('/rankings?region=Global&limit=3&format=json', {
      Accept: 'application/x-flatbuffers',
    })
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
  })

  test('the ETag is the canonical answer under the build: two spellings share it, a 304 answers it', async () => {
    const { index, services } = sample()
    const region = findRegion(index, 'Mexico')
    const datePos = latestDatePosition(index.charts.top200, region)
    const etag = services.responder.etag(
      index.buildId,
      `rankings|${region}|${datePos}|top200|0|200`,
    )
    const a = await sample().get('/rankings?region=Mexico')
    const b = await sample().get('/rankings?region=mx&chart=top200&limit=200')
    expect(a.headers.get('etag')).toBe(etag)
    expect(b.headers.get('etag')).toBe(etag)
    const csv = await sample().get('/rankings?region=Mexico&format=csv')
    expect(csv.headers.get('etag')).toBe(
      services.responder.etag(index.buildId, `rankings|${region}|${datePos}|top200|0|200|csv`),
    )
    const again = await sample().get('/rankings?region=MX', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
  })

  test('an answer has its own request id, and a client id is kept', async () => {
    const a = await sample().get('/rankings?region=Germany&limit=1')
    expect(a.headers.get('x-request-id')).toMatch(/^[a-z0-9]+-[a-z0-9]+$/)
    const b = await sample().get('/rankings?region=Germany&limit=2', { 'X-Request-Id': 'abc.123' })
    expect(b.headers.get('x-request-id')).toBe('abc.123')
  })
})
