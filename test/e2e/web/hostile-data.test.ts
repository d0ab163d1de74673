/**
 * Hostile data in real headless Chromium: a build whose input gives a track a `javascript:`
 * URL (ending in a track id, which the build once took as a valid url). The API hands out
 * only the id's https URL, the track page's "Play on Spotify" link is that URL, and following
 * it in the same tab opens no dialog. The page makes the link from the id itself: an answer
 * whose url was tampered with (an index from an older build) changes nothing either.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { buildIndex } from '../../../build/pipeline.ts'
import { launchBrowser } from '../../browser.ts'
import { commaNames, row, tempDir, writeFixture } from '../../helpers.ts'
import { getJson, type ServerProcess, spawnServer } from '../server.ts'

const tmp = tempDir()
const ID = 'track00000000000000001'
const HOSTILE = `javascript:alert(document.domain)//${ID}`
const SPOTIFY = `https://open.spotify.com/track/${ID}`
let server: ServerProcess
let browser: Browser

beforeAll(async () => {
  const input = join(tmp.dir, 'hostile.parquet')
  const rows = [1, 2, 3].flatMap((n) => [
    row({ url: n === 1 ? HOSTILE : undefined }, n),
    row({ date: '2020-01-02', url: n === 1 ? HOSTILE : undefined }, n),
  ])
  writeFixture(
    input,
    rows.map((r, k) => (r.url ? r : { ...r, url: row({}, (k >> 1) + 1).url })),
  )
  const report = await buildIndex({ inputs: [input], out: join(tmp.dir, 'index'), commaNames })
  expect(report.rows.rebuiltUrls.count).toBe(2)
  server = await spawnServer({ INDEX_DIR: join(tmp.dir, 'index') })
  browser = await launchBrowser()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  tmp.cleanup()
})

/**
 * A page of one context, offline but for the server and a stand-in for open.spotify.com;
 * every dialog the page opens is recorded (and dismissed). The context stays open: closing
 * the last one closes the packaged single-process Chromium (test/e2e/web-page.ts).
 */
let context: BrowserContext | undefined
async function trackPage(dialogs: string[]): Promise<Page> {
  if (!context) {
    context = await browser.newContext()
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(server.base)) return route.continue()
      if (url.startsWith('https://open.spotify.com/'))
        return route.fulfill({ contentType: 'text/html', body: '<title>Spotify</title>' })
      return route.abort('internetdisconnected')
    })
  }
  const page = await context.newPage()
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return page
}

/** Opens the track's page, checks its Spotify link and follows it in the same tab. */
async function followSpotifyLink(page: Page): Promise<string> {
  await page.goto(`${server.base}/#/track/${ID}`)
  const link = page.locator('a.spotify')
  await link.waitFor()
  expect(await link.getAttribute('href')).toBe(SPOTIFY)
  await link.evaluate((a) => a.removeAttribute('target'))
  await Promise.all([page.waitForURL(SPOTIFY), link.click()])
  return page.url()
}

describe('a javascript: URL in the data', () => {
  test('the API gives the track its https URL, rebuilt from the id', async () => {
    const track = (await getJson(server.base, `/tracks/${ID}`)).body
    expect(track.url).toBe(SPOTIFY)
    const compat = (await getJson(server.base, '/tracks?region=Global&date=2020-01-01')).body
    expect(compat.map((r: { url: string }) => r.url).sort()).toEqual(
      [1, 2, 3].map((n) => row({}, n).url).sort(),
    )
  })

  test('following the track page link opens Spotify, no dialog', async () => {
    const dialogs: string[] = []
    const page = await trackPage(dialogs)
    expect(await followSpotifyLink(page)).toBe(SPOTIFY)
    expect(dialogs).toEqual([])
    await page.close()
  }, 60_000)

  test('an answer whose url was tampered with: the page still links the id’s https URL', async () => {
    const dialogs: string[] = []
    const page = await trackPage(dialogs)
    let tampered = 0
    await page.route(`${server.base}/tracks/${ID}`, async (route) => {
      const response = await route.fetch()
      const body = await response.json()
      tampered++
      await route.fulfill({ response, json: { ...body, url: HOSTILE } })
    })
    expect(await followSpotifyLink(page)).toBe(SPOTIFY)
    expect(tampered).toBe(1)
    expect(dialogs).toEqual([])
    await page.close()
  }, 60_000)
})
