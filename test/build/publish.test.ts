/**
 * The output directory of builds: one build at a time per `--out`, and
 * every leftover of an interrupted build removed by the next one. Real processes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateDataset } from '../../build/gen-data.ts'
import { buildIndex } from '../../build/pipeline.ts'
import { SCALES } from '../../build/synthetic.ts'
import { openIndex } from '../../src/store/open-index.ts'
import { waitFor } from '../e2e/server.ts'
import { commaNames, tempDir } from '../helpers.ts'

const ROOT = join(import.meta.dir, '../..')
const tmp = tempDir()
const input = join(tmp.dir, 'small.parquet')
beforeAll(async () => {
  await generateDataset({ scale: SCALES.small, seed: 3, out: input })
})
afterAll(() => tmp.cleanup())

/** A pid no process has (the highest pid Linux allows is 2^22). */
const DEAD_PID = 4_194_305

describe('build output directory', () => {
  test('a second build into the same --out fails at once, naming the running one', async () => {
    const out = join(tmp.dir, 'locked', 'index')
    const child = Bun.spawn(
      [process.execPath, 'build/build-index.ts', '--input', input, '--out', out],
      { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' },
    )
    try {
      await waitFor('the lock', () => existsSync(`${out}.lock`))
      // the same check through the command line, as an operator would meet it
      const second = Bun.spawnSync(
        [process.execPath, 'build/build-index.ts', '--input', input, '--out', out],
        { cwd: ROOT },
      )
      expect(second.exitCode).toBe(1)
      expect(second.stderr.toString()).toContain(
        `another build (pid ${child.pid}) is writing ${out}; wait for it to finish`,
      )
    } finally {
      expect(await child.exited).toBe(0)
    }
    expect(readdirSync(join(tmp.dir, 'locked'))).toEqual(['index'])
    expect(openIndex(out).manifest.counts.regions).toBe(10)
  })

  test('leftovers of interrupted builds (.tmp-*, .old-*, a dead build lock) are removed by the next build', async () => {
    const parent = join(tmp.dir, 'leftovers')
    const out = join(parent, 'index')
    for (const name of ['index.tmp-123-456', 'index.old-123-789', 'index.old-99-1']) {
      mkdirSync(join(parent, name), { recursive: true })
      writeFileSync(join(parent, name, 'chart-top200.fb'), 'x'.repeat(1000))
    }
    writeFileSync(`${out}.lock`, `${DEAD_PID}\n`)
    mkdirSync(join(parent, 'unrelated.tmp-1'))
    await buildIndex({ inputs: [input], out, commaNames })
    expect(readdirSync(parent).sort()).toEqual(['index', 'unrelated.tmp-1'])
  })
})
