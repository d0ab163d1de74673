/**
 * `npm run cluster`: the service past one machine, locally, in one command. An S3-compatible
 * store (s3rver from npm), three replicas started with INDEX_URL (each pulls the published
 * build), Debian's HAProxy balancing them (health check on /ready, retries on a dead
 * replica), and Varnish in front as the CDN's stand-in (it honours s-maxage and Vary as
 * CloudFront does). Through it, a Zipf-distributed replay of the mixed workload (rankings,
 * artist pages, searches, tracks, histories, top lists, weekly charts) for a fixed time;
 * during it a second build is published, and one replica is killed.
 *
 * Prints one markdown table: requests and failures at the edge, edge hit ratio, origin
 * requests/s, p50/p99 at the edge, and how long after the release every live replica served
 * the new build; and the goals (0 failed, hit ratio ≥ 95 %, every replica on the new build
 * within poll + pull). Needs haproxy and varnishd (Debian: apt-get install haproxy varnish)
 * and wrk or autocannon. Exit status 0 when every goal is met, 1 otherwise, 2 when a tool
 * is missing.
 *
 *   npm run cluster [-- --seconds 60 --connections 16]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { type CommandSpec, parseCommand } from '../build/cli.ts'
import { getJson, runScript, type ServerProcess, spawnServer } from '../test/e2e/server.ts'
import { rng } from '../test/helpers.ts'
import { startS3Store } from '../test/s3-store.ts'
import { runLoad } from './load.ts'

const SPEC: CommandSpec = {
  name: 'cluster',
  summary:
    'Three replicas pulling from an S3-compatible store, HAProxy, Varnish as the CDN: a Zipf replay through it while a build is published and a replica killed.',
  options: {
    seconds: { type: 'string', value: 'N', default: '60', help: 'length of the replay' },
    connections: { type: 'string', value: 'N', default: '16', help: 'connections of the load' },
    poll: { type: 'string', value: 'S', default: '1', help: 'INDEX_POLL_SECONDS of the replicas' },
    's-maxage': {
      type: 'string',
      value: 'S',
      default: '5',
      help: 'CACHE_S_MAXAGE (and CACHE_STALE_WHILE_REVALIDATE) of the replicas',
    },
  },
}

const BUCKET = 'charts'
const URL = `s3://${BUCKET}/cluster`

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once `url` answers, or throws after `ms`. */
async function waitUp(url: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {}
    if (Date.now() > until) throw new Error(`cluster: ${url} did not answer 200 in ${ms} ms`)
    await Bun.sleep(100)
  }
}

const buildOf = async (base: string): Promise<string | null> => {
  try {
    return (await getJson(base, '/ready')).body.index?.buildId ?? null
  } catch {
    return null
  }
}

/** The key universe of the mixed workload, read from a replica: every answer a 200 on either build. */
async function workloadKeys(base: string): Promise<string[]> {
  const keys: string[] = ['/regions']
  const regions = (await getJson(base, '/regions')).body.regions as { name: string; code: string }[]
  for (const r of regions) {
    const region = encodeURIComponent(r.code ?? r.name)
    const dates = (await getJson(base, `/dates?region=${region}`)).body.dates as string[]
    for (const d of dates) keys.push(`/rankings?region=${region}&date=${d}`)
    keys.push(`/dates?region=${region}`, `/rankings/weekly?region=${region}`)
    keys.push(`/top/tracks?region=${region}`, `/top/artists?region=${region}`)
  }
  const artists = (await getJson(base, '/top/artists?region=global&limit=60')).body.artists
  for (const a of artists as { name: string }[]) {
    keys.push(`/artist?name=${encodeURIComponent(a.name)}`)
    keys.push(`/search?q=${encodeURIComponent(a.name.slice(0, 3).toLowerCase())}`)
  }
  const tracks = (await getJson(base, '/top/tracks?region=global&limit=60')).body.tracks
  for (const t of tracks as { trackId: string }[])
    keys.push(`/tracks/${t.trackId}`, `/tracks/${t.trackId}/history?region=global`)
  return [...new Set(keys)]
}

/**
 * A replay list whose uniform draws follow Zipf(s) over `keys` in a seeded random order: the
 * k-th most asked key is asked in proportion to 1/k^s.
 */
function zipfList(keys: string[], length: number, s = 1, seed = 7): string[] {
  const random = rng(seed)
  const order = [...keys]
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const weights = order.map((_, k) => 1 / (k + 1) ** s)
  const total = weights.reduce((a, b) => a + b, 0)
  const list: string[] = []
  for (let k = 0; k < order.length; k++) {
    const n = Math.round((weights[k] / total) * length)
    for (let i = 0; i < n; i++) list.push(order[k])
  }
  return list
}

