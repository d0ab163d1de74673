/**
 * The server: loads the index and swaps in new builds (from INDEX_DIR, watched and polled,
 * and with INDEX_URL from object storage, polled), and runs every request through the
 * pipeline (src/http/pipeline.ts) on Bun.serve.
 */
import type { Server } from 'bun'
import { createApp, STORED_ROUTES } from './app.ts'
import type { Config } from './config.ts'
import { errorResponse, INTERNAL } from './errors.ts'
import { answerHeaders } from './http/finish.ts'
import { createPipeline } from './http/pipeline.ts'
import { cacheControlOf, Responder } from './http/respond.ts'
import { RouteTable } from './http/route-table.ts'
import { raiseHeaderLimit } from './http/screen.ts'
import { checkStoredAnswers } from './http/stored.ts'
import type { Logger, LogStats, RequestLog } from './logger.ts'
import { Metrics } from './metrics.ts'
import type { Services } from './routes/services.ts'
import { IndexHolder, type LoadEvent } from './store/index-holder.ts'
import type { Index } from './store/open-index.ts'
import { IndexPuller, type PullEvent } from './store/pull-index.ts'
import { servingRootOf } from './store/serving-copy.ts'

/** A running server. */
export interface RunningServer {
  server: Server<undefined>
  holder: IndexHolder
  services: Services
  /** Looks for a new index now: in INDEX_DIR, then at INDEX_URL (the poll, SIGHUP). */
  look(): Promise<void>
  /** Stops accepting, lets in-flight requests finish, stops timers. */
  stop(): Promise<void>
}

/** What an index event touches. */
interface IndexEventTargets {
  config: Config
  logger: Logger
  metrics: Metrics
  responder: Responder
}

/**
 * Logs an index event and keeps what depends on the served index in step: no cached answer
 * outlives the index it came from (cleared on every swap and when an index is dropped).
 */
function onIndexEvent(event: LoadEvent, { config, logger, metrics, responder }: IndexEventTargets) {
  const dir = config.indexDir
  if (event.kind === 'missing') {
    logger.warn({ indexDir: dir, reason: event.reason }, 'no index to load')
    return
  }
  if (event.kind === 'refused') {
    const { reason, buildId, serving } = event
    logger.error({ indexDir: dir, buildId, reason, serving }, 'index refused')
    return
  }
  if (event.kind === 'same') {
    logger.info(
      { indexDir: dir, buildId: event.buildId },
      'index directory changed: the build served, checked again and kept',
    )
    return
  }
  if (event.kind === 'in-place') {
    logger.warn(
      { indexDir: dir, reason: event.reason },
      'no private copy can be made beside INDEX_DIR: serving its own files (a file written there under the server can stop it; INDEX_MODE=mmap says that is meant, memory reads them into RAM)',
    )
    return
  }
  responder.cache.clear()
  if (event.kind === 'lost') {
    const { reason, buildId } = event
    logger.error({ indexDir: dir, buildId, reason }, 'served index changed in place: dropped')
    return
  }
  storedAnswersInUse(event.index, logger)
  const m = event.index.manifest
  const set = (name: string, help: string, value: number, labels?: string) =>
    metrics.gauges.set(name, { help, value, labels })
  set('index_rows', 'Chart rows in the loaded index.', m.rows.kept)
  set('index_tracks', 'Tracks in the loaded index.', m.counts.tracks)
  set('index_artists', 'Artists in the loaded index.', m.counts.artists)
  set('index_build_info', 'The loaded build.', 1, `build_id="${m.buildId}"`)
  logger.info(
    {
      indexDir: dir,
      buildId: m.buildId,
      previous: event.previous,
      mode: event.index.mode,
      servedFrom: event.index.dir,
      rows: m.rows.kept,
      tracks: m.counts.tracks,
      copyMs: event.copyMs === null ? null : Number(event.copyMs.toFixed(2)),
      openMs: Number(event.openMs.toFixed(2)),
      checkMs: Number(event.checkMs.toFixed(2)),
    },
    event.previous ? 'index swapped' : 'index loaded',
  )
}

