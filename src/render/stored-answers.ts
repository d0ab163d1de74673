/**
 * The default answers an index stores (schema/answers.fbs): their numbers, and each one's
 * identity body, made by the very renderers the routes use. A default answer is a chart's
 * JSON at its default page (the whole chart: offset 0, CHART_PAGE entries) of /rankings (every
 * region, date and chart) and /rankings/weekly (every region and week). The build renders and
 * compresses every one (build/answers.ts); the server finds a request's stored body by its
 * number (src/http/stored.ts) and, before it uses a build's stored answers, checks a sample of
 * them against what these renderers make.
 */
import { CHARTS } from '../../schema/format.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import { answerBases } from '../store/answers.ts'
import type { Index } from '../store/open-index.ts'
import { CHART_PAGE } from '../store/page.ts'
import { rankingRange } from '../store/rankings.ts'
import { weeklyRange } from '../store/weekly.ts'
import { rankingJson } from './ranking.ts'
import { weeklyJson } from './weekly.ts'

/** The region holding global position `pos` of per-region `offsets` (count + 1 entries). */
function regionAt(offsets: Uint32Array, pos: number): number {
  return lowerBound(0, offsets.length - 1, (r) => offsets[r + 1] <= pos)
}

/**
 * The identity (JSON) body of default answer `n`: a view of the renderer's shared buffer,
 * valid until the next render (copy it to keep it). Throws RangeError past the last answer.
 */
export function renderAnswer(index: Index, n: number): Uint8Array {
  const b = answerBases(index)
  if (!(n >= 0 && n < b.end)) throw new RangeError(`no default answer ${n} (${b.end} in all)`)
  if (n < b.weekly) {
    const name = n < b.viral50 ? CHARTS[0] : CHARTS[1]
    const chart = index.charts[name]
    const datePos = n - (n < b.viral50 ? b.top200 : b.viral50)
    const region = regionAt(chart.regionDateOffsets, datePos)
    const range = rankingRange(chart, datePos, 0, CHART_PAGE)
    return rankingJson(index, { chart, region, datePos, offset: 0, limit: CHART_PAGE, ...range })
  }
  const week = n - b.weekly
  const region = regionAt(index.weekly.regionWeekOffsets, week)
  const range = weeklyRange(index.weekly, week, 0, CHART_PAGE)
  return weeklyJson(index, { region, week, offset: 0, limit: CHART_PAGE, ...range })
}
