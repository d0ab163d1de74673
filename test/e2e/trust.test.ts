/**
 * Trust, as an operator meets it: real server processes on real files, real
 * signals, a read-only bind mount in a private mount namespace (`unshare --mount`) and a
 * non-root user (`setpriv`). Needs root, as CI has.
 *
 * 1–2. a bad build published while a good one serves: refused once, the old one keeps
 *      answering, no invalid body; 3. files changed in place (mmap: dropped; memory: kept);
 * 4. read-only mount and 0444 files of another user; 6. logs that cannot be written;
 * 7. (test/build/publish.test.ts); 8. 503 bodies that name the problem, not the path.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE } from '../../schema/manifest.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, logCount, metric, spawnServer, waitFor } from './server.ts'

const SERVE = [process.execPath, 'scripts/charts.ts', 'serve']
const PATHS = [
  '/rankings?region=Global&limit=20',
  '/rankings?region=Global&date=2017-01-03&chart=viral50',
  '/regions',
  '/search?q=a',
]

/** The line a SIGHUP writes as it starts a look at the index directory (src/main.ts). */
const SIGHUP_LOOK = 'SIGHUP: looking for a new index'
const tmp = tempDir()
// another user must be able to reach the files (mkdtemp makes the directory 0700)
chmodSync(tmp.dir, 0o755)
let good: Awaited<ReturnType<typeof buildSample>>
let other: Awaited<ReturnType<typeof buildSample>>

beforeAll(async () => {
  good = await buildSample(join(tmp.dir, 'good'), 3, 8, 1)
  other = await buildSample(join(tmp.dir, 'other'), 4, 9, 2)
})
afterAll(() => tmp.cleanup())

/** A copy of `from` at `to` with one byte of `file` flipped (same size). */
function damagedCopy(from: string, to: string, file = 'chart-top200.fb'): string {
  cpSync(from, to, { recursive: true })
  const path = join(to, file)
  const bytes = readFileSync(path)
  bytes[bytes.length >> 1] ^= 0xff
  writeFileSync(path, bytes)
  return to
}

/** Bodies of PATHS as served now (the reference an answer must equal). */
async function bodiesOf(base: string): Promise<string[]> {
  return Promise.all(PATHS.map(async (p) => (await fetch(base + p)).text()))
}

/**
 * Clients asking PATHS in a loop until stopped. An answer is invalid when it is 200 but not
 * byte-equal to the reference body of that path.
 */
function load(base: string, reference: string[], clients = 4) {
  const counts = { requests: 0, non200: 0, invalid: 0 }
  let running = true
  const client = async (k: number) => {
    for (let i = k; running; i++) {
      const p = i % PATHS.length
      const res = await fetch(base + PATHS[p])
      const text = await res.text()
      counts.requests++
      if (res.status !== 200) counts.non200++
      else if (text !== reference[p]) counts.invalid++
    }
  }
  const done = Promise.all(Array.from({ length: clients }, (_, k) => client(k)))
  return {
    counts,
    async stop() {
      running = false
      await done
      return counts
    },
  }
}

describe('a bad build published while a good one serves (1, 2)', () => {
  test('is refused once; the old index keeps answering every request, byte for byte', async () => {
    const dir = join(tmp.dir, 'publish')
    const live = join(dir, 'index')
    cpSync(good.indexDir, live, { recursive: true })
    const server = await spawnServer({ INDEX_DIR: live, INDEX_POLL_SECONDS: '0.2' })
    try {
      const reference = await bodiesOf(server.base)
      const clients = load(server.base, reference)
      // published as build-index does: a complete directory renamed into place
      damagedCopy(other.indexDir, join(dir, 'index.next'))
      renameSync(live, join(dir, 'index.prev'))
      renameSync(join(dir, 'index.next'), live)
      await waitFor('the refusal', () => logCount(server, 'index refused') === 1)
      // looks (SIGHUP runs the poll's look, the unchanged directory seen before its log line
      // is written) do not try it again while nothing changes
      for (let i = 1; i <= 3; i++) {
        server.proc.kill('SIGHUP')
        await waitFor(`look ${i}`, () => logCount(server, SIGHUP_LOOK) === i)
      }
      await waitFor('50 answers', () => clients.counts.requests >= 50)
      const counts = await clients.stop()
      expect(counts).toMatchObject({ non200: 0, invalid: 0 })
      expect(logCount(server, 'index refused')).toBe(1)
      const refusal = server.logs.find((l) => l.msg === 'index refused')!
      expect(String(refusal.reason)).toMatch(/chart-top200\.fb does not match its CRC-32/)
      expect(refusal.serving).toBe(good.report.buildId)
      expect(refusal.buildId).toBe(other.report.buildId)
      expect(await metric(server, 'index_refusals_total')).toBe(1)
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(200)
      // mapped (read-only, through libc), not read into memory
      expect(server.logs.find((l) => l.msg === 'index loaded')?.mode).toBe('mmap')
      expect(ready.body.index.buildId).toBe(good.report.buildId)
      expect(await bodiesOf(server.base)).toEqual(reference)

      // a good build published next is checked and swapped in (and no answer of the old
      // one is served from the cache afterwards)
      renameSync(live, join(dir, 'index.bad'))
      cpSync(other.indexDir, live, { recursive: true })
      server.proc.kill('SIGHUP')
      await waitFor('the swap', () => logCount(server, 'index swapped') === 1)
      expect((await getJson(server.base, '/ready')).body.index.buildId).toBe(other.report.buildId)
      expect((await getJson(server.base, '/regions')).body.regions.length).toBe(4)
      expect(await metric(server, 'index_swaps_total')).toBe(2)
    } finally {
      await server.stop()
    }
  })
})

