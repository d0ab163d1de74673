/**
 * The `stored` stage of the pipeline: a request for a default answer the index stores
 * (schema/answers.fbs) answered before routing. A route that has stored answers declares how
 * a query names one (a StoredRoute, beside its Elysia plugin); this stage reads the query with
 * that declaration and hands the answer to the responder, stored gzip body and all, without
 * Elysia's routing, validation and handler (bench/README.md, "Stored answers", measures what
 * that saves). Anything the declaration does not know for sure — another page or form, an
 * unknown region, a bad date, a parameter given twice or unknown — goes on to the route,
 * which answers it exactly as before, errors included.
 *
 * Before a build's stored answers are used, `checkStoredAnswers` compares a sample of them,
 * inflated, with what this server's renderers make: an index built by a server whose
 * renderers differ keeps serving, compressing per request.
 */
import { type TObject, Type } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'
import { JSON_TYPE } from '../render/media-types.ts'
import { renderAnswer } from '../render/stored-answers.ts'
import { storedBody } from '../store/answers.ts'
import type { Index } from '../store/open-index.ts'
import type { RequestContext } from './context.ts'
import type { Responder } from './respond.ts'
import { decodeQueryPart } from './url.ts'

/** The default answer a query names. */
export interface StoredAnswer {
  /** its number (src/store/answers.ts) */
  answer: number
  /** its canonical identity, as the route would make it (the ETag's key) */
  canonical: string
}

/** How a query names one of a route's stored answers. */
export interface StoredRoute {
  /** the route's query schema: the parameters `find` reads are checked against it first */
  query: TObject
  /** parameters that must be absent or hold exactly this value (the default page and form) */
  fixed: Readonly<Record<string, string>>
  /** the parameters `find` reads (strings in the schema) */
  reads: readonly string[]
  /**
   * The stored answer `params` (decoded; absent ones undefined) ask for, or null to leave the
   * request to the route. Must resolve names and dates as the route does.
   */
  find(index: Index, params: Readonly<Record<string, string | undefined>>): StoredAnswer | null
}

/**
 * The `fixed` parameters of a chart's default answer: `limit` and `offset` at the defaults of
 * the route's schema (the one home of defaults), `format` json.
 */
export function defaultPage(query: TObject): Record<string, string> {
  const { limit, offset } = query.properties
  return { limit: String(limit.default), offset: String(offset.default), format: 'json' }
}

/** Each route's check of the parameters it reads, compiled from its schema on first use. */
const checks = new WeakMap<StoredRoute, TypeCheck<TObject>>()

function checkOf(route: StoredRoute): TypeCheck<TObject> {
  let check = checks.get(route)
  if (!check) {
    check = TypeCompiler.Compile(Type.Pick(route.query, [...route.reads]))
    checks.set(route, check)
  }
  return check
}

/**
 * The parameters of `query` when each is one `route` reads (valid as its schema says) or
 * fixes (at its value), else null.
 */
export function storedParams(
  route: StoredRoute,
  query: string,
): Record<string, string | undefined> | null {
  const params: Record<string, string | undefined> = {}
  let start = 0
  while (start < query.length) {
    let end = query.indexOf('&', start)
    if (end < 0) end = query.length
    if (end > start) {
      const eq = query.indexOf('=', start)
      if (eq < 0 || eq > end) return null
      let key = query.slice(start, eq)
      let value = query.slice(eq + 1, end)
      try {
        key = decodeQueryPart(key)
        value = decodeQueryPart(value)
      } catch {
        return null
      }
      if (params[key] !== undefined) return null
      const fixed = route.fixed[key]
      if (fixed !== undefined) {
        if (value !== fixed) return null
      } else if (!route.reads.includes(key)) return null
      params[key] = value
    }
    start = end + 1
  }
  return checkOf(route).Check(params) ? params : null
}

/** What the stage needs of the server. */
export interface StoredStageParts {
  /** the served index, or null */
  current: () => Index | null
  responder: Responder
}

/**
 * The stage: the response to a request for a stored default answer (gzip from the index when
 * the client takes gzip, else rendered), or null when the request goes on to its route.
 */
export function storedStage(parts: StoredStageParts, ctx: RequestContext): Response | null {
  const route = ctx.route?.stored
  if (!route) return null
  const index = parts.current()
  if (index === null || ctx.form !== '') return null
  const params = storedParams(route, ctx.query)
  const found = params && route.find(index, params)
  if (!found) return null
  const { answer, canonical } = found
  return parts.responder.respond(ctx, {
    buildId: index.buildId,
    canonical,
    type: JSON_TYPE,
    render: () => renderAnswer(index, answer),
    stored: () => storedBody(index.answers, answer),
    vary: 'Accept',
  })
}

/** How many stored answers are compared with the renderers when a build is loaded. */
const SAMPLE = 16

/**
 * Compares a sample of the index's stored answers (spread evenly over the numbers, the last
 * included), inflated, with what this server's renderers make of them. Returns null when they
 * match (or the index stores none), else the first answer that differs. ~16 renders and
 * inflates: a few milliseconds.
 */
export function checkStoredAnswers(index: Index): number | null {
  const answers = index.answers
  if (!answers || answers.count === 0) return null
  for (let i = 0; i <= SAMPLE; i++) {
    const n = Math.min(answers.count - 1, Math.floor((i * answers.count) / SAMPLE))
    const stored = storedBody(answers, n)
    let inflated: Uint8Array
    try {
      inflated = Bun.gunzipSync(stored as Uint8Array<ArrayBuffer>)
    } catch {
      return n
    }
    if (!Buffer.from(inflated).equals(renderAnswer(index, n))) return n
  }
  return null
}
