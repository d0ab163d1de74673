/**
 * The chart page in real headless Chromium against the real server (web-page.ts): the latest
 * Global daily top 200 with movement, links and previous/next, viral 50, pickers, a missing
 * day and an unknown region, the weekly chart and its default week, each entry's stream
 * change and running total, and what changed since the previous day.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import {
  hashOf,
  rows,
  scrollWidth,
  settled,
  shot,
  useGlobalChart,
  useWebApp,
  WIDTHS,
} from '../web-page.ts'

const app = useWebApp()
const open = app.open

const latest = useGlobalChart(app)

describe('chart view', () => {
  test('the latest Global daily top 200 with movement, links and previous/next', async () => {
    const page = await open('')
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    expect(await page.textContent('main h1')).toBe('Global · Daily top 200')
    const first = page.locator('table[aria-label="chart entries"] tbody tr').first()
    expect(await first.locator('a.title').textContent()).toBe(latest.entries[0].title)
    expect(await first.locator('.artists a').allTextContents()).toEqual(latest.entries[0].artists)
    // movement: every row says ▲/▼/=/NEW/RE
    const moves = await page.locator('table[aria-label="chart entries"] .move').allTextContents()
    expect(moves).toHaveLength(200)
    for (const m of moves) expect(m).toMatch(/^(▲ \d+ was \d+|▼ \d+ was \d+|= was \d+|NEW|RE)$/)
    expect(await page.locator('text=Next →').getAttribute('aria-disabled')).toBe('true')
    await shot(page, 'chart-1280-light')

    await page.click('a[rel=prev]')
    await page.waitForFunction((d) => location.hash.endsWith(d), latest.dates.at(-2)!)
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(latest.dates.at(-2)!)
    expect(await rows(page, 'chart entries')).toBe(200)
    await page.reload()
    await settled(page)
    expect(await hashOf(page)).toBe(`#/chart/global/daily/${latest.dates.at(-2)}`)
    expect(await rows(page, 'chart entries')).toBe(200)
    await page.goBack()
    await settled(page)
    expect(await hashOf(page)).toBe('')
    expect(await page.inputValue('input[type=date]')).toBe(latest.date)
    await page.goForward()
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(latest.dates.at(-2)!)
  }, 60_000)

  test('viral 50 has 50 rows and no streams column; region and chart pickers change the URL', async () => {
    const page = await open('#/chart/Global/viral')
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(50)
    expect(await page.locator('th', { hasText: 'Streams' }).count()).toBe(0)
    await page.selectOption('select >> nth=1', 'daily')
    await page.waitForFunction(() => location.hash === '#/chart/global/daily')
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    // regions go in the URL by code (lower case) when the service knows one
    const region = (await getJson(app.base, '/regions')).body.regions.find(
      (r: { name: string }) => r.name !== 'Global',
    )
    const key = region.code ?? region.name
    await page.selectOption('select >> nth=0', key)
    await page.waitForFunction(
      (k) => location.hash === `#/chart/${k}/daily`,
      encodeURIComponent(key),
    )
    await settled(page)
    expect(await page.textContent('main h1')).toBe(`${region.name} · Daily top 200`)
  }, 30_000)

  test("a missing day's error clears the previous chart and its suggestion is a link", async () => {
    const page = await open('', { allow: /status of 404/ })
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    await page.fill('input[type=date]', '2016-01-01')
    await page.waitForFunction(() => location.hash.endsWith('2016-01-01'))
    await settled(page)
    expect(await page.locator('[role=alert]').textContent()).toContain('2016-01-01')
    expect(await page.locator('table').count()).toBe(0)
    await page.click('[role=alert] a')
    // the click changes the hash at once, the view follows on hashchange: wait for it to go
    await page.waitForFunction((d) => location.hash.endsWith(d), latest.dates[0])
    await page.waitForFunction(() => !document.querySelector('[role=alert]'))
    await settled(page)
    expect(await hashOf(page)).toBe(`#/chart/global/daily/${latest.dates[0]}`)
    expect(await rows(page, 'chart entries')).toBe(200)
  }, 30_000)

  test('an unknown region suggests regions as links', async () => {
    const page = await open('#/chart/Globl/daily', { allow: /status of 404/ })
    await settled(page)
    const link = page.locator('[role=alert] a', { hasText: 'Global' })
    await link.click()
    await page.waitForFunction(() => !document.querySelector('[role=alert]'))
    await settled(page)
    expect(await page.textContent('main h1')).toBe('Global · Daily top 200')
  }, 30_000)
  test('the weekly chart: a Friday–Thursday week and the previous week', async () => {
    const week = await getJson(app.base, '/rankings/weekly?region=Global')
    const page = await open('#/chart/global/weekly')
    await settled(page)
    expect(await page.textContent('main h1')).toBe('Global · Weekly top 200')
    expect(await rows(page, 'chart entries')).toBe(week.body.entries.length)
    expect(await page.inputValue('input[type=date]')).toBe(week.body.weekStart)
    expect(await page.textContent('.summary')).toContain(`from ${week.body.days} daily chart`)
    await page.click('a[rel=prev]')
    await page.waitForFunction(() => /weekly\/\d{4}-\d{2}-\d{2}$/.test(location.hash))
    const asked = (await hashOf(page)).slice(-10)
    expect(asked < week.body.weekStart).toBe(true)
    const earlier = await getJson(app.base, `/rankings/weekly?region=Global&week=${asked}`)
    // the view follows the hash on hashchange: wait until it shows the week holding that day
    await page.waitForFunction(
      (start) => (document.querySelector('input[type=date]') as HTMLInputElement)?.value === start,
      earlier.body.weekStart,
    )
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(earlier.body.weekStart)
    expect(await page.locator('a.title').first().textContent()).toBe(earlier.body.entries[0].title)
  }, 30_000)
})

describe('weekly chart', () => {
  test('opens on the latest complete week (7 daily charts), as the service chooses it', async () => {
    const week = (await getJson(app.base, '/rankings/weekly?region=Global')).body
    expect(week.days).toBe(7)
    const page = await open('#/chart/global/weekly')
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(week.weekStart)
    expect(await page.textContent('.summary')).toContain('from 7 daily charts')
    // a later, incomplete week is one step on, never the default
    const dates = (await getJson(app.base, '/dates?region=Global')).body.dates
    if (dates.at(-1) > week.weekEnd) {
      expect(await page.getAttribute('a[rel=next]', 'href')).toBeTruthy()
    }
    expect(await page.textContent('.note')).toStartWith('Derived: weekly streams add up')
  }, 30_000)

  test("Spotify's official weekly chart says so", async () => {
    // the sample has no weekly download: the answer is marked official on its way
    const page = await open('#/chart/global/weekly', {
      before: (p) =>
        p.route('**/rankings/weekly?*', async (route) => {
          const res = await route.fetch()
          const body = await res.json()
          body.source = 'official'
          await route.fulfill({ response: res, json: body })
        }),
    })
    await settled(page)
    expect(await page.textContent('.summary')).toContain("Spotify's official weekly chart")
    expect(await page.textContent('.summary')).not.toContain('daily chart')
    expect(await page.textContent('.note')).toStartWith("Spotify's own weekly chart")
  }, 30_000)
})

