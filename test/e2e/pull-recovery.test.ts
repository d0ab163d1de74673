/**
 * Pulls that recover, end to end: three replicas pull from an S3-compatible store (s3rver)
 * through a TCP proxy whose link the test cuts and restores and, behind it, an HTTP proxy
 * that throttles or delays chosen requests (test/s3-store.ts). All the while a validating load
 * asks every replica: each answer must be a 200 byte-equal to what a server of its build
 * (X-Index-Build) answers. One story, in order:
 *  1. the link cut (connections reset) while the replicas download build B, then restored:
 *     every replica serves B, none refused it;
 *  2. the link dropping packets (connections held silent) while they download A again: their
 *     requests time out and are tried again; restored, every replica serves A;
 *  3. throttling: `503 SlowDown` to the first GETs of every file of B; 4. a slow store: the
 *     first GET of every file of A answered only after the timeout; both tried again within
 *     the look, nothing refused;
 *  5. a corrupt build refused once and not tried again while nothing changes; its object
 *     fixed in the store: tried again and served, the pointer untouched;
 *  6. a 1 MiB pointer and then a garbage one: each said once and fetched once (conditional
 *     GET: 304s after), the served build kept; a good pointer after them is followed.
 * How long each replica took to reach the build after the store came back is printed (the
 * docs promise one poll interval plus the pull); the tests wait on events and assert none.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { publishIndex } from '../../build/publish-s3.ts'
import { readManifest } from '../../schema/manifest.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { type Fault, faultyProxy, type S3Store, startS3Store, tcpProxy } from '../s3-store.ts'
import { getJson, logCount, metric, type ServerProcess, spawnServer, waitFor } from './server.ts'

const BUCKET = 'charts-index'
const URL = `s3://${BUCKET}/prod`
const POLL_SECONDS = 0.5
const PATHS = [
  '/regions',
  '/rankings?region=Global&limit=20',
  '/search?q=a',
  '/top/tracks?region=Global',
]
/** a build with B's files under another id (its chart-top200.fb damaged at first) */
const X = 'c0ffee00000000aa'

const tmp = tempDir()
let store: S3Store
let s3: Bun.S3Client
let a: Awaited<ReturnType<typeof buildSample>>
let b: Awaited<ReturnType<typeof buildSample>>
let faulty: ReturnType<typeof faultyProxy>
let tcp: Awaited<ReturnType<typeof tcpProxy>>
let replicas: ServerProcess[] = []
/** what the HTTP proxy does with a request (nothing unless a step says) */
let fault: (method: string, path: string, gone: AbortSignal) => Fault | Promise<Fault> = () => false
/** told the status of every request the HTTP proxy passed on */
let answered: (method: string, path: string, status: number) => void = () => {}
/** build id → path → the body a server of that build answers */
const reference = new Map<string, Map<string, string>>()

beforeAll(async () => {
  store = await startS3Store(join(tmp.dir, 's3'), [BUCKET])
  s3 = store.client(BUCKET)
  ;[a, b] = await Promise.all([
    buildSample(join(tmp.dir, 'a'), 3, 10, 11),
    buildSample(join(tmp.dir, 'b'), 4, 12, 12),
  ])
  for (const built of [a, b]) {
    const server = await spawnServer({ INDEX_DIR: built.indexDir })
    const bodies = new Map<string, string>()
    for (const path of PATHS) bodies.set(path, await (await fetch(server.base + path)).text())
    reference.set(built.report.buildId, bodies)
    await server.stop()
  }
  reference.set(X, reference.get(b.report.buildId)!)
  faulty = faultyProxy(
    store,
    (method, path, gone) => fault(method, path, gone),
    (method, path, status) => answered(method, path, status),
  )
  tcp = await tcpProxy(faulty.endpoint)
  await publishIndex(a.indexDir, URL, store.env)
  replicas = await Promise.all(
    [1, 2, 3].map((n) =>
      spawnServer({
        ...store.env,
        AWS_ENDPOINT_URL: tcp.endpoint,
        INDEX_URL: URL,
        INDEX_DIR: join(tmp.dir, `replica-${n}`, 'index'),
        INDEX_POLL_SECONDS: String(POLL_SECONDS),
        INDEX_STORE_TIMEOUT_SECONDS: '1',
      }),
    ),
  )
  await everyReplicaOn(a.report.buildId)
}, 120_000)
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()))
  tcp?.stop()
  faulty?.stop()
  await store?.stop()
  tmp.cleanup()
})

const originOf = async (r: ServerProcess) => (await getJson(r.base, '/ready')).body.index?.origin
const servedBy = async (r: ServerProcess) => (await getJson(r.base, '/ready')).body.index?.buildId

/** Resolves once every replica serves `buildId`. */
async function everyReplicaOn(buildId: string): Promise<void> {
  await Promise.all(
    replicas.map((r) =>
      waitFor(`a replica on ${buildId}`, async () => (await servedBy(r)) === buildId, 60_000),
    ),
  )
}

/** Resolves once every replica's /ready says `state`. */
const everyReplica = (state: string) =>
  waitFor(`every replica ${state}`, async () =>
    (await Promise.all(replicas.map(originOf))).every((o) => o?.state === state),
  )

