/**
 * The OpenAPI document, exact: what @elysiajs/openapi generates from the route schemas, plus
 * what the schemas cannot say and the service does for every route (docs/API.md):
 * - integers as integers: Elysia's `t.Integer` is a union of a digit string and an integer
 *   (so it can coerce query strings), and the generator documents that union, under which a
 *   string passes where the service always sends a number; every such union becomes the
 *   integer it is;
 * - dates as `format: date`, for date parameters and fields (marked by `dateParam` and
 *   `dateField`, routes/params.ts): every real date is taken (one without a chart is a 404,
 *   docs/API.md);
 * - every content type a route sends: `text/csv` beside JSON on list routes (those with a
 *   `format` parameter), a route's binary form (its declaration's `binary`: /rankings'
 *   FlatBuffers);
 * - every status a route can answer (the screen in front of the routes answers 400 for an
 *   unknown, repeated or badly encoded parameter on any route, plus a route's own 400 from its
 *   declaration's `badRequest`; 414 and 431 for oversized URLs and headers, 405 for other
 *   methods), 304 and the caching headers of data routes, the
 *   headers every answer carries;
 * - `servers` (the origin the document was asked from) and `info.contact`.
 * One place, so a new route gets all of this from its schemas alone.
 */
import { COMPRESS_MIN_TEXT } from '../../http/encoding.ts'
import { MEDIA } from '../../render/media-types.ts'
import { DATE_MARK, errorSchema } from '../params.ts'
import type { BinaryForm } from '../route.ts'

type Json = Record<string, unknown>
type Operation = Json & {
  tags?: string[]
  parameters?: Json[]
  responses?: Record<string, Json>
  description?: string
  /** a route's own 400, from its declaration (src/routes/route.ts), taken out here */
  'x-bad-request'?: string
  /** a route's binary form, from its declaration, taken out here */
  'x-binary'?: BinaryForm
}

/** What a date parameter takes (docs/API.md, Conventions). */
const REAL_DATE =
  'any real date YYYY-MM-DD of the years 0000 to 9999 (an impossible one is a 400); one the data has no chart on is a 404 with the nearest dates where a route looks a date up, and matches no row where dates filter (`/tracks`, `from` and `to`)'
/** The tag of routes that touch no index data (no ETag, no caching). */
const OPERATIONS_TAG = 'operations'

