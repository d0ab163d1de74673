/**
 * The #1 history page in real headless Chromium against the real server (web-page.ts):
 * every run at #1 in a region, its dates opening that day's chart; a year, another region,
 * viral 50 runs.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import { rows, scrollWidth, settled, shot, useWebApp, WIDTHS } from '../web-page.ts'

const app = useWebApp()
const open = app.open

describe('#1 history', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: every run at #1 in a region, its dates opening the chart of that day`, async () => {
      const answer = (await getJson(app.base, '/number-ones?region=Global')).body
      const page = await open('', { width })
      await settled(page)
      // reached from the chart page
      await page.click('main .summary a:text("#1 history")')
      await page.waitForFunction(() => location.hash === '#/number-ones/global')
      await settled(page)
      expect(await page.textContent('main h1')).toBe('#1 history · Global')
      expect(await rows(page, '#1 runs')).toBe(answer.runs.length)
      const titles = page.locator('table[aria-label="#1 runs"] a.title')
      expect(await titles.allTextContents()).toEqual(
        answer.runs.map((r: { title: string }) => r.title),
      )
      const days = page.locator('table[aria-label="#1 runs"] td[data-label="Days"]')
      expect(await days.allTextContents()).toEqual(
        answer.runs.map((r: { days: number }) => String(r.days)),
      )
      expect(await page.textContent('main .summary')).toContain(
        `${answer.total} ${answer.total === 1 ? 'run' : 'runs'} at #1`,
      )
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width)
      await shot(page, `number-ones-${width}-light`)
      // a run's first day opens that day's chart, with the run's track at #1
      const run = answer.runs.at(-1)
      const from = page
        .locator('table[aria-label="#1 runs"] tbody tr')
        .last()
        .locator('td[data-label="From"] a')
      await from.click()
      await page.waitForFunction((d) => location.hash === `#/chart/global/daily/${d}`, run.from)
      await settled(page)
      expect(
        await page
          .locator('table[aria-label="chart entries"] a.title')
          .first()
          .getAttribute('href'),
      ).toBe(`#/track/${run.trackId}`)
      // the header's link reaches it too, by keyboard
      const nav = page.locator('header nav a', { hasText: '#1s' })
      await nav.focus()
      await page.keyboard.press('Enter')
      await page.waitForFunction(() => location.hash === '#/number-ones/global')
      await settled(page)
    }, 30_000)
  }

  test('a year and another region; viral 50 runs', async () => {
    const { regions } = (await getJson(app.base, '/regions')).body
    const region = regions.find((r: { name: string }) => r.name !== 'Global')
    const year = region.lastDate.slice(0, 4)
    const answer = (
      await getJson(app.base, `/number-ones?region=${region.code}&year=${year}&chart=viral50`)
    ).body
    const page = await open(`#/number-ones/${region.code}/${year}?chart=viral50`)
    await settled(page)
    expect(await page.textContent('main h1')).toBe(`#1 history · ${region.name} · ${year}`)
    expect(await rows(page, '#1 runs')).toBe(answer.runs.length)
    expect(
      await page.locator('table[aria-label="#1 runs"] a.title').first().getAttribute('href'),
    ).toBe(`#/track/${answer.runs[0].trackId}?chart=viral50`)
  }, 30_000)
})
