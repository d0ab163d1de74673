/** Serialises chart and catalog data into FlatBuffers files (bytes ready to write). */
import { Catalog } from '../schema/generated/charts/fb/catalog.ts'
import { Chart } from '../schema/generated/charts/fb/chart.ts'
import { CHART_ROW_SIZE, TRACK_POINT_SIZE } from '../schema/points.ts'
import type { CatalogData } from './catalog-data.ts'
import type { ChartData } from './chart-data.ts'
import {
  builderFor,
  createBulkVector,
  createStringPool,
  createTypedVector,
  stringPoolSize,
  vectorsSize,
} from './fb-vectors.ts'

/** The bytes of a Chart file. */
export function chartFileBytes(data: ChartData): Uint8Array {
  const typed = [
    data.regionDateOffsets,
    data.dates,
    data.dateRowOffsets,
    data.rowBytes,
    data.trackPointOffsets,
    data.pointBytes,
    data.trackPeakRank,
    data.trackPeakDate,
    data.trackFirstDate,
    data.trackLastDate,
    data.trackDays,
    data.trackRegions,
    data.trackTotalStreams,
  ]
  const b = builderFor(vectorsSize(typed))
  const name = b.createString(data.name)
  const regionDateOffsets = createTypedVector(b, data.regionDateOffsets)
  const dates = createTypedVector(b, data.dates)
  const dateRowOffsets = createTypedVector(b, data.dateRowOffsets)
  const rows = createBulkVector(b, data.rowBytes, CHART_ROW_SIZE, data.rows, 8)
  const trackPointOffsets = createTypedVector(b, data.trackPointOffsets)
  const points = createBulkVector(b, data.pointBytes, TRACK_POINT_SIZE, data.rows, 4)
  const peakRank = createTypedVector(b, data.trackPeakRank)
  const peakDate = createTypedVector(b, data.trackPeakDate)
  const firstDate = createTypedVector(b, data.trackFirstDate)
  const lastDate = createTypedVector(b, data.trackLastDate)
  const days = createTypedVector(b, data.trackDays)
  const regions = createTypedVector(b, data.trackRegions)
  const totalStreams = createTypedVector(b, data.trackTotalStreams)
  Chart.startChart(b)
  Chart.addName(b, name)
  Chart.addRegionDateOffsets(b, regionDateOffsets)
  Chart.addDates(b, dates)
  Chart.addDateRowOffsets(b, dateRowOffsets)
  Chart.addRows(b, rows)
  Chart.addTrackPointOffsets(b, trackPointOffsets)
  Chart.addPoints(b, points)
  Chart.addTrackPeakRank(b, peakRank)
  Chart.addTrackPeakDate(b, peakDate)
  Chart.addTrackFirstDate(b, firstDate)
  Chart.addTrackLastDate(b, lastDate)
  Chart.addTrackDays(b, days)
  Chart.addTrackRegions(b, regions)
  Chart.addTrackTotalStreams(b, totalStreams)
  Chart.addTrackAggregateRegion(b, data.trackAggregateRegion)
  Chart.finishChartBuffer(b, Chart.endChart(b))
  return b.asUint8Array()
}

/** The bytes of the Catalog file. */
export function catalogFileBytes(data: CatalogData): Uint8Array {
  const pools = [
    data.regions,
    data.titles,
    data.trackArtists,
    data.urls,
    data.trackJson,
    data.artistKeys,
    data.artistNames,
    data.searchKeys,
    data.regionCodes,
    data.artistFolds,
  ]
  const ids = Buffer.from(data.trackIds.join(''), 'ascii')
  const artistEnd = Uint32Array.from(data.trackJsonArtistEnd)
  const urlStart = Uint32Array.from(data.trackJsonUrlStart)
  const typed = [
    ids,
    data.trackIdOrder,
    artistEnd,
    urlStart,
    data.creditOffsets,
    data.creditArtists,
    data.trackRows,
    data.artistTrackOffsets,
    data.artistTracks,
    data.artistRows,
    data.searchTargets,
    data.artistFoldOffsets,
    data.artistFoldArtists,
  ]
  const b = builderFor(vectorsSize(typed) + pools.reduce((n, p) => n + stringPoolSize(p), 0))
  const regions = createStringPool(b, data.regions)
  const trackIds = createTypedVector(b, new Uint8Array(ids.buffer, ids.byteOffset, ids.length))
  const trackIdOrder = createTypedVector(b, data.trackIdOrder)
  const titles = createStringPool(b, data.titles)
  const trackArtists = createStringPool(b, data.trackArtists)
  const urls = createStringPool(b, data.urls)
  const trackJson = createStringPool(b, data.trackJson)
  const artistEndVec = createTypedVector(b, artistEnd)
  const urlStartVec = createTypedVector(b, urlStart)
  const creditOffsets = createTypedVector(b, data.creditOffsets)
  const creditArtists = createTypedVector(b, data.creditArtists)
  const trackRows = createTypedVector(b, data.trackRows)
  const artistKeys = createStringPool(b, data.artistKeys)
  const artistNames = createStringPool(b, data.artistNames)
  const artistTrackOffsets = createTypedVector(b, data.artistTrackOffsets)
  const artistTracks = createTypedVector(b, data.artistTracks)
  const artistRows = createTypedVector(b, data.artistRows)
  const searchKeys = createStringPool(b, data.searchKeys)
  const searchTargets = createTypedVector(b, data.searchTargets)
  const regionCodes = createStringPool(b, data.regionCodes)
  const artistFolds = createStringPool(b, data.artistFolds)
  const artistFoldOffsets = createTypedVector(b, data.artistFoldOffsets)
  const artistFoldArtists = createTypedVector(b, data.artistFoldArtists)
  Catalog.startCatalog(b)
  Catalog.addRegions(b, regions)
  Catalog.addTrackIds(b, trackIds)
  Catalog.addTrackIdOrder(b, trackIdOrder)
  Catalog.addTitles(b, titles)
  Catalog.addTrackArtists(b, trackArtists)
  Catalog.addUrls(b, urls)
  Catalog.addTrackJson(b, trackJson)
  Catalog.addTrackJsonArtistEnd(b, artistEndVec)
  Catalog.addTrackJsonUrlStart(b, urlStartVec)
  Catalog.addCreditOffsets(b, creditOffsets)
  Catalog.addCreditArtists(b, creditArtists)
  Catalog.addTrackRows(b, trackRows)
  Catalog.addArtistKeys(b, artistKeys)
  Catalog.addArtistNames(b, artistNames)
  Catalog.addArtistTrackOffsets(b, artistTrackOffsets)
  Catalog.addArtistTracks(b, artistTracks)
  Catalog.addArtistRows(b, artistRows)
  Catalog.addSearchKeys(b, searchKeys)
  Catalog.addSearchTargets(b, searchTargets)
  Catalog.addRegionCodes(b, regionCodes)
  Catalog.addArtistFolds(b, artistFolds)
  Catalog.addArtistFoldOffsets(b, artistFoldOffsets)
  Catalog.addArtistFoldArtists(b, artistFoldArtists)
  Catalog.finishCatalogBuffer(b, Catalog.endCatalog(b))
  return b.asUint8Array()
}
