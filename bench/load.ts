/**
 * One load run, whatever the tool: oha when it is on PATH, else wrk, else autocannon (npm).
 * Each run sends GETs for paths drawn at random from a list, for a fixed time, and comes back
 * in one shape: requests/s, p50 and p99 in ms, errors, tool.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The result of one run. */
export interface LoadResult {
  tool: string
  rps: number
  p50: number
  p99: number
  errors: number
  requests: number
  /** mean body bytes per response */
  bytes: number
}

/** What to run. */
export interface LoadSpec {
  base: string
  paths: string[]
  seconds: number
  connections: number
  headers?: Record<string, string>
  /** CPU to pin the load generator to (taskset), if any */
  cpu?: number
  workDir: string
}

function which(cmd: string): boolean {
  return Bun.spawnSync(['sh', '-c', `command -v ${cmd}`]).exitCode === 0
}

/** The tool this machine will use. */
export function loadTool(): 'oha' | 'wrk' | 'autocannon' {
  if (which('oha')) return 'oha'
  if (which('wrk')) return 'wrk'
  return 'autocannon'
}

function pin(cmd: string[], cpu?: number): string[] {
  return cpu !== undefined && which('taskset') ? ['taskset', '-c', String(cpu), ...cmd] : cmd
}

async function runWrk(spec: LoadSpec, urlsFile: string): Promise<LoadResult> {
  const headers = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('|')
  const cmd = pin(
    [
      'wrk',
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.seconds}s`,
      '--timeout',
      '5s',
      '-s',
      join(import.meta.dir, 'urls.lua'),
      spec.base,
    ],
    spec.cpu,
  )
  const proc = Bun.spawn(cmd, {
    env: { ...process.env, URLS_FILE: urlsFile, HEADERS: headers },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const out = await new Response(proc.stdout).text()
  await proc.exited
  const line = out.split('\n').find((l) => l.startsWith('{"requests"'))
  if (!line) throw new Error(`wrk gave no result: ${out} ${await new Response(proc.stderr).text()}`)
  const r = JSON.parse(line)
  return {
    tool: 'wrk',
    rps: r.requests / (r.duration_us / 1e6),
    p50: r.p50_us / 1000,
    p99: r.p99_us / 1000,
    errors: r.errors + r.non2xx,
    requests: r.requests,
    bytes: r.requests ? r.bytes / r.requests : 0,
  }
}

async function runOha(spec: LoadSpec, urlsFile: string): Promise<LoadResult> {
  const headerArgs = Object.entries(spec.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`])
  const cmd = pin(
    [
      'oha',
      '--no-tui',
      '--output-format',
      'json',
      '-c',
      String(spec.connections),
      '-z',
      `${spec.seconds}s`,
      '--urls-from-file',
      urlsFile,
      ...headerArgs,
    ],
    spec.cpu,
  )
  const proc = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' })
  const r = JSON.parse(await new Response(proc.stdout).text())
  await proc.exited
  const codes = r.statusCodeDistribution ?? {}
  const total = Object.values(codes).reduce((a: number, b) => a + (b as number), 0) as number
  const ok = (codes['200'] ?? 0) as number
  return {
    tool: 'oha',
    rps: r.summary.requestsPerSec,
    p50: r.latencyPercentiles.p50 * 1000,
    p99: r.latencyPercentiles.p99 * 1000,
    errors:
      total -
      ok +
      Object.values(r.errorDistribution ?? {}).reduce((a: number, b) => a + (b as number), 0),
    requests: total,
    bytes: r.summary.sizePerRequest ?? 0,
  }
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = (await import('autocannon')).default
  const paths = spec.paths
  const result = await autocannon({
    url: spec.base,
    connections: spec.connections,
    duration: spec.seconds,
    headers: spec.headers,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: paths[Math.floor(Math.random() * paths.length)],
        }),
      },
    ],
  })
  return {
    tool: 'autocannon',
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    bytes: result.requests.total ? result.throughput.total / result.requests.total : 0,
  }
}

/** Runs one load test. */
export async function runLoad(spec: LoadSpec, name: string): Promise<LoadResult> {
  const urlsFile = join(spec.workDir, `${name.replace(/[^\w-]+/g, '_')}.urls`)
  const tool = loadTool()
  writeFileSync(
    urlsFile,
    `${spec.paths.map((p) => (tool === 'oha' ? spec.base + p : p)).join('\n')}\n`,
  )
  if (tool === 'oha') return runOha(spec, urlsFile)
  if (tool === 'wrk') return runWrk(spec, urlsFile)
  return runAutocannon(spec)
}
