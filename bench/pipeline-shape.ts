/**
 * `npm run bench:pipeline-shape -- [--index DIR]`: what decided the pipeline's shape. The same
 * stages (screen, cache, route, finish) run two ways over the real app and index, in process
 * (no sockets, so only the shape differs):
 *
 * - layer: `createPipeline` in front of `app.handle` (what the server runs);
 * - hooks: the stages as Elysia hooks (`onRequest` for screen and cache, `mapResponse` for
 *   finish) inside the app.
 *
 * Prints µs per request for a cached answer, an uncached ranking, /health and a 404,
 * alternating the two shapes over several rounds (the median round is shown).
 */
import { join } from 'node:path'
import { Elysia } from 'elysia'
import { commandLine } from '../build/cli.ts'
import { createApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { RequestContext } from '../src/http/context.ts'
import { finish } from '../src/http/finish.ts'
import { createPipeline } from '../src/http/pipeline.ts'
import { Responder } from '../src/http/respond.ts'
import { RouteTable } from '../src/http/route-table.ts'
import { screen } from '../src/http/screen.ts'
import { createLogger } from '../src/logger.ts'
import { Metrics } from '../src/metrics.ts'
import { IndexHolder } from '../src/store/index-holder.ts'

const values = commandLine<{ index: string }>({
  name: 'npm run bench:pipeline-shape --',
  summary:
    'Runs the request pipeline in process over the real app and index two ways (a layer in front of Elysia, Elysia hooks), alternating; prints µs per request of each and the ratio.',
  options: {
    index: {
      type: 'string',
      value: 'DIR',
      default: join(import.meta.dir, 'work/small/index'),
      help: 'the index (npm run bench builds bench/work/small/index)',
    },
  },
})
const config = { ...loadConfig(), indexDir: values.index!, logLevel: 'silent' as const }
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' }
const { logger } = createLogger({ logLevel: 'silent', logFile: '' })

function build(shape: 'layer' | 'hooks', cacheBytes: number) {
  const holder = new IndexHolder(config.indexDir)
  holder.loadNow()
  const metrics = new Metrics()
  const responder = new Responder({ compress: false, cacheBytes, corsOrigin: '*' })
  const ctx = { config, holder, puller: null, responder, logger, metrics }
  const parts = {
    metrics,
    requestLog: null,
    corsOrigin: '*',
    responder,
    current: () => holder.current,
  }
  if (shape === 'layer') {
    const app = createApp(ctx)
    const routes = new RouteTable(app.routes)
    return createPipeline({ ...parts, handle: (r) => app.handle(r), routes })
  }
  const inner = createApp(ctx)
  const routes = new RouteTable(inner.routes)
  const contexts = new WeakMap<Request, RequestContext>()
  const app = new Elysia()
    .onRequest(({ request }) => {
      const c = new RequestContext(request, routes)
      c.attach(request)
      contexts.set(request, c)
      const early = screen(c) ?? responder.cache.lookup(c)
      if (early) return finish(parts, c, early)
    })
    .mapResponse({ as: 'global' }, ({ request, responseValue }) => {
      const c = contexts.get(request)
      if (!c) return
      const response =
        responseValue instanceof Response
          ? responseValue
          : new Response(JSON.stringify(responseValue), { headers: JSON_HEADERS })
      return finish(parts, c, response)
    })
    .use(inner)
  return (request: Request) => app.handle(request)
}

const index = new IndexHolder(config.indexDir)
index.loadNow()
const ix = index.current!
const regions = Array.from({ length: ix.regionCount }, (_, r) => ix.regions.text(r))
const c = ix.charts.top200
const rankingUrls = Array.from({ length: 2000 }, (_, i) => {
  const region = i % regions.length
  return `http://localhost/rankings?region=${encodeURIComponent(regions[region])}&limit=50&offset=${i % 150}`
})
void c

const cases: { name: string; cacheBytes: number; urls: string[] }[] = [
  { name: 'cached ranking', cacheBytes: 64 << 20, urls: rankingUrls.slice(0, 1) },
  { name: 'uncached ranking', cacheBytes: 0, urls: rankingUrls },
  { name: '/health', cacheBytes: 0, urls: ['http://localhost/health'] },
  { name: '404', cacheBytes: 0, urls: ['http://localhost/nowhere'] },
]

async function time(handle: (r: Request) => Response | Promise<Response>, urls: string[]) {
  const n = 20_000
  const started = performance.now()
  for (let i = 0; i < n; i++) {
    const response = await handle(new Request(urls[i % urls.length]))
    await response.arrayBuffer()
  }
  return ((performance.now() - started) * 1000) / n
}

console.log('| request | layer µs | hooks µs | hooks ÷ layer |')
console.log('|---|---:|---:|---:|')
for (const k of cases) {
  const layer = build('layer', k.cacheBytes)
  const hooks = build('hooks', k.cacheBytes)
  // both answer alike
  const a = await layer(new Request(k.urls[0]))
  const b = await hooks(new Request(k.urls[0]))
  if (a.status !== b.status || !b.headers.get('x-request-id'))
    throw new Error(`${k.name}: shapes differ (${a.status} vs ${b.status})`)
  const rounds: [number, number][] = []
  await time(layer, k.urls)
  await time(hooks, k.urls)
  for (let round = 0; round < 5; round++)
    rounds.push([await time(layer, k.urls), await time(hooks, k.urls)])
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[2]
  const l = median(rounds.map((r) => r[0]))
  const h = median(rounds.map((r) => r[1]))
  console.log(`| ${k.name} | ${l.toFixed(2)} | ${h.toFixed(2)} | ${(h / l).toFixed(2)}× |`)
}
