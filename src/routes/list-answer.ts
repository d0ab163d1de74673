/**
 * List answers as JSON or CSV (docs/API.md, v2): CSV when asked with `format=csv` or
 * `Accept: text/csv` (the parameter wins over the header). Both go through the responder, so
 * ETag/304, caching and compression apply; the CSV's canonical key differs, so its ETag does,
 * and `Vary: Accept` tells caches that the header chooses the body.
 */
import { t } from 'elysia'
import { CSV_TYPE, type CsvShape, csvFromJson, listShape } from '../render/csv.ts'
import { JSON_TYPE } from '../render/json-value.ts'
import type { Index } from '../store/open-index.ts'
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

/** Whether the request asks for CSV. */
export function wantsCsv(request: Request, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv'
  return request.headers.get('accept')?.includes('text/csv') ?? false
}

/** The CSV shape of a list under `key` whose items have the schema `item` (its field order). */
export function csvShapeOf(key: string, item: { properties: Record<string, unknown> }): CsvShape {
  return listShape(key, Object.keys(item.properties))
}

/**
 * A list answer: `render()` makes the JSON body; CSV is made from it. `key` is the canonical
 * request without the format.
 */
export function respondList(
  services: Services,
  request: Request,
  index: Index,
  key: string,
  format: string | undefined,
  shape: CsvShape,
  render: () => Uint8Array,
): Response {
  if (wantsCsv(request, format)) {
    return services.responder.respond(
      request,
      index.buildId,
      `${key}|csv`,
      CSV_TYPE,
      () => csvFromJson(render(), shape),
      'Accept',
    )
  }
  return services.responder.respond(request, index.buildId, key, JSON_TYPE, render, 'Accept')
}
