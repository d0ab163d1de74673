/**
 * List answers as JSON or CSV (docs/API.md, Conventions): CSV when asked with `format=csv` or
 * `Accept: text/csv` (the parameter wins over the header), as a download (`Content-Disposition:
 * attachment` with the file's name). Both go through the responder, so ETag/304, caching and
 * compression apply; the CSV's canonical identity differs, so its ETag does, and `Vary:
 * Accept` tells caches that the header chooses the body.
 */
import { t } from 'elysia'
import type { RequestContext } from '../http/context.ts'
import type { Responder } from '../http/respond.ts'
import { attachment, CSV_TYPE, type CsvShape, csvFromJson, listShape } from '../render/csv.ts'
import { JSON_TYPE } from '../render/json-value.ts'
import type { Index } from '../store/open-index.ts'

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
export function wantsCsv(ctx: RequestContext, format: string | undefined): boolean {
  return format !== undefined ? format === 'csv' : ctx.acceptsCsv
}

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

/** A list answer as a route hands it over. */
export interface ListAnswer {
  index: Index
  /** the canonical identity of the answer without its form (src/http/respond.ts, Answer) */
  canonical: string
  /** the `format` parameter, if given */
  format: string | undefined
  /** the rows and columns of its CSV */
  csv: CsvShape
  /** makes the JSON body; the CSV is made from it */
  render: () => Uint8Array
  /** the JSON body's stored gzip, when the index has it (src/http/respond.ts, Answer) */
  stored?: () => Uint8Array | null
}

/** A list answer as JSON, or as CSV when the request asks for it. */
export function respondList(responder: Responder, ctx: RequestContext, list: ListAnswer): Response {
  const { index, canonical, render } = list
  if (wantsCsv(ctx, list.format)) {
    // the file's name is known once the body is made: render sets it, headers reads it
    let filename = ''
    return responder.respond(ctx, {
      buildId: index.buildId,
      canonical: `${canonical}|csv`,
      type: CSV_TYPE,
      render: () => {
        const file = csvFromJson(render(), list.csv)
        filename = file.filename
        return file.bytes
      },
      headers: () => ({ 'Content-Disposition': attachment(filename) }),
      vary: 'Accept',
    })
  }
  return responder.respond(ctx, {
    buildId: index.buildId,
    canonical,
    type: JSON_TYPE,
    render,
    stored: list.stored,
    vary: 'Accept',
  })
}
