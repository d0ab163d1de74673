/**
 * The track page in real headless Chromium against the real server (web-page.ts): stats by
 * region, a Spotify link, the rank plot; rank and streams plotted per region with real dates
 * and the date under the pointer; its peak and by-region dates opening that day's chart.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import { getJson } from '../server.ts'
import {
  plotFacts,
  rows,
  scrollWidth,
  settled,
  shot,
  useGlobalChart,
  useWebApp,
} from '../web-page.ts'

const app = useWebApp()
const open = app.open

interface Point {
  date: string
  rank: number
  streams: number | null
}
const latest = useGlobalChart(app)

/** `2017-01-29` as the plots' date line writes it: `Sun, 29 Jan 2017`. */
const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`))

/** The labels uPlot drew under the date axis of the `nth` plot. */
function dateLabels(page: Page, nth = 0) {
  return page.$$eval(
    '.plot',
    (boxes, i) => (boxes[i] as HTMLElement & { uplot?: any }).uplot.axes[0]._values as string[],
    nth,
  )
}

/** Points at the plot's canvas `fraction` of the way across; answers the date line's text and the date under the cursor. */
async function hover(page: Page, fraction: number, nth = 0) {
  const canvas = page.locator('.plot').nth(nth).locator('.u-over')
  await canvas.scrollIntoViewIfNeeded()
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2)
  return page.$$eval(
    '.plot',
    (boxes, i) => {
      const box = boxes[i] as HTMLElement & { uplot?: any }
      const u = box.uplot
      const idx = u.cursor.idx as number | null
      return {
        line: box.querySelector('.plot-date')!.textContent,
        date: idx == null ? null : new Date(u.data[0][idx] * 1000).toISOString().slice(0, 10),
      }
    },
    nth,
  )
}

describe('track page', () => {
  test('clicking a title opens its page: stats by region, a Spotify link, the rank plot', async () => {
    const page = await open('')
    await settled(page)
    await page.click('table[aria-label="chart entries"] tbody tr >> nth=0 >> a.title')
    const id = latest.entries[0].trackId
    await page.waitForFunction((i) => location.hash === `#/track/${i}`, id)
    await settled(page)
    const track = (await getJson(app.base, `/tracks/${id}`)).body
    expect(await page.textContent('main h1')).toBe(track.title)
    expect(await page.getAttribute('a.spotify', 'href')).toBe(track.url)
    expect(await rows(page, 'statistics by region')).toBe(track.charts.length)
    const { series } = (await getJson(app.base, `/tracks/${id}/history`)).body
    const facts = await plotFacts(page)
    expect(facts.labels).toEqual(series.map((s: { region: string }) => s.region))
    expect(facts.points).toEqual(series.map((s: { points: unknown[] }) => s.points.length))
    expect(facts.drawn).toBeGreaterThan(20)
    await shot(page, 'track-1280-light')
    await page.reload()
    await settled(page)
    expect(await page.textContent('main h1')).toBe(track.title)
  }, 30_000)
})

describe('track page: rank and streams by date', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px: rank and streams plotted per region, real dates on the axis, the date under the pointer`, async () => {
      const id = latest.entries[0].trackId
      const { series } = (await getJson(app.base, `/tracks/${id}/history`)).body as {
        series: { region: string; points: Point[] }[]
      }
      const page = await open(`#/track/${id}`, { width })
      await settled(page)
      // the latest Global #1: it has runs at #1
      expect(await page.locator('section h2').allTextContents()).toEqual([
        'Rank over time',
        'Streams per day',
        'By region',
        'Runs at #1',
      ])
      expect(await page.locator('.plot').count()).toBe(2)
      const [ranks, streams] = [await plotFacts(page), await plotFacts(page, '.plot >> nth=1')]
      for (const facts of [ranks, streams]) {
        expect(facts.labels).toEqual(series.map((s) => s.region))
        expect(facts.points).toEqual(series.map((s) => s.points.length))
        expect(facts.drawn).toBeGreaterThan(20)
        expect(facts.width).toBeLessThanOrEqual(width)
      }
      // the streams plot holds each region's daily streams, the rank plot its ranks
      const values = (nth: number) =>
        page.$$eval(
          '.plot',
          (boxes, i) => {
            const u = (boxes[i] as HTMLElement & { uplot?: any }).uplot
            const dates = u.data[0].map((t: number) =>
              new Date(t * 1000).toISOString().slice(0, 10),
            )
            return u.data
              .slice(1)
              .map((ys: (number | null)[]) =>
                ys.flatMap((y, j) => (y == null ? [] : [[dates[j], y]])),
              )
          },
          nth,
        )
      expect(await values(0)).toEqual(series.map((s) => s.points.map((p) => [p.date, p.rank])))
      expect(await values(1)).toEqual(series.map((s) => s.points.map((p) => [p.date, p.streams])))
      // every tick is a day and a month ("29 Jan"); the first one and each new year add the year
      for (const nth of [0, 1]) {
        const labels = await dateLabels(page, nth)
        expect(labels.length).toBeGreaterThan(2)
        for (const label of labels) expect(label).toMatch(/^\d{1,2} [A-Z][a-z]{2}(\n\d{4})?$/)
        expect(labels[0]).toMatch(/\n\d{4}$/)
      }
      // pointing at the plot names the day; leaving it says how to get one
      const at = await hover(page, 0.5)
      expect(at.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(at.line).toBe(longDate(at.date!))
      const later = await hover(page, 0.9, 1)
      expect(later.line).toBe(longDate(later.date!))
      expect(later.date! > at.date!).toBe(true)
      await shot(page, `track-streams-${width}-light`)
      await page.mouse.move(1, 1)
      expect(await page.locator('.plot-date').first().textContent()).toMatch(/^Point at the plot/)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width)
    }, 30_000)
  }

  test("says where its peak was; by region, each date opens that region's chart on that date", async () => {
    const id = latest.entries[0].trackId
    const track = (await getJson(app.base, `/tracks/${id}`)).body
    const stat = track.charts.find((c: { chart: string }) => c.chart === 'top200')
    const page = await open(`#/track/${id}`)
    await settled(page)
    // its best top 200 peak, Global first among equals, else the earliest
    type Stat = { chart: string; region: string; peakRank: number; peakDate: string }
    const best = (track.charts as Stat[])
      .filter((c) => c.chart === 'top200')
      .sort(
        (a, b) =>
          a.peakRank - b.peakRank ||
          Number(b.region === 'Global') - Number(a.region === 'Global') ||
          a.peakDate.localeCompare(b.peakDate),
      )[0]
    const day = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${best.peakDate}T00:00:00Z`))
    expect(await page.textContent('.peak')).toBe(
      `Peak #${best.peakRank} in ${best.region} on ${day}`,
    )
    const row = page.locator('table[aria-label="statistics by region"] tbody tr').first()
    expect(await row.locator('a').allTextContents()).toEqual([
      stat.region,
      stat.peakDate,
      stat.firstDate,
      stat.lastDate,
      ...(stat.bestDay ? [stat.bestDay.date] : []),
    ])
    await row.locator('a').nth(1).click()
    await page.waitForFunction((d) => location.hash.endsWith(`/daily/${d}`), stat.peakDate)
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(stat.peakDate)
    expect(await page.textContent('main h1')).toBe(`${stat.region} · Daily top 200`)
    const entry = page.locator('table[aria-label="chart entries"] tbody tr', {
      has: page.locator(`a.title[href="#/track/${id}"]`),
    })
    expect(await entry.locator('td').first().textContent()).toBe(String(stat.peakRank))
  }, 30_000)
})
