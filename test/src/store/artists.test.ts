/**
 * An artist's tracks read from the mapped index, under random filters, equal a naive
 * computation over the rows read from the parquet file.
 */
import { describe, expect, test } from 'bun:test'
import { type ChartName, isoFromDay } from '../../../schema/format.ts'
import { artistTracks, findArtist } from '../../../src/store/artists.ts'
import { findRegion } from '../../../src/store/regions.ts'
import { trackIdOf } from '../../../src/store/tracks.ts'
import { naiveKey, naiveSplit, type RawRow } from '../../helpers.ts'
import { dayOf, idOf, picker, useSampleIndex } from './sample-index.ts'

const sample = useSampleIndex()
const { pick } = picker(2024)

describe('artists vs naive computation', () => {
  test('artists: 40 random artists under random filters, plus the special names', () => {
    const credits = new Map<string, RawRow[]>()
    for (const r of sample.rows) {
      for (const name of naiveSplit(r.artist)) {
        let list = credits.get(name)
        if (!list) credits.set(name, (list = []))
        list.push(r)
      }
    }
    const names = [...credits.keys()]
    const special = names.filter((n) => n.includes(',') || /[^ -~]/.test(n)).slice(0, 12)
    expect(special.some((n) => n.includes(','))).toBe(true)
    const cases = [...special, ...Array.from({ length: 40 }, () => pick(names))]
    const regions = [...new Set(sample.rows.map((r) => r.region))]
    const allDates = [...new Set(sample.rows.map((r) => r.date))].sort()
    for (const [n, name] of cases.entries()) {
      const chart = (n % 3 === 2 ? 'viral50' : 'top200') as ChartName
      // one region's figures (Global unless another is asked); `regions` counts any region
      const region = n % 4 === 1 ? pick(regions) : 'Global'
      const from = n % 5 === 3 ? pick(allDates) : null
      const to = from && n % 2 ? allDates[allDates.length - 5] : null
      const anyRegion = credits
        .get(name)!
        .filter((r) => r.chart === chart && (!from || r.date >= from) && (!to || r.date <= to))
      const matching = anyRegion.filter((r) => r.region === region)
      const byTrack = new Map<string, RawRow[]>()
      for (const r of matching) {
        const list = byTrack.get(idOf(r.url)) ?? []
        list.push(r)
        byTrack.set(idOf(r.url), list)
      }
      const want = [...byTrack].map(([trackId, list]) => {
        const peak = Math.min(...list.map((r) => r.rank))
        const withStreams = list.filter((r) => r.streams !== null)
        return {
          trackId,
          peakRank: peak,
          peakDate: list
            .filter((r) => r.rank === peak)
            .map((r) => r.date)
            .sort()[0],
          firstDate: list.map((r) => r.date).sort()[0],
          lastDate: list.map((r) => r.date).sort()[list.length - 1],
          days: new Set(list.map((r) => r.date)).size,
          regions: new Set(anyRegion.filter((r) => idOf(r.url) === trackId).map((r) => r.region))
            .size,
          totalStreams: withStreams.length
            ? withStreams.reduce((s, r) => s + (r.streams as number), 0)
            : -1,
        }
      })
      want.sort(
        (a, b) =>
          b.totalStreams - a.totalStreams ||
          a.peakRank - b.peakRank ||
          (a.trackId < b.trackId ? -1 : 1),
      )
      const a = findArtist(sample.index, naiveKey(name).toUpperCase())
      expect(a).toBeGreaterThanOrEqual(0)
      const got = artistTracks(sample.index, a, {
        chart,
        region: findRegion(sample.index, region),
        from: from ? dayOf(from) : 0,
        to: to ? dayOf(to) : 0xffff,
      }).map((t) => ({
        trackId: trackIdOf(sample.index, t.track),
        peakRank: t.peakRank,
        peakDate: isoFromDay(t.peakDate),
        firstDate: isoFromDay(t.firstDate),
        lastDate: isoFromDay(t.lastDate),
        days: t.days,
        regions: t.regions,
        totalStreams: t.totalStreams,
      }))
      expect(got).toEqual(want)
    }
    expect(findArtist(sample.index, 'beyonce')).toBe(findArtist(sample.index, 'Beyoncé'))
    expect(findArtist(sample.index, 'nobody at all')).toBe(-1)
  })
})
