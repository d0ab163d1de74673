/**
 * The index through object storage, end to end with real processes: an S3-compatible store
 * (s3rver, test/s3-store.ts), `build-index --publish`, and servers with `INDEX_URL`. One
 * story, in order: publish; a replica pulls and serves it; a publish that fails never moves
 * the pointer; the next build is published under requests and swapped in with none failing;
 * a corrupt and a half-uploaded build are refused once while the good one keeps serving; a
 * restart serves its cached build while the store is down.
 */

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE, readManifest } from '../../schema/manifest.ts'
import { rankingAnswer, storedBody } from '../../src/store/answers.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { faultyProxy, type S3Store, startS3Store } from '../s3-store.ts'
import {
  getJson,
  logCount,
  metric,
  runScript,
  type ServerProcess,
  spawnServer,
  storeLooks,
  waitFor,
} from './server.ts'

const BUCKET = 'charts-index'
const URL = `s3://${BUCKET}/prod/v1`
const tmp = tempDir()
let store: S3Store
let s3: Bun.S3Client
let a: Awaited<ReturnType<typeof buildSample>>
let b: Awaited<ReturnType<typeof buildSample>>
let replica: ServerProcess | undefined
const cache = join(tmp.dir, 'replica', 'index')

beforeAll(async () => {
  store = await startS3Store(join(tmp.dir, 's3'), [BUCKET])
  s3 = store.client(BUCKET)
  a = await buildSample(join(tmp.dir, 'a'), 3, 10, 11)
  b = await buildSample(join(tmp.dir, 'b'), 4, 12, 12)
})
afterAll(async () => {
  await replica?.stop()
  await store?.stop()
  tmp.cleanup()
})

/** Runs build-index with the store's credentials; exit code and output. */
const buildIndexCli = (args: string[], env = store.env) =>
  runScript(['build/build-index.ts', ...args], env)

const pointer = async () => JSON.parse(await s3.file('prod/v1/current.json').text())
const buildOf = async (base: string) => (await getJson(base, '/ready')).body.index?.buildId
const replicaEnv = () => ({
  ...store.env,
  INDEX_URL: URL,
  INDEX_DIR: cache,
  INDEX_POLL_SECONDS: '0.2',
})

