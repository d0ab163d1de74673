/**
 * The top lists in real headless Chromium against the real server (web-page.ts): a region's
 * most streamed tracks and artists, all time and by year.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import { rows, settled, useGlobalChart, useWebApp } from '../web-page.ts'

const app = useWebApp()
const open = app.open

const latest = useGlobalChart(app)

describe('top lists', () => {
  test("a region's most streamed tracks and artists, all time and by year", async () => {
    const tracks = await getJson(app.base, '/top/tracks?region=Global&limit=50')
    const page = await open('#/top/global/tracks')
    await settled(page)
    expect(await rows(page, 'most streamed tracks')).toBe(tracks.body.tracks.length)
    expect(await page.locator('a.title').first().textContent()).toBe(tracks.body.tracks[0].title)
    await page.click('.tabs a:text("artists")')
    await page.waitForFunction(() => location.hash === '#/top/global/artists')
    await settled(page)
    const artists = (await getJson(app.base, '/top/artists?region=Global&limit=50')).body
    expect(await rows(page, 'most streamed artists')).toBe(artists.artists.length)
    const year = latest.date.slice(0, 4)
    await page.selectOption('select >> nth=1', year)
    await page.waitForFunction((y) => location.hash === `#/top/global/artists/${y}`, year)
    await settled(page)
    const byYear = (await getJson(app.base, `/top/artists?region=Global&year=${year}&limit=1`)).body
    expect(await page.locator('a.title').first().textContent()).toBe(byYear.artists[0].name)
    await page.click('a.title >> nth=0')
    await page.waitForFunction(() => location.hash.startsWith('#/artist/'))
    await settled(page)
    expect(await page.textContent('main h1')).toBe(byYear.artists[0].name)
  }, 30_000)
})
