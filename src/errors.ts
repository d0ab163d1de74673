/**
 * The API's errors: one class with `code` and `status`, one JSON shape
 * (`{"error":{"code","message",...details}}`), and the mapping of everything else
 * (validation, unknown routes, wrong methods, internal faults) onto it.
 */

import { JSON_TYPE } from './render/media-types.ts'

/** Every `error.code` the API answers with (docs/API.md, Errors; a test checks it lists each). */
export const ERROR_CODES = [
  'bad_parameter',
  'unknown_parameter',
  'repeated_parameter',
  'bad_encoding',
  'bad_request',
  'unknown_region',
  'unknown_date',
  'unknown_artist',
  'unknown_track',
  'not_found',
  'method_not_allowed',
  'uri_too_long',
  'headers_too_large',
  'no_index',
  'internal',
] as const

/** One of ERROR_CODES. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** An error a client caused or must know about; its fields go into the response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }

  /** The response body. */
  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.details } }
  }
}

/**
 * 400 for a parameter: every 400 naming a parameter is made here. `message` is the whole
 * message (it names the parameter first); `code` says what is wrong with it.
 */
export function parameterError(
  parameter: string,
  message: string,
  code: ErrorCode = 'bad_parameter',
): ApiError {
  return new ApiError(400, code, message, { parameter })
}

/** 400: a parameter's value is wrong; says which and why (`<parameter>: <reason>`). */
export function badParameter(parameter: string, reason: string): ApiError {
  return parameterError(parameter, `${parameter}: ${reason}`)
}

/** 404 with close names or dates to try instead. */
export function notFound(code: ErrorCode, message: string, suggestions: string[] = []): ApiError {
  return new ApiError(404, code, message, { suggestions })
}

/**
 * 503 while no index is served. `problem` is what a client may know (`no index loaded`,
 * `index refused`); paths and system errors go to the log only.
 */
export function noIndex(problem: string): ApiError {
  return new ApiError(503, 'no_index', problem, {}, { 'Retry-After': '5' })
}

/** A JSON error response. */
export function errorResponse(
  error: ApiError,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(error.toJSON()), {
    status: error.status,
    headers: {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-store',
      ...error.headers,
      ...extraHeaders,
    },
  })
}

/** The bare 500 for faults of ours (details go to the log, never to the client). */
export const INTERNAL = new ApiError(500, 'internal', 'internal error')
