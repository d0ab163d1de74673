/**
 * One chart kind's index data from the row store: rows grouped by region and date and
 * ordered by rank (deduplicated), each with its chart facts; every track's points; and the
 * per-track aggregates. Everything is typed arrays laid out as the Chart table wants them.
 *
 * Duplicate rule, within one (chart, region, date), rows taken in rank order and, for equal
 * ranks, in input order:
 *  - a row equal to a kept row of the same rank (same track, streams, trend) is a
 *    `duplicate row` and dropped;
 *  - another row with a rank already taken is a `rank conflict`: the first one wins;
 *  - a track already on that chart that day at a better rank is a `repeated track`: dropped.
 */
import {
  aggregatePoints,
  CHART_ROW_SIZE,
  type PointAggregate,
  pointViews,
  TRACK_POINT_SIZE,
} from '../schema/points.ts'
import type { RowStore } from './ingest.ts'

/** Counts of rows resolved by the duplicate rule. */
export interface DuplicateCounts {
  'duplicate row': number
  'rank conflict': number
  'repeated track': number
}

/** Arrays of one Chart table. */
export interface ChartData {
  name: string
  rows: number
  regionDateOffsets: Uint32Array
  dates: Uint16Array
  dateRowOffsets: Uint32Array
  /** rows × 16 bytes (ChartRow) */
  rowBytes: Uint8Array
  trackPointOffsets: Uint32Array
  /** points × 8 bytes (TrackPoint) */
  pointBytes: Uint8Array
  trackPeakRank: Uint8Array
  trackPeakDate: Uint16Array
  trackFirstDate: Uint16Array
  trackLastDate: Uint16Array
  trackDays: Uint16Array
  trackRegions: Uint16Array
  trackTotalStreams: Float64Array
}

/**
 * Builds chart `chartId` (0 top200, 1 viral50) from the store. `trackRemap` and
 * `regionRemap` map store indices to index ids (sorted order).
 */