describe('chart page: stream change and running totals', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: each entry's stream change against its previous day and its running total`, async () => {
      const chart = (await getJson(app.base, '/rankings?region=Global')).body
      const page = await open('', { width })
      await settled(page)
      const cells = (label: string) =>
        page
          .locator(`table[aria-label="chart entries"] tbody td[data-label="${label}"]`)
          .allTextContents()
      const signed = (n: number | null) =>
        n == null
          ? ''
          : n > 0
            ? `+${n.toLocaleString('en')}`
            : n < 0
              ? `−${(-n).toLocaleString('en')}`
              : '0'
      expect(await cells('Change')).toEqual(
        chart.entries.map((e: { streamsChange: number | null }) => signed(e.streamsChange)),
      )
      expect(await cells('Total')).toEqual(
        chart.entries.map((e: { totalStreams: number }) => e.totalStreams.toLocaleString('en')),
      )
      // a new entry has no change to show; on a phone its cell is not drawn
      const fresh = chart.entries.findIndex(
        (e: { streamsChange: number | null }) => e.streamsChange == null,
      )
      if (fresh >= 0) {
        const cell = page
          .locator('table[aria-label="chart entries"] tbody tr')
          .nth(fresh)
          .locator('td[data-label="Change"]')
        expect(await cell.isVisible()).toBe(width >= 640)
      }
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width)
      await shot(page, `chart-change-${width}-light`)
    }, 30_000)
  }

  test('viral 50 and weekly charts have no change or total columns (no streams to compare)', async () => {
    for (const hash of ['#/chart/global/viral', '#/chart/global/weekly']) {
      const page = await open(hash)
      await settled(page)
      expect(await page.locator('th', { hasText: /^(Change|7 days|Total)$/ }).count()).toBe(0)
    }
  }, 30_000)
})

