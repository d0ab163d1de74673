/**
 * `npm run bench -- [--scale small|medium|full] [--shape default|wide] [--index DIR] [--write] [--seconds 5] [--connections 64]
 *   [--rounds 3] [--warmup 3] [--out bench/RESULTS.md] [--only 'rankings random,track history']`: every scenario against our server and, in the same run, the
 * baselines (the no-work ceiling, indexed SQLite, full-scan SQLite); writes the results table
 * and a chart. `--only` runs just the named scenarios (with their baselines) and prints their
 * table without writing anything: for trying a change. Servers are pinned to CPU 0, the load generator to CPU 1 (taskset). Loopback
 * only; every run is bounded in time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { commandLine } from '../build/cli.ts'
import { MANIFEST_FILE } from '../schema/manifest.ts'
import { pointRegion } from '../schema/points.ts'
import { type Index, openIndex } from '../src/store/open-index.ts'
import { trackIdOf } from '../src/store/tracks.ts'
import { writeBodies } from './baselines/replay-server.ts'
import { buildSqlite } from './baselines/sqlite-db.ts'
import { renderChart } from './chart.ts'
import { rankingPaths, seeded } from './draws.ts'
import { type LoadResult, loadTool, runLoad } from './load.ts'
import { writeReadmeBench } from './readme-block.ts'
import {
  type BenchServer,
  OUR_SERVER,
  SERVER_CPU,
  startServer as startBenchServer,
  stopServer,
} from './servers.ts'
import { benchWorkDir, resultsLabel } from './work-dir.ts'

const ROOT = join(import.meta.dir, '..')
const values = commandLine<{
  scale: string
  shape: string
  index?: string
  seconds: string
  connections: string
  rounds: string
  warmup: string
  out: string
  only?: string
  write?: boolean
}>({
  name: 'npm run bench --',
  summary:
    'Runs every scenario against our server and the baselines in the same run, then writes its section of bench/RESULTS.md, its chart, and the goals block of README.md.',
  options: {
    scale: { type: 'string', value: 'small|medium|full', default: 'small', help: 'data scale' },
    shape: {
      type: 'string',
      value: 'default|wide',
      default: 'default',
      help: "the generated catalog's shape (gen-data --shape)",
    },
    index: { type: 'string', value: 'DIR', help: 'an index to bench instead of generating one' },
    seconds: { type: 'string', value: 'N', default: '4', help: 'seconds of load per round' },
    connections: { type: 'string', value: 'N', default: '64', help: 'connections of the load' },
    rounds: {
      type: 'string',
      value: 'N',
      default: '3',
      help: 'alternating rounds per scenario (the median is reported)',
    },
    // the JIT needs ~40 k requests to reach steady speed on our server (bench/README.md)
    warmup: {
      type: 'string',
      value: 'S',
      default: '3',
      help: "seconds of load each server gets before a scenario's rounds",
    },
    out: {
      type: 'string',
      value: 'FILE',
      default: join(ROOT, 'bench', 'RESULTS.md'),
      help: 'the results file',
    },
    only: { type: 'string', value: 'A,B', help: 'run only these scenarios' },
    write: {
      type: 'boolean',
      help: 'with --only: write its section of the results file anyway (no full scan)',
    },
  },
})
const only = values.only?.split(',').map((name) => name.trim())
const seconds = Number(values.seconds)
const warmup = Number(values.warmup)
const connections = Number(values.connections)
const work = benchWorkDir(ROOT, values.scale, values.shape)
const label = resultsLabel(values.scale, values.shape)
mkdirSync(work, { recursive: true })
const LOAD_CPU = cpus().length > 1 ? 1 : undefined
const log = (line: string) => console.log(`bench: ${line}`)

function run(cmd: string[], env: Record<string, string> = {}): void {
  const proc = Bun.spawnSync(cmd, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdout: 'inherit',
    stderr: 'inherit',
  })
  if (proc.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed`)
}

// 1. the index (built once per scale and reused)
let indexDir = values.index ? resolve(values.index) : join(work, 'index')
if (!values.index && !existsSync(join(indexDir, MANIFEST_FILE))) {
  const parquet = join(work, 'charts.parquet')
  if (!existsSync(parquet))
    run([
      process.execPath,
      'build/gen-data.ts',
      '--scale',
      values.scale,
      '--shape',
      values.shape,
      '--out',
      parquet,
    ])
  run([process.execPath, 'build/build-index.ts', '--input', parquet, '--out', indexDir])
}
indexDir = resolve(indexDir)
const openStarted = performance.now()
const index = openIndex(indexDir)
const openMs = performance.now() - openStarted
const manifest = index.manifest
log(`index ${indexDir}: ${manifest.rows.kept.toLocaleString('en')} rows, build ${manifest.buildId}`)

// 2. the SQLite baseline database (built once per source file)
const sqlitePath = join(
  ROOT,
  'bench',
  'work',
  `charts-${manifest.source.sha256.slice(0, 16)}.sqlite`,
)
const sqliteStarted = performance.now()
const sqliteExisted = existsSync(sqlitePath)
buildSqlite(indexDir, sqlitePath, log)
const sqliteSeconds = sqliteExisted ? null : (performance.now() - sqliteStarted) / 1000

// 3. scenario paths, drawn with a fixed seed
const random = seeded(12345)
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]
const enc = encodeURIComponent

function topArtists(ix: Index, n: number): number[] {
  return Array.from({ length: ix.artistCount }, (_, a) => a)
    .sort((x, y) => ix.artistRows[y] - ix.artistRows[x])
    .slice(0, n)
}
const artists = topArtists(index, 2000)
const artistPaths = artists.map((a) => `/artist?name=${enc(index.artistNames.text(a))}`)
const historyPaths: string[] = []
const c200 = index.charts.top200
for (let i = 0; i < 2000; i++) {
  const a = pick(artists)
  const k =
    index.artistTrackOffsets[a] +
    Math.floor(random() * (index.artistTrackOffsets[a + 1] - index.artistTrackOffsets[a]))
  const t = index.artistTracks[k]
  const start = c200.trackPointOffsets[t]
  const end = c200.trackPointOffsets[t + 1]
  if (start === end) continue
  const region = pointRegion(c200.points, start + Math.floor(random() * (end - start)))
  historyPaths.push(
    `/tracks/${trackIdOf(index, t)}/history?region=${enc(index.regions.text(region))}`,
  )
}
const searchPaths = artists.slice(0, 1000).map((a) => {
  const name = index.artistKeys.text(a)
  return `/search?q=${enc(name.slice(0, 2 + Math.floor(random() * 3)))}`
})
const filteredRowsPaths = rankingPaths(index, 2000, random).map((p) =>
  p.replace('/rankings?', '/tracks?'),
)
const randomRankings = rankingPaths(index, 20_000, random)
const hot = [randomRankings[0]]
const mixed = Array.from({ length: 4000 }, () => {
  const r = random()
  return r < 0.6
    ? pick(randomRankings)
    : r < 0.85
      ? pick(artistPaths)
      : r < 0.95
        ? pick(filteredRowsPaths)
        : pick(searchPaths)
})

// 4. servers
interface Server extends BenchServer {
  /** request headers this server is asked with (instead of the scenario's) */
  headers?: Record<string, string>
}
let nextPort = 3300 + Math.floor(Math.random() * 500)