/** Varnish counters (varnishstat -j). */
function varnishCounters(dir: string): Record<string, number> {
  const proc = Bun.spawnSync(['varnishstat', '-n', dir, '-1', '-j'])
  const json = JSON.parse(proc.stdout.toString())
  const counters = json.counters ?? json
  const value = (name: string) => Number(counters[name]?.value ?? 0)
  return {
    hits: value('MAIN.cache_hit'),
    misses: value('MAIN.cache_miss'),
    graceHits: value('MAIN.cache_hit_grace'),
    backendRequests: value('MAIN.backend_req'),
    requests: value('MAIN.client_req'),
    fetchFailed: value('MAIN.fetch_failed'),
  }
}

function haproxyConfig(port: number, replicas: number[]): string {
  return `global
  maxconn 4096
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 10s
  timeout check 2s
  # a request to a replica that died (refused, reset, cut short) is sent again to another:
  # every request here is an idempotent GET
  retries 3
  option redispatch 1
  retry-on all-retryable-errors
frontend edge_to_origin
  bind 127.0.0.1:${port}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /ready
  http-check expect status 200
  # a replica is out after two failed checks half a second apart (one slow check on a busy
  # machine is not a dead replica); until then the retries above cover it
  default-server inter 500ms fall 2 rise 2
${replicas.map((p, i) => `  server r${i + 1} 127.0.0.1:${p} check`).join('\n')}
`
}

