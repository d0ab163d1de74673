/**
 * `npm run bench:stored -- [--index DIR] [--requests 20000] [--rounds 5]`: what the stored
 * answers save on the request path, in process over the real pipeline and index (no sockets):
 * µs of CPU per request for random default /rankings asked with gzip, three ways:
 *
 * - stored: the pipeline as the server runs it (the `stored` stage answers before Elysia;
 *   gzip is the stored body);
 * - via Elysia: the same stored bodies, but every request routed, validated and handled by
 *   Elysia (no `stored` stage);
 * - per request: no stored answers (a `--no-answers` build): gzip compressed per answer.
 *
 * No answer cache and no request log, so each request does its whole work. Rounds alternate
 * between the ways; the fastest round of each is printed (the machine is shared). Identity
 * is left out: in a loop that makes Responses and nothing else, each 67 KB body copy lands on
 * fresh pages (no collection runs), and that, not our work, was most of its time (a profile:
 * 59 % in Response); over HTTP a server does not pay it (bench/README.md, item 8).
 */
import { join } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { createApp, STORED_ROUTES } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createPipeline } from '../src/http/pipeline.ts'
import { Responder } from '../src/http/respond.ts'
import { RouteTable } from '../src/http/route-table.ts'
import { createLogger } from '../src/logger.ts'
import { Metrics } from '../src/metrics.ts'
import { IndexHolder } from '../src/store/index-holder.ts'
import { rankingPaths, seeded } from './draws.ts'

const values = commandLine<{ index: string; requests: string; rounds: string }>({
  name: 'npm run bench:stored --',
  summary:
    'Runs random default /rankings asked with gzip through the request pipeline in process: the stored stage, the same through Elysia, and without stored answers; prints µs of CPU per request.',
  options: {
    index: {
      type: 'string',
      value: 'DIR',
      default: join(import.meta.dir, 'work/full/index'),
      help: 'an index with stored answers (npm run bench -- --scale full builds bench/work/full/index)',
    },
    requests: { type: 'string', value: 'N', default: '20000', help: 'requests per round' },
    rounds: { type: 'string', value: 'N', default: '5', help: 'alternating rounds' },
  },
})
const config = { ...loadConfig(), indexDir: values.index!, logLevel: 'silent' as const }
const { logger } = createLogger({ logLevel: 'silent', logFile: '' })

const loaded = new IndexHolder(config.indexDir)
loaded.loadNow()
if (!loaded.current?.answers) throw new Error(`${config.indexDir} has no stored answers`)

/**
 * The pipeline over the one mapped index (`answers`: with its stored answers, else a view of it
 * without them); `stored`: the stored stage runs.
 */
function pipeline(stored: boolean, answers: boolean) {
  const index = answers ? loaded.current! : { ...loaded.current!, answers: null }
  const holder = { current: index, problem: 'no index loaded' } as unknown as IndexHolder
  const metrics = new Metrics()
  const responder = new Responder({
    compress: true,
    cacheBytes: 0,
    corsOrigin: '*',
    gzipFirst: ['/rankings', '/rankings/weekly'],
  })
  const services = { config, holder, puller: null, responder, logger, metrics }
  const app = createApp(services)
  return createPipeline({
    handle: (r) => app.handle(r),
    routes: new RouteTable(app.routes, stored ? STORED_ROUTES : new Map()),
    responder,
    current: () => holder.current,
    metrics,
    requestLog: null,
    corsOrigin: '*',
  })
}

const ways = {
  stored: pipeline(true, true),
  'via Elysia': pipeline(false, true),
  'per request': pipeline(true, false),
}
const paths = rankingPaths(loaded.current!, Number(values.requests), seeded(99))
const cpuMs = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
const best = new Map<string, number>()
const entries = Object.entries(ways)
for (let round = 0; round < Number(values.rounds); round++) {
  // each round starts with another way (what one way leaves to collect lands on the next)
  const order = [
    ...entries.slice(round % entries.length),
    ...entries.slice(0, round % entries.length),
  ]
  for (const [name, fetch] of order) {
    for (const encoding of ['gzip, deflate']) {
      const requests = paths.map(
        (p) => new Request(`http://127.0.0.1${p}`, { headers: { 'Accept-Encoding': encoding } }),
      )
      Bun.gc(true)
      const started = cpuMs()
      let bytes = 0
      for (const request of requests) {
        const response = await fetch(request)
        if (response.status !== 200) throw new Error(`${request.url}: ${response.status}`)
        bytes += Number(response.headers.get('content-length') ?? 0)
      }
      const us = ((cpuMs() - started) * 1000) / requests.length
      const key = `${name}|${encoding}`
      best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, us))
      if (bytes < 0) throw new Error('unreachable')
    }
  }
}
console.log('| way | µs per gzip request |\n|---|---:|')
for (const name of Object.keys(ways))
  console.log(`| ${name} | ${best.get(`${name}|gzip, deflate`)!.toFixed(1)} |`)
