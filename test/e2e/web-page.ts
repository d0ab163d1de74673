/**
 * What the web app's browser tests share: the real server on a sample index, one headless
 * Chromium (test/browser.ts) whose pages may reach nothing but that server, and helpers to
 * open a view and wait until it is on screen. `useWebApp()` registers the hooks; every test
 * then fails on a page error, a console error or a request that left the machine.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/ (ignored by git).
 */
import { afterAll, afterEach, beforeAll, expect } from 'bun:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from '../browser.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { ROOT, type ServerProcess, spawnServer } from './server.ts'

export const SHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test-artifacts', 'web')

/** How a page is opened. */
export interface PageOptions {
  width?: number
  dark?: boolean
  /** console errors to expect (a 404 the page shows as an error, for example) */
  allow?: RegExp
  /** runs on the new page before it loads (to route a request, for example) */
  before?: (page: Page) => Promise<unknown>
}

/** The running app: its server and a way to open pages on it. */
export interface WebApp {
  /** the server's base URL, set once the hooks ran */
  base: string
  /** a page at `hash` (offline but for the server), its errors collected for the test */
  open(hash: string, options?: PageOptions): Promise<Page>
}

/**
 * Starts the server on a sample index (6 regions, 40 days) and a browser before the file's
 * tests, stops both after them; after each test, closes its pages and fails it if any page
 * had an error or asked for anything but the server.
 */
export function useWebApp(): WebApp {
  const tmp = tempDir()
  let server: ServerProcess
  let browser: Browser
  /** Requests to anything but the server (refused), page errors and console errors, per test. */
  let external: string[] = []
  let problems: string[] = []
  /** One browser context per screen (width, colour scheme), shared by the tests; a page per view. */
  const contexts = new Map<string, Promise<BrowserContext>>()
  const pages: Page[] = []
  const app: WebApp = { base: '', open }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    const { indexDir } = await buildSample(tmp.dir, 6, 40)
    server = await spawnServer({ INDEX_DIR: indexDir })
    app.base = server.base
    browser = await launchBrowser()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    tmp.cleanup()
  })
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close()
    // taken before they are checked, so one test's failure does not fail the next ones
    const [left, failed] = [external, problems]
    external = []
    problems = []
    expect(left).toEqual([])
    expect(failed).toEqual([])
  })

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

  async function open(
    hash: string,
    { width = 1280, dark = false, allow, before }: PageOptions = {},
  ) {
    const key = `${width}-${dark}`
    if (!contexts.has(key)) contexts.set(key, offlineContext(width, dark))
    const page = await (await contexts.get(key)!).newPage()
    pages.push(page)
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      const text = m.text()
      if (m.type() === 'error' && !allow?.test(text)) problems.push(`console: ${text}`)
    })
    await before?.(page)
    await page.goto(`${server.base}/${hash}`)
    return page
  }

  return app
}

/**
 * Waits until the view has finished loading (no busy main, no loading line), then checks it
 * shows no JavaScript leftovers (`null`, `undefined`, `NaN`, `[object Object]`) and no
 * plural after a 1.
 */
export async function settled(page: Page) {
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
  const text = await page.locator('body').textContent()
  expect(text).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b|\[object /)
  // one of a thing is singular: "1 track", never "1 tracks"
  expect(text).not.toMatch(
    /(^|[^\d.,])1 (tracks|artists|entries|daily charts|regions|days|weeks)\b/,
  )
}

/** The number of body rows of the table labelled `label`. */
export const rows = (page: Page, label: string) =>
  page.locator(`table[aria-label="${label}"] tbody tr`).count()
/** The page's hash, decoded. */
export const hashOf = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash))
/** The document's scroll width (more than the viewport: a sideways scroll). */
export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)
/** Saves what the viewport shows as `<SHOTS>/<name>.png`. */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })

/**
 * What the plot in `selector` holds and drew: its series (labels, points) and how many canvas
 * pixels carry the first series' colour.
 */
export function plotFacts(page: Page, selector = '.plot') {
  return page.$eval(selector, (box) => {
    const plot = (box as HTMLElement & { uplot?: any }).uplot
    const canvas = box.querySelector('canvas') as HTMLCanvasElement
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    const [r, g, b] = [0x1d, 0xb9, 0x54] // the first series' stroke, #1db954
    let drawn = 0
    for (let i = 0; i < pixels.length; i += 4)
      if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) drawn++
    return {
      labels: plot.series.slice(1).map((s: { label: string }) => s.label) as string[],
      xs: plot.data[0].length as number,
      points: plot.data
        .slice(1)
        .map((ys: (number | null)[]) => ys.filter((y) => y != null).length) as number[],
      drawn,
      width: canvas.getBoundingClientRect().width,
    }
  })
}
