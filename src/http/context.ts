/**
 * The facts of one request, made once at the edge and read by every later stage (screen,
 * cache, route, render, finish): its id, start time, path, query, route label, and the
 * headers that choose its answer (`Accept`, `Accept-Encoding`, `If-None-Match`), each read
 * once, here. The pipeline hands it to Elysia with the request; the `requestContext` plugin
 * gives it to every route handler as `ctx`, and handlers pass it on explicitly.
 */
import { Elysia } from 'elysia'
import { type AcceptChoice, type AnswerForm, acceptChoice, formAsked } from './accept.ts'
import type { Encoding } from './encoding.ts'
import type { RouteInfo, RouteTable } from './route-table.ts'
import { splitUrl } from './url.ts'

const REQUEST_ID = /^[\w.:-]{1,128}$/
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
  /**
   * The answer cache's key of this request and the encoding its answer gets, made once by
   * the cache (AnswerCache.keyOf); null until then.
   */
  cacheKey: string | null = null
  encoding: Encoding = 'identity'
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

  // The headers that choose an answer, each read the first time a stage asks and kept: a
  // request the screen rejects, or a health check, reads none of them.
  private accept: string | null | undefined
  private acceptEncodingValue: string | null | undefined
  private ifNoneMatchValue: string | null | undefined

  private acceptHeader(): string | null {
    if (this.accept === undefined) this.accept = this.request.headers.get('accept')
    return this.accept
  }

  private choice: AcceptChoice | undefined

  /** What `Accept` chooses (accept.ts), made the first time a stage asks. */
  private get accepts(): AcceptChoice {
    if (this.choice === undefined) this.choice = acceptChoice(this.acceptHeader())
    return this.choice
  }

  /** The form this request asks of a route offering `offered`, given its `format` (accept.ts). */
  formOf(offered: { csv: boolean; binary: boolean }, format: unknown): AnswerForm {
    return formAsked(this.accepts, offered, format)
  }

  /** The `Accept-Encoding` header, or null. */
  get acceptEncoding(): string | null {
    if (this.acceptEncodingValue === undefined)
      this.acceptEncodingValue = this.request.headers.get('accept-encoding')
    return this.acceptEncodingValue
  }

  /** The `If-None-Match` header, or null. */
  get ifNoneMatch(): string | null {
    if (this.ifNoneMatchValue === undefined)
      this.ifNoneMatchValue = this.request.headers.get('if-none-match')
    return this.ifNoneMatchValue
  }

  /** The route label for metrics and logs. */
  get label(): string {
    return this.route?.label ?? 'unmatched'
  }

  /**
   * What `Accept` chooses, as part of the cache key: `fb` and/or `csv` (both when FlatBuffers
   * wins where it is offered and CSV where it is not), `` for JSON.
   */
  get form(): string {
    const { flatBuffers, csv } = this.accepts
    return flatBuffers ? (csv ? 'fb,csv' : 'fb') : csv ? 'csv' : ''
  }

  /** Hands the context to the router with `request` (the Request Elysia will see). */
  attach(request: Request): void {
    ;(request as unknown as Handover)[HANDED] = this
  }
}

/**
 * Where the pipeline leaves a request's context for the router: a property under a private
 * symbol, read in one place only (`requestContext`); from there on the context is passed
 * explicitly, as a handler's `ctx`.
 */
const HANDED = Symbol('request context')
type Handover = { [HANDED]?: RequestContext }

/**
 * The Elysia plugin giving every route handler (and the error handler) the request's
 * context as `ctx`: the one the pipeline made. Every request reaches the app through the
 * pipeline (src/http/pipeline.ts), tests too (src/server.ts `createService`).
 */
export const requestContext = new Elysia({ name: 'request-context' }).derive(
  { as: 'global' },
  ({ request }) => {
    const ctx = (request as unknown as Handover)[HANDED]
    if (ctx === undefined) throw new Error('a request reached the app without the pipeline')
    return { ctx }
  },
)
