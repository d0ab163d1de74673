import { dayFromIso } from '../../schema/format.ts'
/**
 * The distinct-body ceiling: Bun.serve where every ranking URL gets its own real body, all of
 * them rendered into memory at start-up (20 k × ~58 KB at full scale), so that a request
 * costs a Map lookup and the Response. Beside the fixed-body ceiling it shows what a distinct
 * body per request costs HTTP alone; the gap from here to our server is our own work.
 * `PORT=… INDEX_DIR=… PATHS=file-of-/rankings-paths bun bench/baselines/distinct-ceiling-server.ts`
 */
import { type RankingQuery, rankingJson } from '../../src/render/ranking.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { rankingRange } from '../../src/store/rankings.ts'
import { findDatePosition, findRegion } from '../../src/store/regions.ts'

const index = openIndex(process.env.INDEX_DIR!)
const paths = (await Bun.file(process.env.PATHS!).text()).split('\n').filter(Boolean)
const bodies = new Map<string, Uint8Array<ArrayBuffer>>()
const chart = index.charts.top200
for (const path of paths) {
  if (bodies.has(path)) continue
  const query = new URLSearchParams(path.slice(path.indexOf('?') + 1))
  const region = findRegion(index, query.get('region')!)
  const datePos = findDatePosition(chart, region, dayFromIso(query.get('date')!))
  const range = rankingRange(chart, datePos, 0, 200)
  const q: RankingQuery = { chart, region, datePos, offset: 0, limit: 200, ...range }
  bodies.set(path, rankingJson(index, q).slice() as Uint8Array<ArrayBuffer>)
}
const headers = { 'Content-Type': 'application/json; charset=utf-8' }
const missing = new Response('not found', { status: 404 })
Bun.serve({
  port: Number(process.env.PORT ?? 3200),
  hostname: '127.0.0.1',
  fetch(request) {
    if (request.url.endsWith('/health')) return new Response('ok')
    const url = request.url
    const body = bodies.get(url.slice(url.indexOf('/', 8)))
    return body ? new Response(body, { headers }) : missing.clone()
  },
})
let bytes = 0
for (const b of bodies.values()) bytes += b.byteLength
console.log(JSON.stringify({ msg: 'listening', bodies: bodies.size, bytes }))
