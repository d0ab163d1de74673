/**
 * `npm run soak -- [--index DIR] [--seconds 60] [--every 4] [--connections 8]`: load on an index
 * while good and bad builds are published into the served directory and SIGHUPs sent.
 * Bounded in time, 127.0.0.1 only.
 *
 * The server (from source) serves a copy of `--index`. Every `--every` seconds the soak
 * publishes the way build-index does (a complete directory renamed into place), alternately
 * a good build (the same files under new inodes and a new manifest) and a bad one of a
 * rotating kind (a flipped byte in a chart file or the catalog, a truncated file, a manifest
 * whose checksum lies), then sends SIGHUP (the 1 s poll would find it too). Unchanged files
 * are hard links, so a publish costs a copy of one file at most.
 *
 * Clients ask random rankings (every region, many dates), artists, tracks and searches. An
 * answer is invalid when it is 200 but not byte-equal to the first 200 answer to the same URL
 * (every good build here holds the same data, so the same URL must always get the same
 * bytes). Prints one line per interval: requests, non-2xx, invalid bodies, refusals and swaps
 * (from /metrics), the server's RssAnon; and a verdict. Exit 1 on any invalid body, any
 * non-2xx or a refusal count that differs from the bad builds published.
 */
import {
  cpSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { INDEX_FILES } from '../schema/format.ts'
import { MANIFEST_FILE, readManifest, writeManifest } from '../schema/manifest.ts'

const values = commandLine<{
  index: string
  seconds: string
  every: string
  connections: string
  work: string
}>({
  name: 'npm run soak --',
  summary:
    'Serves a copy of an index under load while publishing a good or a bad build every few seconds (plus SIGHUPs); prints requests, errors, invalid bodies, refusals, swaps and memory per second, then a verdict (exit 1 on any invalid body, non-2xx or unexpected refusal).',
  options: {
    index: {
      type: 'string',
      value: 'DIR',
      default: 'bench/work/full-index',
      help: 'the index copied',
    },
    seconds: { type: 'string', value: 'N', default: '60', help: 'length of the run' },
    every: { type: 'string', value: 'N', default: '4', help: 'seconds between publishes' },
    connections: { type: 'string', value: 'N', default: '8', help: 'concurrent clients' },
    work: {
      type: 'string',
      value: 'DIR',
      default: 'bench/work/soak',
      help: 'where the copies live',
    },
  },
})
const source = resolve(values.index!)
const seconds = Math.min(600, Number(values.seconds))
const every = Number(values.every)
const connections = Number(values.connections)
const work = resolve(values.work!)
const ROOT = join(import.meta.dir, '..')

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const live = join(work, 'index')
let serial = 0

/** A directory holding `source`'s files as hard links, except the manifest (a copy). */
function linkedCopy(): string {
  const dir = join(work, `next-${++serial}`)
  mkdirSync(dir)
  for (const f of readdirSync(source)) {
    if (f === MANIFEST_FILE) cpSync(join(source, f), join(dir, f))
    else linkSync(join(source, f), join(dir, f))
  }
  return dir
}

/** Replaces a hard link by a private copy (so damaging it leaves the source alone). */
function ownCopy(dir: string, f: string): Buffer {
  const bytes = readFileSync(join(dir, f))
  rmSync(join(dir, f))
  return bytes
}

const BAD_KINDS = [
  'flipped chart byte',
  'flipped catalog byte',
  'truncated file',
  'lying manifest',
] as const
type BadKind = (typeof BAD_KINDS)[number]

function badCopy(kind: BadKind): string {
  const dir = linkedCopy()
  const at = (n: number) => Math.floor(Math.random() * n)
  if (kind === 'flipped chart byte' || kind === 'flipped catalog byte') {
    const f = kind === 'flipped chart byte' ? INDEX_FILES.viral50 : INDEX_FILES.catalog
    const bytes = ownCopy(dir, f)
    bytes[at(bytes.length)] ^= 1 << at(8)
    writeFileSync(join(dir, f), bytes)
  } else if (kind === 'truncated file') {
    const bytes = ownCopy(dir, INDEX_FILES.catalog)
    writeFileSync(join(dir, INDEX_FILES.catalog), bytes.subarray(0, at(bytes.length)))
  } else {
    const manifest = readManifest(dir)
    const listed = manifest.files[INDEX_FILES.top200]
    listed.crc32 = (listed.crc32! + 1) >>> 0
    writeManifest(dir, manifest)
  }
  return dir
}

/** Renames `dir` into place as build-index does; the old directory is removed. */
function publish(dir: string): void {
  const old = join(work, `old-${serial}`)
  renameSync(live, old)
  renameSync(dir, live)
  rmSync(old, { recursive: true, force: true })
}

// the served copy: hard links too
renameSync(linkedCopy(), live)

const proc = Bun.spawn([process.execPath, 'scripts/charts.ts', 'serve'], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    INDEX_DIR: live,
    LOG_FILE: '',
    LOG_REQUESTS: 'false',
    INDEX_POLL_SECONDS: '1',
  },
  stdout: 'pipe',
  stderr: 'inherit',
})
const logs: Record<string, unknown>[] = []
let base = ''
const listening = (async () => {
  const decoder = new TextDecoder()
  let pending = ''
  const reader = proc.stdout.getReader()
  for (;;) {
    const { value: chunk, done } = await reader.read()
    if (done) return
    pending += decoder.decode(chunk, { stream: true })
    let nl = pending.indexOf('\n')
    while (nl >= 0) {
      try {
        const entry = JSON.parse(pending.slice(0, nl))
        logs.push(entry)
        if (entry.msg === 'listening') base = String(entry.url)
      } catch {}
      pending = pending.slice(nl + 1)
      nl = pending.indexOf('\n')
    }
  }
})()
void listening
const started = performance.now()
while (!base) {
  if (performance.now() - started > 60_000) throw new Error('soak: the server did not start')
  await Bun.sleep(20)
}
const readyMs = performance.now() - started

