/**
 * What the web app's browser tests share: the real server on a sample index, one headless
 * Chromium (test/browser.ts) whose pages may reach nothing but that server, and helpers to
 * open a view and wait until it is on screen. `useWebApp()` registers the hooks; every test
 * then fails on a page error, a console error or a request that left the machine. The server
 * and the browser start once per test run and serve every web test file (each file has its
 * own browser contexts); they stop after the last file (test/setup.ts).
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/ (ignored by git).
 */
import { afterEach, beforeAll, expect } from 'bun:test'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchBrowser } from '../browser.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { atRunEnd } from '../setup.ts'
import { getJson, ROOT, type ServerProcess, spawnServer } from './server.ts'

export const SHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'test-artifacts', 'web')

/** The screen widths the views are checked at: a laptop and a phone. */
export const WIDTHS = [1280, 390]

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

/** The server and the browser every web test file shares. */
interface SharedApp {
  server: ServerProcess
  browser: Browser
}
let shared: Promise<SharedApp> | undefined

async function startSharedApp(): Promise<SharedApp> {
  const tmp = tempDir()
  mkdirSync(SHOTS, { recursive: true })
  const { indexDir } = await buildSample(tmp.dir, 6, 40)
  const server = await spawnServer({ INDEX_DIR: indexDir })
  const browser = await launchBrowser()
  atRunEnd(async () => {
    await browser.close()
    await server.stop()
    tmp.cleanup()
  })
  return { server, browser }
}

/**
 * Before the file's tests, the shared server on a sample index (6 regions, 40 days) and
 * browser (started by the first file that asks); after each test, closes its pages and fails
 * it if any page had an error or asked for anything but the server. The file's contexts stay
 * open until the browser closes: the Chromium of @sparticuz/chromium runs as one process and
 * closing every context of a file closed the browser under the next file.
 */
export function useWebApp(): WebApp {
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
    shared ??= startSharedApp()
    ;({ server, browser } = await shared)
    app.base = server.base
  }, 60_000)
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

/** The latest Global top 200 and Global's chart dates, as the API answers them. */
export interface GlobalChart {
  date: string
  entries: { trackId: string; title: string; artists: string[]; rank: number }[]
  dates: string[]
}

/** The latest Global chart of the app's server: the returned object is filled in beforeAll. */
export function useGlobalChart(app: WebApp): GlobalChart {
  const chart = {} as GlobalChart
  beforeAll(async () => {
    Object.assign(chart, (await getJson(app.base, '/rankings?region=Global')).body)
    chart.dates = (await getJson(app.base, '/dates?region=Global')).body.dates
  })
  return chart
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

/**
 * Clicks `link` (a download) and waits for the file: its name as the browser saves it and
 * its rows as objects by header (csv-parse).
 */
export async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
  const text = readFileSync((await file.path())!, 'utf8')
  return {
    name: file.suggestedFilename(),
    rows: parse(text, { columns: true }) as Record<string, string>[],
  }
}

/**
 * axe-core's script, run in pages by `axeViolations` (through the DevTools protocol: the
 * page's Content-Security-Policy refuses an added inline `<script>`).
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags them. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
/** axe-core's best practices also run: headings in order, one h1, none empty. */
const HEADINGS = ['heading-order', 'page-has-heading-one', 'empty-heading']

/**
 * The rules whose answer depends on colours, all the dark theme changes (app.css sets only
 * colour variables under prefers-color-scheme): a page checked in full in light is checked
 * with these in dark.
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block']

/**
 * What axe-core (run in the page: the WCAG 2.2 A and AA rules and the heading rules, or
 * only the rules `only`) finds wrong with the page as it is on screen: a line per rule and
 * element (`rule: target: what to fix`), empty when none.
 */
export async function axeViolations(page: Page, only?: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
  return page.evaluate(
    async ([tags, headings, only]) => {
      const axe = (window as unknown as { axe: any }).axe
      const rules = Object.fromEntries(headings.map((id) => [id, { enabled: true }]))
      const result = await axe.run(
        document,
        only.length
          ? { runOnly: { type: 'rule', values: only } }
          : { runOnly: { type: 'tag', values: tags }, rules },
      )
      return result.violations.flatMap((v: any) =>
        v.nodes.map(
          (n: any) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`,
        ),
      )
    },
    [WCAG_AA, HEADINGS, only ?? []],
  )
}

/**
 * A misspelling of a chart title (a word of 5 or more letters with its third letter
 * changed, lower case), for "did you mean" tests.
 */
export function titleTypo(entries: GlobalChart['entries']) {
  for (const entry of entries) {
    const word = entry.title.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w))
    if (!word) continue
    const typo = `${word.slice(0, 2)}${word[2].toLowerCase() === 'q' ? 'x' : 'q'}${word.slice(3)}`
    return typo.toLowerCase()
  }
  throw new Error('titleTypo: no chart title has a word of 5 or more letters')
}
