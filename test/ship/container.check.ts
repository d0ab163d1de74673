/**
 * The production image in a real container engine: `npm run image` builds it, then it runs
 * the way it is meant to, non-root, with a read-only root filesystem and no capabilities,
 * and must answer, report readiness through its HEALTHCHECK, and stop with exit 0 on SIGTERM.
 *
 * Not part of `npm test` (a node+npm-only machine has no engine; it may need root): run by
 * `npm run test:container` and by .ci/run. Engine: podman, else docker. Extra `run` flags come
 * from CONTAINER_RUN_ARGS; by default podman gets `--runtime runc` when runc is installed and
 * `--ulimit nofile=1024:1024 --ulimit nproc=1024:1024` (what Debian's podman needs on hosts
 * where crun cannot set up cgroups and the default limits cannot be applied).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { pickEngine } from '../../scripts/image.ts'
import { ROOT } from '../e2e/server.ts'

const TAG = 'localhost/spotify-charts:latest'
const engine = pickEngine(process.env.CONTAINER_ENGINE || undefined)
const runArgs = process.env.CONTAINER_RUN_ARGS
  ? process.env.CONTAINER_RUN_ARGS.split(/\s+/).filter(Boolean)
  : engine === 'podman'
    ? [
        ...(Bun.which('runc') ? ['--runtime', 'runc'] : []),
        '--ulimit',
        'nofile=1024:1024',
        '--ulimit',
        'nproc=1024:1024',
      ]
    : []
const names: string[] = []

/** Runs the engine; its exit code and output. */
function eng(args: string[]) {
  const proc = Bun.spawnSync([engine, ...args], { cwd: ROOT })
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() }
}

/** Starts the image detached, as production runs it; its name, host port and start time. */
function runImage(extra: string[] = []) {
  const name = `charts-check-${process.pid}-${names.length}`
  names.push(name)
  const started = performance.now()
  const { code, err } = eng([
    'run',
    '-d',
    '--name',
    name,
    ...runArgs,
    '--read-only',
    '--cap-drop=ALL',
    '-p',
    '127.0.0.1::3000',
    ...extra,
    TAG,
  ])
  if (code !== 0) throw new Error(`${engine} run failed: ${err}`)
  const mapping = eng(['port', name, '3000']).out.trim().split('\n')[0]
  return { name, base: `http://${mapping}`, started }
}

/**
 * Polls GET base+path until it answers `status` (or 15 s pass): ms from `since`
 * (performance.now()) and the wall-clock time it answered, or -1.
 */
async function waitFor(base: string, path: string, status: number, since: number) {
  const deadline = performance.now() + 15_000
  while (performance.now() < deadline) {
    try {
      const res = await fetch(base + path, { signal: AbortSignal.timeout(1000) })
      if (res.status === status) return { ms: performance.now() - since, at: Date.now() }
    } catch {}
    await Bun.sleep(10)
  }
  return { ms: -1, at: 0 }
}

/** When the engine started the container's process (wall clock, ms). */
function startedAt(name: string): number {
  const text = eng(['inspect', '--format', '{{.State.StartedAt}}', name]).out.trim()
  // RFC 3339 with nanoseconds (docker) or Go's default format (podman): keep what Date reads
  const m = text.match(
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*\s*(Z|[+-]\d{2}:?\d{2})/,
  )
  if (!m) throw new Error(`cannot read StartedAt: ${text}`)
  const zone = m[4] === 'Z' ? 'Z' : `${m[4].slice(0, 3)}:${m[4].slice(-2)}`
  return Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}${zone}`)
}

/** The container's JSON log lines. */
function logs(name: string): Record<string, unknown>[] {
  return eng(['logs', name])
    .out.split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
}

/** Runs the image's HEALTHCHECK now; true when healthy. */
async function healthy(name: string): Promise<boolean> {
  if (engine === 'podman') return eng(['healthcheck', 'run', name]).code === 0
  // docker has no "run it now": the test's containers check every second (see below)
  for (let i = 0; i < 30; i++) {
    const status = eng(['inspect', '--format', '{{.State.Health.Status}}', name]).out.trim()
    if (status === 'healthy') return true
    if (status === 'unhealthy') return false
    await Bun.sleep(500)
  }
  return false
}
const healthFlags = engine === 'docker' ? ['--health-interval=1s', '--health-start-period=0s'] : []

beforeAll(() => {
  const build = Bun.spawnSync([process.execPath, 'scripts/image.ts', '--engine', engine], {
    cwd: ROOT,
    stdout: 'inherit',
    stderr: 'inherit',
  })
  expect(build.exitCode).toBe(0)
}, 600_000)
afterAll(() => {
  for (const name of names) eng(['rm', '-f', name])
})

describe(`the image (${engine})`, () => {
  test('is at most 150 MB, runs as nonroot, checks readiness, serves by default', () => {
    const [config] = JSON.parse(eng(['image', 'inspect', TAG]).out)
    console.log(`image: ${TAG} ${(config.Size / 1e6).toFixed(1)} MB`)
    expect(config.Size).toBeLessThanOrEqual(150e6)
    expect(config.Config.User).toBe('nonroot')
    expect(config.Config.Entrypoint).toEqual(['/app/charts'])
    expect(config.Config.Cmd).toEqual(['serve'])
    expect(Object.keys(config.Config.ExposedPorts)).toEqual(['3000/tcp'])
    // docker keeps it in Config, podman beside it
    const check = config.Config.Healthcheck ?? config.Healthcheck
    expect(check.Test).toEqual(['CMD', '/app/charts', 'healthcheck'])
  })

  test('serves under --read-only --cap-drop=ALL as uid 65532, healthy, exits 0 on SIGTERM', async () => {
    const c = runImage(healthFlags)
    const ready = await waitFor(c.base, '/ready', 200, c.started)
    const lines = logs(c.name)
    const time = (msg: string) => lines.find((l) => l.msg === msg)?.time as number | undefined
    const starting = time('starting')
    const listening = time('listening')
    console.log(
      `container: process start to /ready 200 in ${ready.at - startedAt(c.name)} ms (\`${engine} run\` to /ready ${ready.ms.toFixed(0)} ms; the server's own first log line to listening ${starting && listening ? listening - starting : '?'} ms)`,
    )
    // serving must work: an index that cannot be opened read-only fails here
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([])
    expect(ready.ms).toBeGreaterThan(0)
    const ranking = await fetch(`${c.base}/rankings?region=Global&chart=top200&limit=3`)
    expect(ranking.status).toBe(200)
    expect(((await ranking.json()) as { entries: unknown[] }).entries).toHaveLength(3)

    const pid = eng(['inspect', '--format', '{{.State.Pid}}', c.name]).out.trim()
    const uid = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1]
    expect(uid).toBe('65532')
    expect(await healthy(c.name)).toBe(true)

    expect(eng(['stop', '-t', '10', c.name]).code).toBe(0)
    expect(eng(['inspect', '--format', '{{.State.ExitCode}}', c.name]).out.trim()).toBe('0')
    expect(logs(c.name).some((l) => l.msg === 'stopped')).toBe(true)
  }, 60_000)

  test('without an index it is alive but not ready, and its HEALTHCHECK says unhealthy', async () => {
    const c = runImage([...healthFlags, '-e', 'INDEX_DIR=/app/no-index-here'])
    expect((await waitFor(c.base, '/health', 200, c.started)).ms).toBeGreaterThan(0)
    expect((await fetch(`${c.base}/ready`)).status).toBe(503)
    expect(await healthy(c.name)).toBe(false)
  }, 60_000)
})
