/** Paging: the one rule for `offset` and `limit` over a list. */

/** The rows of a page: [start, end) within [first, last), and the list's length. */
export interface PageRange {
  total: number
  start: number
  end: number
}

/**
 * The page of a list held at [first, last): `limit` rows from `offset` (an offset past the
 * end gives an empty page at the end). O(1).
 */
export function pageRange(first: number, last: number, offset: number, limit: number): PageRange {
  const start = Math.min(last, first + offset)
  return { total: last - first, start, end: Math.min(last, start + limit) }
}

/**
 * The default and largest page of a chart (/rankings, /rankings/weekly): the whole chart,
 * which holds at most 200 entries. A chart's default answer is this page from offset 0 (the
 * answer an index stores: src/render/stored-answers.ts).
 */
export const CHART_PAGE = 200
