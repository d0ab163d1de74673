/**
 * A data route's one declaration (docs/architecture.md, "Routes"): its path, parameters,
 * body schema, the statuses and forms it answers in, its stored answers and its words in the
 * OpenAPI document, beside the function that turns a resolved request into an answer. From
 * it come the Elysia route (validation, integer coercion, the error statuses), the form of
 * the body (JSON, CSV, a binary format: `answerIn`), the pipeline's stored answers
 * (src/app.ts) and the document's extras (src/routes/docs/document.ts reads them from the
 * operation: `x-bad-request`, `x-binary`).
 */
import type { Static, TObject, TSchema } from '@sinclair/typebox'
import { Elysia, t } from 'elysia'
import { type RequestContext, requestContext } from '../http/context.ts'
import type { StoredRoute } from '../http/stored.ts'
import { attachment, type CsvShape, csvFromJson, listShape } from '../render/csv.ts'
import { CSV_TYPE, JSON_TYPE } from '../render/media-types.ts'
import type { Index } from '../store/open-index.ts'
import { coerceIntegersOf, errorSchema, requireIndex } from './params.ts'
import type { Services } from './services.ts'

/**
 * The `format` query parameter of list routes. `default: undefined` on purpose: without it
 * Elysia fills in the first value ('json'), and `Accept: text/csv` could never be heard.
 */
export const formatParam = t.UnionEnum(['json', 'csv'], {
  default: undefined,
  description: 'Answer as json (default) or csv (RFC 4180; `Accept: text/csv` asks for CSV too)',
  error: 'format: must be json or csv',
})

/**
 * The CSV shape of a list under `key` whose items have the schema `item` (its field order);
 * `file` names the body's members every row repeats and the parts of the file's name.
 */
export function csvShapeOf(
  key: string,
  item: { properties: Record<string, unknown> },
  file: Pick<CsvShape, 'context' | 'name'>,
): CsvShape {
  return listShape(key, Object.keys(item.properties), file)
}

/** A binary form of a route's answers, chosen by `Accept` (`/rankings`: FlatBuffers). */
export interface BinaryForm {
  /** its media type, which `Accept` must prefer (src/http/accept.ts) */
  type: string
  /** what the document says of the bytes */
  description: string
}

/** What a route makes of one resolved request. */
export interface RouteAnswer {
  /** the canonical identity of the answer without its form (src/http/respond.ts, Answer) */
  canonical: string
  /** makes the JSON body; a list route's CSV is made from it */
  render: () => Uint8Array
  /** the JSON body's stored gzip, when the index has it (src/http/respond.ts, Answer) */
  stored?: () => Uint8Array | null
  /** makes the body in the route's binary form (its `binary`) */
  binary?: () => Uint8Array
  /** the CSV's shape when it depends on the request (else the route's `csv`) */
  csv?: CsvShape
}

/** A request as a route's `answer` sees it: validated, defaults filled in, the index it reads. */
export interface RouteRequest<Q, P> {
  query: Q
  params: P
  index: Index
}

/** A data route: everything the app, the edge and the document know of it. */
export interface DataRoute<Q extends TObject = TObject, P extends TObject = TObject> {
  path: string
  /** its query parameters (integers coerced from the query string by this schema) */
  query?: Q
  /** its path parameters */
  params?: P
  /** the 200 body */
  response: TSchema
  /** whether it answers 404 for an unknown region, date, artist or track */
  notFound: boolean
  /** a 400 of its own besides the parameter rules, in the document's words */
  badRequest?: string
  /**
   * a list route's CSV shape, unless each answer gives its own: a route with a `format`
   * parameter (`formatParam`) is a list route, which answers CSV when `format=csv` or
   * `Accept: text/csv` asks
   */
  csv?: CsvShape
  /** a binary form of its answers besides JSON */
  binary?: BinaryForm
  /** its stored default answers, read before routing (src/http/stored.ts) */
  stored?: StoredRoute
  /** the OpenAPI operation's words */
  detail: { summary: string; description: string; tags: string[] }
  /** the answer to a request (throws an ApiError for a 4xx) */
  answer(request: RouteRequest<Static<Q>, Static<P>>): RouteAnswer
}

/** A data route, typed by its own schemas (the list in src/app.ts holds them untyped). */
export function dataRoute<Q extends TObject, P extends TObject = TObject>(
  route: DataRoute<Q, P>,
): DataRoute {
  return route as unknown as DataRoute
}

/** Whether a route is a list route: one with a `format` parameter. */
const isList = (route: DataRoute) => route.query?.properties.format !== undefined

/** The forms a route offers besides JSON (src/http/accept.ts chooses among them). */
type Forms = { csv: boolean; binary: boolean }

/**
 * The Response of a route's answer in the form the request asks: through the responder, so
 * ETag/304, caching and compression apply; each form has its own canonical identity (so its
 * own ETag), and `Vary: Accept` tells caches where the header chooses the body.
 */
function respond(
  services: Services,
  route: DataRoute,
  forms: Forms,
  ctx: RequestContext,
  index: Index,
  format: unknown,
  answer: RouteAnswer,
): Response {
  const { responder } = services
  const buildId = index.buildId
  const vary = forms.csv || forms.binary ? 'Accept' : undefined
  switch (ctx.formOf(forms, format)) {
    case 'binary':
      return responder.respond(ctx, {
        buildId,
        canonical: `${answer.canonical}|fb`,
        type: (route.binary as BinaryForm).type,
        render: answer.binary as () => Uint8Array,
        vary,
      })
    case 'csv': {
      const shape = answer.csv ?? route.csv
      if (shape === undefined) throw new Error(`${route.path}: a list route without a CSV shape`)
      // the file's name is known once the body is made: render sets it, headers reads it
      let filename = ''
      return responder.respond(ctx, {
        buildId,
        canonical: `${answer.canonical}|csv`,
        type: CSV_TYPE,
        render: () => {
          const file = csvFromJson(answer.render(), shape)
          filename = file.filename
          return file.bytes
        },
        headers: () => ({ 'Content-Disposition': attachment(filename) }),
        vary,
      })
    }
    default:
      return responder.respond(ctx, {
        buildId,
        canonical: answer.canonical,
        type: JSON_TYPE,
        render: answer.render,
        stored: answer.stored,
        vary,
      })
  }
}

/** The OpenAPI extras of a route that its schemas cannot say (document.ts reads them). */
function detailOf(route: DataRoute) {
  return {
    ...route.detail,
    ...(route.badRequest === undefined ? {} : { 'x-bad-request': route.badRequest }),
    ...(route.binary === undefined ? {} : { 'x-binary': route.binary }),
  }
}

/** The Elysia plugin serving `routes` over `services`. */
export function dataRoutes(services: Services, routes: readonly DataRoute[]) {
  const app = new Elysia({ name: 'data-routes' }).use(requestContext)
  for (const route of routes) {
    const forms: Forms = { csv: isList(route), binary: route.binary !== undefined }
    const statuses: Record<number, TSchema> = { 200: route.response }
    if (route.query || route.params) statuses[400] = errorSchema
    if (route.notFound) statuses[404] = errorSchema
    statuses[503] = errorSchema
    app.get(
      route.path,
      ({ query, params, ctx }) => {
        const index = requireIndex(services)
        const answer = route.answer({ query, params, index } as RouteRequest<never, never>)
        const format = (query as { format?: unknown }).format
        return respond(services, route, forms, ctx, index, format, answer)
      },
      {
        transform: route.query && coerceIntegersOf(route.query),
        query: route.query,
        params: route.params,
        response: statuses,
        detail: detailOf(route),
      },
    )
  }
  return app
}