/** A server of this run, its stdout in the work directory; ours answer /ready, baselines /health. */
function startServer(name: string, cmd: string[], env: Record<string, string>): Promise<Server> {
  return startBenchServer({
    name,
    cmd,
    env,
    port: nextPort++,
    readyPath: name.startsWith('ours') ? '/ready' : '/health',
    stdout: Bun.file(join(work, `${name}.log`)),
  })
}
const ourEnv = { INDEX_DIR: indexDir, LOG_FILE: '', INDEX_POLL_SECONDS: '0' }

/** Major page faults of a process so far (index pages it had to read from disk again). */
function majorFaults(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[9])
}

function rssAnonMB(pid: number): number {
  const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : -1
}

// 5. runs
interface Row {
  scenario: string
  server: string
  result: LoadResult
  note?: string
}
const rows: Row[] = []
const ROUNDS = Number(values.rounds)

/**
 * Waits until a server has worked off what the load left queued: a slow server (full-scan
 * queries take seconds) would otherwise still hold the shared CPU during the next server's run.
 */
async function idle(server: Server): Promise<void> {
  await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(600_000) }).catch(() => {})
}

/**
 * One scenario against several servers, in ROUNDS alternating rounds (A B C A B C …) so that
 * the machine's slow drifts hit every server alike; each server's row is its median round.
 */
