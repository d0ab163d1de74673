/**
 * The first stage: what is answered before any route runs. Oversized URLs (414) and headers
 * (431), unknown paths (404), other methods (405), CORS preflights, and query strings that
 * are not percent-encoded UTF-8 or name a parameter the route does not take, or one twice
 * (400). Every 404 and 405 of the service is made here.
 */
import http from 'node:http'
import { ApiError, errorResponse, parameterError } from '../errors.ts'
import type { RequestContext } from './context.ts'
import { ALLOWED_METHODS, preflight } from './cors.ts'
import { decodeQueryPart } from './url.ts'

/** Longest URL answered (longer: 414). */
export const MAX_URL_BYTES = 8 * 1024
/** Most header bytes answered (more: 431). */
export const MAX_HEADER_BYTES = 16 * 1024

/**
 * The header bytes Bun itself reads before any of this code runs (past them it answers a bare
 * 431 of its own, 16 KiB by default): far above MAX_HEADER_BYTES, so that an oversized
 * request gets this service's 431 in the error shape.
 */
export const BUN_HEADER_BYTES = 256 * 1024

/**
 * Raises Bun's header limit to BUN_HEADER_BYTES for the whole process, before a server
 * listens: node:http's `maxHeaderSize` setter in Bun sets the value `--max-http-header-size`
 * would, so every way of starting the server (npm scripts, the binary, tests) gets it from
 * here, not from a flag each must remember.
 */
export function raiseHeaderLimit(): void {
  ;(http as { maxHeaderSize: number }).maxHeaderSize = BUN_HEADER_BYTES
}

/** 404 for a path no route serves. */
export function routeNotFound(path: string): ApiError {
  return new ApiError(404, 'not_found', `no route ${path.slice(0, 200)}`)
}

/** 405 for a method other than GET, HEAD and OPTIONS. */
function methodNotAllowed(method: string, path: string): Response {
  const error = new ApiError(
    405,
    'method_not_allowed',
    `${method.slice(0, 20)} is not allowed on ${path.slice(0, 200)}; use GET`,
  )
  return errorResponse(error, { Allow: ALLOWED_METHODS })
}

function headerBytes(headers: Headers): number {
  let n = 0
  headers.forEach((v, k) => {
    n += k.length + v.length + 4
  })
  return n
}

/** The answer to a request that must not reach a route, or null when it may. */
export function screen(ctx: RequestContext): Response | null {
  return screenRequest(ctx) ?? screenQuery(ctx)
}

/**
 * The screen before the cache stage: URL and header sizes, the route, the method. The query's
 * parameters are checked after it (`screenQuery`): an answer cached for the very same raw
 * request passed that check already, and on a cached answer it cost about a tenth of the
 * time (decoding escaped values such as `Dominican%20Republic`).
 */
export function screenRequest(ctx: RequestContext): Response | null {
  const request = ctx.request
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
  const route = ctx.route
  if (route === null) return errorResponse(routeNotFound(ctx.path))
  const method = request.method
  if (method === 'OPTIONS') return preflight(request)
  if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(method, ctx.path)
  return null
}

/** The rest of the screen: the query's parameters (decodable, known, unrepeated). */
export function screenQuery(ctx: RequestContext): Response | null {
  const params = ctx.route?.params
  const bad = params && ctx.query !== '' ? checkQuery(params, ctx.query) : null
  return bad ? errorResponse(bad) : null
}

/** Checks a query string against the parameters a route takes: decodable, known, unrepeated. */
export function checkQuery(allowed: ReadonlySet<string>, query: string): ApiError | null {
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
        key = decodeQueryPart(key)
        if (keyEnd < end) {
          const pct = query.indexOf('%', keyEnd)
          if (pct >= 0 && pct < end) decodeURIComponent(query.slice(keyEnd + 1, end))
        }
      } catch {
        const name = raw.slice(0, 40)
        return parameterError(name, `${name}: not valid percent-encoded UTF-8`, 'bad_encoding')
      }
      if (!allowed.has(key)) {
        const known = [...allowed].join(', ') || 'none'
        const name = key.slice(0, 40)
        return parameterError(
          name,
          `${name}: unknown parameter; this route takes ${known}`,
          'unknown_parameter',
        )
      }
      if (seen.includes(key))
        return parameterError(key, `${key}: given more than once`, 'repeated_parameter')
      seen.push(key)
    }
    start = end + 1
  }
  return null
}
