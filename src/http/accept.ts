/**
 * Which form of an answer `Accept` asks for (docs/API.md, Conventions): JSON, CSV or, on
 * /rankings, FlatBuffers. Each form has the q-value (RFC 9110 §12.5.1) of the most specific
 * media range that names it: CSV and FlatBuffers only by their own types (`text/csv`,
 * `application/x-flatbuffers`), JSON by `application/json`, `application/*` or `*\/*`. The
 * form with the highest q above 0 wins; ties go to FlatBuffers, then CSV, then JSON; nothing
 * named above 0 is JSON. So `text/csv;q=0` never gets CSV, and a browser's `…,*\/*;q=0.8`
 * gets JSON. deploy/cloudfront-query.js applies the same rule (its runtime cannot import this).
 */

import { MEDIA } from '../render/media-types.ts'

/** What `Accept` chooses. */
export interface AcceptChoice {
  /** FlatBuffers wins among JSON, CSV and FlatBuffers (asked of /rankings) */
  flatBuffers: boolean
  /** CSV wins among JSON and CSV (asked of every list route) */
  csv: boolean
}

const JSON_CHOICE: AcceptChoice = { flatBuffers: false, csv: false }
/** Only a header naming one of these can choose anything but JSON. */
const MAY_CHOOSE = /csv|flatbuffers/i
const QVALUE = /^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/

/** The choice of an `Accept` header (null: none sent). Cost: one regex test, unless it names CSV or FlatBuffers. */
export function acceptChoice(accept: string | null): AcceptChoice {
  if (accept === null || !MAY_CHOOSE.test(accept)) return JSON_CHOICE
  let fb = -1
  let csv = -1
  // JSON's q and how specific the range that gave it is (3 exact, 2 application/*, 1 */*)
  let json = -1
  let jsonSpecific = 0
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';')
    const type = range.trim().toLowerCase()
    let q = 1
    for (const param of params) {
      const [name, value = ''] = param.split('=')
      if (name.trim().toLowerCase() === 'q') q = QVALUE.test(value.trim()) ? Number(value) : -1
    }
    if (q < 0) continue // an unreadable q: the range counts for nothing
    if (type === MEDIA.flatBuffers) fb = Math.max(fb, q)
    else if (type === MEDIA.csv) csv = Math.max(csv, q)
    else {
      const specific =
        type === MEDIA.json ? 3 : type === 'application/*' ? 2 : type === '*/*' ? 1 : 0
      if (specific > jsonSpecific) {
        jsonSpecific = specific
        json = q
      } else if (specific > 0 && specific === jsonSpecific) json = Math.max(json, q)
    }
  }
  return {
    flatBuffers: fb > 0 && fb >= csv && fb >= json,
    csv: csv > 0 && csv >= json,
  }
}

/** A form of an answer. */
export type AnswerForm = 'json' | 'csv' | 'binary'

/**
 * The form a request gets from a route that offers `offered` (docs/API.md, Conventions): the
 * `format` parameter when given (list routes: csv or json), else what `Accept` prefers among
 * the offered forms (`choice`): the binary form, then CSV, else JSON.
 */
export function formAsked(
  choice: AcceptChoice,
  offered: { csv: boolean; binary: boolean },
  format: unknown,
): AnswerForm {
  if (offered.csv && format !== undefined) return format === 'csv' ? 'csv' : 'json'
  if (offered.binary && choice.flatBuffers) return 'binary'
  if (offered.csv && choice.csv) return 'csv'
  return 'json'
}
