/**
 * The last stage, run for every answer: the headers every answer carries (unless the
 * responder already made them part of the answer), the metrics, and the request's log line.
 *
 * The headers every answer carries are decided here, once: the request id (set here only,
 * by `finish` or, on an answer the responder completes, `completeResponse`), and
 * (`answerHeaders`) CORS, `X-Content-Type-Options: nosniff` (a browser never reads a body as another type than
 * the one sent: a JSON or CSV answer that holds markup is never run as a page) and
 * `Referrer-Policy: no-referrer` (the app's links to Spotify say nothing of what was viewed).
 * An HTML answer (the web app's page, the Swagger page) also gets `PAGE_POLICY`.
 */
import type { RequestLog } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import type { RequestContext } from './context.ts'
import { corsHeaders } from './cors.ts'

/** What finishing needs. */
export interface Finisher {
  metrics: Metrics
  /** null: no request log */
  requestLog: RequestLog | null
  corsOrigin: string
}

/**
 * The Content-Security-Policy of the service's pages: scripts, styles and everything else
 * from this origin only, no inline script or style, no plugins, no `<base>`, forms to this
 * origin, and no framing (`frame-ancestors 'none'`). Images may also be `data:` URLs (Swagger
 * UI's icons).
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

let made: { origin: string; headers: Readonly<Record<string, string>> } | null = null

/**
 * The headers every answer carries but its request id: CORS (cors.ts), nosniff and
 * Referrer-Policy. Finish sets them on every answer the responder did not complete; the
 * responder puts them in the answers it completes (data answers and their 304s), whose
 * headers finish leaves alone.
 */
export function answerHeaders(corsOrigin: string): Readonly<Record<string, string>> {
  if (made?.origin !== corsOrigin) {
    const headers = {
      ...corsHeaders(corsOrigin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    }
    made = { origin: corsOrigin, headers: Object.freeze(headers) }
  }
  return made.headers
}

/** The header naming the request (its log line's `reqId`). */
const REQUEST_ID = 'X-Request-Id'

/**
 * A data answer made complete by the responder, for the request of `ctx`: `headers` (every
 * header of the answer but its request id, which is set here) and the body of `bytes` bytes
 * are made one Response, which finish then leaves alone. Setting headers on a made Response
 * costs more than making it (bench/README.md), so the id goes in before.
 */
export function completeResponse(
  ctx: RequestContext,
  status: number,
  body: Blob | Uint8Array | null,
  bytes: number,
  headers: Headers | Record<string, string>,
): Response {
  if (headers instanceof Headers) headers.set(REQUEST_ID, ctx.id)
  else headers[REQUEST_ID] = ctx.id
  const response = new Response(body as BodyInit | null, { status, headers })
  ctx.complete = response
  ctx.bytes = bytes
  return response
}

/** Completes `response` for `ctx`, records it and returns it. */
export function finish(f: Finisher, ctx: RequestContext, response: Response): Response {
  let bytes: number | undefined = ctx.bytes
  if (ctx.complete !== response) {
    const headers = response.headers
    headers.set(REQUEST_ID, ctx.id)
    for (const [name, value] of Object.entries(answerHeaders(f.corsOrigin)))
      headers.set(name, value)
    if (headers.get('content-type')?.startsWith('text/html'))
      headers.set('Content-Security-Policy', PAGE_POLICY)
    const length = headers.get('content-length')
    bytes = length === null ? undefined : Number(length)
  }
  const seconds = (performance.now() - ctx.started) / 1000
  const route = ctx.label
  f.metrics.observe(route, response.status, seconds)
  f.requestLog?.({
    reqId: ctx.id,
    method: ctx.request.method,
    route,
    status: response.status,
    ms: Math.round(seconds * 1e5) / 100,
    bytes,
  })
  return response
}
