/**
 * The media types of the service's bodies, once: the names `Accept` asks for them by
 * (src/http/accept.ts) and the Content-Types sent with them (the text ones in UTF-8).
 */

/** Each form's media type, as `Accept` names it. */
export const MEDIA = {
  json: 'application/json',
  csv: 'text/csv',
  flatBuffers: 'application/x-flatbuffers',
} as const

/** Content type of JSON bodies. */
export const JSON_TYPE = `${MEDIA.json}; charset=utf-8`
/** Content type of CSV bodies. */
export const CSV_TYPE = `${MEDIA.csv}; charset=utf-8`
/** Content type of FlatBuffers bodies (asked for with `Accept`). */
export const FLATBUFFERS_TYPE = MEDIA.flatBuffers
