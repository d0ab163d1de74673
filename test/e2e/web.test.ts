/**
 * The web app in real headless Chromium (see test/browser.ts) against the real server
 * on a sample index, with every request to anything but the server refused: each view
 * renders, plots hold drawn data, links, reloads and back/forward keep the view, a 390 px
 * screen has no sideways scroll, and no page or console errors. Screenshots (1280 and 390
 * px, light and dark) go to $SCREENSHOT_DIR, default test-artifacts/web/ (ignored by git).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from '../browser.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { getJson, ROOT, type ServerProcess, startServer } from './server.ts'

const SHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test-artifacts', 'web')
const tmp = tempDir()
let server: ServerProcess
let browser: Browser
/** Requests to anything but the server (refused), page errors and console errors, per test. */
let external: string[] = []
let problems: string[] = []
/** One browser context per screen (width, colour scheme), shared by the tests; a page per view. */
const contexts = new Map<string, Promise<BrowserContext>>()
const pages: Page[] = []
/** The latest Global top 200 and Global's chart dates, as the API answers them. */
let latest: { date: string; entries: { trackId: string; title: string; artists: string[] }[] }
let dates: string[]

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  const { indexDir } = await buildSample(tmp.dir, 6, 40)
  server = await startServer({ INDEX_DIR: indexDir })
  browser = await launchBrowser()
  latest = (await getJson(server.base, '/rankings?region=Global')).body
  dates = (await getJson(server.base, '/dates?region=Global')).body.dates
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  tmp.cleanup()
})
afterEach(async () => {
  for (const p of pages.splice(0)) await p.close()
  expect(external).toEqual([])
  expect(problems).toEqual([])
  external = []
  problems = []
})

interface PageOptions {
  width?: number
  dark?: boolean
  /** console errors to expect (a 404 the page shows as an error, for example) */
  allow?: RegExp
}

/** A browser context whose requests may only reach the server under test. */
async function offlineContext(width: number, dark: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: dark ? 'dark' : 'light',
  })
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(server.base)) return route.continue()
    external.push(url)
    return route.abort('internetdisconnected')
  })
  return context
}

/** A page at `hash` (offline but for the server), its errors collected in `problems`. */
async function open(hash: string, { width = 1280, dark = false, allow }: PageOptions = {}) {
  const key = `${width}-${dark}`
  if (!contexts.has(key)) contexts.set(key, offlineContext(width, dark))
  const page = await (await contexts.get(key)!).newPage()
  pages.push(page)
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    const text = m.text()
    if (m.type() === 'error' && !allow?.test(text)) problems.push(`console: ${text}`)
  })
  await page.goto(`${server.base}/${hash}`)
  return page
}

/**
 * Waits until the view has finished loading (no busy main, no loading line), then checks it
 * shows no JavaScript leftovers (`null`, `undefined`, `NaN`, `[object Object]`).
 */
async function settled(page: Page) {
  // done when the view on screen is the one of the current address (main.mjs sets
  // data-shown when a view finishes), so a click whose hashchange is still queued can't pass
  await page.waitForFunction(
    () => {
      const main = document.querySelector('main')
      return (
        main !== null &&
        !main.hasAttribute('aria-busy') &&
        main.dataset.shown === location.hash &&
        !main.querySelector('.loading')
      )
    },
    null,
    { timeout: 15_000 },
  )
  expect(await page.locator('body').textContent()).not.toMatch(
    /\bnull\b|\bundefined\b|\bNaN\b|\[object /,
  )
}

const rows = (page: Page, label: string) =>
  page.locator(`table[aria-label="${label}"] tbody tr`).count()
const hashOf = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash))
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })

/**
 * What the plot in `selector` holds and drew: its series (labels, points) and how many canvas
 * pixels carry the first series' colour.
 */
function plotFacts(page: Page, selector = '.plot') {
  return page.$eval(selector, (box) => {
    const plot = (box as HTMLElement & { uplot?: any }).uplot
    const canvas = box.querySelector('canvas') as HTMLCanvasElement
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    const [r, g, b] = [0x1d, 0xb9, 0x54] // the first series' stroke, #1db954
    let drawn = 0
    for (let i = 0; i < pixels.length; i += 4)
      if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) drawn++
    return {
      labels: plot.series.slice(1).map((s: { label: string }) => s.label),
      xs: plot.data[0].length,
      points: plot.data.slice(1).map((ys: (number | null)[]) => ys.filter((y) => y != null).length),
      drawn,
      width: canvas.getBoundingClientRect().width,
    }
  })
}

