/**
 * Stored answers (schema/answers.fbs): how the default answers of an index are numbered, and
 * the stored gzip body of one by its number.
 */
import type { ChartName } from '../../schema/format.ts'
import type { AnswersIndex, Index } from './open-index.ts'

/** Where each route's default answers start in the numbering, and where they end. */
export function answerBases(index: Index): {
  top200: number
  viral50: number
  weekly: number
  end: number
} {
  const viral50 = index.charts.top200.dates.length
  const weekly = viral50 + index.charts.viral50.dates.length
  return { top200: 0, viral50, weekly, end: weekly + index.weekly.weeks.length }
}

/** The number of the default /rankings answer of a chart at a global date position. */
export function rankingAnswer(index: Index, chart: ChartName, datePos: number): number {
  return (chart === 'top200' ? 0 : index.charts.top200.dates.length) + datePos
}

/** The number of the default /rankings/weekly answer at a global week position. */
export function weeklyAnswer(index: Index, week: number): number {
  return index.charts.top200.dates.length + index.charts.viral50.dates.length + week
}

/**
 * The stored gzip body of answer `n` (a view of the mapped file, zero copy), or null when the
 * index stores none or has no answer `n`. O(files): a few at most.
 */
export function storedBody(answers: AnswersIndex | null, n: number): Uint8Array | null {
  if (answers === null || !(n >= 0 && n < answers.count)) return null
  const files = answers.files
  let k = files.length - 1
  while (k > 0 && files[k].first > n) k--
  const { offsets, bodies, first } = files[k]
  const i = n - first
  return bodies.subarray(offsets[i], offsets[i + 1])
}
