/**
 * kworb's staples over real HTTP against the naive computations of test/staples-naive.ts, on
 * the awkward fixture (gaps in dates, #1 runs across them, viral 50), the downloads fixture
 * (charts.spotify.com downloads over a Kaggle parquet, rows with no trend) and the sample: a
 * track's figures per chart and region with its days at its peak and at #1, its #1 runs and
 * best day (/tracks/{trackId}, on the folding fixture too), the
 * longest streaks (/streaks), the daily top artists (/rankings/artists), an artist's streams
 * per day (/artist/daily) and its lead and featured split (/artist). The 7-day streams of
 * ranking entries are checked with the other entry facts (rankings.test.ts, movers.test.ts).
 */
import { describe, expect, test } from 'bun:test'
import { naiveArtist, naiveRankings } from '../charts-naive.ts'
import { naiveKey, naiveSplit, rng } from '../helpers.ts'
import { idOf } from '../periods-naive.ts'
import {
  naiveArtistChart,
  naiveArtistDays,
  naiveStreaks,
  naiveTrackCharts,
} from '../staples-naive.ts'
import { artistsOf, chartsOf, eachDataset, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')
const folding = useDatasets('folding')
const q = encodeURIComponent

/** The sample, the awkward fixture and the downloads fixture as `[name, server, rows]`. */
const datasets = () => [
  ...eachDataset(awkward),
  ['downloads', downloads.fixture, downloads.fixtureRows] as const,
]
/** Whether `rows` are a small fixture's, every date and artist of which is checked. */
const small = (rows: readonly unknown[]) => rows !== awkward.sampleRows

describe('/tracks/{trackId}: figures, days at peak and at #1, #1 runs, best day', () => {
  test('every fixture track and 40 sample tracks against a naive computation', async () => {
    const random = rng(41)
    const seen = { runs: 0, split: 0, viral: 0 }
    const all = [...datasets(), ['folding', folding.fixture, folding.fixtureRows] as const]
    for (const [, server, rows] of all) {
      const ids = [...new Set(rows.map((r) => idOf(r.url)))]
      const some = small(rows) ? ids : ids.filter(() => random() < 0.05)
      for (const id of some) {
        const { status, body } = await getJson(server.base, `/tracks/${id}`)
        expect(status).toBe(200)
        const want = naiveTrackCharts(rows, id)
        // every member of every chart item: its figures (peak, dates, days, streams) and staples
        const got = new Map(body.charts.map((c: Row) => [`${c.chart}|${c.region}`, c]))
        expect({ id, got }).toEqual({ id, got: want })
        for (const c of body.charts) {
          if (c.numberOneRuns.length > 1) seen.split++
          seen.runs += c.numberOneRuns.length
          if (c.chart === 'viral50') {
            expect(c.bestDay).toBeNull()
            seen.viral++
          }
        }
      }
    }
    // a track with two runs at #1, and viral charts, were among them
    expect(Object.values(seen).every((n) => n > 0)).toBe(true)
  })
})

describe('/streaks', () => {
  test('every chart and region of each dataset against a naive computation, paged', async () => {
    let current = 0
    for (const [, server, rows] of datasets()) {
      for (const [chart, region] of chartsOf(rows)) {
        const path = `/streaks?region=${q(region)}&chart=${chart}`
        const { status, body } = await getJson(server.base, `${path}&limit=1000`)
        expect({ path, status }).toEqual({ path, status: 200 })
        const want = naiveStreaks(rows, chart, region)
        expect(body.total).toBe(want.length)
        const got = body.streaks.map((s: Row) => ({
          rank: s.rank,
          trackId: s.trackId,
          days: s.days,
          from: s.from,
          to: s.to,
          current: s.current,
        }))
        expect({ path, got }).toEqual({ path, got: want })
        current += want.filter((s) => s.current).length
        const page = (await getJson(server.base, `${path}&offset=2&limit=3`)).body.streaks
        expect(page).toEqual(body.streaks.slice(2, 5))
      }
    }
    expect(current).toBeGreaterThan(0)
  })
})

describe('/rankings/artists', () => {
  test('every fixture date and 20 sample dates against a naive computation', async () => {
    const random = rng(43)
    let moved = 0
    for (const [, server, rows] of datasets()) {
      for (const [chart, region] of chartsOf(rows)) {
        if (chart !== 'top200') continue
        const { dates } = naiveRankings(rows, chart, region)
        for (const date of dates) {
          if (!small(rows) && random() > 0.1) continue
          const path = `/rankings/artists?region=${q(region)}&date=${date}&limit=1000`
          const { status, body } = await getJson(server.base, path)
          expect({ path, status }).toEqual({ path, status: 200 })
          const got = body.artists.map((a: Row) => ({ ...a, key: naiveKey(a.name), name: 0 }))
          const want = naiveArtistChart(rows, region, date).map((a) => ({ ...a, name: 0 }))
          expect({ path, got }).toEqual({ path, got: want })
          moved += body.artists.filter(
            (a: Row) => a.previousRank !== null && a.previousRank !== a.rank,
          ).length
        }
      }
    }
    expect(moved).toBeGreaterThan(0)
  })
})

describe('/artist: streams per day, lead and featured', () => {
  test('every fixture artist and 15 sample artists, each region and chart', async () => {
    const random = rng(47)
    const roles = new Set<string>()
    for (const [, server, rows] of datasets()) {
      const artists = artistsOf(rows).filter(() => small(rows) || random() < 0.04)
      for (const name of artists) {
        const key = naiveKey(name)
        const regions = [
          ...new Set(
            rows
              .filter((r) => naiveSplit(r.artist).some((n) => naiveKey(n) === key))
              .map((r) => r.region),
          ),
        ]
        for (const chart of ['top200', 'viral50'] as const) {
          for (const region of regions) {
            const at = `name=${q(name)}&region=${q(region)}&chart=${chart}`
            const daily = await getJson(server.base, `/artist/daily?${at}`)
            expect({ at, status: daily.status }).toEqual({ at, status: 200 })
            const days = naiveArtistDays(rows, key, chart, region)
            expect({ at, days: daily.body.days }).toEqual({ at, days })
            expect(daily.body.total).toBe(days.length)
            // the role and split rules are checked with every /artist answer (artist.test.ts)
            const page = (await getJson(server.base, `/artist?${at}&limit=1000`)).body
            const want = naiveArtist(rows, key, { chart, region }, {})
            expect(page.tracks.map((t: Row) => [t.trackId, t.role])).toEqual(
              want.tracks.map((t) => [t.trackId, t.role]),
            )
            for (const t of page.tracks) roles.add(t.role)
          }
        }
      }
    }
    expect([...roles].sort()).toEqual(['featured', 'lead'])
  })
})

describe('/artist/daily: from and to', () => {
  test('the days are those of the naive computation within [from, to]; from after to is a 400', async () => {
    const random = rng(53)
    let cut = 0
    for (const [, server, rows] of datasets()) {
      const artists = artistsOf(rows).filter(() => small(rows) || random() < 0.02)
      for (const name of artists) {
        const key = naiveKey(name)
        const all = naiveArtistDays(rows, key, 'top200', 'Global')
        if (all.length < 2) continue
        const pick = () => all[Math.floor(random() * all.length)].date
        const [a, b] = [pick(), pick()].sort()
        // both bounds, each alone, and bounds that fall between or outside the data's dates
        const ranges: [string | undefined, string | undefined][] = [
          [a, b],
          [a, undefined],
          [undefined, b],
          ['1999-12-31', '2000-01-01'],
          ['2000-01-01', a],
        ]
        for (const [from, to] of ranges) {
          const at = `name=${q(name)}${from ? `&from=${from}` : ''}${to ? `&to=${to}` : ''}`
          const { status, body } = await getJson(server.base, `/artist/daily?${at}`)
          expect({ at, status }).toEqual({ at, status: 200 })
          const days = all.filter((d) => (!from || d.date >= from) && (!to || d.date <= to))
          expect({ at, days: body.days }).toEqual({ at, days })
          expect(body.total).toBe(days.length)
          if (days.length < all.length) cut++
        }
        if (a === b) continue
        const wrong = await getJson(server.base, `/artist/daily?name=${q(name)}&from=${b}&to=${a}`)
        expect(wrong.status).toBe(400)
        expect(wrong.body.error.code).toBe('bad_parameter')
        expect(wrong.body.error.parameter).toBe('from')
      }
    }
    expect(cut).toBeGreaterThan(5)
    for (const bad of ['from=2017-02-30', 'to=2017-13-01', 'from=yesterday']) {
      const { status, body } = await getJson(
        awkward.fixture.base,
        `/artist/daily?name=formula%20band&${bad}`,
      )
      expect({ bad, status }).toEqual({ bad, status: 400 })
      expect(body.error.parameter).toBe(bad.split('=')[0])
    }
  })
})
