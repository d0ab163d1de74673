/** Top lists (/top/tracks, /top/artists): which list of top-lists.fb answers a region and year. */
import type { TopsIndex } from './open-index.ts'

/** List position of the region's list for `year` (0 = all time), or -1. O(years). */
export function findTopList(tops: TopsIndex, region: number, year: number): number {
  for (let l = tops.regionListOffsets[region]; l < tops.regionListOffsets[region + 1]; l++)
    if (tops.listYears[l] === year) return l
  return -1
}

/** The calendar years the region has top200 data in, ascending. */
export function topListYears(tops: TopsIndex, region: number): number[] {
  const out: number[] = []
  for (let l = tops.regionListOffsets[region]; l < tops.regionListOffsets[region + 1]; l++)
    if (tops.listYears[l] !== 0) out.push(tops.listYears[l])
  return out
}