const getJson = async <T>(path: string) => (await (await fetch(base + path)).json()) as T
const { regions } = await getJson<{ regions: { name: string }[] }>('/regions')
const urls: string[] = []
for (const r of regions) {
  const region = encodeURIComponent(r.name)
  const { dates } = await getJson<{ dates: string[] }>(`/dates?region=${region}`)
  for (let i = 0; i < dates.length; i += 7)
    urls.push(`/rankings?region=${region}&date=${dates[i]}&limit=50`)
  urls.push(`/rankings?region=${region}&chart=viral50`)
}
const top = (
  await getJson<{ entries: { trackId: string; artists: string[] }[] }>(
    '/rankings?region=Global&limit=200',
  )
).entries
for (const e of top) {
  urls.push(`/tracks/${e.trackId}`, `/artist?name=${encodeURIComponent(e.artists[0])}&limit=20`)
  urls.push(`/search?q=${encodeURIComponent(e.artists[0].slice(0, 3))}`)
}

const reference = new Map<string, string>()
const totals = { requests: 0, non2xx: 0, invalid: 0 }
let window = { requests: 0, non2xx: 0, invalid: 0 }
const statuses = new Map<number, number>()
let running = true
async function client() {
  while (running) {
    const url = urls[Math.floor(Math.random() * urls.length)]
    let status = 0
    let body = ''
    try {
      const res = await fetch(base + url)
      status = res.status
      body = await res.text()
    } catch {}
    window.requests++
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (status < 200 || status > 299) window.non2xx++
    else {
      const seen = reference.get(url)
      if (seen === undefined) {
        try {
          JSON.parse(body)
          reference.set(url, body)
        } catch {
          window.invalid++
        }
      } else if (seen !== body) window.invalid++
    }
  }
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line ? Number(line.split(' ')[1]) : Number.NaN
}

