/**
 * An index built from a Kaggle-layout parquet and a folder of charts.spotify.com downloads
 * (test/helpers.ts `writeDownloadsFixture`), over real HTTP, against the rows it holds: what
 * /ready says it is, the regions of the downloads' codes, every ranking with its derived
 * trend and its tracks' strings, the filtered rows of /tracks, a track, search, and
 * Spotify's weekly chart as CSV. The other route files check their routes on this fixture
 * too (rankings, movers, #1 runs, weekly, top lists, artist, history, a track's figures and
 * staples in staples.test.ts, /regions' dates in regions.test.ts).
 */
import { describe, expect, test } from 'bun:test'
import { parse } from 'csv-parse/sync'
import { naiveCsvText, naiveRankings, naiveTrends } from '../charts-naive.ts'
import { naiveKey, naiveSplit } from '../helpers.ts'
import { idOf } from '../periods-naive.ts'
import { chartsOf, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const downloads = useDatasets('downloads')

describe('an index of Kaggle data and Spotify downloads', () => {
  test('/ready lists both kinds of input with the days they cover', async () => {
    const { body } = await getJson(downloads.fixture.base, '/ready')
    const dates = (chart: string | null, pick: (r: { date: string }) => boolean) =>
      downloads.fixtureRows
        .filter((r) => (chart === null || r.chart === chart) && pick(r))
        .map((r) => r.date)
        .sort()
    expect(body.index.source).toEqual({
      kind: 'file',
      name: 'kaggle.parquet, downloads/',
      inputs: [
        {
          kind: 'kaggle',
          synthetic: false,
          files: 1,
          // its rows read, replaced ones included: the parquet spans 12-24 to 12-31
          firstDate: '2021-12-24',
          lastDate: '2021-12-31',
        },
        {
          kind: 'download',
          synthetic: false,
          files: 26,
          // the United States' weekly chart covers its week from Friday 12-24
          firstDate: '2021-12-24',
          lastDate: dates(null, () => true).at(-1),
        },
      ],
    })
  })

  test("/regions: a code outside the Kaggle set by the table's name, an unknown one in capitals", async () => {
    const { body } = await getJson(downloads.fixture.base, '/regions')
    expect(body.regions.map((r: Row) => [r.name, r.code, r.charts])).toEqual([
      ['Global', 'global', ['top200', 'viral50']],
      ['Nigeria', 'ng', ['top200']],
      ['United States', 'us', ['top200']],
      ['XK', 'xk', ['top200']],
    ])
    for (const [given, want] of [
      ['ng', 'Nigeria'],
      ['NG', 'Nigeria'],
      ['nigeria', 'Nigeria'],
      ['xk', 'XK'],
      ['XK', 'XK'],
    ]) {
      const { status, body } = await getJson(downloads.fixture.base, `/dates?region=${given}`)
      const dates = [
        ...new Set(
          downloads.fixtureRows
            .filter((r) => r.region === want && r.chart === 'top200')
            .map((r) => r.date),
        ),
      ].sort()
      expect({ given, status, body }).toEqual({
        given,
        status: 200,
        body: { region: want, chart: 'top200', dates },
      })
    }
  })

  test('every ranking: its rows, track strings and trend derived from the chart', async () => {
    const rows = downloads.fixtureRows
    const trends = naiveTrends(rows)
    let derived = 0
    for (const [chart, region] of chartsOf(rows)) {
      for (const date of naiveRankings(rows, chart, region).dates) {
        const q = `/rankings?region=${encodeURIComponent(region)}&chart=${chart}&date=${date}`
        const { status, body } = await getJson(downloads.fixture.base, q)
        expect({ q, status }).toEqual({ q, status: 200 })
        const want = rows
          .filter((r) => r.region === region && r.chart === chart && r.date === date)
          .sort((a, b) => a.rank - b.rank)
        // the first row of a track in reading order gives its strings
        const first = (id: string) => rows.find((r) => idOf(r.url) === id)!
        expect({
          q,
          entries: body.entries.map((e: Row) => [
            e.rank,
            e.trackId,
            e.title,
            e.artist,
            e.artists.map(naiveKey),
            e.url,
            e.trend,
            e.streams,
          ]),
        }).toEqual({
          q,
          entries: want.map((r) => [
            r.rank,
            idOf(r.url),
            first(idOf(r.url)).title,
            first(idOf(r.url)).artist,
            naiveSplit(first(idOf(r.url)).artist).map(naiveKey),
            `https://open.spotify.com/track/${idOf(r.url)}`,
            trends.get(`${chart}|${region}|${date}|${idOf(r.url)}`),
            r.streams,
          ]),
        })
        // a download gives no trend: it follows the previous rank (its previous_rank unread)
        for (const e of body.entries) {
          const given = want.find((r) => idOf(r.url) === e.trackId)!.trend
          if (given !== '' || e.previousRank === null) continue
          const moved =
            e.rank < e.previousRank
              ? 'MOVE_UP'
              : e.rank > e.previousRank
                ? 'MOVE_DOWN'
                : 'SAME_POSITION'
          expect(e.trend).toBe(moved)
          derived++
        }
      }
    }
    expect(derived).toBeGreaterThan(20)
  })

  test("/tracks' filtered rows: a day's rows of every region by streams", async () => {
    const rows = downloads.fixtureRows
    for (const date of ['2021-12-30', '2022-01-02', '2022-01-05']) {
      const { body } = await getJson(downloads.fixture.base, `/tracks?date=${date}`)
      const trends = naiveTrends(rows)
      const want = rows
        .filter((r) => r.date === date)
        .sort((a, b) => (b.streams ?? -1) - (a.streams ?? -1))
      expect(body.map((r: Row) => [r.region, r.chart, r.rank, r.trend, r.streams])).toEqual(
        want.map((r) => [
          r.region,
          r.chart,
          r.rank,
          trends.get(`${r.chart}|${r.region}|${r.date}|${idOf(r.url)}`),
          r.streams,
        ]),
      )
    }
  })

  test('a track: its charts and regions; search finds the downloads’ artists and titles', async () => {
    const rows = downloads.fixtureRows
    for (const id of new Set(rows.map((r) => idOf(r.url)))) {
      const { body } = await getJson(downloads.fixture.base, `/tracks/${id}`)
      const groups = new Set(
        rows.filter((r) => idOf(r.url) === id).map((r) => `${r.chart}|${r.region}`),
      )
      expect(body.charts.map((c: Row) => `${c.chart}|${c.region}`).sort()).toEqual(
        [...groups].sort(),
      )
    }
    const lagos = await getJson(downloads.fixture.base, '/search?q=burna')
    expect(lagos.body.artists.map((a: Row) => a.name)).toEqual(['Burna Boy'])
    const title = await getJson(downloads.fixture.base, '/search?q=say%20hi')
    expect(title.body.tracks.map((t: Row) => t.title)).toEqual(['Say "Hi", World'])
    // every credited artist by its name, with its tracks counted; every track by its title
    for (const name of new Set(rows.flatMap((r) => naiveSplit(r.artist)))) {
      const { body } = await getJson(
        downloads.fixture.base,
        `/search?q=${encodeURIComponent(name)}`,
      )
      const tracks = new Set(
        rows
          .filter((r) => naiveSplit(r.artist).some((a) => naiveKey(a) === naiveKey(name)))
          .map((r) => idOf(r.url)),
      )
      const found = body.artists.find((a: Row) => naiveKey(a.name) === naiveKey(name))
      expect({ name, tracks: found?.tracks }).toEqual({ name, tracks: tracks.size })
    }
    for (const id of new Set(rows.map((r) => idOf(r.url)))) {
      const { title } = rows.find((r) => idOf(r.url) === id)!
      const { body } = await getJson(
        downloads.fixture.base,
        `/search?q=${encodeURIComponent(title)}`,
      )
      expect({ title, ids: body.tracks.map((t: Row) => t.trackId) }).toMatchObject({
        title,
        ids: expect.arrayContaining([id]),
      })
    }
  })

  test("Spotify's weekly chart as CSV equals its JSON, with Spotify's streams", async () => {
    const week = downloads.fixtureWeekly.find((w) => w.region === 'Global')!
    const path = `/rankings/weekly?region=global&week=${week.weekStart}`
    const json = (await getJson(downloads.fixture.base, path)).body
    expect(json.source).toBe('official')
    expect(json.entries.map((e: Row) => [e.rank, e.trackId, e.streams])).toEqual(
      week.entries.map((e) => [e.rank, e.trackId, e.streams]),
    )
    const text = await (await fetch(`${downloads.fixture.base}${path}&format=csv`)).text()
    const [header, ...records] = parse(text) as string[][]
    // every row begins with the week it is of and its source (docs/API.md, CSV)
    const context = ['region', 'weekStart', 'weekEnd', 'source']
    expect(header.slice(0, 4)).toEqual(context)
    expect(records).toEqual(
      json.entries.map((e: Row) =>
        header.map((c, i) => naiveCsvText(i < context.length ? json[c] : e[c])),
      ),
    )
  })
})