describe('chart page: what changed', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: new entries, re-entries, climbers, fallers and dropouts, each a link`, async () => {
      // the whole lists: the panel shows the first 5 of each and opens the rest in place
      const movers = (await getJson(app.base, '/rankings/movers?region=Global')).body
      const page = await open('', { width })
      await settled(page)
      // the panel: a group per list, each entry a link to its track, open on wide screens
      const panel = page.locator('details.movers')
      expect(await panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(width >= 700)
      if (width < 700) {
        // folded on a phone: the keyboard opens it (its summary is focusable)
        await panel.locator('summary').focus()
        await page.keyboard.press('Enter')
        expect(await panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true)
      }
      // every list says its whole size and shows its first 5
      const groups: [string, { trackId: string }[]][] = [
        ['New', movers.newEntries],
        ['Re-entries', movers.reEntries],
        ['Biggest climbers', movers.climbers],
        ['Biggest fallers', movers.fallers],
        ['Dropouts', movers.dropouts],
      ]
      const links = (group: ReturnType<typeof panel.locator>) =>
        group.locator('li a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      for (const [name, list] of groups) {
        const group = panel.locator(`section[aria-label="${name}"]`)
        expect(await group.locator('h2 small').allTextContents()).toEqual([String(list.length)])
        expect(await links(group)).toEqual(list.slice(0, 5).map((e) => `#/track/${e.trackId}`))
      }
      expect(await panel.locator('summary').textContent()).toContain(`What changed since`)
      await panel.scrollIntoViewIfNeeded()
      await shot(page, `chart-movers-${width}-light`)
      let opened = 0
      for (const [name, list] of groups) {
        const group = panel.locator(`section[aria-label="${name}"]`)
        const more = group.getByRole('button', { name: `Show all ${list.length}` })
        expect({ name, more: await more.count() }).toEqual({ name, more: list.length > 5 ? 1 : 0 })
        if (list.length <= 5) continue
        // "Show all" puts the whole list in place and moves focus to its 6th entry
        await more.click()
        await group.locator(`li:nth-child(${list.length})`).waitFor()
        expect(await links(group)).toEqual(list.map((e) => `#/track/${e.trackId}`))
        expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
          `#/track/${list[5].trackId}`,
        )
        opened++
      }
      expect(opened).toBeGreaterThan(0)
      // a climber's link opens its track
      const first = panel.locator('section[aria-label="Biggest climbers"] li a').first()
      if (await first.count()) {
        await first.click()
        await page.waitForFunction(
          (id) => location.hash === `#/track/${id}`,
          movers.climbers[0].trackId,
        )
        await settled(page)
      }
    }, 30_000)
  }

  test("a chart's first date has no movers panel (nothing to compare with)", async () => {
    const { dates } = (await getJson(app.base, '/dates?region=Global')).body
    const page = await open(`#/chart/global/daily/${dates[0]}`)
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    expect(await page.locator('details.movers').count()).toBe(0)
  }, 30_000)
})
