/**
 * `npm run bench:tail -- [--scale full] [--shape default|wide] [--index DIR] [--seconds 8]
 * [--connections 64] [--rounds 3]`: what holds the p99 of random /rankings. Our server runs
 * with JavaScriptCore's GC log on (`BUN_JSC_logGC`, read from its stderr) in a few
 * configurations (as served; no answer cache; no request log) and Bun answering one fixed
 * ranking body (the ceiling: HTTP alone, its collections too), alternating round by round;
 * per configuration the median round (by p99): throughput, p50, p99, and the collector's
 * stop-the-world pauses during the measured seconds (how many, ms of pause per second, the
 * longest). A pause stops every request in flight, so pauses longer than the p50 put
 * requests into the tail. Prints a markdown table (bench/README.md, "Tail latency").
 */
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { openIndex } from '../src/store/open-index.ts'
import { rankingPaths, seeded } from './draws.ts'
import { type LoadResult, loadTool, runLoad } from './load.ts'
import { type BenchServer, OUR_SERVER, startServer, stopServer } from './servers.ts'
import { benchWorkDir } from './work-dir.ts'

const values = commandLine<{
  scale: string
  shape: string
  index?: string
  seconds: string
  connections: string
  rounds: string
}>({
  name: 'npm run bench:tail --',
  summary:
    "Random /rankings with the collector's log on, as served, without the answer cache and without the request log, alternating; per configuration p50, p99 and the GC's stop-the-world pauses.",
  options: {
    scale: { type: 'string', value: 'small|medium|full', default: 'full', help: 'data scale' },
    shape: { type: 'string', value: 'default|wide', default: 'default', help: 'catalog shape' },
    index: { type: 'string', value: 'DIR', help: 'an index instead of bench/work/<scale>' },
    seconds: { type: 'string', value: 'N', default: '8', help: 'seconds of load per round' },
    connections: { type: 'string', value: 'N', default: '64', help: 'connections of the load' },
    rounds: { type: 'string', value: 'N', default: '3', help: 'alternating rounds' },
  },
})

const ROOT = join(import.meta.dir, '..')
const work = benchWorkDir(ROOT, values.scale, values.shape)
const indexDir = values.index ?? join(work, 'index')
const tailDir = join(work, 'tail')
mkdirSync(tailDir, { recursive: true })
const LOAD_CPU = cpus().length > 1 ? 1 : undefined

// random rankings, drawn as bench/run.ts's scenario is, from the same seed
const paths = rankingPaths(openIndex(indexDir), 20000, seeded(12345))

/** One stop-the-world pause of the collector, from a `BUN_JSC_logGC` line. */
function pausesIn(text: string): number[] {
  const out: number[] = []
  for (const m of text.matchAll(/ p=([\d.]+)ms/g)) out.push(Number(m[1]))
  return out
}

interface Config {
  name: string
  env: Record<string, string>
  /** the server's command (default: ours) */
  cmd?: string[]
}
const bodyFile = join(tailDir, 'ranking-body.json')
const configs: Config[] = [
  { name: 'as served', env: {} },
  { name: 'no answer cache', env: { CACHE_MB: '0' } },
  { name: 'no request log', env: { LOG_REQUESTS: 'false' } },
  // Bun answering one fixed ranking body: the tail HTTP alone has here (its Response copies
  // the body too, so its collections are ours without the rendering)
  {
    name: 'fixed body (ceiling)',
    env: { BODY: bodyFile },
    cmd: [process.execPath, 'bench/baselines/ceiling-server.ts'],
  },
]

interface Running extends BenchServer {
  config: Config
  stderr: string
}
let port = 3900 + Math.floor(Math.random() * 200)
const running: Running[] = []

for (const config of configs) {
  const stderr = join(tailDir, `${config.name.replace(/\W+/g, '-')}.gc.log`)
  if (config.cmd && running.length > 0)
    await Bun.write(bodyFile, await (await fetch(`${running[0].base}${paths[0]}`)).arrayBuffer())
  const server = await startServer({
    name: config.name,
    cmd: config.cmd ?? OUR_SERVER,
    port: port++,
    env: {
      INDEX_DIR: indexDir,
      LOG_FILE: '',
      INDEX_POLL_SECONDS: '0',
      BUN_JSC_logGC: 'true',
      ...config.env,
    },
    stderr: Bun.file(stderr),
  })
  running.push({ ...server, config, stderr })
}

/** Bytes of a file from `from` to its end, as text. */
function readFrom(path: string, from: number): string {
  const size = statSync(path).size
  const bytes = new Uint8Array(Math.max(0, size - from))
  const fd = openSync(path, 'r')
  try {
    readSync(fd, bytes, 0, bytes.length, from)
  } finally {
    closeSync(fd)
  }
  return new TextDecoder().decode(bytes)
}

interface Round {
  load: LoadResult
  pauses: number[]
}
const seconds = Number(values.seconds)
const load = (r: Running, s: number) =>
  runLoad(
    {
      base: r.base,
      paths,
      seconds: s,
      connections: Number(values.connections),
      cpu: LOAD_CPU,
      workDir: tailDir,
    },
    `tail ${r.config.name}`,
  )
for (const r of running) await load(r, 3) // warm-up
const rounds = new Map<string, Round[]>()
for (let round = 0; round < Number(values.rounds); round++) {
  for (const r of running) {
    const from = statSync(r.stderr).size
    const result = await load(r, seconds)
    const pauses = pausesIn(readFrom(r.stderr, from))
    rounds.set(r.config.name, [...(rounds.get(r.config.name) ?? []), { load: result, pauses }])
    console.error(
      `tail: ${r.config.name}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(2)} ms, ${pauses.length} pauses`,
    )
  }
}
for (const r of running) await stopServer(r)

const rows = [
  `random /rankings, ${values.connections} connections, ${loadTool()}, ${values.rounds} rounds of ${seconds} s alternating (median round by p99); load average ${loadavg()[0].toFixed(1)} at the end`,
  '',
  '| server | req/s | p50 ms | p99 ms | GC pauses | pause ms per s | longest pause ms | pauses ≥ 1 ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
]
for (const config of configs) {
  const list = [...(rounds.get(config.name) ?? [])].sort((a, b) => a.load.p99 - b.load.p99)
  const { load: l, pauses } = list[Math.floor(list.length / 2)]
  const total = pauses.reduce((a, b) => a + b, 0)
  rows.push(
    `| ${config.name} | ${l.rps.toFixed(0)} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${pauses.length} | ${(total / seconds).toFixed(1)} | ${Math.max(0, ...pauses).toFixed(2)} | ${pauses.filter((p) => p >= 1).length} |`,
  )
}
console.log(rows.join('\n'))
