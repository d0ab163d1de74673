/**
 * Artist pages kept whole per chart equal the same page computed afresh.
 */
import { describe, expect, test } from 'bun:test'
import { CHARTS } from '../../../schema/format.ts'
import { artistByRegion, artistPage, statsOf } from '../../../src/store/artist-stats.ts'
import { artistTracks } from '../../../src/store/artists.ts'
import { picker, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()
const { random } = picker(2024)

describe('artist-stats vs naive computation', () => {
  test('artist pages: kept whole-chart pages equal a fresh computation, per chart and filter', () => {
    for (let i = 0; i < 30; i++) {
      const a = Math.floor(random() * sample.index.artistCount)
      for (const chart of CHARTS) {
        const whole = { chart, region: sample.index.globalRegion, from: 0, to: 0xffff }
        const region = { ...whole, region: Math.floor(random() * sample.index.regionCount) }
        for (const filter of [whole, region, whole, region]) {
          const byRegion = artistByRegion(sample.index, a, chart, 0, 0xffff)
          const tracks = artistTracks(sample.index, a, filter)
          expect(artistPage(sample.index, a, filter)).toEqual({
            tracks,
            stats: statsOf(sample.index, a, tracks, byRegion, filter),
            byRegion,
          })
        }
      }
    }
  })
})
