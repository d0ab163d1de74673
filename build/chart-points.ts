/**
 * One chart's index data from its rankings (chart-data.ts): the tracks renumbered in the
 * index's order, every track's points and the per-track aggregates, as the Chart table wants
 * them.
 */
import {
  aggregatePoints,
  lowerBoundRegion,
  type PointAggregate,
  type PointValues,
  type PointViews,
  pointRegion,
  rowRank,
  rowStreams,
  rowTrack,
  setRowTrack,
  structViews,
  TRACK_POINT_SIZE,
  writePoint,
} from '../schema/points.ts'
import type { CHART_TABLE } from '../schema/tables.ts'
import type { Rankings } from './chart-data.ts'
import type { TableData } from './index-files.ts'

/**
 * The columns of one Chart table (schema/tables.ts CHART_TABLE: `rows` and `points` as the
 * bytes of their ChartRows and TrackPoints; `trackAggregateRegion` -1 when there is no
 * Global), plus the number of rows.
 */
export interface ChartData extends TableData<typeof CHART_TABLE> {
  rowCount: number
}

/** Rankings by region and date: the shape weekly charts and top lists are computed from. */
export type DailyRankings = Pick<
  ChartData,
  'regionDateOffsets' | 'dates' | 'dateRowOffsets' | 'rows'
>

/** How a chart's tracks are numbered in the index, and what its aggregates cover. */
export interface ChartNumbering {
  name: string
  /** store track index -> track id (popularity order) */
  trackRemap: Uint32Array
  /** region id of Global (the region the per-track aggregates cover), -1 when absent */
  globalRegion: number
}

/** Renumbers the rankings' tracks in place (store index -> track id). One pass over the rows. */
export function renumberTracks(r: Pick<Rankings, 'rows' | 'count'>, trackRemap: Uint32Array): void {
  for (let i = 0; i < r.count; i++) setRowTrack(r.rows, i, trackRemap[rowTrack(r.rows, i)])
}

/** The rankings alone, renumbered (Spotify's weekly charts: no points, no aggregates). */
export function rankingsData(r: Rankings, trackRemap: Uint32Array): DailyRankings {
  renumberTracks(r, trackRemap)
  return {
    regionDateOffsets: r.regionDateOffsets,
    dates: r.dates,
    dateRowOffsets: r.dateRowOffsets,
    rows: r.rows.u8,
  }
}

/**
 * A chart's data from its rankings: tracks renumbered (in place), points, aggregates. The
 * rankings are consumed.
 */
export function chartDataOf(r: Rankings, numbering: ChartNumbering): ChartData {
  const trackCount = numbering.trackRemap.length
  renumberTracks(r, numbering.trackRemap)
  const pointCount = new Uint32Array(trackCount + 1)
  for (let s = 0; s < trackCount; s++) pointCount[numbering.trackRemap[s] + 1] = r.pointCount[s + 1]
  const points = pointsOf(r, pointCount)
  return {
    name: numbering.name,
    regionDateOffsets: r.regionDateOffsets,
    dates: r.dates,
    dateRowOffsets: r.dateRowOffsets,
    rows: r.rows.u8,
    rowCount: r.count,
    ...points,
    ...trackAggregates(
      structViews(points.points),
      points.trackPointOffsets,
      trackCount,
      numbering.globalRegion,
    ),
    trackAggregateRegion: numbering.globalRegion,
  }
}

/** Every track's points, grouped by track, each group in (region, date) order (the order rows were emitted in). */
function pointsOf(
  r: Pick<Rankings, 'rows' | 'count' | 'regionDateOffsets' | 'dates' | 'dateRowOffsets'>,
  pointCount: Uint32Array,
): { trackPointOffsets: Uint32Array; points: Uint8Array } {
  const trackCount = pointCount.length - 1
  const trackPointOffsets = pointCount
  for (let t = 1; t <= trackCount; t++) trackPointOffsets[t] += trackPointOffsets[t - 1]
  const pointBytes = new Uint8Array(r.count * TRACK_POINT_SIZE)
  const points = structViews(pointBytes)
  const cursor = trackPointOffsets.slice(0, trackCount)
  const point: PointValues = { streams: 0, date: 0, region: 0, rank: 0 }
  const regionCount = r.regionDateOffsets.length - 1
  for (let region = 0; region < regionCount; region++) {
    point.region = region
    for (let di = r.regionDateOffsets[region]; di < r.regionDateOffsets[region + 1]; di++) {
      point.date = r.dates[di]
      for (let row = r.dateRowOffsets[di]; row < r.dateRowOffsets[di + 1]; row++) {
        point.streams = rowStreams(r.rows, row)
        point.rank = rowRank(r.rows, row)
        writePoint(points, cursor[rowTrack(r.rows, row)]++, point)
      }
    }
  }
  return { trackPointOffsets, points: pointBytes }
}

type TrackAggregates = Pick<
  ChartData,
  | 'trackPeakRank'
  | 'trackPeakDate'
  | 'trackFirstDate'
  | 'trackLastDate'
  | 'trackDays'
  | 'trackRegions'
  | 'trackTotalStreams'
>

/**
 * Per-track aggregates over the whole chart in `region` (Global: the default /artist
 * answer, which never adds streams across regions), plus each track's number of regions. One
 * pass over the points.
 */
function trackAggregates(
  points: PointViews,
  trackPointOffsets: Uint32Array,
  trackCount: number,
  region: number,
): TrackAggregates {
  const out: TrackAggregates = {
    trackPeakRank: new Uint8Array(trackCount),
    trackPeakDate: new Uint16Array(trackCount),
    trackFirstDate: new Uint16Array(trackCount),
    trackLastDate: new Uint16Array(trackCount),
    trackDays: new Uint16Array(trackCount),
    trackRegions: new Uint16Array(trackCount),
    trackTotalStreams: new Float64Array(trackCount).fill(-1),
  }
  const dayStamp = new Uint32Array(65536)
  const agg = {} as PointAggregate
  for (let t = 0; t < trackCount; t++) {
    const start = trackPointOffsets[t]
    const end = trackPointOffsets[t + 1]
    let regions = 0
    for (let i = start, last = -1; i < end; i++) {
      const r = pointRegion(points, i)
      if (r !== last) regions++
      last = r
    }
    out.trackRegions[t] = regions
    if (region < 0) continue
    const lo = lowerBoundRegion(points, start, end, region)
    const hi = lowerBoundRegion(points, lo, end, region + 1)
    aggregatePoints(points, lo, hi, region, 0, 0xffff, dayStamp, t + 1, agg)
    if (agg.rows === 0) continue
    out.trackPeakRank[t] = agg.peakRank
    out.trackPeakDate[t] = agg.peakDate
    out.trackFirstDate[t] = agg.firstDate
    out.trackLastDate[t] = agg.lastDate
    out.trackDays[t] = Math.min(agg.days, 0xffff)
    out.trackTotalStreams[t] = agg.totalStreams
  }
  return out
}