/**
 * Checks a loaded build's stored answers against this server's renderers (http/stored.ts)
 * before the first request can use them (the load event runs in the swap's own turn): when
 * they differ, the build is served without them, compressing per request.
 */
function storedAnswersInUse(index: Index, logger: Logger): void {
  const listed = index.manifest.answers
  if (!index.answers || !listed) return
  const differs = checkStoredAnswers(index)
  if (differs === null) {
    logger.info(
      {
        buildId: index.buildId,
        answers: listed.count,
        files: listed.files.length,
        bytes: listed.bytes,
      },
      'stored answers in use',
    )
    return
  }
  index.answers = null
  logger.warn(
    { buildId: index.buildId, answer: differs },
    "stored answers not used: they differ from this server's renderers (built by another version); gzip answers are compressed per request",
  )
}

/** The level and message of each kind of pull event in the log. */
const PULL_LOG: Record<PullEvent['kind'], ['info' | 'warn' | 'error', string]> = {
  pulled: ['info', 'published build pulled'],
  refused: ['error', 'published build refused'],
  changed: ['info', 'refused build changed in the store: trying it again'],
  unreachable: ['warn', 'index store not reachable'],
  reachable: ['info', 'index store reachable again'],
  'bad-pointer': ['error', 'index pointer unreadable'],
}

/** Logs what a look at the object store did, with its facts (counters: countersInMetrics). */
function onPullEvent(event: PullEvent, url: string, logger: Logger) {
  const { kind, ...facts } = event
  const [level, msg] = PULL_LOG[kind]
  if ('ms' in facts) facts.ms = Math.round(facts.ms)
  logger[level]({ indexUrl: url, ...facts }, msg)
}

/** Counters kept by the index holder and the log file, read at each /metrics render. */
function countersInMetrics(
  metrics: Metrics,
  holder: IndexHolder,
  puller: IndexPuller | null,
  log?: LogStats,
) {
  const counter = (name: string, help: string, value: () => number) =>
    metrics.gauges.set(name, { help, value, type: 'counter' })
  counter('index_swaps_total', 'Checked builds swapped in.', () => holder.counts.swaps)
  counter('index_refusals_total', 'Builds refused by the check.', () => holder.counts.refusals)
  if (puller) {
    const { counts } = puller
    counter('index_pulls_total', 'Published builds downloaded and checked.', () => counts.pulls)
    counter('index_pull_bytes_total', 'Bytes downloaded from the index store.', () => counts.bytes)
    counter(
      'index_pull_failures_total',
      'Looks at the index store that ended without the latest build (store errors after their tries, refused builds).',
      () => counts.failures,
    )
    counter(
      'index_pull_retries_total',
      'Requests to the index store tried again after a store error (network, timeout, 5xx, throttling).',
      () => counts.retries,
    )
    counter(
      'index_pull_refusals_total',
      'Published builds refused by their checks (tried again when their pointer or objects change).',
      () => counts.refusals,
    )
    metrics.gauges.set('index_latest_build_info', {
      help: 'The build the store names (current.json) and why it is or is not the one served: state current, pulling, retrying, refused or unknown.',
      value: 1,
      labels: () => `build_id="${puller.latest ?? ''}",state="${puller.state}"`,
    })
  }
  if (log) {
    counter(
      'log_write_failures_total',
      'Log file batches that could not be written.',
      () => log.writeFailures,
    )
    counter(
      'log_lines_dropped_total',
      'Log lines of those batches, lost (the file keeps whole lines only).',
      () => log.droppedLines,
    )
    counter('log_rotations_total', 'Log file rotations.', () => log.rotations)
  }
}

