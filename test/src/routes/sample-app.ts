/**
 * The service over a small sample index, for route tests in process: each request goes the
 * whole pipeline production runs (screen, cache, stored, route, render, finish), as the
 * server assembles it (src/server.ts `createService`), with no network. Built per test file,
 * removed after it.
 */
import { afterAll, beforeAll } from 'bun:test'
import { loadConfig } from '../../../src/config.ts'
import { createLogger, type RequestFacts } from '../../../src/logger.ts'
import type { Services } from '../../../src/routes/services.ts'
import { createService, type Service } from '../../../src/server.ts'
import type { Index } from '../../../src/store/open-index.ts'
import { buildSample, type RawRow, readRows, tempDir } from '../../helpers.ts'

/** The service, its served index, the rows it was built from and the requests it logged. */
export interface SampleApp {
  app: Service['app']
  services: Services
  /** the pipeline: every request's one way in */
  fetch: Service['fetch']
  index: Index
  rows: RawRow[]
  /** the request log's lines, in order */
  logged: RequestFacts[]
  /** A GET of a path and query through the pipeline, with request headers. */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>
}

/** Builds the sample service before the file's tests (6 regions × 20 days) and removes it after. */
export function useSampleApp(): () => SampleApp {
  let sample: SampleApp | undefined
  const tmp = tempDir('charts-routes-')
  beforeAll(async () => {
    const { indexDir, parquet } = await buildSample(tmp.dir, 6, 20, 5)
    const config = loadConfig({ INDEX_DIR: indexDir, INDEX_MODE: 'mmap' })
    const { logger } = createLogger({ logLevel: 'silent', logFile: '' })
    const logged: RequestFacts[] = []
    const { app, services, fetch } = createService(config, logger, (facts) => logged.push(facts))
    services.holder.loadNow()
    sample = {
      app,
      services,
      fetch,
      index: services.holder.current!,
      rows: await readRows(parquet),
      logged,
      get: async (pathAndQuery, headers = {}) =>
        fetch(new Request(`http://localhost${pathAndQuery}`, { headers })),
    }
  })
  afterAll(() => tmp.cleanup())
  return () => sample!
}