/** Sums a counter over the replicas. */
const total = async (name: string) =>
  (await Promise.all(replicas.map((r) => metric(r, name)))).reduce((x, y) => x + y, 0)

/**
 * One client per replica asking PATHS in turn until stopped. An answer fails unless it is a
 * 200; it is wrong unless its body equals the reference body of its build.
 */
function validatingLoad() {
  const counts = { requests: 0, failed: 0, wrong: 0, builds: new Set<string>() }
  let running = true
  const client = async (r: ServerProcess) => {
    for (let i = 0; running; i++) {
      const path = PATHS[i % PATHS.length]
      try {
        const res = await fetch(r.base + path)
        const body = await res.text()
        counts.requests++
        if (res.status !== 200) counts.failed++
        else {
          const build = res.headers.get('x-index-build') ?? ''
          counts.builds.add(build)
          if (reference.get(build)?.get(path) !== body) counts.wrong++
        }
      } catch {
        counts.failed++
      }
    }
  }
  const done = Promise.all(replicas.map(client))
  return {
    counts,
    async stop() {
      running = false
      await done
      return counts
    },
  }
}

/** Cuts the link `how` at the first GET of one of `buildId`'s index files; resolves then. */
function cutAtFirstDownload(buildId: string, how: 'reset' | 'stall'): Promise<void> {
  return new Promise((resolve) => {
    tcp.onRequest = (method, path) => {
      if (method === 'GET' && path.includes(`/builds/${buildId}/`) && /\.fb\?/.test(path)) {
        tcp.onRequest = () => {}
        tcp.cut(how)
        resolve()
      }
    }
  })
}

/** A GET of one of `buildId`'s index files (the proxy's path: no query). */
const isFileOf = (buildId: string, method: string, path: string) =>
  method === 'GET' && path.includes(`/builds/${buildId}/`) && path.endsWith('.fb')

/** Asks of the same path counted, for faults that pass the n-th ask. */
function asks() {
  const seen = new Map<string, number>()
  return (path: string) => {
    const n = (seen.get(path) ?? 0) + 1
    seen.set(path, n)
    return n
  }
}