/** The server's parts and its request handler: all of the service but the socket and timers. */
export interface Service {
  services: Services
  /** the Elysia app (the pipeline's `route` stage) */
  app: ReturnType<typeof createApp>
  /**
   * Every request's one way in (src/http/pipeline.ts): what Bun.serve calls, and what tests
   * call in process (as Hono's `app.request`), with nothing loaded, watched or polled yet.
   */
  fetch: (request: Request) => Response | Promise<Response>
}

/**
 * Assembles the service: settings, metrics, the responder and its answer cache, the index
 * holder (and puller with INDEX_URL) whose events keep them in step, the app and the pipeline.
 * Loads nothing: the caller loads the index (`services.holder.loadNow()`).
 */
export function createService(
  config: Config,
  logger: Logger,
  requestLog: RequestLog | null,
  logStats?: LogStats,
): Service {
  const metrics = new Metrics()
  const responder = new Responder({
    compress: config.compress,
    cacheControl: cacheControlOf(config),
    cacheBytes: config.cacheMB * 1024 * 1024,
    corsOrigin: config.corsOrigin,
    // the default answers of the stored routes are stored as gzip (http/stored.ts): sent as
    // bytes, where br would be compressed per answer
    gzipFirst: [...STORED_ROUTES.keys()],
  })
  const holder = new IndexHolder(config.indexDir, {
    mode: config.indexMode === 'memory' ? 'memory' : 'mmap',
    copies: config.indexMode === 'copy' ? servingRootOf(config.indexDir) : undefined,
    onEvent: (event) => onIndexEvent(event, { config, logger, metrics, responder }),
  })
  const puller = config.indexUrl
    ? new IndexPuller({
        url: config.indexUrl,
        holder,
        onEvent: (event) => onPullEvent(event, config.indexUrl, logger),
        timeoutMs: config.indexStoreTimeoutSeconds * 1000,
        // a store that comes back is seen within one poll: no wait between tries is longer
        backoffCapMs: Math.min(5000, (config.indexPollSeconds || 5) * 1000),
      })
    : null
  countersInMetrics(metrics, holder, puller, logStats)
  const services: Services = { config, holder, puller, responder, logger, metrics }
  const app = createApp(services)
  const fetch = createPipeline({
    handle: (request) => app.handle(request),
    routes: new RouteTable(app.routes, STORED_ROUTES),
    responder,
    current: () => holder.current,
    metrics,
    requestLog: config.logRequests ? requestLog : null,
    corsOrigin: config.corsOrigin,
  })
  return { services, app, fetch }
}

/** Runs the server in this process: loads the index (if any) and starts listening. */
export function runServer(
  config: Config,
  logger: Logger,
  requestLog: RequestLog,
  logStats?: LogStats,
): RunningServer {
  const { services, fetch } = createService(config, logger, requestLog, logStats)
  const { holder, puller } = services
  // a cached build (INDEX_URL) or the local one serves at once; the store is looked at after
  holder.loadNow()
  holder.watch()
  const look = async () => {
    await holder.reloadIfChanged()
    await puller?.poll()
  }
  if (puller) void puller.poll()
  raiseHeaderLimit()
  const server = Bun.serve({
    port: config.port,
    hostname: config.host,
    development: false,
    // a second server on the same port must fail (EADDRINUSE), not share it
    reusePort: false,
    fetch,
    error(error) {
      logger.error({ err: error }, 'unhandled server error')
      return errorResponse(INTERNAL, { ...answerHeaders(config.corsOrigin) })
    },
  })

  let timer: ReturnType<typeof setInterval> | undefined
  if (config.indexPollSeconds > 0) {
    timer = setInterval(() => void look(), config.indexPollSeconds * 1000)
    timer.unref?.()
  }
  return {
    server,
    holder,
    services,
    look,
    async stop() {
      if (timer) clearInterval(timer)
      holder.unwatch()
      await server.stop(false)
    },
  }
}
