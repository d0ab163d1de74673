/**
 * The filtered rows of /tracks read from the mapped index equal a naive filter and sort
 * of the rows read from the parquet file.
 */
import { describe, expect, test } from 'bun:test'
import { isoFromDay, TRENDS } from '../../../schema/format.ts'
import { findArtist } from '../../../src/store/artists.ts'
import { filteredRows } from '../../../src/store/filtered-rows.ts'
import { findRegion } from '../../../src/store/regions.ts'
import { trackIdOf } from '../../../src/store/tracks.ts'
import { naiveTrends } from '../../charts-naive.ts'
import { naiveKey, naiveSplit } from '../../helpers.ts'
import { dayOf, idOf, picker, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()
const { pick } = picker(2024)

describe('filtered rows vs naive computation', () => {
  test('/tracks rows for random filters', () => {
    const regionsSorted = [...new Set(sample.rows.map((r) => r.region))].sort((a, b) =>
      naiveKey(a) < naiveKey(b) ? -1 : 1,
    )
    const dates = [...new Set(sample.rows.map((r) => r.date))]
    const trends = naiveTrends(sample.rows)
    const artists = [...new Set(sample.rows.flatMap((r) => naiveSplit(r.artist)))]
    for (let n = 0; n < 24; n++) {
      const date = n % 3 !== 1 ? pick(dates) : null
      const region = n % 3 !== 0 ? pick(regionsSorted) : null
      const artist = n % 4 === 3 || (!date && !region) ? pick(artists) : null
      const want = sample.rows
        .filter(
          (r) =>
            (!date || r.date === date) &&
            (!region || r.region === region) &&
            (!artist || naiveSplit(r.artist).includes(artist)),
        )
        .sort(
          (a, b) =>
            (b.streams ?? -1) - (a.streams ?? -1) ||
            (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
            regionsSorted.indexOf(a.region) - regionsSorted.indexOf(b.region) ||
            (a.chart === b.chart ? 0 : a.chart === 'top200' ? -1 : 1) ||
            a.rank - b.rank,
        )
        .slice(0, 200)
        .map((r) => {
          const trend = trends.get(`${r.chart}|${r.region}|${r.date}|${idOf(r.url)}`)
          return `${idOf(r.url)} ${r.chart} ${r.region} ${r.date} ${r.rank} ${trend}`
        })
      const got = filteredRows(sample.index, {
        day: date ? dayOf(date) : null,
        region: region ? findRegion(sample.index, region) : -1,
        artist: artist ? findArtist(sample.index, artist) : -1,
      }).map(
        (r) =>
          `${trackIdOf(sample.index, r.track)} ${r.chart} ${sample.index.regions.text(r.region)} ${isoFromDay(r.day)} ${r.rank} ${TRENDS[r.trend]}`,
      )
      expect(got).toEqual(want)
    }
  })
})
