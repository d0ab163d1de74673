/**
 * The golden inputs of test/files/ (a CSV and a parquet file written to hold the edge cases,
 * see its README): each is built into an index, served by the real server, and every
 * request of its `<name>.answers.json` (written naively by `npm run corpus:write`, then
 * committed) must get exactly that body; the build's kept and dropped rows must match too.
 * A new input with its answers file is a new test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { buildIndex } from '../../build/pipeline.ts'
import type { GoldenAnswers } from '../files/answers.ts'
import { answersPathOf, goldenInputs } from '../files/write-answers.ts'
import { commaNames, tempDir } from '../helpers.ts'
import { getJson, type ServerProcess, spawnServer } from './server.ts'

const FILES = join(import.meta.dir, '../files')

for (const input of goldenInputs()) {
  describe(input, () => {
    const tmp = tempDir()
    const golden = JSON.parse(readFileSync(answersPathOf(input), 'utf8')) as GoldenAnswers
    let server: ServerProcess
    let report: Awaited<ReturnType<typeof buildIndex>>

    beforeAll(async () => {
      report = await buildIndex({
        inputs: [join(FILES, input)],
        out: join(tmp.dir, 'index'),
        commaNames,
      })
      server = await spawnServer({ INDEX_DIR: join(tmp.dir, 'index') })
    })
    afterAll(async () => {
      await server?.stop()
      tmp.cleanup()
    })

    test('rows kept, and dropped by reason, as counted from the file', () => {
      const dropped = Object.fromEntries(
        Object.entries(report.rows.dropped).map(([reason, entry]) => [reason, entry!.count]),
      )
      expect({ kept: report.rows.kept, dropped }).toEqual(golden.rows)
    })

    test('every request of the answers file gets exactly its body', async () => {
      const paths = Object.keys(golden.answers)
      expect(paths.length).toBeGreaterThan(50)
      for (const path of paths) {
        const { status, body } = await getJson(server.base, path)
        expect({ path, status, body }).toEqual({ path, status: 200, body: golden.answers[path] })
      }
    })

    test('every chart of the answers file, asked with gzip, inflates to exactly its body (stored or not)', async () => {
      expect(report.answers?.count).toBeGreaterThan(0)
      const charts = Object.keys(golden.answers).filter(
        (p) => p.startsWith('/rankings?') || p.startsWith('/rankings/weekly?'),
      )
      expect(charts.length).toBeGreaterThan(5)
      for (const path of charts) {
        const [gzip, identity] = await Promise.all(
          ['gzip', 'identity'].map((encoding) =>
            fetch(server.base + path, {
              headers: { 'Accept-Encoding': encoding },
              decompress: false,
            } as RequestInit).then(async (r) => Buffer.from(await r.arrayBuffer())),
          ),
        )
        const inflated = gunzipSync(gzip)
        expect({ path, same: inflated.equals(identity) }).toEqual({ path, same: true })
        expect(JSON.parse(inflated.toString())).toEqual(golden.answers[path])
      }
    })
  })
}
