/**
 * The last stage, run for every answer: the request id and CORS headers (unless the
 * responder already made them part of the answer), the metrics, and the request's log line.
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

/** Completes `response` for `ctx`, records it and returns it. */
export function finish(f: Finisher, ctx: RequestContext, response: Response): Response {
  let bytes: number | undefined = ctx.bytes
  if (ctx.complete !== response) {
    const headers = response.headers
    headers.set('X-Request-Id', ctx.id)
    for (const [name, value] of Object.entries(corsHeaders(f.corsOrigin))) headers.set(name, value)
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
