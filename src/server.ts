/**
 * The HTTP server: Bun.serve in front of the Elysia app. Before the app it enforces what
 * must hold for every request (URL and header sizes, methods, well-formed, known and
 * unrepeated query parameters) and after it adds the request id, records metrics and
 * writes the request's log line. It also loads the index and swaps in new builds.
 */
import type { Server } from 'bun'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { ApiError, errorResponse } from './errors.ts'
import { completeResponses, requestIds } from './http/request-facts.ts'
import { Responder } from './http/respond.ts'
import type { Logger, RequestLog } from './logger.ts'
import { Metrics } from './metrics.ts'
import type { AppContext } from './routes/context.ts'
import { ROUTE_PARAMS, routeOf } from './routes/table.ts'
import { IndexHolder, type LoadEvent } from './store/index-holder.ts'
import { verifyIndex } from './store/open-index.ts'

/** Longest URL answered (longer: 414). */
export const MAX_URL_BYTES = 8 * 1024
/** Most header bytes answered (more: 431). Bun itself cuts at --max-http-header-size. */
export const MAX_HEADER_BYTES = 16 * 1024
const METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const REQUEST_ID = /^[\w.:-]{1,128}$/

let sequence = 0
const bootId = Math.random().toString(36).slice(2, 8)

/** Checks the query string of a data route: decodable, known, unrepeated parameters. */
export function checkQuery(route: string, query: string): ApiError | null {
  const allowed = ROUTE_PARAMS[route]
  if (!allowed || query === '') return null
  // a few parameters at most: a small array beats a Set, and indexOf beats split
  const seen: string[] = []
  let start = 0
  while (start <= query.length) {
    let end = query.indexOf('&', start)
    if (end < 0) end = query.length
    if (end > start) {
      const eq = query.indexOf('=', start)
      const keyEnd = eq >= 0 && eq < end ? eq : end
      let key = query.slice(start, keyEnd)
      const raw = key
      try {
        // most parameters hold no escapes: decode (and so validate) only those that do
        if (key.includes('%') || key.includes('+'))
          key = decodeURIComponent(key.replace(/\+/g, ' '))
        if (keyEnd < end) {
          const pct = query.indexOf('%', keyEnd)
          if (pct >= 0 && pct < end) decodeURIComponent(query.slice(keyEnd + 1, end))
        }
      } catch {
        return new ApiError(
          400,
          'bad_encoding',
          `${raw.slice(0, 40)}: not valid percent-encoded UTF-8`,
          { parameter: raw.slice(0, 40) },
        )
      }
      if (!allowed.has(key)) {
        const known = [...allowed].join(', ') || 'none'
        return new ApiError(
          400,
          'unknown_parameter',
          `${key.slice(0, 40)}: unknown parameter; this route takes ${known}`,
          {
            parameter: key.slice(0, 40),
          },
        )
      }
      if (seen.includes(key))
        return new ApiError(400, 'repeated_parameter', `${key}: given more than once`, {
          parameter: key,
        })
      seen.push(key)
    }
    start = end + 1
  }
  return null
}

/** The path and query of a request URL without building a URL object. */
function splitUrl(url: string): { path: string; query: string } {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const q = url.indexOf('?', start)
  return q < 0
    ? { path: url.slice(start), query: '' }
    : { path: url.slice(start, q), query: url.slice(q + 1) }
}

function headerBytes(headers: Headers): number {
  let n = 0
  headers.forEach((v, k) => {
    n += k.length + v.length + 4
  })
  return n
}

/**
 * The answer to a CORS preflight. CORS is done here rather than with @elysiajs/cors: in its
 * any-origin mode that plugin sends `Vary: *` on every response, which stops all HTTP caching.
 */
function preflight(request: Request): Response {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Max-Age': '86400',
    Allow: 'GET, HEAD, OPTIONS',
  }
  const asked = request.headers.get('access-control-request-headers')
  if (asked) headers['Access-Control-Allow-Headers'] = asked.slice(0, 1000)
  return new Response(null, { status: 204, headers })
}

/**
 * What is answered before the app runs: oversized URLs (414) and headers (431), unknown
 * paths (404; every route is in the table, so `//rankings` lands here too), other methods
 * (405), CORS preflights, and bad query strings (400). Null when the app should answer.
 */
function screen(request: Request, route: string, path: string, query: string): Response | null {
  if (request.url.length > MAX_URL_BYTES) {
    return errorResponse(
      new ApiError(414, 'uri_too_long', `the URL is longer than ${MAX_URL_BYTES} bytes`),
    )
  }
  if (headerBytes(request.headers) > MAX_HEADER_BYTES) {
    return errorResponse(
      new ApiError(431, 'headers_too_large', `the headers exceed ${MAX_HEADER_BYTES} bytes`),
    )
  }
  if (route === 'unmatched')
    return errorResponse(new ApiError(404, 'not_found', `no route ${path.slice(0, 200)}`))
  if (!METHODS.has(request.method)) {
    const error = new ApiError(
      405,
      'method_not_allowed',
      `${request.method} is not allowed on ${path}; use GET`,
    )
    return errorResponse(error, { Allow: 'GET, HEAD, OPTIONS' })
  }
  if (request.method === 'OPTIONS') return preflight(request)
  const bad = checkQuery(route, query)
  return bad ? errorResponse(bad) : null
}

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

  const finish = (
    request: Request,
    route: string,
    id: string,
    started: number,
    response: Response,
  ): Response => {
    let bytes = completeResponses.get(response)
    if (bytes === undefined) {
      response.headers.set('X-Request-Id', id)
      response.headers.set('Access-Control-Allow-Origin', config.corsOrigin)
      response.headers.set('Access-Control-Expose-Headers', 'ETag, X-Request-Id')
      const length = response.headers.get('content-length')
      if (length !== null) bytes = Number(length)
    }
    const seconds = (performance.now() - started) / 1000
    metrics.observe(route, response.status, seconds)
    if (config.logRequests) {
      requestLog({
        reqId: id,
        method: request.method,
        route,
        status: response.status,
        ms: Math.round(seconds * 1e5) / 100,
        bytes,
      })
    }
    return response
  }

  const server = Bun.serve({
    port: config.port,
    hostname: config.host,
    development: false,
    async fetch(request) {
      const started = performance.now()
      const given = request.headers.get('x-request-id')
      const id = given && REQUEST_ID.test(given) ? given : `${bootId}-${(++sequence).toString(36)}`
      const { path, query } = splitUrl(request.url)
      const route = routeOf(path) ?? 'unmatched'
      const rejected = screen(request, route, path, query)
      if (rejected) return finish(request, route, id, started, rejected)
      // a request answered from the cache before needs neither Elysia nor the index again
      const cached = request.method === 'GET' ? responder.fromUrl(request, id) : null
      if (cached) return finish(request, route, id, started, cached)
      const head = request.method === 'HEAD'
      const forwarded = head
        ? new Request(request.url, { method: 'GET', headers: request.headers })
        : request
      requestIds.set(forwarded, id)
      let response = await app.handle(forwarded)
      if (head)
        response = new Response(null, { status: response.status, headers: response.headers })
      return finish(request, route, id, started, response)
    },
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
