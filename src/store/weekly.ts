/** Weekly charts (/rankings/weekly): a region's weeks and the entries of one week, from weekly-top200.fb. */
import {
  type WeeklyRowValues,
  weeklyDays,
  weeklyPeakRank,
  weeklyPreviousRank,
  weeklyRank,
  weeklyStreak,
  weeklyStreams,
  weeklyTrack,
  weeklyWeeksOnChart,
  weekStartOf,
} from '../../schema/list-rows.ts'
import { lowerBound } from '../../schema/lower-bound.ts'
import type { WeeklyIndex } from './open-index.ts'
import { pageRange } from './page.ts'

/** Global week position of the week holding `day` in the region, or -1. O(log weeks). */
export function findWeek(weekly: WeeklyIndex, region: number, day: number): number {
  const week = weekStartOf(day)
  const pos = lowerBoundWeek(weekly, region, week)
  return pos < weekly.regionWeekOffsets[region + 1] && weekly.weeks[pos] === week ? pos : -1
}

function lowerBoundWeek(weekly: WeeklyIndex, region: number, week: number): number {
  const { regionWeekOffsets: offsets, weeks } = weekly
  return lowerBound(offsets[region], offsets[region + 1], (i) => weeks[i] < week)
}

/**
 * Global week position of the region's latest complete week (Spotify's official chart, or all
 * 7 daily charts), else of its latest week; -1 when it has no weekly chart. O(weeks) at worst.
 */
export function latestWeek(weekly: WeeklyIndex, region: number): number {
  const start = weekly.regionWeekOffsets[region]
  const end = weekly.regionWeekOffsets[region + 1]
  for (let w = end - 1; w >= start; w--)
    if (weekly.weekOfficial[w] === 1 || weekly.weekDays[w] === 7) return w
  return end > start ? end - 1 : -1
}

/** Fridays (day numbers) of the region's weeks just before and after the week holding `day`. */
export function nearestWeeks(weekly: WeeklyIndex, region: number, day: number): number[] {
  const start = weekly.regionWeekOffsets[region]
  const end = weekly.regionWeekOffsets[region + 1]
  const lo = lowerBoundWeek(weekly, region, weekStartOf(day))
  const out: number[] = []
  if (lo - 1 >= start) out.push(weekly.weeks[lo - 1])
  if (lo < end) out.push(weekly.weeks[lo])
  return out
}

/** Row range [start, end) of the week at position `w` after offset and limit, and its total. */
export function weeklyRange(weekly: WeeklyIndex, w: number, offset: number, limit: number) {
  return pageRange(weekly.weekRowOffsets[w], weekly.weekRowOffsets[w + 1], offset, limit)
}

/** The entry at weekly row r. */
export function weeklyEntry(weekly: WeeklyIndex, r: number): WeeklyRowValues {
  const v = weekly.rows
  return {
    streams: weeklyStreams(v, r),
    track: weeklyTrack(v, r),
    weeksOnChart: weeklyWeeksOnChart(v, r),
    streak: weeklyStreak(v, r),
    days: weeklyDays(v, r),
    previousRank: weeklyPreviousRank(v, r),
    peakRank: weeklyPeakRank(v, r),
    rank: weeklyRank(v, r),
  }
}
