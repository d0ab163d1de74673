/**
 * The server: loads the index and swaps in new builds, and runs every request through the
 * pipeline (src/http/pipeline.ts) on Bun.serve.
 */
import type { Server } from 'bun'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { ApiError, errorResponse } from './errors.ts'
import { createPipeline } from './http/pipeline.ts'
import { Responder } from './http/respond.ts'
import { RouteTable } from './http/route-table.ts'
import type { Logger, RequestLog } from './logger.ts'
import { Metrics } from './metrics.ts'
import type { AppContext } from './routes/context.ts'
import { IndexHolder, type LoadEvent } from './store/index-holder.ts'
import { verifyIndex } from './store/open-index.ts'

/** A running server. */
export interface RunningServer {
  server: Server<undefined>
  holder: IndexHolder
  ctx: AppContext
  /** Stops accepting, lets in-flight requests finish, stops timers. */
  stop(): Promise<void>
}

/** Loads the index (if any) and starts listening. */
export function startServer(config: Config, logger: Logger, requestLog: RequestLog): RunningServer {
  const metrics = new Metrics()
  const responder = new Responder({
    compress: config.compress,
    cacheBytes: config.cacheMB * 1024 * 1024,
    corsOrigin: config.corsOrigin,
  })
  const onEvent = (event: LoadEvent) => {
    if (event.kind === 'failed') {
      logger.error({ indexDir: config.indexDir, reason: event.message }, 'index not loaded')
      return
    }
    responder.clear()
    const m = event.index.manifest
    metrics.gauges.set('index_rows', {
      help: 'Chart rows in the loaded index.',
      value: m.rows.kept,
    })
    metrics.gauges.set('index_tracks', {
      help: 'Tracks in the loaded index.',
      value: m.counts.tracks,
    })
    metrics.gauges.set('index_artists', {
      help: 'Artists in the loaded index.',
      value: m.counts.artists,
    })
    metrics.gauges.set('index_build_info', {
      help: 'The loaded build.',
      value: 1,
      labels: `build_id="${m.buildId}"`,
    })
    logger.info(
      {
        indexDir: config.indexDir,
        buildId: m.buildId,
        previous: event.previous,
        rows: m.rows.kept,
        tracks: m.counts.tracks,
        openMs: Number(event.ms.toFixed(2)),
      },
      event.previous ? 'index swapped' : 'index loaded',
    )
    if (config.verifyIndex) {
      const index = event.index
      verifyIndex(index).then((bad) => {
        if (bad.length === 0)
          return logger.info({ buildId: index.buildId }, 'index checksums verified')
        logger.error(
          { buildId: index.buildId, files: bad },
          'index checksums do not match the manifest: index refused',
        )
        if (holder.current === index) {
          holder.current = null
          holder.problem = `checksum mismatch in ${bad.join(', ')}`
        }
      })
    }
  }
  const holder = new IndexHolder(config.indexDir, onEvent)
  holder.load()
  const ctx: AppContext = { config, holder, responder, logger, metrics }
  const app = createApp(ctx)

  const fetch = createPipeline({
    handle: (request) => app.handle(request),
    routes: new RouteTable(app.routes),
    responder,
    metrics,
    requestLog: config.logRequests ? requestLog : null,
    corsOrigin: config.corsOrigin,
  })
  const server = Bun.serve({
    port: config.port,
    hostname: config.host,
    development: false,
    fetch,
    error(error) {
      logger.error({ err: error }, 'unhandled server error')
      return errorResponse(new ApiError(500, 'internal', 'internal error'))
    },
  })

  let timer: ReturnType<typeof setInterval> | undefined
  if (config.indexPollSeconds > 0) {
    timer = setInterval(() => holder.reloadIfChanged(), config.indexPollSeconds * 1000)
    timer.unref?.()
  }
  return {
    server,
    holder,
    ctx,
    async stop() {
      if (timer) clearInterval(timer)
      await server.stop(false)
    },
  }
}
