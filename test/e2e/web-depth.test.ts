/**
 * The web app's depth, as a fan checks it (kworb and charts.spotify.com are the bar), in real
 * headless Chromium against the real server (web-page.ts): a track's rank and streams
 * plotted with real dates at 1280 and 390 px and the date under the pointer, its by-region
 * dates opening that region's chart on that date, Back returning to the row a reader left,
 * counts that say "1 track". Screenshots go to test-artifacts/web/.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import { getJson } from './server.ts'
import { hashOf, plotFacts, rows, scrollWidth, settled, shot, useWebApp } from './web-page.ts'

const app = useWebApp()
const open = app.open

interface Point {
  date: string
  rank: number
  streams: number | null
}
/** The latest Global top 200, as the API answers it. */
let latest: { date: string; entries: { trackId: string; title: string; rank: number }[] }

beforeAll(async () => {
  latest = (await getJson(app.base, '/rankings?region=Global')).body
})

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
  for (const width of [1280, 390]) {
    test(`at ${width} px: rank and streams plotted per region, real dates on the axis, the date under the pointer`, async () => {
      const id = latest.entries[0].trackId
      const { series } = (await getJson(app.base, `/tracks/${id}/history`)).body as {
        series: { region: string; points: Point[] }[]
      }
      const page = await open(`#/track/${id}`, { width })
      await settled(page)
      expect(await page.locator('section h2').allTextContents()).toEqual([
        'Rank over time',
        'Streams per day',
        'By region',
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

describe('back and forward', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px: Back from a track returns to the chart row it was opened from`, async () => {
      const page = await open('', { width })
      await settled(page)
      expect(await rows(page, 'chart entries')).toBe(200)
      const row = page.locator('table[aria-label="chart entries"] tbody tr').nth(149)
      await row.scrollIntoViewIfNeeded()
      const before = await page.evaluate(() => window.scrollY)
      expect(before).toBeGreaterThan(1000)
      await row.locator('a.title').click()
      await page.waitForFunction(() => location.hash.startsWith('#/track/'))
      await settled(page)
      // a new page opens at its top
      expect(await page.evaluate(() => window.scrollY)).toBe(0)
      await page.goBack()
      await settled(page)
      expect(await hashOf(page)).toBe('')
      expect(await page.evaluate(() => window.scrollY)).toBe(before)
      const box = (await row.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(900)
      // forward goes back to the top of the track page, as it was left
      await page.goForward()
      await settled(page)
      expect(await page.evaluate(() => window.scrollY)).toBe(0)
      // a reload keeps the place too
      await page.goBack()
      await settled(page)
      await page.reload()
      await settled(page)
      expect(await page.evaluate(() => window.scrollY)).toBe(before)
    }, 30_000)
  }
})

describe('counts', () => {
  test('one of a thing is singular: an artist with one track says "1 track"', async () => {
    let one: { name: string } | undefined
    for (const letter of 'aeiou') {
      const found = (await getJson(app.base, `/search?q=${letter}&limit=50`)).body
      one = found.artists.find((a: { tracks: number }) => a.tracks === 1)
      if (one) break
    }
    expect(one).toBeDefined()
    const page = await open('')
    await settled(page)
    await page.fill('#q', one!.name)
    const suggestion = page.locator('.suggest a', { hasText: one!.name }).first()
    await suggestion.waitFor()
    expect(await suggestion.locator('small').textContent()).toBe('artist · 1 track on any chart')
    await page.press('#q', 'Enter')
    await page.waitForFunction(() => location.hash.startsWith('#/search/'))
    // settled() fails on any "1 tracks", "1 artists" or "1 entries" on the page
    await settled(page)
  }, 30_000)
})
