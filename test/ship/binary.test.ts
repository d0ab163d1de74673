/**
 * The compiled binary, built by the same scripts/compile.ts the Dockerfile runs: it builds an
 * index itself (no Bun needed in the image), serves it with answers equal to the server run
 * from source, reaches /ready fast, and stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { WEB_ASSETS, WEB_ASSETS_PREFIX } from '../../src/routes/web/assets.ts'
import { getJson, ROOT, type ServerProcess, spawnServer, waitFor } from '../e2e/server.ts'
import { tempDir } from '../helpers.ts'

const tmp = tempDir()
const binary = join(tmp.dir, 'charts')
const indexDir = join(tmp.dir, 'index')
let fromSource: ServerProcess
let fromBinary: ServerProcess

function run(cmd: string[]) {
  const proc = Bun.spawnSync(cmd, { cwd: tmp.dir, env: { ...process.env, LOG_FILE: '' } })
  if (proc.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${proc.stderr.toString()}`)
  return proc.stdout.toString()
}

beforeAll(async () => {
  run([process.execPath, join(ROOT, 'scripts/compile.ts'), '--outfile', binary])
  // the binary alone: generate data and build the index, as the image's build stage can
  run([
    binary,
    'gen-data',
    '--scale',
    'tiny',
    '--regions',
    '5',
    '--days',
    '15',
    '--out',
    join(tmp.dir, 'data.parquet'),
  ])
  const report = run([
    binary,
    'build-index',
    '--input',
    join(tmp.dir, 'data.parquet'),
    '--out',
    indexDir,
  ])
  expect(report).toContain('build-index: wrote')
  // the answers stage's workers run inside the binary (its second entry point)
  expect(report).toMatch(/answers +[\d,]+ stored in answers-000\.fb: /)
  fromBinary = await spawnServer({ INDEX_DIR: indexDir }, [binary, 'serve'])
  fromSource = await spawnServer({ INDEX_DIR: indexDir })
}, 60_000)
afterAll(async () => {
  await fromSource?.stop()
  await fromBinary?.stop()
  tmp.cleanup()
})

test('the binary is one self-contained file', () => {
  const mb = statSync(binary).size / 1048576
  console.log(`compiled binary: ${mb.toFixed(1)} MB`)
  expect(mb).toBeGreaterThan(10)
  expect(mb).toBeLessThan(200)
})

test('answers equal those of the server run from source', async () => {
  const paths = [
    '/ready',
    '/regions',
    '/dates?region=Global',
    '/rankings?region=Global',
    '/rankings?region=united%20states&chart=viral50&limit=7&offset=3',
    '/artist?name=beyonce',
    '/artist?name=tyler,%20the%20creator&region=Global',
    '/search?q=ro',
    '/tracks?date=2017-01-05&region=Global',
    '/rankings?region=Atlantis',
    '/rankings?region=Global&limit=500',
    '/swagger/json',
  ]
  const first = (await getJson(fromSource.base, '/rankings?region=Global&limit=1')).body.entries[0]
    .trackId
  paths.push(`/tracks/${first}`, `/tracks/${first}/history?region=Global`)
  for (const path of paths) {
    const [a, b] = await Promise.all([
      getJson(fromSource.base, path),
      getJson(fromBinary.base, path),
    ])
    // the OpenAPI document names the origin it was asked from (its servers, its contact)
    const local = (body: unknown) =>
      path === '/swagger/json'
        ? JSON.parse(JSON.stringify(body).replaceAll(fromBinary.base, fromSource.base))
        : body
    expect({ path, status: b.status, body: local(b.body) }).toEqual({
      path,
      status: a.status,
      body: a.body,
    })
  }
  for (const path of [
    '/',
    '/swagger',
    '/swagger/assets/swagger-ui-bundle.js',
    '/swagger/assets/swagger-ui.css',
    '/swagger/assets/swagger-init.mjs',
    ...[...WEB_ASSETS.keys()].map((name) => `${WEB_ASSETS_PREFIX}${name}`),
  ]) {
    const [a, b] = await Promise.all([fetch(fromSource.base + path), fetch(fromBinary.base + path)])
    expect(b.status).toBe(200)
    expect(await b.text()).toBe(await a.text())
  }
})

test("an oversized URL or header block gets the service's 414 or 431, not Bun's bare one", async () => {
  // Bun's own limit (16 KiB unless raised, src/http/screen.ts) would answer both without a body
  const big = { headers: { 'X-Big': 'y'.repeat(100_000) } }
  for (const server of [fromSource, fromBinary]) {
    const long = await getJson(server.base, `/rankings?region=${'x'.repeat(100_000)}`)
    expect({ status: long.status, code: long.body?.error?.code }).toEqual({
      status: 414,
      code: 'uri_too_long',
    })
    const headers = await getJson(server.base, '/health', big)
    expect({ status: headers.status, code: headers.body?.error?.code }).toEqual({
      status: 431,
      code: 'headers_too_large',
    })
  }
})

test('reaches /ready and stops cleanly on SIGTERM', async () => {
  const server = await spawnServer({ INDEX_DIR: indexDir }, [binary, 'serve'])
  await waitFor('/ready', async () => (await getJson(server.base, '/ready')).status === 200)
  // bun:ffi works inside the binary: the index is mapped read-only, not read into memory
  expect(server.logs.find((l) => l.msg === 'index loaded')?.mode).toBe('mmap')
  expect(await server.stop('SIGTERM')).toBe(0)
  expect(server.logs.some((l) => l.msg === 'stopped')).toBe(true)
})

test('healthcheck command: 0 when ready, 1 when up without an index, 1 when down', async () => {
  const check = (port: string) =>
    Bun.spawnSync([binary, 'healthcheck'], { env: { ...process.env, PORT: port } }).exitCode
  expect(check(new URL(fromBinary.base).port)).toBe(0)
  const noIndex = await spawnServer({ INDEX_DIR: join(tmp.dir, 'no-index-here') }, [
    binary,
    'serve',
  ])
  try {
    expect((await getJson(noIndex.base, '/health')).status).toBe(200)
    expect(check(new URL(noIndex.base).port)).toBe(1)
  } finally {
    await noIndex.stop()
  }
  expect(check('1')).toBe(1)
})
