/**
 * Search in real headless Chromium against the real server (web-page.ts): suggestions as you
 * type are links, Enter opens the result page, a typo's "Did you mean" (artist names and track
 * titles), an artist found by an alias shown with it.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import { hashOf, settled, shot, titleTypo, useGlobalChart, useWebApp, WIDTHS } from '../web-page.ts'

const app = useWebApp()
const open = app.open

const latest = useGlobalChart(app)

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

describe('search: did you mean', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: a typo finds nothing and offers the close names as links`, async () => {
      const found = (await getJson(app.base, '/search?q=beyonse')).body
      expect(found.suggestions).toContain('Beyoncé')
      const page = await open('', { width })
      await settled(page)
      await page.fill('#q', 'beyonse')
      const offer = page.locator('.suggest a', { hasText: 'Beyoncé' })
      await offer.waitFor()
      expect(await page.locator('.suggest').textContent()).toContain(
        'Nothing matches “beyonse”. Did you mean Beyoncé',
      )
      await shot(page, `search-typo-${width}-light`)
      // the keyboard reaches the offer (↓) and follows it (Enter)
      await page.focus('#q')
      await page.keyboard.press('ArrowDown')
      expect(await offer.evaluate((a) => a === document.activeElement)).toBe(true)
      await page.keyboard.press('Enter')
      await page.waitForFunction(() => location.hash.startsWith('#/artist/'))
      await settled(page)
      expect(await page.textContent('main h1')).toBe('Beyoncé')
      // the result page offers them too
      await page.fill('#q', 'beyonse')
      await page.press('#q', 'Enter')
      await page.waitForFunction(() => location.hash === '#/search/beyonse')
      await settled(page)
      expect(await page.textContent('main .nothing')).toBe(
        `Nothing matches “beyonse”. Did you mean ${found.suggestions.length > 1 ? `${found.suggestions.slice(0, -1).join(', ')} or ${found.suggestions.at(-1)}` : found.suggestions[0]}?`,
      )
      expect(await hashOf(page)).toBe('#/search/beyonse')
    }, 30_000)
  }
})

describe('search: aliases and close track titles', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: an alias shows as "BTS → 방탄소년단" and leads to the artist`, async () => {
      // the sample credits 방탄소년단; data/artist-aliases.csv gives it the alias BTS
      const found = (await getJson(app.base, '/search?q=bts')).body
      expect(found.artists[0]).toMatchObject({ name: '방탄소년단', matchedAlias: 'BTS' })
      const page = await open('', { width })
      await settled(page)
      await page.fill('#q', 'bts')
      const hit = page.locator('.suggest ul[aria-label=artists] a').first()
      await hit.waitFor()
      expect(await hit.locator('span').first().textContent()).toBe('BTS → 방탄소년단')
      await shot(page, `search-alias-${width}-light`)
      await page.press('#q', 'Enter')
      await page.waitForFunction(() => location.hash === '#/search/bts')
      await settled(page)
      const listed = page.locator('main ul[aria-label=artists] a').first()
      expect(await listed.locator('span').first().textContent()).toBe('BTS → 방탄소년단')
      await listed.click()
      await page.waitForFunction(() => location.hash.startsWith('#/artist/'))
      await settled(page)
      expect(await page.textContent('main h1')).toBe('방탄소년단')
    }, 30_000)

    test(`at ${width} px: a misspelt title offers the close tracks as links`, async () => {
      const typo = titleTypo(latest.entries)
      const found = (await getJson(app.base, `/search?q=${typo}`)).body
      expect([found.artists, found.tracks]).toEqual([[], []])
      // the search's own tests check which tracks are close (test/e2e/search.test.ts); here,
      // that the page offers each as a link to its track
      const offered = found.trackSuggestions.map((t: { trackId: string }) => t.trackId)
      expect(offered.length).toBeGreaterThan(0)
      const first = found.trackSuggestions[0]
      const page = await open('', { width })
      await settled(page)
      await page.fill('#q', typo)
      const offer = page.locator(`.suggest .nothing-tracks a[href="#/track/${first.trackId}"]`)
      await offer.waitFor()
      expect(await offer.textContent()).toBe(`${first.title} by ${first.artist}`)
      await shot(page, `search-title-typo-${width}-light`)
      // the result page says the same, every offer a link to its track
      await page.press('#q', 'Enter')
      await page.waitForFunction((q) => location.hash === `#/search/${q}`, typo)
      await settled(page)
      const links = page.locator('main .nothing-tracks a')
      expect(await links.evaluateAll((all) => all.map((a) => a.getAttribute('href')))).toEqual(
        offered.map((id: string) => `#/track/${id}`),
      )
      expect(await page.textContent('main .nothing-tracks')).toStartWith(
        `Did you mean the ${offered.length === 1 ? 'track' : 'tracks'} `,
      )
      // the keyboard follows one: focus it, Enter opens the track
      await page.locator(`main .nothing-tracks a[href="#/track/${first.trackId}"]`).focus()
      await page.keyboard.press('Enter')
      await page.waitForFunction((id) => location.hash === `#/track/${id}`, first.trackId)
      await settled(page)
      expect(await page.textContent('main h1')).toBe(first.title)
    }, 30_000)
  }
})
