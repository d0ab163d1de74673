/**
 * The request pipeline, one path for every request:
 *
 *   screen → cache → stored → route → render → finish
 *
 * `screen` (screen.ts) answers what must not reach a route (limits, unknown paths, methods,
 * preflights, unknown parameters); `cache` (answer-cache.ts) answers a request answered
 * before (the screen's check of the query's parameters runs after it: a cached answer's
 * request passed it); `stored` (stored.ts) answers a request for a default answer the index
 * stores, with the route's own declaration of it and the responder, but without Elysia;
 * `route` is Elysia (`app.handle`: validation, the handler; HEAD runs GET and Bun
 * sends no body); `render` is the route's `responder.respond` call; `finish` (finish.ts) adds
 * the request id and CORS, records metrics and writes the log line. Facts travel in one
 * RequestContext, handed to the route handlers as `ctx` (context.ts). A layer in front of `app.handle` rather than Elysia hooks: measured in
 * bench/README.md ("Pipeline shape").
 */
import { RequestContext } from './context.ts'
import { type Finisher, finish } from './finish.ts'
import type { Responder } from './respond.ts'
import type { RouteTable } from './route-table.ts'
import { screenQuery, screenRequest } from './screen.ts'
import { type StoredStageParts, storedStage } from './stored.ts'
import { routable } from './url.ts'

/** What the pipeline runs on. */
export interface PipelineParts extends Finisher, StoredStageParts {
  /** the router: Elysia's `app.handle` */
  handle: (request: Request) => Response | Promise<Response>
  routes: RouteTable
  responder: Responder
}

/** The request handler of the server. */
export function createPipeline(
  parts: PipelineParts,
): (request: Request) => Response | Promise<Response> {
  const { handle, routes, responder } = parts
  const route = async (ctx: RequestContext, request: Request) =>
    finish(parts, ctx, await handle(request))
  return (request) => {
    const ctx = new RequestContext(request, routes)
    const rejected = screenRequest(ctx)
    if (rejected) return finish(parts, ctx, rejected)
    const cached = responder.cache.lookup(ctx)
    if (cached) return finish(parts, ctx, cached)
    const stored = storedStage(parts, ctx)
    if (stored) return finish(parts, ctx, stored)
    const badQuery = screenQuery(ctx)
    if (badQuery) return finish(parts, ctx, badQuery)
    const forwarded = routable(request)
    ctx.attach(forwarded)
    return route(ctx, forwarded)
  }
}
