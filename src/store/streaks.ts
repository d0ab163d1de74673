/** Longest streaks (docs/API.md, /streaks): each track's longest run of consecutive chart dates. */
import { rowStreak, rowTrack } from '../../schema/points.ts'
import type { ChartIndex, Index } from './open-index.ts'
import { compareTrackIds } from './tracks.ts'

/** A track's longest streak in a chart and region; dates as day numbers. */
export interface Streak {
  track: number
  /** chart dates in it */
  days: number
  from: number
  to: number
  /** it reaches the region's latest date of the chart (still running) */
  current: boolean
}

/**
 * Every track's longest streak in `region` of `chart`, the first of equal length when it has
 * several: a run of consecutive dates of the region's own date list it was on (each row's
 * `streak` counts them). Ordered by days descending, then `to` descending (the more recent
 * first), then Spotify track id. Cost: one pass over the region's rows and a sort of its tracks.
 */
export function longestStreaks(index: Index, chart: ChartIndex, region: number): Streak[] {
  const trackCount = index.trackCount
  const first = chart.regionDateOffsets[region]
  const last = chart.regionDateOffsets[region + 1] - 1
  const best = new Uint16Array(trackCount)
  const endPos = new Int32Array(trackCount)
  const seen: number[] = []
  const v = chart.rows
  for (let d = first; d <= last; d++) {
    for (let r = chart.dateRowOffsets[d]; r < chart.dateRowOffsets[d + 1]; r++) {
      const t = rowTrack(v, r)
      const streak = rowStreak(v, r)
      if (best[t] === 0) seen.push(t)
      if (streak > best[t]) {
        best[t] = streak
        endPos[t] = d
      }
    }
  }
  const out = seen.map(
    (track): Streak => ({
      track,
      days: best[track],
      from: chart.dates[endPos[track] - best[track] + 1],
      to: chart.dates[endPos[track]],
      current: false,
    }),
  )
  // still running: on the latest date with its longest streak ending there
  for (const s of out) s.current = s.to === chart.dates[last]
  return out.sort(
    (a, b) => b.days - a.days || b.to - a.to || compareTrackIds(index, a.track, b.track),
  )
}