describe('the files', () => {
  test('the page, its modules and uPlot are served by the service; an unknown file is a 404', async () => {
    const page = await fetch(`${server.base}/`)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    for (const src of html.matchAll(/(?:src|href)="(\/web\/[^"]+)"/g)) {
      const res = await fetch(server.base + src[1])
      expect({ path: src[1], status: res.status }).toEqual({ path: src[1], status: 200 })
      expect(res.headers.get('content-type')).toMatch(/^text\/(javascript|css); charset=utf-8$/)
    }
    const missing = await getJson(server.base, '/web/nothing.mjs')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })
})

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
    const moves = await page.locator('.move').allTextContents()
    expect(moves).toHaveLength(200)
    for (const m of moves) expect(m).toMatch(/^(▲ \d+ was \d+|▼ \d+ was \d+|= was \d+|NEW|RE)$/)
    expect(await page.locator('text=Next →').getAttribute('aria-disabled')).toBe('true')
    await shot(page, 'chart-1280-light')

    await page.click('a[rel=prev]')
    await page.waitForFunction((d) => location.hash.endsWith(d), dates.at(-2)!)
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(dates.at(-2)!)
    expect(await rows(page, 'chart entries')).toBe(200)
    await page.reload()
    await settled(page)
    expect(await hashOf(page)).toBe(`#/chart/global/daily/${dates.at(-2)}`)
    expect(await rows(page, 'chart entries')).toBe(200)
    await page.goBack()
    await settled(page)
    expect(await hashOf(page)).toBe('')
    expect(await page.inputValue('input[type=date]')).toBe(latest.date)
    await page.goForward()
    await settled(page)
    expect(await page.inputValue('input[type=date]')).toBe(dates.at(-2)!)
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
    const region = (await getJson(server.base, '/regions')).body.regions.find(
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
    await page.waitForFunction((d) => location.hash.endsWith(d), dates[0])
    await page.waitForFunction(() => !document.querySelector('[role=alert]'))
    await settled(page)
    expect(await hashOf(page)).toBe(`#/chart/global/daily/${dates[0]}`)
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
    const week = await getJson(server.base, '/rankings/weekly?region=Global')
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
    const earlier = await getJson(server.base, `/rankings/weekly?region=Global&week=${asked}`)
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

describe('top lists', () => {
  test("a region's most streamed tracks and artists, all time and by year", async () => {
    const tracks = await getJson(server.base, '/top/tracks?region=Global&limit=50')
    const page = await open('#/top/global/tracks')
    await settled(page)
    expect(await rows(page, 'most streamed tracks')).toBe(tracks.body.tracks.length)
    expect(await page.locator('a.title').first().textContent()).toBe(tracks.body.tracks[0].title)
    await page.click('.tabs a:text("artists")')
    await page.waitForFunction(() => location.hash === '#/top/global/artists')
    await settled(page)
    const artists = (await getJson(server.base, '/top/artists?region=Global&limit=50')).body
    expect(await rows(page, 'most streamed artists')).toBe(artists.artists.length)
    const year = latest.date.slice(0, 4)
    await page.selectOption('select >> nth=1', year)
    await page.waitForFunction((y) => location.hash === `#/top/global/artists/${y}`, year)
    await settled(page)
    const byYear = (await getJson(server.base, `/top/artists?region=Global&year=${year}&limit=1`))
      .body
    expect(await page.locator('a.title').first().textContent()).toBe(byYear.artists[0].name)
    await page.click('a.title >> nth=0')
    await page.waitForFunction(() => location.hash.startsWith('#/artist/'))
    await settled(page)
    expect(await page.textContent('main h1')).toBe(byYear.artists[0].name)
  }, 30_000)
})

describe('search', () => {
  test('suggestions as you type are links; Enter opens the result page', async () => {
    const page = await open('')
    await settled(page)
    await page.fill('#q', 'beyon')
    const suggestion = page.locator('.suggest a', { hasText: 'Beyoncé' })
    await suggestion.waitFor()
    expect(await suggestion.textContent()).toMatch(/artist · \d+ tracks on any chart/)
    expect(await page.locator('.suggest').textContent()).not.toMatch(/\bnull\b|\bundefined\b/)
    // keyboard: ↓ reaches the first suggestion (with a visible focus ring), Enter follows it
    await page.focus('#q')
    await page.keyboard.press('ArrowDown')
    expect(
      await page.evaluate(() => {
        const focused = document.activeElement as HTMLElement
        return [focused.closest('.suggest') !== null, getComputedStyle(focused).outlineStyle]
      }),
    ).toEqual([true, 'solid'])
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => location.hash.startsWith('#/artist/'))
    await settled(page)
    expect(await page.textContent('main h1')).toBe('Beyoncé')
    const word = latest.entries[0].title.split(' ')[0]
    await page.fill('#q', word)
    await page.press('#q', 'Enter')
    await page.waitForFunction((q) => location.hash === `#/search/${q}`, encodeURIComponent(word))
    await settled(page)
    expect(await page.locator('main ul[aria-label=tracks] a').count()).toBeGreaterThan(0)
  }, 30_000)
})

