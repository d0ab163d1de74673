/** Rankings: the rows of one (chart, region, date), ordered by rank, with their chart facts. */
import type { ChartIndex } from './open-index.ts'
import { pageRange } from './page.ts'

/** Row range [start, end) of the ranking at a global date position, after offset and limit. */
export function rankingRange(chart: ChartIndex, datePos: number, offset: number, limit: number) {
  return pageRange(chart.dateRowOffsets[datePos], chart.dateRowOffsets[datePos + 1], offset, limit)
}