async function load(
  scenario: string,
  servers: Server[],
  paths: string[],
  headers?: Record<string, string>,
  note?: string,
) {
  if (only && !only.includes(scenario)) return
  const results = new Map<Server, LoadResult[]>(servers.map((s) => [s, []]))
  for (const server of servers) {
    await runLoad(
      {
        base: server.base,
        paths,
        seconds: warmup,
        connections,
        headers: server.headers ?? headers,
        cpu: LOAD_CPU,
        workDir: work,
      },
      `${scenario}-warm`,
    )
    await idle(server)
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const server of servers) {
      const result = await runLoad(
        {
          base: server.base,
          paths,
          seconds,
          connections,
          headers: server.headers ?? headers,
          cpu: LOAD_CPU,
          workDir: work,
        },
        scenario,
      )
      results.get(server)!.push(result)
      await idle(server)
    }
  }
  for (const server of servers) {
    const runs = results.get(server)!.sort((a, b) => a.rps - b.rps)
    const result = {
      ...runs[Math.floor(runs.length / 2)],
      errors: runs.reduce((n, r) => n + r.errors, 0),
    }
    rows.push({
      scenario,
      server: server.name,
      result,
      note:
        server.name === 'ours (no logs)'
          ? 'LOG_REQUESTS=false'
          : server.name === 'ours (no answer cache)'
            ? 'CACHE_MB=0'
            : server.headers
              ? `Accept-Encoding: ${server.headers['Accept-Encoding']}`
              : note,
    })
    log(
      `${scenario.padEnd(20)} ${server.name.padEnd(15)} ${result.rps.toFixed(0).padStart(8)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  errors ${result.errors}  (rounds: ${runs.map((r) => r.rps.toFixed(0)).join(', ')})`,
    )
  }
}

// start-up of the compiled binary (what the image runs): spawn to /ready, best of three
const binaryReady: number[] = []
if (!only) run([process.execPath, 'scripts/compile.ts', '--outfile', join(work, 'charts-bin')])
for (let i = 0; i < (only ? 0 : 3); i++) {
  const binary = await startServer('ours-binary', [join(work, 'charts-bin'), 'serve'], ourEnv)
  binaryReady.push(binary.readyMs)
  await stopServer(binary)
}
if (!only)
  log(`compiled binary: spawn to /ready ${Math.min(...binaryReady).toFixed(0)} ms (best of 3)`)

/**
 * The bodies the distinct-body ceilings replay: what our server answers to every path of the
 * scenarios they stand beside, as `encoding` asks (the stored-gzip ceiling: our gzip bodies),
 * fetched from a separate instance (so that the measured one starts cold, its cache empty)
 * with a few requests in flight.
 */
