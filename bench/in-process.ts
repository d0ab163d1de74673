/**
 * `npm run bench:in-process -- --other CHECKOUT [--index DIR] [--other-index DIR] [--rounds 7]
 * [--requests 4000]`: our request pipeline against another checkout's (an earlier commit:
 * `git worktree add --detach ../before <commit>`), both in this process, with no sockets and
 * no answer cache, so that only the code between a Request and its body differs. Each reads
 * an index of the same input (the same directory, or with another format each its own
 * build's: `--other-index`). Each kind of request (a draw of paths, seeded) runs through
 * both in alternating rounds; the table gives each side's median µs per request, ours ÷
 * theirs, and whether the two answered the kind's first 20 paths with the same bytes. A
 * checkout from before `createService` (src/server.ts, 9d4620c) is assembled here as its
 * server.ts did.
 */
import { join, resolve } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { isoFromDay, TRACK_ID_LENGTH } from '../schema/format.ts'
import type { Index } from '../src/store/open-index.ts'
import { rankingPaths, regionOfPosition, seeded } from './draws.ts'

const values = commandLine<{
  other: string
  index: string
  'other-index': string
  rounds: string
  requests: string
}>({
  name: 'npm run bench:in-process --',
  summary:
    "Our request pipeline against another checkout's, in this process over one index (no sockets, no answer cache), in alternating rounds; prints µs per request and ours ÷ theirs.",
  options: {
    other: { type: 'string', value: 'CHECKOUT', help: 'the other checkout' },
    index: {
      type: 'string',
      value: 'DIR',
      default: join(import.meta.dir, 'work/small/index'),
      help: 'our index (npm run bench builds bench/work/small/index)',
    },
    'other-index': {
      type: 'string',
      value: 'DIR',
      help: "the other checkout's index, made by its build from the same input (default: --index)",
    },
    rounds: { type: 'string', value: 'N', default: '7', help: 'rounds per side and kind' },
    requests: { type: 'string', value: 'N', default: '4000', help: 'requests per round' },
  },
})
const rounds = Number(values.rounds)
const requests = Number(values.requests)

type Fetch = (request: Request) => Response | Promise<Response>

/** The pipeline of the checkout at `root` over the index, as its server would assemble it. */
async function pipelineOf(root: string, indexDir: string): Promise<{ fetch: Fetch; index: Index }> {
  const { createService } = await import(join(root, 'src/server.ts'))
  const { loadConfig } = await import(join(root, 'src/config.ts'))
  const { createLogger } = await import(join(root, 'src/logger.ts'))
  const config = {
    ...loadConfig({}),
    indexDir: resolve(indexDir),
    indexMode: 'mmap',
    cacheMB: 0,
    logLevel: 'silent',
    logRequests: false,
  }
  const { logger } = createLogger({ logLevel: 'silent', logFile: '' })
  const service = createService
    ? createService(config, logger, null)
    : await assembled(root, config)
  service.services.holder.loadNow()
  const index = service.services.holder.current
  if (!index) throw new Error(`${root}: no index loaded from ${indexDir}`)
  return { fetch: service.fetch, index }
}

/** The pipeline of a checkout from before createService, as its server.ts put it together. */
async function assembled(root: string, config: Record<string, unknown>) {
  const load = (path: string) => import(join(root, 'src', path))
  const { createApp, STORED_ROUTES } = await load('app.ts')
  const { Responder } = await load('http/respond.ts')
  const { createPipeline } = await load('http/pipeline.ts')
  const { RouteTable } = await load('http/route-table.ts')
  const { IndexHolder } = await load('store/index-holder.ts')
  const { Metrics } = await load('metrics.ts')
  const { createLogger } = await load('logger.ts')
  const { logger } = createLogger({ logLevel: 'silent', logFile: '' })
  const responder = new Responder({
    compress: config.compress,
    cacheBytes: 0,
    corsOrigin: config.corsOrigin,
    gzipFirst: [...STORED_ROUTES.keys()],
  })
  const holder = new IndexHolder(config.indexDir, { mode: 'mmap' })
  const metrics = new Metrics()
  const services = { config, holder, puller: null, responder, logger, metrics }
  const app = createApp(services)
  const fetch = createPipeline({
    handle: (request: Request) => app.handle(request),
    routes: new RouteTable(app.routes, STORED_ROUTES),
    responder,
    current: () => holder.current,
    metrics,
    requestLog: null,
    corsOrigin: config.corsOrigin,
  })
  return { services, fetch }
}

