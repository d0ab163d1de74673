/**
 * The server's life: no index → 503 until one is published; a new build swapped in while
 * serving; a corrupt or mismatched index refused; SIGTERM drains in-flight requests.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildIndex } from '../../build/pipeline.ts'
import { FORMAT_VERSION } from '../../schema/format.ts'
import { MANIFEST_FILE, readManifest } from '../../schema/manifest.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { buildSample, commaNames, tempDir } from '../helpers.ts'
import { getJson, spawnServer, waitFor } from './server.ts'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

describe('index lifecycle', () => {
  test('no index: /health 200, /ready and data 503; an index published later is picked up', async () => {
    const indexDir = join(tmp.dir, 'later')
    const server = await spawnServer({ INDEX_DIR: indexDir, INDEX_POLL_SECONDS: '0.2' })
    try {
      expect((await getJson(server.base, '/health')).status).toBe(200)
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(503)
      expect(ready.body.error.code).toBe('no_index')
      expect(ready.headers.get('retry-after')).toBe('5')
      expect((await getJson(server.base, '/rankings?region=Global')).status).toBe(503)
      const { parquet } = await buildSample(join(tmp.dir), 3, 8)
      await buildIndex({ inputs: [parquet], out: indexDir, commaNames })
      await waitFor('/ready', async () => (await getJson(server.base, '/ready')).status === 200)
      expect((await getJson(server.base, '/rankings?region=Global')).status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  test('a rebuilt index is swapped in while requests keep succeeding', async () => {
    const dir = join(tmp.dir, 'swap')
    const first = await buildSample(dir, 3, 8, 1)
    const second = await buildSample(join(dir, 'other'), 4, 9, 2)
    const server = await spawnServer({ INDEX_DIR: first.indexDir, INDEX_POLL_SECONDS: '0.1' })
    try {
      const before = (await getJson(server.base, '/ready')).body.index.buildId
      expect(before).toBe(first.report.buildId)
      let failures = 0
      let running = true
      const load = (async () => {
        while (running) {
          const res = await fetch(`${server.base}/rankings?region=Global&limit=5`)
          if (res.status !== 200) failures++
          await res.arrayBuffer()
        }
      })()
      await buildIndex({ inputs: [second.parquet], out: first.indexDir, commaNames })
      let after = before
      await waitFor('the swap', async () => {
        after = (await getJson(server.base, '/ready')).body.index.buildId
        return after !== before
      })
      running = false
      await load
      expect(after).toBe(second.report.buildId)
      expect(failures).toBe(0)
      const regions = (await getJson(server.base, '/regions')).body.regions.length
      expect(regions).toBe(4)
      expect(server.logs.some((l) => l.msg === 'index swapped' && l.previous === before)).toBe(true)
    } finally {
      await server.stop()
    }
  })

  test('an index from another format version or with a damaged file is refused with a clear message', async () => {
    const { indexDir } = await buildSample(join(tmp.dir, 'bad'), 3, 8)
    const versioned = join(tmp.dir, 'bad', 'versioned')
    cpSync(indexDir, versioned, { recursive: true })
    const manifest = readManifest(versioned)
    writeFileSync(
      join(versioned, MANIFEST_FILE),
      JSON.stringify({ ...manifest, formatVersion: 99 }),
    )
    expect(() => openIndex(versioned)).toThrow(
      `has format version 99; this server reads version ${FORMAT_VERSION}`,
    )
    const truncated = join(tmp.dir, 'bad', 'truncated')
    cpSync(indexDir, truncated, { recursive: true })
    const file = join(truncated, 'catalog.fb')
    writeFileSync(file, readFileSync(file).subarray(0, 100))
    expect(() => openIndex(truncated)).toThrow(/catalog\.fb has 100 bytes; the manifest says \d+/)
    // same size, different bytes: caught by the checksum check before anything is served
    const flipped = join(tmp.dir, 'bad', 'flipped')
    cpSync(indexDir, flipped, { recursive: true })
    const chart = join(flipped, 'chart-top200.fb')
    const bytes = readFileSync(chart)
    bytes[bytes.length - 100] ^= 0xff
    writeFileSync(chart, bytes)
    const server = await spawnServer({ INDEX_DIR: flipped })
    try {
      const ready = await getJson(server.base, '/ready')
      expect(ready.status).toBe(503)
      // the client is told what, not where or why: paths and reasons go to the log
      expect(ready.body.error).toEqual({ code: 'no_index', message: 'index refused' })
      const data = await getJson(server.base, '/rankings?region=Global')
      expect(data.status).toBe(503)
      expect(data.body.error.message).toBe('index refused')
      const refused = server.logs.filter((l) => l.msg === 'index refused')
      expect(refused.length).toBe(1)
      expect(String(refused[0].reason)).toMatch(/chart-top200\.fb does not match its CRC-32/)
    } finally {
      await server.stop()
    }
  })

  test('SIGTERM drains in-flight requests and exits 0', async () => {
    const { indexDir } = await buildSample(join(tmp.dir, 'term'), 3, 8)
    const server = await spawnServer({ INDEX_DIR: indexDir })
    // 8 clients in a loop; SIGTERM mid-load. Every answer must be complete (200 and a body
    // that parses); after the signal, new connections may be refused (0), never cut or 5xx.
    const statuses: number[] = []
    let running = true
    const client = async () => {
      while (running) {
        const status = await fetch(`${server.base}/tracks?date=2017-01-03&region=Global`)
          .then(async (r) => (Array.isArray(JSON.parse(await r.text())) ? r.status : -1))
          .catch(() => 0)
        statuses.push(status)
        if (status === 0) return
      }
    }
    const clients = Array.from({ length: 8 }, client)
    await waitFor('50 answers', () => statuses.length >= 50)
    const code = await server.stop('SIGTERM')
    running = false
    await Promise.all(clients)
    expect(code).toBe(0)
    expect(statuses.every((s) => s === 200 || s === 0)).toBe(true)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(50)
    expect(
      server.logs.some((l) => l.msg === 'draining in-flight requests' && l.signal === 'SIGTERM'),
    ).toBe(true)
    expect(server.logs.filter((l) => l.msg === 'stopped').length).toBe(1)
  })
})

describe('log file', () => {
  test('LOG_FILE gets the startup and request lines, appended across restarts', async () => {
    const { indexDir } = await buildSample(join(tmp.dir, 'logs'), 3, 8)
    const logFile = join(tmp.dir, 'logs', 'nested', 'app.log')
    for (const round of [1, 2]) {
      const server = await spawnServer({ INDEX_DIR: indexDir, LOG_FILE: logFile })
      await fetch(`${server.base}/rankings?region=Global&limit=1`, {
        headers: { 'X-Request-Id': `file-${round}` },
      })
      await server.stop()
      const lines = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(lines.filter((l) => l.msg === 'listening').length).toBe(round)
      for (let r = 1; r <= round; r++) {
        expect(lines.find((l) => l.reqId === `file-${r}`)).toMatchObject({
          level: 30,
          route: '/rankings',
          status: 200,
        })
      }
    }
  })
})