describe('track page', () => {
  test('clicking a title opens its page: stats by region, a Spotify link, the rank plot', async () => {
    const page = await open('')
    await settled(page)
    await page.click('table[aria-label="chart entries"] tbody tr >> nth=0 >> a.title')
    const id = latest.entries[0].trackId
    await page.waitForFunction((i) => location.hash === `#/track/${i}`, id)
    await settled(page)
    const track = (await getJson(server.base, `/tracks/${id}`)).body
    expect(await page.textContent('main h1')).toBe(track.title)
    expect(await page.getAttribute('a.spotify', 'href')).toBe(track.url)
    expect(await rows(page, 'statistics by region')).toBe(track.charts.length)
    const { series } = (await getJson(server.base, `/tracks/${id}/history`)).body
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

describe('artist page', () => {
  test('stats, a plot of its top tracks, paged tracks and the counts explained', async () => {
    const page = await open('#/artist/beyonce')
    await settled(page)
    const body = (await getJson(server.base, '/artist?name=beyonce&limit=50')).body
    expect(await page.textContent('main h1')).toBe(body.artist)
    expect(await rows(page, 'tracks')).toBe(Math.min(50, body.totalTracks))
    expect(await page.textContent('main')).toContain(
      `${body.totalTracks.toLocaleString('en')} tracks on the top 200 chart in all regions`,
    )
    expect(await page.textContent('main')).toContain('The search counts tracks on any chart')
    const facts = await plotFacts(page)
    expect(facts.labels.length).toBeGreaterThan(0)
    expect(facts.points.every((n: number) => n > 0)).toBe(true)
    expect(facts.drawn).toBeGreaterThan(20)
    const tiles = await page.locator('.stat').allTextContents()
    expect(tiles).toContain(`${body.stats.numberOnes}#1 hits`)
    expect(tiles).toContain(`${body.stats.topTens}top 10 hits`)
    expect(tiles).toContain(`${body.stats.chartDays.toLocaleString('en')}chart days`)
    expect(tiles).toContain(`#${body.stats.peakRank}best peak`)
    await shot(page, 'artist-1280-light')
    if (body.totalTracks > 50) {
      await page.click('a[rel=next]')
      await page.waitForFunction(() => location.hash.endsWith('page=2'))
      await settled(page)
      const second = (await getJson(server.base, '/artist?name=beyonce&limit=50&offset=50')).body
      expect(await page.locator('table[aria-label=tracks] a.title').first().textContent()).toBe(
        second.tracks[0].title,
      )
    }
    // a title on the artist page leads to the track
    await page.click('table[aria-label=tracks] a.title >> nth=0')
    await page.waitForFunction(() => location.hash.startsWith('#/track/'))
  }, 30_000)
})

describe('every view on a phone and in the dark', () => {
  const views: [string, () => string][] = [
    ['chart', () => ''],
    ['track', () => `#/track/${latest.entries[0].trackId}`],
    ['artist', () => '#/artist/beyonce'],
    ['top', () => '#/top/global/tracks'],
  ]
  for (const [name, hashOfView] of views) {
    test(`${name}: no sideways scroll at 390 px, light and dark`, async () => {
      const hash = hashOfView()
      for (const dark of [false, true]) {
        const page = await open(hash, { width: 390, dark })
        await settled(page)
        expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
        if (await page.locator('.plot').count()) {
          const facts = await plotFacts(page)
          expect(facts.width).toBeLessThanOrEqual(390)
          expect(facts.drawn).toBeGreaterThan(20)
        }
        await shot(page, `${name}-390-${dark ? 'dark' : 'light'}`)
      }
      const page = await open(hash, { dark: true })
      await settled(page)
      await shot(page, `${name}-1280-dark`)
    }, 30_000)
  }
})
