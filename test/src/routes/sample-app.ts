/**
 * The app over a small sample index, for route tests through `app.handle` (no network, no
 * pipeline: what Elysia and the handlers do alone). Built per test file, removed after it.
 */
import { afterAll, beforeAll } from 'bun:test'
import { createApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config.ts'
import { Responder } from '../../../src/http/respond.ts'
import { createLogger } from '../../../src/logger.ts'
import { Metrics } from '../../../src/metrics.ts'
import type { Services } from '../../../src/routes/services.ts'
import { IndexHolder } from '../../../src/store/index-holder.ts'
import type { Index } from '../../../src/store/open-index.ts'
import { buildSample, type RawRow, readRows, tempDir } from '../../helpers.ts'

/** The app, its services, the served index and the rows it was built from. */
export interface SampleApp {
  app: ReturnType<typeof createApp>
  services: Services
  index: Index
  rows: RawRow[]
  /** `app.handle` of a path and query, with request headers */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Response>
}

/** Builds the sample app before the file's tests (6 regions × 20 days) and removes it after. */
export function useSampleApp(): () => SampleApp {
  let sample: SampleApp | undefined
  const tmp = tempDir('charts-routes-')
  beforeAll(async () => {
    const { indexDir, parquet } = await buildSample(tmp.dir, 6, 20, 5)
    const config = { ...loadConfig({}), indexDir }
    const { logger } = createLogger({ logLevel: 'silent', logFile: '' })
    const holder = new IndexHolder(indexDir)
    holder.loadNow()
    const responder = new Responder({ compress: true, cacheBytes: 1 << 20, corsOrigin: '*' })
    const services: Services = {
      config,
      holder,
      puller: null,
      responder,
      logger,
      metrics: new Metrics(),
    }
    const app = createApp(services)
    sample = {
      app,
      services,
      index: holder.current!,
      rows: await readRows(parquet),
      get: (pathAndQuery, headers = {}) =>
        app.handle(new Request(`http://localhost${pathAndQuery}`, { headers })),
    }
  })
  afterAll(() => tmp.cleanup())
  return () => sample!
}
