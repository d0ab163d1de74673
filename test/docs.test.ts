/**
 * The README against the code: every setting is documented, and every curl example answers
 * 200 on the built-in sample data (generated exactly as `npm start` does).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../build/gen-data.ts'
import { buildIndex } from '../build/pipeline.ts'
import { SCALES } from '../build/synthetic.ts'
import { SETTINGS } from '../src/config.ts'
import { ROOT, type ServerProcess, startServer } from './e2e/server.ts'
import { commaNames, tempDir } from './helpers.ts'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const tmp = tempDir()
let server: ServerProcess

beforeAll(async () => {
  const parquet = join(tmp.dir, 'sample.parquet')
  await generateDataset({ scale: SCALES.small, seed: 42, out: parquet })
  await buildIndex({ input: parquet, out: join(tmp.dir, 'index'), commaNames })
  server = await startServer({ INDEX_DIR: join(tmp.dir, 'index') })
})
afterAll(async () => {
  await server?.stop()
  tmp.cleanup()
})

test('every setting appears in the README configuration table with its default', () => {
  for (const s of SETTINGS) {
    const row = new RegExp(
      `\\|\\s*\`${s.name}\`\\s*\\|\\s*\`${s.default.replace(/[.*]/g, '\\$&')}\`\\s*\\|`,
    )
    expect(readme).toMatch(row)
  }
})

test('every curl example of the README answers 200 on the sample data', async () => {
  const examples = [...readme.matchAll(/curl -s (?:-H '([^']+)' )?'localhost:3000([^']+)'/g)]
  expect(examples.length).toBeGreaterThan(10)
  for (const [, header, path] of examples) {
    const headers: Record<string, string> = {}
    if (header) {
      const [name, value] = header.split(': ')
      headers[name] = value
    }
    const res = await fetch(server.base + path, { headers })
    expect({ path, status: res.status }).toEqual({ path, status: 200 })
    const body = await res.arrayBuffer()
    expect(body.byteLength).toBeGreaterThan(0)
  }
})