describe('a store that fails under pulling replicas (in order)', () => {
  test('1. the link cut mid-pull and restored: every replica reaches B, none refuses it', async () => {
    const load = validatingLoad()
    const cut = cutAtFirstDownload(b.report.buildId, 'reset')
    await publishIndex(b.indexDir, URL, store.env)
    await cut
    await everyReplica('retrying')
    const reasons = (await Promise.all(replicas.map(originOf))).map((o) => String(o.reason))
    // each names the object and the cause
    for (const reason of reasons) expect(reason).toMatch(/^(GET|HEAD) s3:\/\/charts-index\/prod\//)
    tcp.restore()
    await everyReplicaOn(b.report.buildId)
    await waitFor('30 answers', () => load.counts.requests >= 30)
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
    expect([...counts.builds].sort()).toEqual([a.report.buildId, b.report.buildId].sort())
    for (const r of replicas) {
      expect(logCount(r, 'published build refused')).toBe(0)
      expect(logCount(r, 'index store not reachable')).toBe(1)
      expect(logCount(r, 'index store reachable again')).toBe(1)
      expect(await metric(r, 'index_pull_refusals_total')).toBe(0)
      expect(await originOf(r)).toMatchObject({ state: 'current', reason: null })
    }
    expect(await total('index_pull_retries_total')).toBeGreaterThan(0)
  }, 90_000)

  test('2. the link dropping packets mid-pull: timeouts, tried again; restored, every replica reaches A', async () => {
    const load = validatingLoad()
    const cut = cutAtFirstDownload(a.report.buildId, 'stall')
    await publishIndex(a.indexDir, URL, store.env)
    await cut
    await everyReplica('retrying')
    const reasons = (await Promise.all(replicas.map(originOf))).map((o) => String(o.reason))
    for (const reason of reasons) expect(reason).toMatch(/no (answer within|data for) 1 s$/)
    tcp.restore()
    await everyReplicaOn(a.report.buildId)
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
    for (const r of replicas) {
      expect(logCount(r, 'published build refused')).toBe(0)
      expect(await metric(r, 'index_pull_refusals_total')).toBe(0)
    }
  }, 90_000)

  test('3. throttled (503 SlowDown): tried again with backoff, B served, nothing refused', async () => {
    const load = validatingLoad()
    const retriesBefore = await total('index_pull_retries_total')
    const ask = asks()
    let throttled = 0
    fault = (method, path) => {
      if (!isFileOf(b.report.buildId, method, path) || ask(path) > 5) return false
      throttled++
      return new Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        { status: 503, headers: { 'Content-Type': 'application/xml' } },
      )
    }
    await publishIndex(b.indexDir, URL, store.env)
    await everyReplicaOn(b.report.buildId)
    fault = () => false
    expect(throttled).toBeGreaterThan(10)
    // tried again within the look (a request throttled four times in a row ends the look)
    expect(await total('index_pull_retries_total')).toBeGreaterThan(retriesBefore)
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
    for (const r of replicas) expect(await metric(r, 'index_pull_refusals_total')).toBe(0)
  }, 90_000)

  test('4. a slow store (answers after the timeout): tried again, A served, nothing refused', async () => {
    const load = validatingLoad()
    const retriesBefore = await total('index_pull_retries_total')
    const ask = asks()
    let late = 0
    fault = async (method, path, gone) => {
      if (isFileOf(a.report.buildId, method, path) && ask(path) <= 3) {
        late++
        // answered only once the replica gave up waiting (INDEX_STORE_TIMEOUT_SECONDS)
        await new Promise((given) => gone.addEventListener('abort', given))
      }
      return false
    }
    await publishIndex(a.indexDir, URL, store.env)
    await everyReplicaOn(a.report.buildId)
    fault = () => false
    expect(late).toBeGreaterThan(5)
    expect(await total('index_pull_retries_total')).toBeGreaterThan(retriesBefore)
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
    for (const r of replicas) expect(await metric(r, 'index_pull_refusals_total')).toBe(0)
  }, 90_000)

  test('5. a corrupt build is refused once; fixed in the store, it is tried again and served', async () => {
    const load = validatingLoad()
    const manifest = readManifest(b.indexDir)
    const good = new Uint8Array(readFileSync(join(b.indexDir, 'chart-top200.fb')))
    const damaged = good.slice()
    damaged[damaged.length >> 1] ^= 0xff
    for (const name of Object.keys(manifest.files))
      await s3.write(
        `prod/builds/${X}/${name}`,
        name === 'chart-top200.fb' ? damaged : readFileSync(join(b.indexDir, name)),
      )
    await s3.write(`prod/builds/${X}/manifest.json`, JSON.stringify({ ...manifest, buildId: X }))
    await s3.write(
      'prod/current.json',
      JSON.stringify({ buildId: X, manifest: `builds/${X}/manifest.json`, formatVersion: 5 }),
    )
    for (const r of replicas)
      await waitFor('the refusal', () => logCount(r, 'published build refused') === 1)
    const origin = await originOf(replicas[0])
    expect(origin).toMatchObject({ latest: X, state: 'refused' })
    expect(origin.reason).toMatch(/chart-top200\.fb does not match its CRC-32/)
    // looks go on (a HEAD of each object per look), the build is not downloaded again
    let heads = 0
    let downloads = 0
    tcp.onRequest = (method, path) => {
      if (path.includes(`/builds/${X}/`)) method === 'HEAD' ? heads++ : downloads++
    }
    const objects = Object.keys(manifest.files).length + 1
    await waitFor('three looks of every replica', () => heads >= 3 * 3 * objects)
    expect(downloads).toBe(0)
    for (const r of replicas) expect(logCount(r, 'published build refused')).toBe(1)
    tcp.onRequest = () => {}
    // the object fixed: tried again, served, with current.json as it was
    await s3.write(`prod/builds/${X}/chart-top200.fb`, good)
    await everyReplicaOn(X)
    for (const r of replicas) {
      expect(logCount(r, 'refused build changed in the store: trying it again')).toBe(1)
      expect(await metric(r, 'index_pull_refusals_total')).toBe(1)
    }
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
  }, 90_000)

  test('6. a 1 MiB pointer and a garbage one: each said and fetched once; a good one is followed', async () => {
    const load = validatingLoad()
    const bodies = { full: 0, notModified: 0 }
    answered = (method, path, status) => {
      if (method !== 'GET' || !path.endsWith('/current.json')) return
      if (status === 200) bodies.full++
      if (status === 304) bodies.notModified++
    }
    const pad = 'x'.repeat(1024 * 1024)
    await s3.write('prod/current.json', JSON.stringify({ buildId: b.report.buildId, pad }))
    const told = 'index pointer unreadable'
    for (const r of replicas) await waitFor('the big pointer said', () => logCount(r, told) === 1)
    const origin = await originOf(replicas[0])
    expect(origin).toMatchObject({ latest: null, state: 'refused' })
    expect(origin.reason).toMatch(/current\.json: more than the 65536 bytes allowed/)
    bodies.full = 0
    await waitFor('three more looks of every replica', () => bodies.notModified >= 9)
    expect({ big: bodies.full }).toEqual({ big: 0 })
    await s3.write('prod/current.json', 'not a pointer {')
    for (const r of replicas) await waitFor('the garbage said', () => logCount(r, told) === 2)
    expect((await originOf(replicas[0])).reason).toMatch(/current\.json is not JSON/)
    bodies.full = 0
    bodies.notModified = 0
    await waitFor('three more looks of every replica', () => bodies.notModified >= 9)
    expect({ garbage: bodies.full }).toEqual({ garbage: 0 })
    for (const r of replicas)
      expect({ told: logCount(r, told), served: await servedBy(r) }).toEqual({ told: 2, served: X })
    answered = () => {}
    await publishIndex(b.indexDir, URL, store.env)
    await everyReplicaOn(b.report.buildId)
    await everyReplica('current')
    const counts = await load.stop()
    expect(counts).toMatchObject({ failed: 0, wrong: 0 })
  }, 90_000)
})
