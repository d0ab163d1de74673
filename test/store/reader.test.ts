/**
 * The reader against an independent computation: for many random regions, dates, artists
 * and tracks, answers from the mapped index equal a naive computation over the same rows
 * read separately from the parquet file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { CHARTS, type ChartName, isoFromDay, TREND_NONE, TRENDS } from '../../schema/format.ts'
import { pointDate, pointRank, pointStreams } from '../../schema/points.ts'
import { artistByRegion, artistPage, statsOf } from '../../src/store/artist-stats.ts'
import { artistTracks, findArtist } from '../../src/store/artists.ts'
import { compatRows } from '../../src/store/compat.ts'
import { type Index, openIndex } from '../../src/store/open-index.ts'
import { rankingEntry, rankingRange } from '../../src/store/rankings.ts'
import { findDatePosition, findRegion, listRegions, regionDates } from '../../src/store/regions.ts'
import { search } from '../../src/store/search.ts'
import {
  findTrack,
  trackArtistNames,
  trackHistoryRange,
  trackIdOf,
  trackStats,
} from '../../src/store/tracks.ts'
import {
  buildSample,
  naiveKey,
  naiveSplit,
  type RawRow,
  readRows,
  rng,
  tempDir,
} from '../helpers.ts'
import { naiveRankings } from '../v3-naive.ts'

const tmp = tempDir()
let index: Index
let rows: RawRow[]
const idOf = (url: string) => url.slice(-22)
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000
const random = rng(2024)
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]

// naive model: rows by chart|region, then by date
const series = new Map<string, Map<string, RawRow[]>>()

beforeAll(async () => {
  const { indexDir, parquet } = await buildSample(tmp.dir, 8, 40, 11)
  index = openIndex(indexDir)
  rows = await readRows(parquet)
  for (const r of rows) {
    const key = `${r.chart}|${r.region}`
    let byDate = series.get(key)
    if (!byDate) series.set(key, (byDate = new Map()))
    let list = byDate.get(r.date)
    if (!list) byDate.set(r.date, (list = []))
    list.push(r)
  }
  for (const byDate of series.values())
    for (const list of byDate.values()) list.sort((a, b) => a.rank - b.rank)
})
afterAll(() => tmp.cleanup())

function naiveFacts(chart: string, region: string, date: string) {
  const byDate = series.get(`${chart}|${region}`)!
  const dates = [...byDate.keys()].sort()
  const j = dates.indexOf(date)
  return byDate.get(date)!.map((row) => {
    const id = idOf(row.url)
    const rankOn = (d: string) => byDate.get(d)!.find((r) => idOf(r.url) === id)?.rank
    let peak = 999
    let days = 0
    for (let k = 0; k <= j; k++) {
      const rank = rankOn(dates[k])
      if (rank !== undefined) {
        days++
        peak = Math.min(peak, rank)
      }
    }
    let streak = 0
    for (let k = j; k >= 0 && rankOn(dates[k]) !== undefined; k--) streak++
    return {
      rank: row.rank,
      trackId: id,
      title: row.title,
      artist: row.artist,
      streams: row.streams ?? -1,
      trend: row.trend,
      previousRank: j > 0 ? (rankOn(dates[j - 1]) ?? 0) : 0,
      peakRank: peak,
      daysOnChart: days,
      streak,
    }
  })
}

describe('reader vs naive computation', () => {
  test('regions and their dates', () => {
    const names = [...new Set(rows.map((r) => r.region))]
    const listed = listRegions(index)
    expect(listed.map((r) => r.name).sort()).toEqual(names.sort())
    for (const region of listed) {
      const mine = rows.filter((r) => r.region === region.name)
      const dates = [...new Set(mine.map((r) => r.date))].sort()
      expect(isoFromDay(region.firstDate)).toBe(dates[0])
      expect(isoFromDay(region.lastDate)).toBe(dates[dates.length - 1])
      expect(region.days).toBe(dates.length)
      for (const chart of CHARTS) {
        const chartDates = [
          ...new Set(mine.filter((r) => r.chart === chart).map((r) => r.date)),
        ].sort()
        expect([...regionDates(index.charts[chart], region.id)].map(isoFromDay)).toEqual(chartDates)
      }
    }
    expect(findRegion(index, '  united   STATES ')).toBe(findRegion(index, 'United States'))
    expect(findRegion(index, 'Atlantis')).toBe(-1)
  })

  test('rankings with chart facts, 60 random (chart, region, date)', () => {
    const keys = [...series.keys()]
    for (let n = 0; n < 60; n++) {
      const key = pick(keys)
      const [chart, region] = key.split('|') as [ChartName, string]
      const date = pick([...series.get(key)!.keys()])
      const c = index.charts[chart]
      const pos = findDatePosition(c, findRegion(index, region), dayOf(date))
      expect(pos).toBeGreaterThanOrEqual(0)
      const { total, start, end } = rankingRange(c, pos, 0, 1000)
      const got = []
      for (let r = start; r < end; r++) {
        const e = rankingEntry(c, r)
        got.push({
          rank: e.rank,
          trackId: trackIdOf(index, e.track),
          title: index.titles.text(e.track),
          artist: index.trackArtists.text(e.track),
          streams: e.streams,
          trend: e.trend === TREND_NONE ? null : (TRENDS[e.trend] as string),
          previousRank: e.previousRank,
          peakRank: e.peakRank,
          daysOnChart: e.daysOnChart,
          streak: e.streak,
        })
      }
      const want = naiveFacts(chart, region, date)
      expect(total).toBe(want.length)
      expect(got).toEqual(want)
      // v3 stream facts
      const streamFacts = []
      for (let r = start; r < end; r++) {
        const e = rankingEntry(c, r)
        streamFacts.push({
          streamsChange: e.streamsChange,
          totalStreams: e.totalStreams < 0 ? null : e.totalStreams,
        })
      }
      expect(streamFacts).toEqual(
        naiveRankings(rows, chart, region)
          .rankings.get(date)!
          .map((x) => ({ streamsChange: x.streamsChange, totalStreams: x.totalStreams })),
      )
    }
  })

  test('limit and offset edges', () => {
    const c = index.charts.top200
    const pos = c.regionDateOffsets[1]
    const all = rankingRange(c, pos, 0, 1000)
    expect(rankingRange(c, pos, 0, 1)).toEqual({
      total: all.total,
      start: all.start,
      end: all.start + 1,
    })
    expect(rankingRange(c, pos, all.total - 1, 10)).toEqual({
      total: all.total,
      start: all.end - 1,
      end: all.end,
    })
    const past = rankingRange(c, pos, all.total, 10)
    expect(past.end - past.start).toBe(0)
    const far = rankingRange(c, pos, 10_000, 10)
    expect(far.end - far.start).toBe(0)
  })

  test('artists: 40 random artists under random filters, plus the special names', () => {
    const credits = new Map<string, RawRow[]>()
    for (const r of rows) {
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
    const regions = [...new Set(rows.map((r) => r.region))]
    const allDates = [...new Set(rows.map((r) => r.date))].sort()
    for (const [n, name] of cases.entries()) {
      const chart = (n % 3 === 2 ? 'viral50' : 'top200') as ChartName
      // v3: one region's figures (Global unless another is asked); `regions` counts any region
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
      const a = findArtist(index, naiveKey(name).toUpperCase())
      expect(a).toBeGreaterThanOrEqual(0)
      const got = artistTracks(index, a, {
        chart,
        region: findRegion(index, region),
        from: from ? dayOf(from) : 0,
        to: to ? dayOf(to) : 0xffff,
      }).map((t) => ({
        trackId: trackIdOf(index, t.track),
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
    expect(findArtist(index, 'beyonce')).toBe(findArtist(index, 'Beyoncé'))
    expect(findArtist(index, 'nobody at all')).toBe(-1)
  })

  test('artist pages: kept whole-chart pages equal a fresh computation, per chart and filter', () => {
    for (let i = 0; i < 30; i++) {
      const a = Math.floor(random() * index.artistCount)
      for (const chart of CHARTS) {
        const whole = { chart, region: index.globalRegion, from: 0, to: 0xffff }
        const region = { ...whole, region: Math.floor(random() * index.regionCount) }
        for (const filter of [whole, region, whole, region]) {
          const byRegion = artistByRegion(index, a, chart, 0, 0xffff)
          expect(artistPage(index, a, filter)).toEqual({
            tracks: artistTracks(index, a, filter),
            stats: statsOf(byRegion, filter.region, chart),
            byRegion,
          })
        }
      }
    }
  })

  test('tracks: credits, stats and history of 40 random tracks', () => {
    const byTrack = new Map<string, RawRow[]>()
    for (const r of rows) {
      const list = byTrack.get(idOf(r.url)) ?? []
      list.push(r)
      byTrack.set(idOf(r.url), list)
    }
    const ids = [...byTrack.keys()]
    for (let n = 0; n < 40; n++) {
      const id = pick(ids)
      const t = findTrack(index, id)
      expect(trackIdOf(index, t)).toBe(id)
      const list = byTrack.get(id)!
      expect(trackArtistNames(index, t)).toEqual(naiveSplit(list[0].artist))
      const stats = trackStats(index, t)
      const groups = new Set(list.map((r) => `${r.chart}|${r.region}`))
      expect(stats.length).toBe(groups.size)
      for (const s of stats) {
        const region = index.regions.text(s.region)
        const mine = list.filter((r) => r.chart === s.chart && r.region === region)
        expect(s.rows).toBe(mine.length)
        expect(s.peakRank).toBe(Math.min(...mine.map((r) => r.rank)))
        const { start, end } = trackHistoryRange(index, t, s.chart, s.region)
        const p = index.charts[s.chart].points
        const got = []
        for (let i = start; i < end; i++) {
          const streams = pointStreams(p, i)
          got.push({
            date: isoFromDay(pointDate(p, i)),
            rank: pointRank(p, i),
            streams: streams === 0xffffffff ? null : streams,
          })
        }
        const want = mine
          .map((r) => ({ date: r.date, rank: r.rank, streams: r.streams }))
          .sort((a, b) => (a.date < b.date ? -1 : 1))
        expect(got).toEqual(want)
      }
    }
    expect(findTrack(index, '0000000000000000000000')).toBe(-1)
    expect(findTrack(index, 'short')).toBe(-1)
  })

  test('search: prefix and word matches, ranked by chart rows', () => {
    const artistRows = new Map<string, { name: string; rows: number }>()
    const trackRows = new Map<string, number>()
    for (const r of rows) trackRows.set(idOf(r.url), (trackRows.get(idOf(r.url)) ?? 0) + 1)
    const seen = new Set<string>()
    for (const r of rows) {
      const id = idOf(r.url)
      if (seen.has(id)) continue
      seen.add(id)
      for (const name of naiveSplit(r.artist)) {
        const key = naiveKey(name)
        const entry = artistRows.get(key) ?? { name, rows: 0 }
        entry.rows += trackRows.get(id)!
        artistRows.set(key, entry)
      }
    }
    const words = (key: string) => [key, ...key.split(/[^\p{L}\p{N}]+/u).filter(Boolean)]
    for (const q of ['tyler', 'the cre', 'BEYON', 'ka', 'Corazon', 'love']) {
      const k = naiveKey(q)
      const hits = search(index, q, 10)
      // short queries are answered from a per-index memo the second time: the same hits,
      // and the limit is part of what it remembers
      expect(search(index, q, 10)).toEqual(hits)
      expect(search(index, q, 3).artists).toEqual(hits.artists.slice(0, 3))
      const want = [...artistRows.entries()]
        .filter(([key]) => words(key).some((w) => w.startsWith(k)) || key.includes(` ${k}`))
        .sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : 1))
        .slice(0, 10)
        .map(([key]) => key)
      expect(hits.artists.map((a) => index.artistKeys.text(a))).toEqual(want)
      for (const t of hits.tracks) {
        const title = naiveKey(index.titles.text(t))
        expect(
          title.startsWith(k) ||
            title.includes(` ${k}`) ||
            words(title).some((w) => w.startsWith(k)),
        ).toBe(true)
      }
    }
  })

  test('seed-compatible /tracks rows for random filters', () => {
    const regionsSorted = [...new Set(rows.map((r) => r.region))].sort((a, b) =>
      naiveKey(a) < naiveKey(b) ? -1 : 1,
    )
    const dates = [...new Set(rows.map((r) => r.date))]
    const artists = [...new Set(rows.flatMap((r) => naiveSplit(r.artist)))]
    for (let n = 0; n < 24; n++) {
      const date = n % 3 !== 1 ? pick(dates) : null
      const region = n % 3 !== 0 ? pick(regionsSorted) : null
      const artist = n % 4 === 3 || (!date && !region) ? pick(artists) : null
      const want = rows
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
        .map((r) => `${idOf(r.url)} ${r.chart} ${r.region} ${r.date} ${r.rank} ${r.trend}`)
      const got = compatRows(index, {
        day: date ? dayOf(date) : -1,
        region: region ? findRegion(index, region) : -1,
        artist: artist ? findArtist(index, artist) : -1,
      }).map(
        (r) =>
          `${trackIdOf(index, r.track)} ${r.chart} ${index.regions.text(r.region)} ${isoFromDay(r.day)} ${r.rank} ${TRENDS[r.trend]}`,
      )
      expect(got).toEqual(want)
    }
  })
})