async function fetchBodies(
  paths: string[],
  encoding = 'identity',
): Promise<Map<string, Uint8Array>> {
  const source = await startServer('ours (body source)', OUR_SERVER, {
    ...ourEnv,
    LOG_REQUESTS: 'false',
  })
  const unique = [...new Set(paths)]
  const bodies = new Map<string, Uint8Array>()
  let next = 0
  const worker = async () => {
    while (next < unique.length) {
      const path = unique[next++]
      const res = await fetch(source.base + path, {
        headers: { 'Accept-Encoding': encoding },
        decompress: false,
      } as RequestInit)
      if (res.status !== 200) throw new Error(`${path}: ${res.status} from our server`)
      bodies.set(path, new Uint8Array(await res.arrayBuffer()))
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  await stopServer(source)
  return bodies
}
const bodiesFile = join(work, 'replay-bodies.bin')
writeBodies(
  bodiesFile,
  await fetchBodies([...randomRankings, ...historyPaths, ...filteredRowsPaths]),
)
log(
  `distinct-body ceiling: bodies of ${randomRankings.length + historyPaths.length + filteredRowsPaths.length} paths written`,
)
const GZIP_ASKED = { 'Accept-Encoding': 'gzip, deflate' }
const gzipBodiesFile = join(work, 'replay-bodies-gzip.bin')
writeBodies(gzipBodiesFile, await fetchBodies(randomRankings, GZIP_ASKED['Accept-Encoding']))

const ours = await startServer('ours', OUR_SERVER, ourEnv)
log(`ours: spawn to /ready ${ours.readyMs.toFixed(0)} ms`)
const rankingBody = join(work, 'ranking-body.json')
writeFileSync(rankingBody, new Uint8Array(await (await fetch(ours.base + hot[0])).arrayBuffer()))
const ceiling = await startServer(
  'ceiling',
  [process.execPath, 'bench/baselines/ceiling-server.ts'],
  {
    BODY: rankingBody,
  },
)
const distinct = await startServer(
  'ceiling (distinct)',
  [process.execPath, 'bench/baselines/replay-server.ts'],
  { BODIES: bodiesFile },
)
// a server that answers each URL with our gzip body of it from memory: stored bytes and HTTP
const storedCeiling = await startServer(
  'ceiling (stored gzip)',
  [process.execPath, 'bench/baselines/replay-server.ts'],
  { BODIES: gzipBodiesFile, ENCODING: 'gzip' },
)
const sqlite = await startServer('sqlite', [process.execPath, 'bench/baselines/sqlite-server.ts'], {
  DB: sqlitePath,
})

const find = (scenario: string, server: string) =>
  rows.find((r) => r.scenario === scenario && r.server === server)?.result
const ratio = (a?: LoadResult, b?: LoadResult) =>
  a && b ? `${(a.rps / b.rps).toFixed(a.rps / b.rps >= 10 ? 0 : 2)}×` : ''
/** The results table (Markdown) of the rows so far. */
function table(): string[] {
  const lines: string[] = []
  lines.push(
    '| scenario | server | req/s | p50 ms | p99 ms | errors | ours ÷ this | note |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  )
  for (const r of rows) {
    const mine = find(r.scenario, 'ours')
    const cmp =
      r.server === 'ours'
        ? ''
        : r.server === 'ours (no logs)'
          ? `${((find(r.scenario, 'ours')!.rps / r.result.rps) * 100).toFixed(0)}%`
          : ratio(mine, r.result)
    lines.push(
      `| ${r.scenario} | ${r.server} | ${r.result.rps.toFixed(r.result.rps < 10 ? 2 : 0)} | ${r.result.p50.toFixed(2)} | ${r.result.p99.toFixed(2)} | ${r.result.errors} | ${cmp} | ${r.note ?? ''} |`,
    )
  }
  return lines
}

/** Our server asked with another Accept-Encoding (the same process: never stopped by itself). */
const asked: Server[] = [
  ['ours, gzip (Locust)', 'gzip, deflate'],
  ['ours, gzip+br (browser)', 'gzip, deflate, br'],
  ['ours, br', 'br'],
].map(([name, encoding]) => ({ ...ours, name, headers: { 'Accept-Encoding': encoding } }))
/**
 * Mean body bytes of rankings as our server answers them (identity, gzip as Locust asks, br)
 * and of the identity body compressed whole by zlib at its default level 6 (node:zlib, what a
 * typical server's middleware sends), with the largest ratio of one of our gzip bodies to it.
 */
async function encodedSizes(paths: string[]) {
  const sum = { identity: 0, gzip: 0, zlib6: 0, br: 0 }
  let worst = 0
  for (const path of paths) {
    const get = async (encoding: string) =>
      new Uint8Array(
        await (
          await fetch(ours.base + path, {
            headers: { 'Accept-Encoding': encoding },
            decompress: false,
          } as RequestInit)
        ).arrayBuffer(),
      )
    const identity = await get('identity')
    const zlib6 = gzipSync(identity).length
    const gzip = (await get('gzip, deflate')).length
    sum.identity += identity.length
    sum.zlib6 += zlib6
    sum.gzip += gzip
    sum.br += (await get('br')).length
    worst = Math.max(worst, gzip / zlib6)
  }
  const mean = (n: number) => Math.round(n / paths.length)
  return {
    identity: mean(sum.identity),
    gzip: mean(sum.gzip),
    zlib6: mean(sum.zlib6),
    br: mean(sum.br),
    worst,
  }
}

const quiet = await startServer('ours (no logs)', OUR_SERVER, { ...ourEnv, LOG_REQUESTS: 'false' })
// every answer made anew: what artist pages and searches cost when the answer cache does not
// have them (in the mixed load random rankings crowd them out of it)
const uncached = await startServer('ours (no answer cache)', OUR_SERVER, {
  ...ourEnv,
  CACHE_MB: '0',
})

try {
  const loadBefore = loadavg()[0]
  await load('rankings random', [ours, quiet, ceiling, distinct, sqlite], randomRankings)
  await load(
    'rankings random gzip',
    [ours, storedCeiling],
    randomRankings,
    GZIP_ASKED,
    'Accept-Encoding: gzip, deflate',
  )
  const rssAfterWarm = rssAnonMB(ours.proc.pid)
  await load('rankings hot', [ours, ceiling, sqlite], hot)
  await load('artist top 2000', [ours, uncached, sqlite], artistPaths)
  await load('track history', [ours, distinct, sqlite], historyPaths)
  await load('search', [ours, uncached, sqlite], searchPaths)
  await load('tracks (seed route)', [ours, distinct, sqlite], filteredRowsPaths)
  await load('mixed (Locust)', [ours, sqlite], mixed)
  // the same server asked with the Accept-Encoding real clients send, alternating with
  // identity in one scenario: python-requests (Locust) `gzip, deflate`, browsers
  // `gzip, deflate, br` (rankings answer those with stored gzip), br alone (compressed per answer)
  await load('rankings random encoded', [ours, ...asked], randomRankings)
  await load('rankings hot encoded', [ours, ...asked], hot)
  const sizes = await encodedSizes(randomRankings.slice(0, 500))
  log(
    `mean body bytes of 500 random rankings: identity ${sizes.identity}, our gzip ${sizes.gzip}, zlib level 6 of the whole body ${sizes.zlib6} (largest ratio ${sizes.worst.toFixed(3)}), br ${sizes.br}`,
  )
  const rssAfterLoad = rssAnonMB(ours.proc.pid)
  const faults = majorFaults(ours.proc.pid)
  log(`ours: ${faults} major page faults, RssAnon ${rssAfterLoad} MB after the runs`)
  await stopServer(ours)
  await stopServer(quiet)
  await stopServer(uncached)
  if (only && !values.write) {
    console.log(`\n${table().join('\n')}\n`)
    process.exitCode = 0
  } else {
    // the original design: full scans; a few sequential requests show its latency
    await stopServer(sqlite)
    const scan = await startServer(
      'sqlite full scan',
      [process.execPath, 'bench/baselines/sqlite-server.ts'],
      {
        DB: sqlitePath,
        FULL_SCAN: '1',
      },
    )
    const fullScan: { scenario: string; ms: number }[] = []
    for (const [scenario, paths] of [
      ['rankings random', randomRankings.slice(0, 3)],
      ['artist top 2000', artistPaths.slice(0, 3)],
    ] as const) {
      if (only) break
      const started = performance.now()
      for (const p of paths) await (await fetch(scan.base + p)).arrayBuffer()
      const ms = (performance.now() - started) / paths.length
      fullScan.push({ scenario, ms })
      rows.push({
        scenario,
        server: 'sqlite full scan',
        result: {
          tool: 'sequential',
          rps: 1000 / ms,
          p50: ms,
          p99: ms,
          errors: 0,
          requests: paths.length,
          bytes: 0,
        },
        note: `${paths.length} sequential requests`,
      })
      log(`${scenario.padEnd(18)} full scan: ${ms.toFixed(0)} ms per request`)
    }
    await stopServer(scan)
    await stopServer(ceiling)
    await stopServer(distinct)
    await stopServer(storedCeiling)

    // 6. the report
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`
    const facts = [
      `- date: ${new Date().toISOString()}`,
      `- machine: ${machine}; server pinned to CPU ${SERVER_CPU}, load generator to CPU ${LOAD_CPU ?? 'any'}`,
      `- tool: ${loadTool()}, ${connections} connections; per scenario a ${warmup} s warm-up per server, then ${ROUNDS} rounds of ${seconds} s alternating between its servers, each row the median round; Bun ${Bun.version}`,
      `- data: ${values.index ? '' : `gen-data --scale ${values.scale} --shape ${values.shape}: `}${manifest.source.name}, ${manifest.rows.kept.toLocaleString('en')} rows, ${manifest.counts.tracks.toLocaleString('en')} tracks, ${manifest.counts.artists.toLocaleString('en')} artists, ${manifest.counts.regions} regions (build ${manifest.buildId})`,
      `- index build (from its manifest): ${(manifest as { seconds?: number }).seconds ?? '?'} s, peak memory ${(manifest as { peakRssMB?: number }).peakRssMB ?? '?'} MB; opening it here took ${openMs.toFixed(1)} ms`,
      `- index files: ${Object.entries(manifest.files)
        .map(([f, i]) => `${f} ${(i.bytes / 1048576).toFixed(1)} MB`)
        .join(', ')}`,
      `- ${only ? `scenarios run (--only): ${only.join('; ')}\n- ` : ''}our server: spawn to /ready ${only ? '(binary not timed)' : `${Math.min(...binaryReady).toFixed(0)} ms`} as the compiled binary (best of 3), ${ours.readyMs.toFixed(0)} ms from source; RssAnon ${rssAfterWarm} MB after the first run, ${rssAfterLoad} MB after all runs; ${faults} major page faults`,
      sqliteSeconds !== null
        ? `- SQLite baseline database built in ${sqliteSeconds.toFixed(0)} s`
        : '- SQLite baseline database reused',
      ...(fullScan.length > 0
        ? [
            `- full-scan SQLite (the original design): ${fullScan.map((f) => `${f.scenario} ${f.ms.toFixed(0)} ms per request`).join(', ')}`,
          ]
        : []),
    ]
    const pct = (a?: LoadResult, b?: LoadResult) => (a && b ? a.rps / b.rps : Number.NaN)
    const mark = (ok: boolean) => (ok ? 'met' : 'not met')
    const random = find('rankings random', 'ours')
    const toCeiling = pct(random, find('rankings random', 'ceiling'))
    const toDistinct = pct(random, find('rankings random', 'ceiling (distinct)'))
    const gzipRandom = find('rankings random gzip', 'ours')
    const toStored = pct(gzipRandom, find('rankings random gzip', 'ceiling (stored gzip)'))
    const history = pct(find('track history', 'ours'), find('track history', 'sqlite'))
    const seed = pct(find('tracks (seed route)', 'ours'), find('tracks (seed route)', 'sqlite'))
    const logCost = 1 - pct(random, find('rankings random', 'ours (no logs)'))
    const encodings = 'rankings random encoded'
    const gzipShare = pct(find(encodings, 'ours, gzip (Locust)'), find(encodings, 'ours'))
    const browserShare = pct(find(encodings, 'ours, gzip+br (browser)'), find(encodings, 'ours'))
    const brShare = pct(find(encodings, 'ours, br'), find(encodings, 'ours'))
    const hotShare = pct(find('rankings hot', 'ours'), find('rankings hot', 'ceiling'))
    /** How far HTTP alone lets a scenario go: ours and SQLite against its distinct-body ceiling. */
    const reach = (scenario: string) => {
      const limit = find(scenario, 'ceiling (distinct)')
      if (!limit) return ''
      const ours = pct(find(scenario, 'ours'), limit)
      const most = pct(limit, find(scenario, 'sqlite'))
      return ` (ours at ${(ours * 100).toFixed(0)} % of the distinct-body ceiling for the same bodies; that ceiling itself is ${most.toFixed(1)}× SQLite)`
    }
    const goals = [
      `- identity random /rankings ≥ 45 % of the fixed-body ceiling: ${(toCeiling * 100).toFixed(0)} % (${(toDistinct * 100).toFixed(0)} % of the distinct-body ceiling): ${mark(toCeiling >= 0.45)}`,
      `- gzip-accepting random /rankings ≥ 0.8× a server sending each URL's stored gzip body from memory: ${toStored.toFixed(2)}×: ${mark(toStored >= 0.8)}`,
      `- random /rankings p99 ≤ 10 ms at ${connections} connections: identity ${random?.p99.toFixed(1)} ms, gzip ${gzipRandom?.p99.toFixed(1)} ms: ${mark(Math.max(random?.p99 ?? 99, gzipRandom?.p99 ?? 99) <= 10)} (the fixed-body ceiling's p99 in this run: ${find('rankings random', 'ceiling')?.p99.toFixed(1)} ms)`,
      `- track history ≥ 10× indexed SQLite: ${history.toFixed(1)}×: ${mark(history >= 10)}${reach('track history')}`,
      `- seed /tracks ≥ 10× indexed SQLite: ${seed.toFixed(1)}×: ${mark(seed >= 10)}${reach('tracks (seed route)')}`,
      `- request logging costs ≤ 5 %: ${(logCost * 100).toFixed(0)} %: ${mark(logCost <= 0.05)}`,
      `- gzip-accepting random /rankings ≥ 0.8× identity (same scenario, alternating): ${gzipShare.toFixed(2)}× as Locust asks, ${browserShare.toFixed(2)}× as a browser asks (br alone: ${brShare.toFixed(2)}×): ${mark(gzipShare >= 0.8)}`,
      `- gzip body ≤ the whole body compressed by zlib at level 6 (node:zlib): ${sizes.gzip} against ${sizes.zlib6} bytes, ${(sizes.gzip / sizes.zlib6).toFixed(2)}× (largest ratio of 500: ${sizes.worst.toFixed(3)}; identity ${sizes.identity}, br ${sizes.br}): ${mark(sizes.worst <= 1)}`,
      `- hot key ≥ 0.9× the fixed-body ceiling: ${hotShare.toFixed(2)}×: ${mark(hotShare >= 0.9)}`,
    ]
    // an --only run leaves some goals without rows
    const measured = goals.filter((g) => !g.includes('NaN'))
    facts.push(
      `- load average (1 min) before the first scenario ${loadBefore.toFixed(1)}, at the end ${loadavg()[0].toFixed(1)} on ${cpus().length} cores: other work shared the machine, so compare ratios within this run only`,
    )
    const svgPath = values.out.replace(/\.md$/, `-${label}.svg`)
    writeFileSync(
      svgPath,
      renderChart(
        rows.map((r) => ({
          scenario: r.scenario,
          server: r.server,
          rps: r.result.rps,
          p99: r.result.p99,
        })),
      ),
    )
    const lines = table()
    const section = `## ${label}\n\n${facts.join('\n')}\n\nGoals, from this run:\n\n${measured.join('\n')}\n\n${lines.join('\n')}\n\n![throughput and p99, ${label}](${svgPath.split('/').pop()})`
    // one section per scale: this run replaces its own and keeps the others
    const previous = existsSync(values.out) ? readFileSync(values.out, 'utf8') : ''
    const sections = new Map<string, string>()
    for (const part of previous.split(/^(?=## )/m).slice(1))
      sections.set(part.split('\n')[0], part.trimEnd())
    sections.set(`## ${label}`, section)
    const order = ['full', 'full-wide', 'medium', 'medium-wide', 'small', 'small-wide', 'tiny']
    // known scales first, in this order; hand-written sections (e.g. the CSV build) after them
    const rank = (heading: string) => {
      const at = order.indexOf(heading.slice(3))
      return at < 0 ? order.length : at
    }
    const sorted = [...sections].sort(([a], [b]) => rank(a) - rank(b))
    writeFileSync(
      values.out,
      `# Benchmark results\n\nWritten by \`npm run bench\` (see bench/README.md): one section per scale, each from one run; ratios are measured within that run.\n\n${sorted.map(([, text]) => text).join('\n\n')}\n`,
    )
    console.log(`\n${lines.join('\n')}\n`)
    log(`wrote ${values.out} and ${svgPath}`)
    if (resolve(values.out) === join(ROOT, 'bench', 'RESULTS.md'))
      log(writeReadmeBench(values.out, join(ROOT, 'README.md')))
  }
} finally {
  for (const s of [ours, quiet, uncached, ceiling, distinct, storedCeiling, sqlite])
    if (s.proc.exitCode === null) s.proc.kill()
}
