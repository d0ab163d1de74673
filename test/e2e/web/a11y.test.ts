/**
 * Accessibility of the web app in real headless Chromium against the real server
 * (web-page.ts): axe-core's WCAG 2.2 A and AA rules (and its heading rules) find nothing on
 * any view at 1280 and 390 px, with every folded part (what changed, a plot's values) open,
 * in light and, for the rules colours decide, in dark; a keyboard reaches the chart's #1
 * from the skip link in three presses, and every control shows its focus, uncovered.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import type { Page } from 'playwright-core'
import {
  axeViolations,
  COLOUR_RULES,
  settled,
  titleTypo,
  useGlobalChart,
  useWebApp,
  WIDTHS,
} from '../web-page.ts'

const app = useWebApp()
const open = app.open
const latest = useGlobalChart(app)

/** Opens every `<details>` of the page, so what they fold is checked too. */
const unfold = (page: Page) =>
  page.$$eval('details', (all) => {
    for (const d of all) (d as HTMLDetailsElement).open = true
  })

/** Each view: its name and its address (some known only once the server answered). */
const views: [string, () => string][] = [
  ['daily chart', () => ''],
  ['viral chart', () => '#/chart/global/viral'],
  ['weekly chart', () => '#/chart/us/weekly'],
  ['track', () => `#/track/${latest.entries[0].trackId}`],
  ['artist', () => `#/artist/${encodeURIComponent(latest.entries[0].artists[0])}`],
  ['top tracks', () => '#/top/global/tracks'],
  ['top artists', () => '#/top/global/artists'],
  ['#1 history', () => '#/number-ones/global'],
  ['top artists of the day', () => '#/artists/global'],
  ['longest streaks', () => '#/streaks/global'],
  ['search', () => '#/search/a'],
  ['search by an alias', () => '#/search/bts'],
  ['search with nothing found', () => `#/search/${titleTypo(latest.entries)}`],
  ['an unknown region', () => '#/chart/atlantis'],
  ['an unknown track', () => '#/track/x'],
  ['an unknown page', () => '#/nothing'],
]

describe('axe-core: no WCAG 2.2 AA violation', () => {
  for (const [name, hashOf] of views) {
    test(`${name}: light and dark, at 1280 and 390 px`, async () => {
      const found: Record<string, string[]> = {}
      for (const width of WIDTHS) {
        for (const dark of [false, true]) {
          const page = await open(hashOf(), { width, dark, allow: /status of 40[04]/ })
          await settled(page)
          await unfold(page)
          const screen = `${width}${dark ? ' dark' : ''}`
          found[screen] = await axeViolations(page, dark ? COLOUR_RULES : undefined)
        }
      }
      expect(found).toEqual({ '1280': [], '1280 dark': [], '390': [], '390 dark': [] })
    }, 60_000)
  }
})

/** What has the keyboard's focus: its tag, text or label, and whether a reader can see it. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const style = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    // what is drawn at its middle: itself (or a part of it), not the sticky header over it
    const at = document.elementFromPoint(
      box.x + box.width / 2,
      box.y + Math.min(box.height, 20) / 2,
    )
    return {
      what: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40)}`,
      href: el.getAttribute('href'),
      ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
      onScreen: box.bottom > 0 && box.top < window.innerHeight,
      covered: at !== null && !el.contains(at) && !at.contains(el),
    }
  })
}

type Focus = Awaited<ReturnType<typeof focused>>

/**
 * Presses `key` until `done(focus)`, the focus leaves the page (past its last control) or
 * `most` presses; answers every focus on the way.
 */
async function walk(page: Page, key: string, most: number, done = (_: Focus) => false) {
  const seen: Focus[] = []
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key)
    const focus = await focused(page)
    if (focus.what.startsWith('body ')) break
    seen.push(focus)
    if (done(focus)) break
  }
  return seen
}

describe('the keyboard', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: the skip link, then the #1 row's link, in three presses`, async () => {
      const page = await open('', { width })
      await settled(page)
      const first = latest.entries[0]
      const seen = await walk(page, 'Tab', 1)
      expect(seen[0].what).toBe('a Skip to content')
      // on screen while it has the focus
      const skip = (await page.locator('a.skip').boundingBox())!
      expect(skip.x).toBeGreaterThanOrEqual(0)
      expect(skip.y).toBeGreaterThanOrEqual(0)
      await page.keyboard.press('Enter')
      seen.push(...(await walk(page, 'Tab', 1)))
      expect(seen.at(-1)).toEqual({
        what: `a ${first.title}`,
        href: `#/track/${first.trackId}`,
        ring: true,
        onScreen: true,
        covered: false,
      })
      await page.keyboard.press('Enter')
      await page.waitForFunction((id) => location.hash === `#/track/${id}`, first.trackId)
      await settled(page)
    }, 30_000)

    for (const dark of [false, true]) {
      test(`at ${width} px${dark ? ', dark' : ''}: every control on the way to the chart and on a track shows its focus, uncovered`, async () => {
        const page = await open('', { width, dark })
        await settled(page)
        const id = latest.entries[0].trackId
        const toChart = await walk(page, 'Tab', 120, (f) => f.href === `#/track/${id}`)
        expect(toChart.at(-1)!.href).toBe(`#/track/${id}`)
        // and back up the page past the controls, the sticky header above
        const back = await walk(page, 'Shift+Tab', 25)
        const track = await open(`#/track/${id}`, { width, dark })
        await settled(track)
        await track.locator('.plot button').first().waitFor()
        const onTrack = await walk(track, 'Tab', 150)
        // the calendar button of the date field, the legend's buttons, a plot's values
        expect(toChart.filter((f) => f.what.startsWith('input date')).length).toBe(4)
        expect(onTrack.some((f) => f.what.startsWith('button') && f.what.includes('Global'))).toBe(
          true,
        )
        const bad = [...toChart, ...back, ...onTrack].filter(
          (f) => !f.ring || !f.onScreen || f.covered,
        )
        expect(bad).toEqual([])
      }, 60_000)
    }
  }
})