describe('files changed in place (3)', () => {
  test('INDEX_MODE=mmap: a same-size damaged file copied over a served one is noticed and the index dropped', async () => {
    const live = join(tmp.dir, 'inplace-mmap')
    cpSync(good.indexDir, live, { recursive: true })
    const server = await spawnServer({
      INDEX_DIR: live,
      INDEX_POLL_SECONDS: '0',
      INDEX_MODE: 'mmap',
    })
    try {
      expect((await getJson(server.base, '/ready')).status).toBe(200)
      const file = join(live, 'chart-top200.fb')
      const original = readFileSync(file)
      const damaged = Buffer.from(original)
      damaged[damaged.length >> 1] ^= 0xff
      writeFileSync(file, damaged) // same inode, same size, new mtime
      server.proc.kill('SIGHUP')
      await waitFor('the drop', () => logCount(server, 'index refused') === 1)
      expect(logCount(server, 'served index changed in place: dropped')).toBe(1)
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(503)
      expect(ready.body.error).toEqual({ code: 'no_index', message: 'index refused' })
      for (const p of PATHS) expect((await fetch(server.base + p)).status).toBe(503)
      // the right bytes back: checked again and served
      writeFileSync(file, original)
      server.proc.kill('SIGHUP')
      await waitFor('the reload', async () => (await getJson(server.base, '/ready')).status === 200)
    } finally {
      await server.stop()
    }
  })

  test('memory: a damaged copy and then `truncate -s 0` of a served file change nothing served', async () => {
    const live = join(tmp.dir, 'inplace-memory')
    cpSync(good.indexDir, live, { recursive: true })
    const server = await spawnServer({
      INDEX_DIR: live,
      INDEX_MODE: 'memory',
      INDEX_POLL_SECONDS: '0.1',
    })
    try {
      const reference = await bodiesOf(server.base)
      const clients = load(server.base, reference)
      const file = join(live, 'chart-top200.fb')
      const damaged = readFileSync(file)
      damaged[damaged.length >> 1] ^= 0xff
      writeFileSync(file, damaged)
      await waitFor('the first refusal', () => logCount(server, 'index refused') === 1)
      truncateSync(file, 0)
      await waitFor('the second refusal', () => logCount(server, 'index refused') === 2)
      server.proc.kill('SIGHUP')
      await waitFor('a look after it', () => logCount(server, SIGHUP_LOOK) === 1)
      await waitFor('50 answers', () => clients.counts.requests >= 50)
      const counts = await clients.stop()
      expect(counts).toMatchObject({ non200: 0, invalid: 0 })
      const reasons = server.logs.filter((l) => l.msg === 'index refused').map((l) => l.reason)
      expect(String(reasons[0])).toMatch(/does not match its CRC-32/)
      expect(String(reasons[1])).toMatch(/chart-top200\.fb has 0 bytes; the manifest says \d+/)
      expect(logCount(server, 'served index changed in place: dropped')).toBe(0)
      expect((await getJson(server.base, '/ready')).body.index.buildId).toBe(good.report.buildId)
      expect(server.proc.exitCode).toBeNull()
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})

describe('files written into a live INDEX_DIR, served from a private copy (the default) (9)', () => {
  /** Writes `bytes` over `path` in place: same inode, no truncation (`dd conv=notrunc`). */
  const writeInPlace = (path: string, bytes: Uint8Array, at = 0) => {
    const fd = openSync(path, 'r+')
    try {
      writeSync(fd, bytes, 0, bytes.length, at)
    } finally {
      closeSync(fd)
    }
  }

  test('cp, truncate, an in-place write, a hard-link write: alive, no wrong answer; a new build once it checks', async () => {
    const dir = join(tmp.dir, 'written')
    const live = join(dir, 'index')
    cpSync(good.indexDir, live, { recursive: true })
    // what a server of each build answers
    const references = new Map<string, string[]>()
    for (const built of [good, other]) {
      const server = await spawnServer({ INDEX_DIR: built.indexDir, INDEX_MODE: 'mmap' })
      references.set(built.report.buildId, await bodiesOf(server.base))
      await server.stop()
    }
    // no answer cache: every answer is read from the served bytes
    const server = await spawnServer({ INDEX_DIR: live, INDEX_POLL_SECONDS: '0.2', CACHE_MB: '0' })
    const counts = { requests: 0, failed: 0, wrong: 0, builds: new Set<string>() }
    let running = true
    const client = async (k: number) => {
      for (let i = k; running; i++) {
        const p = i % PATHS.length
        try {
          const res = await fetch(server.base + PATHS[p])
          const text = await res.text()
          counts.requests++
          if (res.status !== 200) counts.failed++
          else {
            const build = res.headers.get('x-index-build') ?? ''
            counts.builds.add(build)
            if (references.get(build)?.[p] !== text) counts.wrong++
          }
        } catch {
          counts.failed++
        }
      }
    }
    const clients = Promise.all([0, 1, 2, 3].map(client))
    const refusals = () => logCount(server, 'index refused')
    const kept = () =>
      logCount(server, 'index directory changed: the build served, checked again and kept')
    const file = join(live, 'chart-top200.fb')
    const original = new Uint8Array(readFileSync(file))
    try {
      expect(server.logs.find((l) => l.msg === 'index loaded')?.servedFrom).toBe(
        join(`${live}.serving`, good.report.buildId),
      )
      // 1. cp over a served file (the same inode, truncated and written)
      expect(Bun.spawnSync(['cp', join(other.indexDir, 'chart-top200.fb'), file]).exitCode).toBe(0)
      await waitFor('the refusal of the mix', () => refusals() === 1)
      // 2. truncate
      expect(Bun.spawnSync(['truncate', '-s', '0', file]).exitCode).toBe(0)
      await waitFor('the refusal of the truncated file', () => refusals() === 2)
      // the right bytes back: checked again, the served copy kept
      writeFileSync(file, original)
      await waitFor('the build checked again', () => kept() === 1)
      // 3. an in-place write: a byte flipped in the middle, nothing truncated
      writeInPlace(
        file,
        new Uint8Array([original[original.length >> 1] ^ 0xff]),
        original.length >> 1,
      )
      await waitFor('the refusal of the edited file', () => refusals() === 3)
      writeInPlace(file, original)
      await waitFor('the build checked again', () => kept() === 2)
      // 4. a write through a hard link in another directory (seen at the next poll)
      const elsewhere = join(dir, 'elsewhere')
      mkdirSync(elsewhere)
      const link = join(elsewhere, 'top200')
      linkSync(file, link)
      writeInPlace(link, new Uint8Array([original[100] ^ 0xff]), 100)
      await waitFor('the refusal of the file written through its link', () => refusals() === 4)
      // 5. a whole new build written through hard links, its manifest last: served once checked
      const names = readdirSync(live)
      for (const name of names)
        if (name !== MANIFEST_FILE) linkSync(join(live, name), join(elsewhere, name))
      for (const name of names)
        if (name !== MANIFEST_FILE)
          writeFileSync(join(elsewhere, name), readFileSync(join(other.indexDir, name)))
      writeFileSync(join(live, MANIFEST_FILE), readFileSync(join(other.indexDir, MANIFEST_FILE)))
      await waitFor('the new build', async () => {
        const ready = await getJson(server.base, '/ready')
        return ready.body.index?.buildId === other.report.buildId
      })
      await waitFor('answers of the new build', () => counts.builds.has(other.report.buildId))
      await waitFor('100 answers', () => counts.requests >= 100)
    } finally {
      running = false
      await clients
    }
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
    expect([...counts.builds].sort()).toEqual([good.report.buildId, other.report.buildId].sort())
    expect(logCount(server, 'served index changed in place: dropped')).toBe(0)
    const reasons = server.logs
      .filter((l) => l.msg === 'index refused')
      .map((l) => String(l.reason))
    // each names the file in INDEX_DIR (not the copy) and what is wrong with it
    expect(reasons[1]).toBe(`index: ${file} has 0 bytes; the manifest says ${original.length}`)
    expect(reasons[2]).toMatch(/chart-top200\.fb does not match its CRC-32/)
    // the served copy holds the new build alone
    expect(readdirSync(`${live}.serving`)).toEqual([other.report.buildId])
    expect(server.proc.exitCode).toBeNull()
    expect(await server.stop()).toBe(0)
  })
})

/** A copy of the good index owned by root, 0444 files in a 0555 directory. */
function lockedDownCopy(name: string): string {
  const dir = join(tmp.dir, name)
  cpSync(good.indexDir, dir, { recursive: true })
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o444)
  chmodSync(dir, 0o555)
  return dir
}

/** A shell line that exits 3 when Bun.mmap can open `path`, the way the server once did. */
const bunMmapFails = (path: string) =>
  `${process.execPath} -e 'try { Bun.mmap(process.argv[1]); process.exit(3) } catch {}' ${path}`

describe('read-only files (4)', () => {
  test('an index on a read-only bind mount is served (and LOG_FILE there is one warning)', async () => {
    const dir = lockedDownCopy('ro-mount')
    chmodSync(dir, 0o755)
    // inside a private mount namespace: the directory bind-mounted onto itself read-only,
    // proved read-only (no file can be created, Bun.mmap fails with EROFS), then the server
    const script = [
      'set -e',
      `mount --bind ${dir} ${dir}`,
      `mount -o remount,ro,bind ${dir} ${dir}`,
      `if touch ${dir}/probe 2>/dev/null; then exit 97; fi`,
      bunMmapFails(join(dir, 'catalog.fb')),
      'exec "$@"',
    ].join('\n')
    const server = await spawnServer({ INDEX_DIR: dir, LOG_FILE: join(dir, 'logs', 'app.log') }, [
      'unshare',
      '--mount',
      'sh',
      '-c',
      script,
      'sh',
      ...SERVE,
    ])
    try {
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(200)
      // mapped (read-only, through libc), not read into memory
      expect(server.logs.find((l) => l.msg === 'index loaded')?.mode).toBe('mmap')
      expect(ready.body.index.buildId).toBe(good.report.buildId)
      for (const p of PATHS) expect((await fetch(server.base + p)).status).toBe(200)
      const warnings = server.logs.filter(
        (l) => l.msg === 'LOG_FILE cannot be opened: logging to stdout only',
      )
      expect(warnings.length).toBe(1)
      expect(warnings[0].error).toBe('EROFS')
    } finally {
      expect(await server.stop()).toBe(0)
    }
    expect(existsSync(join(dir, 'logs'))).toBe(false)
  })

  test('root-owned 0444 files are served to a non-root user', async () => {
    const dir = lockedDownCopy('ro-user')
    const asNobody = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups']
    const probe = Bun.spawnSync([...asNobody, 'sh', '-c', bunMmapFails(join(dir, 'catalog.fb'))])
    expect(probe.exitCode).toBe(0) // Bun.mmap: EACCES
    const server = await spawnServer({ INDEX_DIR: dir, HOME: tmp.dir }, [...asNobody, ...SERVE])
    try {
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(200)
      // mapped (read-only, through libc), not read into memory
      const loaded = server.logs.find((l) => l.msg === 'index loaded')
      expect(loaded).toMatchObject({ mode: 'mmap', servedFrom: dir })
      // no private copy beside it (the parent belongs to root): the files in place, said once
      const inPlace = server.logs.filter((l) => String(l.msg).startsWith('no private copy'))
      expect(inPlace.length).toBe(1)
      expect(String(inPlace[0].reason)).toContain('EACCES')
      for (const p of PATHS) expect((await fetch(server.base + p)).status).toBe(200)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  test('an INDEX_DIR the server may not read is said to be that, not a missing index', async () => {
    const dir = join(tmp.dir, 'unreadable')
    cpSync(good.indexDir, dir, { recursive: true })
    chmodSync(dir, 0o700)
    const asNobody = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups']
    const server = await spawnServer({ INDEX_DIR: dir, HOME: tmp.dir, INDEX_POLL_SECONDS: '0' }, [
      ...asNobody,
      ...SERVE,
    ])
    try {
      expect(logCount(server, 'no index to load')).toBe(0)
      const refused = server.logs.find((l) => l.msg === 'index refused')
      expect(String(refused?.reason)).toBe(
        `index: cannot read ${join(dir, MANIFEST_FILE)} (EACCES)`,
      )
      expect((await getJson(server.base, '/ready')).body.error.message).toBe('index refused')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})

describe('logs never stop the service (6)', () => {
  test('LOG_FILE in a directory that cannot exist: one warning, stdout logging, serving', async () => {
    const server = await spawnServer({
      INDEX_DIR: good.indexDir,
      LOG_FILE: '/proc/self/no-such-dir/app.log',
    })
    try {
      expect((await fetch(`${server.base}/regions`)).status).toBe(200)
      const stopped = await server.stop()
      expect(stopped).toBe(0)
      expect(logCount(server, 'LOG_FILE cannot be opened: logging to stdout only')).toBe(1)
      expect(server.logs.some((l) => l.route === '/regions' && l.status === 200)).toBe(true)
    } finally {
      await server.stop()
    }
  })

  test('a full disk (/dev/full): writes fail, are counted in /metrics, warned about once', async () => {
    const server = await spawnServer({ INDEX_DIR: good.indexDir, LOG_FILE: '/dev/full' })
    try {
      for (let round = 1; round <= 3; round++) {
        for (const p of PATHS) expect((await fetch(server.base + p)).status).toBe(200)
        // the round's lines flushed (and failed) before the next round
        await waitFor(
          `flush ${round}`,
          async () => (await metric(server, 'log_write_failures_total')) >= round,
        )
      }
      expect(
        logCount(
          server,
          'LOG_FILE write failed: lines dropped until writes succeed again (log_write_failures_total)',
        ),
      ).toBe(1)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  // How the log's file system is made to fill up: a 64 KiB tmpfs in a private mount
  // namespace (a real full disk, ENOSPC; needs root, as CI has), and the file size limit
  // (RLIMIT_FSIZE through prlimit, EFBIG; any user). Both cut a write short part way, the way
  // a disk filling up does; room comes back by deleting another file (tmpfs) or raising the
  // limit, so the log file itself stays as it was.
  const limits = process.getuid?.() === 0 ? (['tmpfs', 'fsize'] as const) : (['fsize'] as const)
  for (const limit of limits) {
    const what =
      limit === 'tmpfs' ? 'a full disk (64 KiB tmpfs, ENOSPC)' : 'a file size limit (EFBIG)'
    test(`${what}: whole lines only, the next line clean, the lost lines counted and told`, async () => {
      const dir = join(tmp.dir, `full-${limit}`)
      mkdirSync(dir)
      const logFile = join(dir, 'app.log')
      const cmd =
        limit === 'tmpfs'
          ? [
              'unshare',
              '--mount',
              'sh',
              '-c',
              `mount -t tmpfs -o size=64k tmpfs ${dir} && head -c 16384 /dev/zero > ${dir}/filler && exec "$@"`,
              'sh',
              ...SERVE,
            ]
          : ['prlimit', '--fsize=49152:unlimited', '--', ...SERVE]
      const server = await spawnServer(
        { INDEX_DIR: good.indexDir, LOG_FILE: logFile, LOG_MAX_MB: '0' },
        cmd,
      )
      // the file as the server sees it (the tmpfs is mounted in its namespace only)
      const inServer = (path: string) => `/proc/${server.proc.pid}/root${path}`
      const wholeLines = (text: string) => {
        expect(text.endsWith('\n')).toBe(true)
        return text
          .slice(0, -1)
          .split('\n')
          .map((line) => JSON.parse(line))
      }
      // the file between two writes: read until two reads 20 ms apart agree (a read taken
      // while a batch is being written may see part of it)
      const settled = async (path: string) => {
        let last = ''
        let text = readFileSync(path, 'utf8')
        await waitFor('the file to settle', () => {
          ;[last, text] = [text, readFileSync(path, 'utf8')]
          return last === text
        })
        return text
      }
      const requests = () =>
        Promise.all(PATHS.map((p) => fetch(server.base + p).then((r) => r.arrayBuffer())))
      try {
        await waitFor('two failed batches', async () => {
          await requests()
          return (await metric(server, 'log_write_failures_total')) >= 2
        })
        const full = await settled(inServer(logFile))
        expect(full.length).toBeGreaterThan(40_000)
        const before = wholeLines(full)
        expect(before.some((l) => l.route === '/regions')).toBe(true)
        // room again, the file left as it is
        if (limit === 'tmpfs') rmSync(inServer(join(dir, 'filler')))
        else
          expect(
            Bun.spawnSync(['prlimit', `--pid=${server.proc.pid}`, '--fsize=unlimited']).exitCode,
          ).toBe(0)
        // each run of failures is told once the file takes lines again (on a nearly full
        // disk a small batch may pass between failing ones: a run each); with room, every
        // dropped line has been told
        const told =
          'LOG_FILE writable again: lines were dropped while it failed (log_lines_dropped_total)'
        const toldSum = (lines: Record<string, unknown>[], field: string) =>
          lines.filter((l) => l.msg === told).reduce((n, l) => n + Number(l[field]), 0)
        let dropped = 0
        await waitFor('every dropped line told', async () => {
          await requests()
          dropped = await metric(server, 'log_lines_dropped_total')
          return dropped > 0 && toldSum(server.logs, 'lines') === dropped
        })
        expect(toldSum(server.logs, 'batches')).toBe(
          await metric(server, 'log_write_failures_total'),
        )
        // in the file too (a warning written into a batch that failed in turn is counted in
        // the next run's: the file's sum may be less)
        await waitFor('a warning in the file', () =>
          readFileSync(inServer(logFile), 'utf8').includes(told),
        )
        const after = await settled(inServer(logFile))
        expect(after.startsWith(full)).toBe(true)
        expect(wholeLines(after.slice(full.length)).length).toBeGreaterThan(0)
        const lines = wholeLines(after)
        expect(lines.find((l) => l.msg === told)).toMatchObject({ logFile })
        expect(toldSum(lines, 'lines')).toBeLessThanOrEqual(dropped)
      } finally {
        expect(await server.stop()).toBe(0)
      }
    })
  }

  test('the file rotates by size, keeping LOG_KEEP files of whole lines', async () => {
    const dir = join(tmp.dir, 'rotate')
    const logFile = join(dir, 'app.log')
    const server = await spawnServer({
      INDEX_DIR: good.indexDir,
      LOG_FILE: logFile,
      LOG_MAX_MB: '0.01',
      LOG_KEEP: '2',
    })
    try {
      // a request's line is in the file (or one it rotated to)
      const logged = (id: string) =>
        ['app.log', 'app.log.1', 'app.log.2'].some((f) => {
          const path = join(dir, f)
          return existsSync(path) && readFileSync(path, 'utf8').includes(`"reqId":"${id}"`)
        })
      for (let i = 0; i < 60; i++) {
        const ids = await Promise.all(
          PATHS.map(async (p) => {
            const res = await fetch(server.base + p)
            await res.text()
            return res.headers.get('x-request-id') ?? ''
          }),
        )
        // every 10 rounds, their lines written before more come: several batches
        if (i % 10 === 9) await waitFor(`round ${i + 1} in the file`, () => logged(ids[0]))
      }
      await waitFor('two rotations', async () => (await metric(server, 'log_rotations_total')) >= 2)
    } finally {
      expect(await server.stop()).toBe(0)
    }
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['app.log', 'app.log.1', 'app.log.2'])
    for (const f of files.slice(1)) {
      const text = readFileSync(join(dir, f), 'utf8')
      expect(text.length).toBeGreaterThanOrEqual(10 * 1024 * 1.024 - 1)
      expect(text.length).toBeLessThan(100 * 1024)
      for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
    }
  })
})

describe('health (8)', () => {
  test('no index: /health 200, /ready and data 503 naming the problem, never the path', async () => {
    const missing = join(tmp.dir, 'never-built')
    const server = await spawnServer({ INDEX_DIR: missing, INDEX_POLL_SECONDS: '0' })
    try {
      expect((await getJson(server.base, '/health')).status).toBe(200)
      for (const p of ['/ready', ...PATHS]) {
        const res = await getJson(server.base, p)
        expect(res.status).toBe(503)
        expect(res.body.error).toEqual({ code: 'no_index', message: 'no index loaded' })
      }
      expect(logCount(server, 'no index to load')).toBe(1)
      expect(String(server.logs.find((l) => l.msg === 'no index to load')?.reason)).toContain(
        missing,
      )
    } finally {
      await server.stop()
    }
  })
})
