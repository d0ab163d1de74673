/**
 * Regions and their dates read from the mapped index equal the rows read from the parquet
 * file.
 */
import { describe, expect, test } from 'bun:test'
import { CHARTS, isoFromDay } from '../../../schema/format.ts'
import { findRegion, listRegions, regionDates } from '../../../src/store/regions.ts'
import { useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()

describe('regions vs naive computation', () => {
  test('regions and their dates', () => {
    const names = [...new Set(sample.rows.map((r) => r.region))]
    const listed = listRegions(sample.index)
    expect(listed.map((r) => r.name).sort()).toEqual(names.sort())
    for (const region of listed) {
      const mine = sample.rows.filter((r) => r.region === region.name)
      const dates = [...new Set(mine.map((r) => r.date))].sort()
      expect(isoFromDay(region.firstDate)).toBe(dates[0])
      expect(isoFromDay(region.lastDate)).toBe(dates[dates.length - 1])
      expect(region.days).toBe(dates.length)
      for (const chart of CHARTS) {
        const chartDates = [
          ...new Set(mine.filter((r) => r.chart === chart).map((r) => r.date)),
        ].sort()
        expect([...regionDates(sample.index.charts[chart], region.id)].map(isoFromDay)).toEqual(
          chartDates,
        )
      }
    }
    expect(findRegion(sample.index, '  united   STATES ')).toBe(
      findRegion(sample.index, 'United States'),
    )
    expect(findRegion(sample.index, 'Atlantis')).toBe(-1)
  })
})
