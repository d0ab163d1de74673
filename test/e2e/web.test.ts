/**
 * The web app in real headless Chromium (see web-page.ts) against the real server on a
 * sample index, with every request to anything but the server refused: each view renders,
 * plots hold drawn data, links, reloads and back/forward keep the view, a 390 px screen has
 * no sideways scroll, and no page or console errors. Screenshots (1280 and 390 px, light and
 * dark) go to $SCREENSHOT_DIR, default test-artifacts/web/ (ignored by git).
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { getJson } from './server.ts'
import { hashOf, plotFacts, rows, scrollWidth, settled, shot, useWebApp } from './web-page.ts'

const app = useWebApp()
const open = app.open
/** The latest Global top 200 and Global's chart dates, as the API answers them. */
let latest: { date: string; entries: { trackId: string; title: string; artists: string[] }[] }
let dates: string[]

beforeAll(async () => {
  latest = (await getJson(app.base, '/rankings?region=Global')).body
  dates = (await getJson(app.base, '/dates?region=Global')).body.dates
})

describe('the files', () => {
  test('the page, its modules and uPlot are served by the service; an unknown file is a 404', async () => {
    const page = await fetch(`${app.base}/`)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await page.text()
    for (const src of html.matchAll(/(?:src|href)="(\/web\/[^"]+)"/g)) {
      const res = await fetch(app.base + src[1])
      expect({ path: src[1], status: res.status }).toEqual({ path: src[1], status: 200 })
      expect(res.headers.get('content-type')).toMatch(
        /^(text\/(javascript|css)|image\/(svg\+xml|x-icon))(; charset=utf-8)?$/,
      )
    }
    const missing = await getJson(app.base, '/web/nothing.mjs')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })

  test('/favicon.ico is a 32×32 icon a browser draws, the same as the page’s SVG icon', async () => {
    const res = await fetch(`${app.base}/favicon.ico`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/x-icon')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const ico = new DataView(bytes.buffer)
    // ICONDIR: reserved 0, type 1 (icon), one image of 32×32 at 32 bits per pixel
    expect([ico.getUint16(0, true), ico.getUint16(2, true), ico.getUint16(4, true)]).toEqual([
      0, 1, 1,
    ])
    expect([ico.getUint8(6), ico.getUint8(7), ico.getUint16(12, true)]).toEqual([32, 32, 32])
    const page = await open('')
    await settled(page)
    // both icons decoded by the browser: the centre of the tallest bar is white, a corner
    // is transparent, the background between bars is the app's green, in each. (The ICO's
    // bytes go in as a blob: Playwright's request interception fails a fetch of /favicon.ico.)
    const pixels = await page.evaluate(
      async (icoBytes) => {
        const read = async (src: string) => {
          const img = new Image()
          img.src = src
          await img.decode()
          const canvas = document.createElement('canvas')
          canvas.width = canvas.height = 32
          const ctx = canvas.getContext('2d')!
          ctx.drawImage(img, 0, 0, 32, 32)
          const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data]
          return { bar: at(23, 16), corner: at(0, 0)[3], between: at(19, 20) }
        }
        const links = Array.from(document.querySelectorAll('link[rel=icon]')).map((l) =>
          l.getAttribute('href'),
        )
        const blob = new Blob([new Uint8Array(icoBytes)], { type: 'image/x-icon' })
        return {
          links,
          ico: await read(URL.createObjectURL(blob)),
          svg: await read('/web/icon.svg'),
        }
      },
      [...bytes],
    )
    expect(pixels.links).toEqual(['/favicon.ico', '/web/icon.svg'])
    for (const icon of [pixels.ico, pixels.svg]) {
      expect(icon.bar).toEqual([255, 255, 255, 255])
      expect(icon.corner).toBe(0)
      expect(icon.between).toEqual([0x1d, 0xb9, 0x54, 255])
    }
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
    const moves = await page.locator('table[aria-label="chart entries"] .move').allTextContents()
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
    const track = (await getJson(app.base, `/tracks/${id}`)).body
    expect(await page.textContent('main h1')).toBe(track.title)
    expect(await page.getAttribute('a.spotify', 'href')).toBe(track.url)
    expect(await rows(page, 'statistics by region')).toBe(track.charts.length)
    const { series } = (await getJson(app.base, `/tracks/${id}/history`)).body
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
    const body = (await getJson(app.base, '/artist?name=beyonce&limit=50')).body
    expect(await page.textContent('main h1')).toBe(body.artist)
    expect(await rows(page, 'tracks')).toBe(Math.min(50, body.totalTracks))
    expect(await page.textContent('main')).toContain(
      `${body.totalTracks.toLocaleString('en')} tracks on the top 200 chart in Global`,
    )
    expect(await page.textContent('main')).toContain('The search counts tracks on any chart')
    const facts = await plotFacts(page)
    expect(facts.labels.length).toBeGreaterThan(0)
    expect(facts.points.every((n: number) => n > 0)).toBe(true)
    expect(facts.drawn).toBeGreaterThan(20)
    const tiles = await page.locator('.stat').allTextContents()
    const many = (n: number, label: string) =>
      `${n.toLocaleString('en')}${n === 1 ? label : `${label}s`}`
    expect(tiles).toContain(many(body.stats.numberOnes, '#1 hit'))
    expect(tiles).toContain(many(body.stats.topTens, 'top 10 hit'))
    expect(tiles).toContain(many(body.stats.chartDays, 'chart day'))
    expect(tiles).toContain(`#${body.stats.peakRank}best peak in Global`)
    await shot(page, 'artist-1280-light')
    if (body.totalTracks > 50) {
      await page.click('a[rel=next]')
      await page.waitForFunction(() => location.hash.endsWith('page=2'))
      await settled(page)
      const second = (await getJson(app.base, '/artist?name=beyonce&limit=50&offset=50')).body
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
    ['number-ones', () => '#/number-ones/global'],
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