export function buildChartData(
  store: RowStore,
  chartId: number,
  name: string,
  trackRemap: Uint32Array,
  regionRemap: Uint8Array,
  regionCount: number,
  duplicates: DuplicateCounts,
): ChartData {
  const c = store.columns
  const trackCount = store.tracks.length
  // 1. bucket the chart's rows by (region, day): a stable counting sort
  let minDay = 0xffff
  let maxDay = 0
  let n = 0
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] !== chartId) continue
    n++
    if (c.day[i] < minDay) minDay = c.day[i]
    if (c.day[i] > maxDay) maxDay = c.day[i]
  }
  const span = n === 0 ? 0 : maxDay - minDay + 1
  const bucketStart = new Uint32Array(regionCount * span + 1)
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] === chartId)
      bucketStart[regionRemap[c.region[i]] * span + c.day[i] - minDay + 1]++
  }
  for (let b = 1; b < bucketStart.length; b++) bucketStart[b] += bucketStart[b - 1]
  const fill = bucketStart.slice(0, bucketStart.length - 1)
  const order = new Uint32Array(n)
  for (let i = 0; i < store.length; i++) {
    if (c.chart[i] === chartId)
      order[fill[regionRemap[c.region[i]] * span + c.day[i] - minDay]++] = i
  }

  // 2. walk buckets in (region, date) order: dedupe, compute chart facts, emit rows
  const rowBytes = new Uint8Array(n * CHART_ROW_SIZE)
  const r32 = new Uint32Array(rowBytes.buffer)
  const r16 = new Uint16Array(rowBytes.buffer)
  const dates = new Uint16Array(Math.min(n, regionCount * span))
  const dateRowOffsets = new Uint32Array(dates.length + 1)
  const regionDateOffsets = new Uint32Array(regionCount + 1)
  const seenInBucket = new Uint32Array(trackCount)
  const stRegion = new Int32Array(trackCount).fill(-1)
  const stLastPos = new Int32Array(trackCount)
  const stLastRank = new Uint8Array(trackCount)
  const stPeak = new Uint8Array(trackCount)
  const stDays = new Uint16Array(trackCount)
  const stStreak = new Uint16Array(trackCount)
  const pointCount = new Uint32Array(trackCount + 1)
  let out = 0
  let dateCount = 0
  let stamp = 0
  const bucket: number[] = []
  for (let region = 0; region < regionCount; region++) {
    regionDateOffsets[region] = dateCount
    let pos = 0
    for (let d = 0; d < span; d++) {
      const b = region * span + d
      const start = bucketStart[b]
      const end = bucketStart[b + 1]
      if (start === end) continue
      bucket.length = 0
      for (let k = start; k < end; k++) bucket.push(order[k])
      // input usually arrives in rank order already: sort only when it did not
      let sorted = true
      for (let k = 1; k < bucket.length && sorted; k++)
        sorted = c.rank[bucket[k - 1]] <= c.rank[bucket[k]]
      if (!sorted) bucket.sort((x, y) => c.rank[x] - c.rank[y] || x - y)
      stamp++
      const dayOut = out
      let keptRank = 0
      let keptRow = -1
      for (const i of bucket) {
        const rank = c.rank[i]
        const track = trackRemap[c.track[i]]
        if (rank === keptRank) {
          const same =
            c.track[i] === c.track[keptRow] &&
            c.streams[i] === c.streams[keptRow] &&
            c.trend[i] === c.trend[keptRow]
          duplicates[same ? 'duplicate row' : 'rank conflict']++
          continue
        }
        if (seenInBucket[track] === stamp) {
          duplicates['repeated track']++
          continue
        }
        seenInBucket[track] = stamp
        keptRank = rank
        keptRow = i
        // chart facts, per (chart, region): state resets when the track's region changes
        let previous = 0
        if (stRegion[track] !== region) {
          stRegion[track] = region
          stPeak[track] = rank
          stDays[track] = 1
          stStreak[track] = 1
        } else {
          const consecutive = stLastPos[track] === pos - 1
          if (consecutive) previous = stLastRank[track]
          if (rank < stPeak[track]) stPeak[track] = rank
          if (stDays[track] < 0xffff) stDays[track]++
          stStreak[track] = consecutive ? Math.min(stStreak[track] + 1, 0xffff) : 1
        }
        stLastPos[track] = pos
        stLastRank[track] = rank
        r32[out * 4] = track
        r32[out * 4 + 1] = c.streams[i]
        const o = out * CHART_ROW_SIZE
        rowBytes[o + 8] = rank
        rowBytes[o + 9] = c.trend[i]
        rowBytes[o + 10] = previous
        rowBytes[o + 11] = stPeak[track]
        r16[out * 8 + 6] = stDays[track]
        r16[out * 8 + 7] = stStreak[track]
        pointCount[track + 1]++
        out++
      }
      dates[dateCount] = minDay + d
      dateRowOffsets[dateCount] = dayOut
      dateCount++
      pos++
    }
  }
  regionDateOffsets[regionCount] = dateCount
  dateRowOffsets[dateCount] = out

  // 3. points: per track, in (region, date) order because rows were emitted that way
  const trackPointOffsets = pointCount
  for (let t = 1; t <= trackCount; t++) trackPointOffsets[t] += trackPointOffsets[t - 1]
  const pointBytes = new Uint8Array(out * TRACK_POINT_SIZE)
  const p32 = new Uint32Array(pointBytes.buffer)
  const p16 = new Uint16Array(pointBytes.buffer)
  const cursor = trackPointOffsets.slice(0, trackCount)
  for (let region = 0; region < regionCount; region++) {
    for (let di = regionDateOffsets[region]; di < regionDateOffsets[region + 1]; di++) {
      for (let row = dateRowOffsets[di]; row < dateRowOffsets[di + 1]; row++) {
        const track = r32[row * 4]
        const k = cursor[track]++
        p32[k * 2] = r32[row * 4 + 1]
        p16[k * 4 + 2] = dates[di]
        pointBytes[k * 8 + 6] = region
        pointBytes[k * 8 + 7] = rowBytes[row * CHART_ROW_SIZE + 8]
      }
    }
  }

  // 4. per-track aggregates over the whole chart
  const views = pointViews(pointBytes)
  const trackPeakRank = new Uint8Array(trackCount)
  const trackPeakDate = new Uint16Array(trackCount)
  const trackFirstDate = new Uint16Array(trackCount)
  const trackLastDate = new Uint16Array(trackCount)
  const trackDays = new Uint16Array(trackCount)
  const trackRegions = new Uint16Array(trackCount)
  const trackTotalStreams = new Float64Array(trackCount)
  const dayStamp = new Uint32Array(65536)
  const agg = {} as PointAggregate
  for (let t = 0; t < trackCount; t++) {
    aggregatePoints(
      views,
      trackPointOffsets[t],
      trackPointOffsets[t + 1],
      -1,
      0,
      0xffff,
      dayStamp,
      t + 1,
      agg,
    )
    if (agg.rows === 0) {
      trackTotalStreams[t] = -1
      continue
    }
    trackPeakRank[t] = agg.peakRank
    trackPeakDate[t] = agg.peakDate
    trackFirstDate[t] = agg.firstDate
    trackLastDate[t] = agg.lastDate
    trackDays[t] = Math.min(agg.days, 0xffff)
    trackRegions[t] = agg.regions
    trackTotalStreams[t] = agg.totalStreams
  }
  return {
    name,
    rows: out,
    regionDateOffsets,
    dates: dates.slice(0, dateCount),
    dateRowOffsets: dateRowOffsets.slice(0, dateCount + 1),
    rowBytes: rowBytes.subarray(0, out * CHART_ROW_SIZE),
    trackPointOffsets,
    pointBytes,
    trackPeakRank,
    trackPeakDate,
    trackFirstDate,
    trackLastDate,
    trackDays,
    trackRegions,
    trackTotalStreams,
  }
}