/** Index files mapped by the server now (distinct inodes in /proc/PID/maps): old builds' mappings are released once unreferenced. */
function mappedFiles(): number {
  const lines = readFileSync(`/proc/${proc.pid}/maps`, 'utf8').split('\n')
  const inodes = new Set(
    lines.filter((l) => /\.fb( \(deleted\))?$/.test(l)).map((l) => l.split(/\s+/)[4]),
  )
  return inodes.size
}

function rssAnonMB(): number {
  const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN
}

console.log(
  `soak: ${source} (${Math.round(readdirSync(source).reduce((n, f) => n + Bun.file(join(source, f)).size, 0) / 1048576)} MB), ${urls.length} URLs, ${connections} connections, ${seconds} s, a publish every ${every} s; server ready ${readyMs.toFixed(0)} ms after spawn`,
)
const clients = Array.from({ length: connections }, client)
const published = { good: 0, bad: 0 }
const events: string[] = []
const rows: string[] = []
const header =
  '|   t s | requests | non-2xx | invalid | refusals | swaps | RssAnon MB | mapped files | event'
console.log(header)
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|')
const t0 = performance.now()
let next = every
// a build is published once the server has decided on the previous one (refused or swapped
// in), so every bad build is looked at and must be refused, every good one swapped in
const decided = async () =>
  (await metric('index_refusals_total')) + (await metric('index_swaps_total')) ===
  1 + published.good + published.bad
for (let tick = 1; tick <= seconds; tick++) {
  await Bun.sleep(t0 + tick * 1000 - performance.now())
  let event = ''
  if (tick >= next && tick < seconds - 2 && (await decided())) {
    next = tick + every
    if ((published.good + published.bad) % 2 === 0) {
      const kind = BAD_KINDS[published.bad % BAD_KINDS.length]
      publish(badCopy(kind))
      published.bad++
      event = `bad build (${kind}) + SIGHUP`
    } else {
      publish(linkedCopy())
      published.good++
      event = 'good build + SIGHUP'
    }
    proc.kill('SIGHUP')
    events.push(event)
  } else if (tick % 3 === 0) {
    proc.kill('SIGHUP')
    event = 'SIGHUP'
  }
  const w = window
  window = { requests: 0, non2xx: 0, invalid: 0 }
  totals.requests += w.requests
  totals.non2xx += w.non2xx
  totals.invalid += w.invalid
  const row = `| ${String(tick).padStart(5)} | ${w.requests} | ${w.non2xx} | ${w.invalid} | ${await metric('index_refusals_total')} | ${await metric('index_swaps_total')} | ${rssAnonMB()} | ${mappedFiles()} | ${event}`
  rows.push(row)
  console.log(row)
}
running = false
await Promise.all(clients)
totals.requests += window.requests
totals.non2xx += window.non2xx
totals.invalid += window.invalid
// the last publish is decided on (a check under load can take seconds)
for (let waited = 0; waited < 120 && !(await decided()); waited++) await Bun.sleep(1000)
const refusals = await metric('index_refusals_total')
const swaps = await metric('index_swaps_total')
const refusedLogs = logs.filter((l) => l.msg === 'index refused')
const rss = rssAnonMB()
proc.kill('SIGTERM')
const code = await proc.exited
rmSync(work, { recursive: true, force: true })

const ok =
  totals.invalid === 0 &&
  totals.non2xx === 0 &&
  refusals === published.bad &&
  refusedLogs.length === published.bad &&
  swaps === published.good + 1 &&
  code === 0
console.log(`
requests ${totals.requests} (${Math.round(totals.requests / seconds)}/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}
non-2xx ${totals.non2xx}, invalid bodies ${totals.invalid}
published: ${published.good} good, ${published.bad} bad; refusals ${refusals} (log lines ${refusedLogs.length}), swaps ${swaps} (the first load + ${swaps - 1})
refusal reasons: ${[...new Set(refusedLogs.map((l) => String(l.reason).replace(/\d{3,}/g, 'N')))].join(' | ')}
RssAnon at the end ${rss} MB; server exit code ${code}
verdict: ${ok ? 'PASS' : 'FAIL'}`)
process.exit(ok ? 0 : 1)
