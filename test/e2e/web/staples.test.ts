/**
 * kworb's staples in the web app, in real headless Chromium against the real server
 * (web-page.ts): a day's top artists, the longest streaks, a track's days at #1 and at peak,
 * its runs at #1 and its plots' values as tables (rank by date and region), an artist's role
 * on each track, its lead and featured split and streams per day, and the 7-day column of
 * the daily chart; each against what the API answers.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import { getJson } from '../server.ts'
import { rows, settled, shot, useGlobalChart, useWebApp, WIDTHS } from '../web-page.ts'

const app = useWebApp()
const open = app.open
const latest = useGlobalChart(app)

type Row = Record<string, any>

/** The text of each cell of the table labelled `label`, row by row. */
const cells = (page: Page, label: string) =>
  page.$$eval(`table[aria-label="${label}"] tbody tr`, (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.trim())),
  )

describe("a day's top artists and the longest streaks", () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: the lists as the API has them, linked from the chart`, async () => {
      const page = await open('', { width })
      await settled(page)
      await page.getByRole('link', { name: 'top artists of the day' }).click()
      await page.waitForFunction((d) => location.hash === `#/artists/global/${d}`, latest.date)
      await settled(page)
      const day = (await getJson(app.base, `/rankings/artists?region=global&limit=1000`)).body
      expect(await rows(page, 'top artists of the day')).toBe(day.total)
      const shown = await page
        .locator('table[aria-label="top artists of the day"] tbody tr a.title')
        .allTextContents()
      expect(shown).toEqual(day.artists.map((a: Row) => a.name))
      expect(await page.textContent('main h1')).toBe('Top artists · Global')
      await shot(page, `artists-${width}-light`)

      await page.goBack()
      await settled(page)
      await page.getByRole('link', { name: 'longest streaks' }).click()
      await page.waitForFunction(() => location.hash === '#/streaks/global')
      await settled(page)
      const streaks = (await getJson(app.base, '/streaks?region=global')).body
      const table = await cells(page, 'longest streaks')
      expect(table.map((r) => [r[0], r[2]])).toEqual(
        streaks.streaks.map((s: Row) => [String(s.rank), String(s.days)]),
      )
      expect(await page.locator('nav.pager').count()).toBe(streaks.total > 100 ? 1 : 0)
      await shot(page, `streaks-${width}-light`)
    }, 30_000)
  }
})

describe('a track: days at #1 and at peak, runs at #1, its plots as tables', () => {
  test('the figures of /tracks/{trackId} and the values of its history', async () => {
    // the latest #1 of Global: it has a run at #1
    const id = latest.entries[0].trackId
    const page = await open(`#/track/${id}`)
    await settled(page)
    await page.locator('.plot').first().waitFor()
    const track = (await getJson(app.base, `/tracks/${id}`)).body
    const byRegion = await cells(page, 'statistics by region')
    const header = await page.$$eval('table[aria-label="statistics by region"] th', (ths) =>
      ths.map((th) => th.textContent),
    )
    const col = (name: string) => header.indexOf(name)
    expect(byRegion.map((r) => [r[col('At peak')], r[col('At #1')]])).toEqual(
      track.charts.map((c: Row) => [String(c.daysAtPeak), String(c.daysAtNumberOne)]),
    )
    const runs = track.charts.flatMap((c: Row) => c.numberOneRuns.map((r: Row) => r.days))
    expect(runs.length).toBeGreaterThan(0)
    const shownRuns = await cells(page, 'runs at #1')
    expect(shownRuns.map((r) => Number(r.at(-1))).sort()).toEqual(runs.sort())
    // the rank plot's table: a row per date (newest first), a column per region
    const { series } = (await getJson(app.base, `/tracks/${id}/history`)).body
    const table = page.locator('details.plot-table').first()
    await table.locator('summary').click()
    const values = await table.locator('table').evaluate((t) => ({
      caption: t.querySelector('caption')!.textContent,
      columns: Array.from(t.querySelectorAll('thead th'), (th) => th.textContent),
      rows: Array.from(t.querySelectorAll('tbody tr'), (tr) =>
        Array.from(tr.children, (c) => c.textContent),
      ),
    }))
    expect(values.caption).toBe('Rank by date and region')
    expect(values.columns).toEqual(['Date', ...series.map((s: Row) => s.region)])
    const dates = [...new Set(series.flatMap((s: Row) => s.points.map((p: Row) => p.date)))]
      .sort()
      .reverse() as string[]
    expect(values.rows).toEqual(
      dates.map((d) => [
        d,
        ...series.map((s: Row) => {
          const p = s.points.find((x: Row) => x.date === d)
          return p ? `#${p.rank}` : '–'
        }),
      ]),
    )
    // the canvases say what they draw and where its values are
    const labels = await page.$$eval('.plot canvas', (cs) =>
      cs.map((c) => c.getAttribute('aria-label')),
    )
    expect(labels.length).toBeGreaterThan(0)
    for (const label of labels)
      expect(label).toMatch(/by date and region \(the values are in the table/)
    await shot(page, 'track-staples-1280-light')
  }, 30_000)
})

describe('an artist: role, lead and featured, streams per day', () => {
  test('the figures of /artist and /artist/daily', async () => {
    const name = latest.entries[0].artists[0]
    const page = await open(`#/artist/${encodeURIComponent(name)}`)
    await settled(page)
    await page.locator('.plot').nth(1).waitFor()
    const artist = (await getJson(app.base, `/artist?name=${encodeURIComponent(name)}`)).body
    const tracks = await cells(page, 'tracks')
    expect(tracks.map((r) => r.at(-1))).toEqual(artist.tracks.map((t: Row) => t.role))
    const tiles = await page.locator('.stats').textContent()
    expect(tiles).toContain(`${artist.stats.leadTracks}`)
    expect(tiles).toMatch(/as lead/)
    const daily = (await getJson(app.base, `/artist/daily?name=${encodeURIComponent(name)}`)).body
    const plotted = await page.$$eval('.plot', (boxes) => {
      const u = (boxes[1] as HTMLElement & { uplot?: any }).uplot
      return (u.data[1] as (number | null)[]).filter((v) => v != null)
    })
    expect(plotted).toEqual(daily.days.map((d: Row) => d.streams))
    await shot(page, 'artist-staples-1280-light')
  }, 30_000)
})

describe('the daily chart: 7-day streams', () => {
  test('each entry shows its 7-day streams and their change', async () => {
    const page = await open('')
    await settled(page)
    const header = await page.$$eval('table[aria-label="chart entries"] th', (ths) =>
      ths.map((th) => th.textContent),
    )
    const at = header.indexOf('7 days')
    expect(at).toBeGreaterThan(0)
    const table = await cells(page, 'chart entries')
    const want = latest.entries as Row[]
    const fmt = (n: number) => n.toLocaleString('en')
    const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `\u2212${fmt(-n)}` : '0')
    expect(table.map((r) => r[at])).toEqual(
      want.map((e) =>
        e.weekStreamsChange == null
          ? fmt(e.weekStreams)
          : `${fmt(e.weekStreams)} ${signed(e.weekStreamsChange)}`,
      ),
    )
  }, 30_000)
})
