/**
 * Putting a new index under a running server: `charts install-index` copies, checks and
 * renames, and the server sees the rename at once (fs.watch; polling off here); an in-place
 * write over a mapped file is noticed at once too, not at the next poll.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, logCount, ROOT, runScript, spawnServer, waitFor } from './server.ts'

const tmp = tempDir()
let one: Awaited<ReturnType<typeof buildSample>>
let two: Awaited<ReturnType<typeof buildSample>>

beforeAll(async () => {
  one = await buildSample(join(tmp.dir, 'one'), 3, 8, 21)
  two = await buildSample(join(tmp.dir, 'two'), 4, 9, 22)
})
afterAll(() => tmp.cleanup())

const installIndex = (from: string, out: string) =>
  runScript(['scripts/charts.ts', 'install-index', from, '--out', out])

const buildOf = async (base: string) => (await getJson(base, '/ready')).body.index?.buildId

describe('charts install-index', () => {
  test('installs by rename under requests: swapped at once (no poll), none failing; a bad one changes nothing', async () => {
    const live = join(tmp.dir, 'site', 'index')
    cpSync(one.indexDir, live, { recursive: true })
    const server = await spawnServer({ INDEX_DIR: live, INDEX_POLL_SECONDS: '0' })
    try {
      let running = true
      let failed = 0
      let requests = 0
      const client = (async () => {
        while (running) {
          const res = await fetch(`${server.base}/rankings?region=Global`)
          await res.arrayBuffer()
          requests++
          if (res.status !== 200) failed++
        }
      })()
      const done = await installIndex(two.indexDir, live)
      expect({ code: done.code, err: done.err }).toEqual({ code: 0, err: '' })
      expect(done.out).toContain(`build ${two.report.buildId} installed`)
      await waitFor(
        'the swap',
        async () => (await buildOf(server.base)) === two.report.buildId,
        3000,
      )
      running = false
      await client
      expect(requests).toBeGreaterThan(5)
      expect(failed).toBe(0)

      // a damaged index is refused before it is anywhere near the live one
      const bad = join(tmp.dir, 'bad')
      cpSync(one.indexDir, bad, { recursive: true })
      const file = join(bad, 'catalog.fb')
      const bytes = readFileSync(file)
      bytes[bytes.length >> 1] ^= 0xff
      writeFileSync(file, bytes)
      const refused = await installIndex(bad, live)
      expect(refused.code).toBe(1)
      expect(refused.err).toContain('catalog.fb does not match its CRC-32')
      expect(refused.err).toContain('is unchanged')
      expect(readdirSync(join(tmp.dir, 'site')).sort()).toEqual(['index', 'index.serving'])
      expect(await buildOf(server.base)).toBe(two.report.buildId)
    } finally {
      await server.stop()
    }
  })

  test('usage: the directory is required', async () => {
    const proc = Bun.spawnSync([process.execPath, 'scripts/charts.ts', 'install-index'], {
      cwd: ROOT,
    })
    expect(proc.exitCode).toBe(2)
    expect(proc.stderr.toString()).toContain('the index directory to install is missing')
  })
})

describe('watching the index directory', () => {
  test('INDEX_MODE=mmap: an in-place write over a mapped file drops the index, seen by the watch with polling off', async () => {
    const live = join(tmp.dir, 'watched')
    cpSync(one.indexDir, live, { recursive: true })
    const server = await spawnServer({
      INDEX_DIR: live,
      INDEX_POLL_SECONDS: '0',
      INDEX_MODE: 'mmap',
    })
    try {
      expect(await buildOf(server.base)).toBe(one.report.buildId)
      const file = join(live, 'chart-top200.fb')
      const original = readFileSync(file)
      const damaged = Buffer.from(original)
      damaged[damaged.length >> 1] ^= 0xff
      writeFileSync(file, damaged) // same inode, same size: mapped bytes changed under the server
      // polling is off: only the directory watch can see it
      await waitFor(
        'the drop',
        () => logCount(server, 'served index changed in place: dropped') === 1,
      )
      expect((await getJson(server.base, '/ready')).status).toBe(503)
      // the right bytes back are noticed the same way
      writeFileSync(file, original)
      await waitFor('the reload', async () => (await buildOf(server.base)) === one.report.buildId)
    } finally {
      await server.stop()
    }
  })
})