async function main(): Promise<number> {
  const parsed = parseCommand(SPEC, process.argv.slice(2))
  if (typeof parsed === 'number') return parsed
  const seconds = Number(parsed.seconds)
  const connections = Number(parsed.connections)
  const poll = Number(parsed.poll)
  const sMaxAge = Number(parsed['s-maxage'])
  for (const tool of ['haproxy', 'varnishd', 'varnishstat'])
    if (!Bun.which(tool) && !Bun.which(tool, { PATH: '/usr/sbin:/usr/bin' })) {
      console.error(`cluster: ${tool} is not installed (Debian: apt-get install haproxy varnish)`)
      return 2
    }
  const work = mkdtempSync(join(tmpdir(), 'charts-cluster-'))
  const children: Subprocess[] = []
  const replicas: (ServerProcess | null)[] = []
  let stopStore = async () => {}
  try {
    // the data: one sample, as parquet (build A) and as the Kaggle CSV (build B: the same
    // rows, so every key stays a 200, from another source file, so another build id)
    const parquet = join(work, 'sample.parquet')
    const csv = join(work, 'sample.csv')
    for (const out of [parquet, csv]) {
      const gen = await runScript(['build/gen-data.ts', '--scale', 'small', '--out', out])
      if (gen.code !== 0) throw new Error(`gen-data failed: ${gen.err}`)
    }
    const store = await startS3Store(join(work, 's3'), [BUCKET])
    stopStore = () => store.stop()
    const publish = async (input: string) => {
      const run = await runScript(
        ['build/build-index.ts', '--input', input, '--publish', URL],
        store.env,
      )
      if (run.code !== 0) throw new Error(`publish failed: ${run.err}`)
      return /published build (\w+)/.exec(run.out)?.[1] ?? ''
    }
    const buildA = await publish(parquet)

    // three replicas from INDEX_URL, each with its own cache
    for (let i = 0; i < 3; i++) {
      const replica = await spawnServer({
        ...store.env,
        INDEX_URL: URL,
        INDEX_DIR: join(work, `replica-${i + 1}`, 'index'),
        INDEX_POLL_SECONDS: String(poll),
        LOG_REQUESTS: 'false',
        // short edge lifetimes: the origin keeps seeing traffic through the publish and the
        // kill, and the new build reaches the edge within the run (5 s + 5 s stale)
        CACHE_S_MAXAGE: String(sMaxAge),
        CACHE_STALE_WHILE_REVALIDATE: String(sMaxAge),
      })
      replicas.push(replica)
    }
    for (const r of replicas) await waitUp(`${r!.base}/ready`)
    const ports = replicas.map((r) => Number(new globalThis.URL(r!.base).port))

    // HAProxy, then Varnish in front of it
    const lbPort = await freePort()
    writeFileSync(join(work, 'haproxy.cfg'), haproxyConfig(lbPort, ports))
    children.push(
      Bun.spawn(['haproxy', '-db', '-f', join(work, 'haproxy.cfg')], {
        stdout: 'ignore',
        stderr: 'pipe',
        env: { ...process.env, PATH: `/usr/sbin:${process.env.PATH}` },
      }),
    )
    await waitUp(`http://127.0.0.1:${lbPort}/ready`)
    const edgePort = await freePort()
    const varnishDir = join(work, 'varnish')
    mkdirSync(varnishDir)
    children.push(
      Bun.spawn(
        [
          'varnishd',
          '-F',
          '-j',
          'none',
          '-n',
          varnishDir,
          '-a',
          `127.0.0.1:${edgePort}`,
          '-b',
          `127.0.0.1:${lbPort}`,
          '-s',
          'malloc,256m',
        ],
        {
          stdout: 'ignore',
          stderr: 'pipe',
          env: { ...process.env, PATH: `/usr/sbin:${process.env.PATH}` },
        },
      ),
    )
    const edge = `http://127.0.0.1:${edgePort}`
    await waitUp(`${edge}/regions`)

    const keys = await workloadKeys(replicas[0]!.base)
    const list = zipfList(keys, 100_000)
    const before = varnishCounters(varnishDir)

    // the replay, and what happens during it
    const started = performance.now()
    const at = (s: number) => Bun.sleep(Math.max(0, started + s * 1000 - performance.now()))
    const load = runLoad(
      {
        base: edge,
        paths: list,
        seconds,
        connections,
        headers: { 'Accept-Encoding': 'gzip, br' },
        workDir: work,
      },
      'cluster',
    )
    const events = (async () => {
      await at(seconds * 0.25)
      const publishStarted = (performance.now() - started) / 1000
      const buildB = await publish(csv)
      const released = performance.now()
      const live = replicas.filter(Boolean) as ServerProcess[]
      const lags = await Promise.all(
        live.map(async (r) => {
          while ((await buildOf(r.base)) !== buildB) {
            if (performance.now() - released > 60_000) return Number.POSITIVE_INFINITY
            await Bun.sleep(50)
          }
          return (performance.now() - released) / 1000
        }),
      )
      await at(seconds * 0.6)
      const killedAt = (performance.now() - started) / 1000
      replicas[2]!.proc.kill('SIGKILL')
      await replicas[2]!.proc.exited
      replicas[2] = null
      return { buildB, publishStarted, lags, killedAt }
    })()
    const [result, happened] = await Promise.all([load, events])
    const after = varnishCounters(varnishDir)
    const hits = after.hits - before.hits
    const misses = after.misses - before.misses
    const hitRatio = hits / (hits + misses)
    const originRps = (after.backendRequests - before.backendRequests) / seconds
    const slowest = Math.max(...happened.lags)
    const onB = await Promise.all(
      replicas.filter(Boolean).map(async (r) => (await buildOf(r!.base)) === happened.buildB),
    )
    // what the edge serves at the end: every cached answer refreshed from the new build
    const sample = keys.slice(0, 200)
    const edgeBuilds = await Promise.all(
      sample.map(async (key) => {
        const res = await fetch(edge + key)
        await res.arrayBuffer()
        return res.headers.get('x-index-build')
      }),
    )
    const edgeOnB = edgeBuilds.filter((b) => b === happened.buildB).length

    const f = (x: number, d = 0) =>
      x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d })
    const lines = [
      `- date: ${new Date().toISOString()}; ${keys.length} distinct questions, Zipf s = 1 over them in a seeded order; ${result.tool}, ${connections} connections, ${seconds} s, \`Accept-Encoding: gzip, br\``,
      `- build A ${buildA} (sample parquet), build B ${happened.buildB} (the same rows as CSV) published at ${f(happened.publishStarted, 1)} s; replica 3 killed (SIGKILL) at ${f(happened.killedAt, 1)} s; replicas poll every ${poll} s, answer with s-maxage ${sMaxAge} s`,
      '',
      '| measure | value |',
      '|---|---|',
      `| requests at the edge | ${f(result.requests)} (${f(result.rps)}/s) |`,
      `| failed (errors, non-2xx) | ${f(result.errors)} |`,
      `| edge hit ratio (Varnish hits / (hits + misses)) | ${f(hitRatio * 100, 2)} % (${f(hits)} hits, ${f(misses)} misses) |`,
      `| origin requests/s (Varnish backend fetches, background refreshes included) | ${f(originRps, 1)} (${f(after.fetchFailed - before.fetchFailed)} failed fetches) |`,
      `| p50 / p99 at the edge | ${f(result.p50, 2)} / ${f(result.p99, 2)} ms |`,
      `| build B on every live replica after its release | ${happened.lags.map((l) => `${f(l, 2)} s`).join(', ')} (poll ${poll} s + pull and check) |`,
      `| edge answers from build B at the end (${sample.length} questions) | ${edgeOnB} (s-maxage ${sMaxAge} s + ${sMaxAge} s stale) |`,
    ]
    const goals = [
      ['0 failed requests through a publish and a killed replica', result.errors === 0],
      ['edge hit ratio ≥ 95 %', hitRatio >= 0.95],
      [
        `every replica on the new build within poll + pull (${f(slowest, 2)} s ≤ ${poll} s + 5 s)`,
        slowest <= poll + 5 && onB.every(Boolean),
      ],
      ['the edge serves the new build after s-maxage + stale', edgeOnB === sample.length],
    ] as const
    lines.push('', 'Goals:', '')
    for (const [goal, met] of goals) lines.push(`- ${goal}: ${met ? 'met' : 'NOT met'}`)
    console.log(lines.join('\n'))
    return goals.every(([, met]) => met) ? 0 : 1
  } finally {
    for (const child of children) {
      child.kill('SIGTERM')
      await child.exited
    }
    for (const r of replicas) await r?.stop()
    await stopStore()
    rmSync(work, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`cluster: ${(error as Error).message}`)
    process.exit(1)
  },
)