const ours = await pipelineOf(resolve(import.meta.dir, '..'), values.index!)
const theirs = await pipelineOf(resolve(values.other!), values['other-index'] ?? values.index!)
const index = ours.index
const random = seeded(23)
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]
const regions = Array.from({ length: index.regionCount }, (_, r) => index.regions.text(r))
const top = index.charts.top200
/** A random region with a top200 chart, and one of its dates. */
const regionDate = () => {
  const pos = Math.floor(random() * top.dates.length)
  const region = encodeURIComponent(regions[regionOfPosition(top, pos)])
  return `region=${region}&date=${isoFromDay(top.dates[pos])}`
}
const trackIds = Array.from({ length: 200 }, () => {
  const t = Math.floor(random() ** 3 * index.trackCount)
  return new TextDecoder().decode(
    index.trackIds.subarray(t * TRACK_ID_LENGTH, (t + 1) * TRACK_ID_LENGTH),
  )
})
const artists = Array.from({ length: 200 }, () =>
  encodeURIComponent(index.artistNames.text(Math.floor(random() ** 3 * index.artistCount))),
)
const draw = (n: number, make: () => string) => Array.from({ length: n }, make)
const GZIP = { 'Accept-Encoding': 'gzip' }
const kinds: { name: string; paths: string[]; headers?: Record<string, string> }[] = [
  { name: '/rankings, identity', paths: rankingPaths(index, 500, random) },
  { name: '/rankings, gzip (stored)', paths: rankingPaths(index, 500, random), headers: GZIP },
  {
    name: '/rankings, FlatBuffers',
    paths: rankingPaths(index, 500, random),
    headers: { Accept: 'application/x-flatbuffers' },
  },
  {
    name: '/rankings, CSV page',
    paths: draw(500, () => `/rankings?${regionDate()}&limit=20&format=csv`),
  },
  { name: '/rankings/movers', paths: draw(500, () => `/rankings/movers?${regionDate()}`) },
  { name: '/rankings/weekly', paths: draw(200, () => `/rankings/weekly?region=${pick(regions)}`) },
  { name: '/number-ones', paths: draw(200, () => `/number-ones?region=${pick(regions)}`) },
  { name: '/artist', paths: draw(200, () => `/artist?name=${pick(artists)}&limit=20`) },
  { name: '/tracks/{id}', paths: draw(200, () => `/tracks/${pick(trackIds)}`) },
  { name: '/search', paths: draw(200, () => `/search?q=${pick(artists).slice(0, 3)}`) },
  { name: '404', paths: ['/rankings?region=atlantis'] },
]

async function round(fetch: Fetch, paths: string[], headers: Record<string, string> = {}) {
  const started = performance.now()
  for (let i = 0; i < requests; i++) {
    const response = await fetch(
      new Request(`http://localhost${paths[i % paths.length]}`, { headers }),
    )
    await response.arrayBuffer()
  }
  return ((performance.now() - started) * 1000) / requests
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
console.log(
  `ours: ${resolve(import.meta.dir, '..')}; theirs: ${resolve(values.other!)}; index: ${values.index}`,
)
console.log(
  `${rounds} alternating rounds of ${requests} requests per side and kind; the median round\n`,
)
console.log('| request | ours µs | theirs µs | ours ÷ theirs (time) | same bytes |')
console.log('|---|---:|---:|---:|:---:|')
for (const kind of kinds) {
  // whether both answer alike, byte for byte
  let same = true
  for (const path of kind.paths.slice(0, 20)) {
    const request = () => new Request(`http://localhost${path}`, { headers: kind.headers })
    const [a, b] = [await ours.fetch(request()), await theirs.fetch(request())]
    const [x, y] = [new Uint8Array(await a.arrayBuffer()), new Uint8Array(await b.arrayBuffer())]
    if (a.status !== b.status || Buffer.compare(x, y) !== 0) same = false
  }
  await round(ours.fetch, kind.paths, kind.headers)
  await round(theirs.fetch, kind.paths, kind.headers)
  const a: number[] = []
  const b: number[] = []
  for (let r = 0; r < rounds; r++) {
    a.push(await round(ours.fetch, kind.paths, kind.headers))
    b.push(await round(theirs.fetch, kind.paths, kind.headers))
  }
  const [x, y] = [median(a), median(b)]
  console.log(
    `| ${kind.name} | ${x.toFixed(1)} | ${y.toFixed(1)} | ${(x / y).toFixed(2)}× | ${same ? 'yes' : 'no'} |`,
  )
}