const header = (description: string, schema: Json = { type: 'string' }) => ({
  description,
  schema,
})
const HEADERS = {
  'X-Request-Id': header('Id of this request, also in its log line'),
  ETag: header(
    'Weak validator: the index build and the canonical request (send it as `If-None-Match`)',
  ),
  'X-Index-Build': header('Id of the index build the answer comes from'),
  'Cache-Control': header(
    'On data answers `public, max-age, s-maxage` and `stale-while-revalidate`, `stale-if-error` (the CACHE_* settings); `no-store` on errors',
  ),
  Vary: header(
    '`Accept-Encoding` when the server compresses, plus `Accept` where it chooses the format',
  ),
  'Content-Encoding': header(
    `\`br\` or \`gzip\` for bodies over ${COMPRESS_MIN_TEXT} when \`Accept-Encoding\` allows`,
  ),
  'Retry-After': header('Seconds to wait before asking again', { type: 'integer' }),
  'Content-Disposition': header(
    'On CSV answers: `attachment; filename="<name>.csv"` (with `filename*` in UTF-8 when the name is not ASCII), the name from the answer (docs/API.md)',
  ),
}
const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` })

const ERROR_BODY = { $ref: '#/components/schemas/Error' }
/** The routes' error schema as plain JSON Schema (TypeBox's symbol keys dropped). */
const ERROR_SCHEMA = JSON.parse(JSON.stringify(errorSchema))

const BAD_PARAMETER =
  'A bad parameter, named in `error.parameter`: unknown, repeated or badly encoded; outside its ' +
  'schema; an impossible date (`2017-02-30`, `2017-13-01`)'

/** The OpenAPI response object of an error status (the body is the Error schema). */
const documentedError = (description: string, extra: Json = {}) => ({
  description,
  headers: { 'X-Request-Id': ref('X-Request-Id'), 'Cache-Control': ref('Cache-Control'), ...extra },
  content: { [MEDIA.json]: { schema: ERROR_BODY } },
})

/** Makes the generated document exact (see the module comment). Pure: returns a new document. */
export function exactDocument(generated: Json): Json & { info: Json } {
  const doc = structuredClone(generated) as Json & {
    info: Json
    paths: Record<string, Record<string, Operation>>
    components?: Json & { schemas?: Json }
  }
  integersAsIntegers(doc.paths)
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) exactOperation(operation)
    Object.assign(item, {
      description:
        'GET (and HEAD, answered as GET); other methods answer 405 with `Allow: GET, HEAD, OPTIONS`, ' +
        'OPTIONS answers CORS preflights.',
    })
  }
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Error: ERROR_SCHEMA },
    headers: HEADERS,
  }
  return doc
}

/** The document as served from `origin`: its `servers` and `info.contact` name that origin. */
export function documentAt(doc: Json & { info: Json }, origin: string): Json {
  return {
    ...doc,
    info: {
      ...doc.info,
      contact: { name: 'the service that serves this document', url: `${origin}/` },
    },
    servers: [{ url: origin, description: 'the service that serves this document' }],
  }
}

function exactOperation(operation: Operation): void {
  const { 'x-bad-request': own, 'x-binary': binary } = operation
  delete operation['x-bad-request']
  delete operation['x-binary']
  const parameters = operation.parameters ?? []
  for (const p of parameters) datesAsDates(p.schema as Json, true)
  const responses = operation.responses ?? {}
  for (const response of Object.values(responses)) {
    const json = (response.content as Record<string, { schema: Json }> | undefined)?.[MEDIA.json]
    if (json) datesAsDates(json.schema, false)
  }
  const data = !operation.tags?.includes(OPERATIONS_TAG)
  const ok = responses['200']
  if (ok) {
    const content = ok.content as Record<string, Json>
    const list = parameters.some((p) => p.name === 'format')
    if (list) {
      ok.headers = { ...(ok.headers as Json), 'Content-Disposition': ref('Content-Disposition') }
      content[MEDIA.csv] = {
        schema: {
          type: 'string',
          description:
            "RFC 4180 CSV (`format=csv` or `Accept: text/csv`), a download (Content-Disposition): a header row, then one row per list item: the answer's context members (region, date, …: docs/API.md) and the item's JSON fields; arrays joined by `; `, null as an empty field, text cells beginning with = + - @ tab or CR behind a ' (against formula injection)",
        },
      }
    }
    if (binary) {
      content[binary.type] = {
        schema: { type: 'string', format: 'binary', description: binary.description },
      }
    }
    ok.headers = {
      ...(ok.headers as Json),
      'X-Request-Id': ref('X-Request-Id'),
      ...(data
        ? {
            'X-Index-Build': ref('X-Index-Build'),
            ETag: ref('ETag'),
            'Cache-Control': ref('Cache-Control'),
            Vary: ref('Vary'),
            'Content-Encoding': ref('Content-Encoding'),
          }
        : {}),
    }
  }
  if (data) {
    responses['304'] = {
      description:
        'Not modified: the request sent `If-None-Match` with the ETag of an answer that still holds (no body)',
      headers: {
        'X-Index-Build': ref('X-Index-Build'),
        ETag: ref('ETag'),
        'Cache-Control': ref('Cache-Control'),
        Vary: ref('Vary'),
        'X-Request-Id': ref('X-Request-Id'),
      },
    }
  }
  responses['400'] = documentedError(own ? `${BAD_PARAMETER}; or ${own}` : BAD_PARAMETER)
  if (responses['404'])
    responses['404'] = documentedError(
      'Unknown region, date, artist or track, with `suggestions` (close names, nearest dates)',
    )
  responses['414'] = documentedError('URL too long')
  responses['431'] = documentedError('Request headers too large')
  if (responses['503'])
    responses['503'] = documentedError('No index loaded (`no index loaded` or `index refused`)', {
      'Retry-After': ref('Retry-After'),
    })
  operation.parameters = parameters
  operation.responses = responses
}

/** Replaces every `anyOf [digit string, integer]` (Elysia's `t.Integer`) by the integer. */
function integersAsIntegers(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) integersAsIntegers(item)
    return
  }
  if (!node || typeof node !== 'object') return
  const schema = node as Json
  const anyOf = schema.anyOf as Json[] | undefined
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const text = anyOf.find((s) => s.type === 'string' && s.format === 'integer')
    const integer = anyOf.find((s) => s.type === 'integer')
    if (text && integer) {
      delete schema.anyOf
      Object.assign(schema, integer)
    }
  }
  for (const value of Object.values(schema)) integersAsIntegers(value)
}

/** `format: date` on every schema marked as a date (DATE_MARK); a parameter says what it takes. */
function datesAsDates(schema: Json | undefined, parameter: boolean): void {
  if (!schema || typeof schema !== 'object') return
  if (schema[DATE_MARK]) {
    delete schema[DATE_MARK]
    schema.format = 'date'
    if (parameter) schema.description = `${schema.description ?? 'A date'}: ${REAL_DATE}`
  }
  const properties = schema.properties as Record<string, Json> | undefined
  for (const property of Object.values(properties ?? {})) datesAsDates(property, parameter)
  datesAsDates(schema.items as Json | undefined, parameter)
  for (const s of (schema.anyOf as Json[]) ?? []) datesAsDates(s, parameter)
}