/** Clients asking a few paths in a loop; every answer must be a 200 with a build. */
function load(base: string, clients = 3) {
  const counts = { requests: 0, failed: 0, builds: new Set<string>() }
  const paths = ['/regions', '/rankings?region=Global', '/search?q=a', '/top/tracks?region=Global']
  let running = true
  const client = async (k: number) => {
    for (let i = k; running; i++) {
      try {
        const res = await fetch(base + paths[i % paths.length])
        await res.arrayBuffer()
        counts.requests++
        if (res.status !== 200) counts.failed++
        else counts.builds.add(res.headers.get('x-index-build') ?? '')
      } catch {
        counts.failed++
      }
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

/** Uploads `files` (name → bytes) as build `id` and points current.json at it. */
async function uploadByHand(id: string, files: Record<string, Uint8Array | string>) {
  for (const [name, bytes] of Object.entries(files))
    await s3.write(`prod/v1/builds/${id}/${name}`, bytes)
  await s3.write(
    'prod/v1/current.json',
    JSON.stringify({ buildId: id, manifest: `builds/${id}/manifest.json`, formatVersion: 3 }),
  )
}

/** B's files, and its manifest renamed to build `id`. */
function filesOfB(id: string): Record<string, Uint8Array | string> {
  const manifest = readManifest(b.indexDir)
  const files: Record<string, Uint8Array | string> = {}
  for (const name of Object.keys(manifest.files))
    files[name] = new Uint8Array(readFileSync(join(b.indexDir, name)))
  files[MANIFEST_FILE] = JSON.stringify({ ...manifest, buildId: id })
  return files
}

describe('publish, pull, swap, refuse, restart (in order)', () => {
  test('build-index --publish (no --out): the build under builds/<id>/, current.json last', async () => {
    const run = await buildIndexCli(['--input', a.parquet, '--publish', URL])
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' })
    expect(run.out).toContain(`published build ${a.report.buildId} to ${URL}`)
    const p = await pointer()
    expect(p.buildId).toBe(a.report.buildId)
    expect(p.manifest).toBe(`builds/${a.report.buildId}/manifest.json`)
    for (const [name, facts] of Object.entries(a.report.files))
      expect((await s3.stat(`prod/v1/builds/${p.buildId}/${name}`)).size).toBe(facts.bytes)
    // a second publish of the same build leaves what is there as it was
    const stored = await s3.file(`prod/v1/${p.manifest}`).text()
    const again = await buildIndexCli(['--input', a.parquet, '--publish', URL])
    expect(again.code).toBe(0)
    expect(again.out).toContain('was already in')
    expect(await s3.file(`prod/v1/${p.manifest}`).text()).toBe(stored)
  })

  test('a usage error for a bad --publish address', async () => {
    const run = await buildIndexCli(['--input', a.parquet, '--publish', 'http://x/y'])
    expect(run.code).toBe(2)
    expect(run.err).toContain('s3://BUCKET[/PREFIX]')
  })

  test('a replica with INDEX_URL and an empty cache pulls, checks and serves the build', async () => {
    replica = await spawnServer(replicaEnv())
    await waitFor('the pull', async () => (await buildOf(replica!.base)) === a.report.buildId)
    const ready = (await getJson(replica.base, '/ready')).body
    expect(ready.index.origin).toMatchObject({ url: URL, latest: a.report.buildId })
    const res = await fetch(`${replica.base}/regions`)
    expect(res.headers.get('x-index-build')).toBe(a.report.buildId)
    expect((await res.json()).regions.length).toBe(3)
    expect(await metric(replica, 'index_pulls_total')).toBe(1)
    expect(await metric(replica, 'index_pull_bytes_total')).toBeGreaterThan(
      a.report.files['catalog.fb'].bytes,
    )
    expect(logCount(replica, 'published build pulled')).toBe(1)
    // the stored answers came with it: a default chart asked with gzip is the built body
    expect(logCount(replica, 'stored answers in use')).toBe(1)
    const gzip = await fetch(`${replica.base}/rankings?region=Global`, {
      headers: { 'Accept-Encoding': 'gzip' },
      decompress: false,
    } as RequestInit)
    const built = openIndex(a.indexDir, 'memory')
    const latest = built.charts.top200.regionDateOffsets[built.globalRegion + 1] - 1
    const body = storedBody(built.answers, rankingAnswer(built, 'top200', latest))!
    expect(Buffer.from(await gzip.arrayBuffer()).equals(body)).toBe(true)
    // the cache is the build, whole; no staging left beside it
    expect(readManifest(cache).buildId).toBe(a.report.buildId)
    expect(readdirSync(join(tmp.dir, 'replica')).sort()).toEqual(['index', 'index.serving'])
  })

  test('without keys in the environment, credentials come from the container endpoint (a task role)', async () => {
    // what ECS and App Runner give a task: a local HTTP endpoint serving the role's keys
    let asked = 0
    const keyId = { value: 'S3RVER' }
    const endpoint = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: () => {
        asked++
        return Response.json({
          AccessKeyId: keyId.value,
          SecretAccessKey: 'S3RVER',
          Token: 'task-session',
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        })
      },
    })
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...rest } = store.env
    const roleEnv = (dir: string) => ({
      ...rest,
      INDEX_URL: URL,
      INDEX_DIR: join(tmp.dir, dir, 'index'),
      INDEX_POLL_SECONDS: '0.2',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${endpoint.port}/v2/credentials`,
      HOME: join(tmp.dir, 'no-home'),
    })
    const withRole = await spawnServer(roleEnv('role-replica'))
    try {
      await waitFor('the pull', async () => (await buildOf(withRole.base)) === a.report.buildId)
      expect(asked).toBeGreaterThan(0)
    } finally {
      await withRole.stop()
    }
    // keys the store does not accept: the look fails, said in the log, nothing served
    keyId.value = 'NOT-A-KEY'
    const refused = await spawnServer(roleEnv('wrong-role-replica'))
    try {
      await waitFor('a failed look', () => logCount(refused, 'index store not reachable') >= 1)
      expect((await getJson(refused.base, '/ready')).status).toBe(503)
    } finally {
      await refused.stop()
      endpoint.stop(true)
    }
  })

  test('a publish whose upload fails exits 1 and never moves the pointer', async () => {
    // the store fails the upload of one file (a 500, as S3 may answer)
    const proxy = faultyProxy(
      store,
      (method, path) => method === 'PUT' && path.endsWith('/chart-top200.fb'),
    )
    const run = await buildIndexCli(
      ['--input', b.parquet, '--out', join(tmp.dir, 'b-out'), '--publish', URL],
      proxy.env,
    )
    expect(run.code).toBe(1)
    expect(run.err).toContain('publish failed')
    // the request, the object and the cause
    expect(run.err).toMatch(
      new RegExp(`PUT s3://${BUCKET}/prod/v1/builds/${b.report.buildId}/chart-top200\\.fb: \\S`),
    )
    expect((await pointer()).buildId).toBe(a.report.buildId)
    // the other files went through the proxy (signed, stored); no manifest: the build is
    // not there, so it may be uploaded again
    expect(await s3.exists(`prod/v1/builds/${b.report.buildId}/catalog.fb`)).toBe(true)
    expect(await s3.exists(`prod/v1/builds/${b.report.buildId}/manifest.json`)).toBe(false)
    await storeLooks(replica!, 3)
    expect(await buildOf(replica!.base)).toBe(a.report.buildId)
    proxy.stop()
  })

  test('the next build published under requests is swapped in with none failing', async () => {
    const clients = load(replica!.base)
    await waitFor('20 answers before the publish', () => clients.counts.requests >= 20)
    const run = await buildIndexCli([
      '--input',
      b.parquet,
      '--out',
      join(tmp.dir, 'b-out'),
      '--publish',
      URL,
    ])
    expect(run.code).toBe(0)
    expect((await pointer()).buildId).toBe(b.report.buildId)
    await waitFor('the swap', async () => (await buildOf(replica!.base)) === b.report.buildId)
    await waitFor('an answer from the new build', () => clients.counts.builds.has(b.report.buildId))
    const counts = await clients.stop()
    expect(counts.requests).toBeGreaterThan(20)
    expect(counts.failed).toBe(0)
    expect([...counts.builds].sort()).toEqual([a.report.buildId, b.report.buildId].sort())
    expect(logCount(replica!, 'index swapped')).toBe(1)
    expect(await metric(replica!, 'index_pulls_total')).toBe(2)
  })

  test('a corrupt build is refused once; the served build keeps answering', async () => {
    const id = 'c0ffee0000000001'
    const files = filesOfB(id)
    const damaged = new Uint8Array(files['chart-top200.fb'] as Uint8Array)
    damaged[damaged.length >> 1] ^= 0xff
    files['chart-top200.fb'] = damaged
    const failuresBefore = await metric(replica!, 'index_pull_failures_total')
    await uploadByHand(id, files)
    await waitFor('the refusal', () => logCount(replica!, 'published build refused') === 1)
    await storeLooks(replica!, 3) // not tried again
    expect(logCount(replica!, 'published build refused')).toBe(1)
    const refusal = replica!.logs.find((l) => l.msg === 'published build refused')!
    expect(refusal.buildId).toBe(id)
    expect(String(refusal.reason)).toMatch(/chart-top200\.fb does not match its CRC-32/)
    expect(await metric(replica!, 'index_pull_failures_total')).toBeGreaterThan(failuresBefore)
    expect(await buildOf(replica!.base)).toBe(b.report.buildId)
    expect((await getJson(replica!.base, '/ready')).body.index.origin.latest).toBe(id)
    expect(readdirSync(join(tmp.dir, 'replica')).sort()).toEqual(['index', 'index.serving'])
  })

  test('a half-uploaded build (a file missing, one cut short) is refused once', async () => {
    const missing = 'c0ffee0000000002'
    const files = filesOfB(missing)
    delete files['top-lists.fb']
    await uploadByHand(missing, files)
    await waitFor('the refusal', () => logCount(replica!, 'published build refused') === 2)
    const short = 'c0ffee0000000003'
    const cut = filesOfB(short)
    cut['catalog.fb'] = (cut['catalog.fb'] as Uint8Array).subarray(0, 1000)
    await uploadByHand(short, cut)
    await waitFor('the refusal', () => logCount(replica!, 'published build refused') === 3)
    await storeLooks(replica!, 3)
    const reasons = replica!.logs
      .filter((l) => l.msg === 'published build refused')
      .map((l) => String(l.reason))
    expect(reasons.length).toBe(3)
    expect(reasons[1]).toMatch(/top-lists\.fb|does not exist/i)
    expect(reasons[2]).toMatch(/catalog\.fb has 1000 bytes, its manifest says \d+/)
    expect(await buildOf(replica!.base)).toBe(b.report.buildId)
  })

  test('a restart serves the cached build while the store is down', async () => {
    await replica!.stop()
    replica = undefined
    await store.stop()
    replica = await spawnServer(replicaEnv())
    // ready from the cache at start-up: the store never answered
    expect(replica.logs.find((l) => l.msg === 'listening')?.ready).toBe(true)
    expect(await buildOf(replica.base)).toBe(b.report.buildId)
    await waitFor('a failed look', () => logCount(replica!, 'index store not reachable') >= 1)
    expect(await metric(replica, 'index_pull_failures_total')).toBeGreaterThanOrEqual(1)
    const ready = (await getJson(replica.base, '/ready')).body.index.origin
    expect(ready).toMatchObject({ url: URL, latest: null, checkedAt: null, state: 'retrying' })
    // the object and the cause
    expect(ready.reason).toMatch(
      /^GET s3:\/\/charts-index\/prod\/v1\/current\.json: .*(ECONNREFUSED|connect)/i,
    )
    expect((await fetch(`${replica.base}/regions`)).status).toBe(200)
    expect(existsSync(join(cache, MANIFEST_FILE))).toBe(true)
  })
})
