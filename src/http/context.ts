/**
 * The facts of one request, made once at the edge and read by every later stage (screen,
 * cache, the responder inside a route, finish): its id, start time, path, query, route
 * label and negotiated encoding. It travels attached to the Request object itself, so a
 * route handler reaches it from the `request` Elysia hands it.
 */
import type { Encoding } from './encoding.ts'
import type { RouteInfo, RouteTable } from './route-table.ts'
import { splitUrl } from './url.ts'

const REQUEST_ID = /^[\w.:-]{1,128}$/
const CONTEXT = Symbol('request context')
const bootId = Math.random().toString(36).slice(2, 8)
let sequence = 0

/** A request id: the client's `X-Request-Id` when it is a sane token, else `<boot>-<n>`. */
export function requestId(given: string | null): string {
  return given && REQUEST_ID.test(given) ? given : `${bootId}-${(++sequence).toString(36)}`
}

/** What the pipeline knows about a request. */
export class RequestContext {
  /** performance.now() at arrival */
  readonly started = performance.now()
  readonly id: string
  readonly path: string
  /** the query string without its `?` */
  readonly query: string
  /** the route serving the path, or null (a 404) */
  readonly route: RouteInfo | null
  /** the answer cache's key of this request and the encoding it gets, once the cache stage made them */
  answerKey: string | null = null
  encoding: Encoding | null = null
  /**
   * The response the responder made complete (common headers set, body size known), so
   * finish leaves its headers alone: setting headers on a made Response costs more than
   * making it (bench/README.md).
   */
  complete: Response | null = null
  /** body bytes of `complete` */
  bytes = 0

  constructor(
    readonly request: Request,
    routes: RouteTable,
  ) {
    this.id = requestId(request.headers.get('x-request-id'))
    const { path, query } = splitUrl(request.url)
    this.path = path
    this.query = query
    this.route = routes.match(path)
  }

  /** The route label for metrics and logs. */
  get label(): string {
    return this.route?.label ?? 'unmatched'
  }

  /** Attaches the context to a request (the one the router will see). */
  attach(request: Request): void {
    ;(request as unknown as Record<symbol, RequestContext>)[CONTEXT] = this
  }
}

/** The context attached to a request, if the pipeline made one (not for bare app.handle calls). */
export function contextOf(request: Request): RequestContext | undefined {
  return (request as unknown as Record<symbol, RequestContext | undefined>)[CONTEXT]
}
