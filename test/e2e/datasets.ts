/**
 * The two datasets the contract tests run against, each served by a real server: the
 * synthetic sample (gen-data, 6 regions × 30 days, seed 5) and a small fixture of rows
 * written as parquet (hyparquet-writer).
 */
import { join } from 'node:path'
import { buildIndex } from '../../build/pipeline.ts'
import {
  buildSample,
  commaNames,
  type RawRow,
  readRows,
  tempDir,
  writeFixture,
} from '../helpers.ts'
import { type ServerProcess, startServer } from './server.ts'

/** Both datasets served; `stop` ends the servers and removes the files. */
export interface Datasets {
  sample: ServerProcess
  sampleRows: RawRow[]
  fixture: ServerProcess
  stop(): Promise<void>
}

/** Builds the sample and the fixture (`fixture.parquet`) and starts a server on each. */
export async function serveDatasets(fixtureRows: RawRow[]): Promise<Datasets> {
  const tmp = tempDir()
  const built = await buildSample(join(tmp.dir, 'sample'), 6, 30, 5)
  const sampleRows = await readRows(built.parquet)
  const parquet = join(tmp.dir, 'fixture.parquet')
  writeFixture(parquet, fixtureRows)
  await buildIndex({ input: parquet, out: join(tmp.dir, 'fixture-index'), commaNames })
  const [sample, fixture] = await Promise.all([
    startServer({ INDEX_DIR: built.indexDir }),
    startServer({ INDEX_DIR: join(tmp.dir, 'fixture-index') }),
  ])
  return {
    sample,
    sampleRows,
    fixture,
    stop: async () => {
      await Promise.all([sample.stop(), fixture.stop()])
      tmp.cleanup()
    },
  }
}
