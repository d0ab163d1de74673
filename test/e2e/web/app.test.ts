/**
 * The web app as a whole in real headless Chromium against the real server (web-page.ts),
 * every request to anything but the server refused: its files and icon served by the
 * service, every view on a phone and in the dark without sideways scroll, the sample-data
 * notice, and Back returning to the row a reader left.
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import {
  download,
  hashOf,
  plotFacts,
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
    // bytes go in as a data: URL, which the page's policy allows for images: Playwright's
    // request interception fails a fetch of /favicon.ico.)
    const pixels = await page.evaluate(async (icoBase64) => {
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
      return {
        links,
        ico: await read(`data:image/x-icon;base64,${icoBase64}`),
        svg: await read('/web/icon.svg'),
      }
    }, Buffer.from(bytes).toString('base64'))
    expect(pixels.links).toEqual(['/favicon.ico', '/web/icon.svg'])
    for (const icon of [pixels.ico, pixels.svg]) {
      expect(icon.bar).toEqual([255, 255, 255, 255])
      expect(icon.corner).toBe(0)
      expect(icon.between).toEqual([0x1d, 0xb9, 0x54, 255])
    }
  })
})

describe('the page policy', () => {
  test('every view works under its Content-Security-Policy, which refuses inline script', async () => {
    const page = await open('', {
      // the two refusals this test provokes at the end
      allow: /Content Security Policy/,
      before: (p) =>
        p.addInitScript(() => {
          const seen: string[] = []
          ;(window as unknown as { violations: string[] }).violations = seen
          document.addEventListener('securitypolicyviolation', (e) =>
            seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
          )
        }),
    })
    const response = await fetch(`${app.base}/`)
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const violations = () => page.evaluate(() => (window as any).violations as string[])
    await settled(page)
    const id = latest.entries[0].trackId
    const views = ['#/number-ones/global', '#/top/global/tracks', `#/track/${id}`, '#/search/a']
    for (const hash of [...views, `#/artist/${encodeURIComponent(latest.entries[0].artists[0])}`]) {
      await page.evaluate((h) => {
        location.hash = h
      }, hash)
      await settled(page)
      expect({ hash, violations: await violations() }).toEqual({ hash, violations: [] })
    }
    // what the policy is for: script written into the page does not run
    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img src="/web/icon.svg" onload="window.ranHandler = true">',
      )
      const script = document.createElement('script')
      script.textContent = 'window.ranScript = true'
      document.body.append(script)
    })
    // both refused (the handler once the image loads): then neither ran
    await page.waitForFunction(() => (window as any).violations.length >= 2)
    const ran = await page.evaluate(() => {
      const w = window as any
      return { handler: w.ranHandler === true, script: w.ranScript === true }
    })
    expect(ran).toEqual({ handler: false, script: false })
    expect((await violations()).map((v) => v.split(' ')[0]).sort()).toEqual([
      'script-src-attr',
      'script-src-elem',
    ])
  })
})

describe('downloads: every list view offers the CSV of what it shows', () => {
  const titlesOf = (page: Parameters<typeof rows>[0], label: string) =>
    page.locator(`table[aria-label="${label}"] tbody tr a.title`).allTextContents()

  for (const [width, dark] of [
    [1280, false],
    [390, true],
  ] as const) {
    test(`at ${width} px${dark ? ', dark' : ''}: the day's chart and what changed`, async () => {
      const page = await open('', { width, dark })
      await settled(page)
      const chart = await download(page, page.locator('main p.actions a.download').first())
      expect(chart.name).toBe(`global-top200-${latest.date}.csv`)
      expect(chart.rows.map((r) => [r.region, r.date, r.chart, r.rank])).toEqual(
        latest.entries.map((e) => ['Global', latest.date, 'top200', String(e.rank)]),
      )
      expect(chart.rows.map((r) => r.title)).toEqual(await titlesOf(page, 'chart entries'))
      const movers = (await getJson(app.base, '/rankings/movers?region=Global')).body
      const panel = page.locator('details.movers')
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
        await panel.locator('summary').click()
      const changed = await download(page, panel.locator('a.download'))
      expect(changed.name).toBe(`global-top200-${latest.date}-movers.csv`)
      const lists = ['newEntries', 'reEntries', 'climbers', 'fallers', 'dropouts']
      expect(changed.rows.map((r) => [r.region, r.date, r.list, r.trackId])).toEqual(
        lists.flatMap((list) =>
          movers[list].map((e: { trackId: string }) => ['Global', latest.date, list, e.trackId]),
        ),
      )
    }, 30_000)
  }

  test('the weekly chart, #1 runs, top lists, an artist and a track', async () => {
    const weekly = await open('#/chart/us/weekly')
    await settled(weekly)
    const week = (await getJson(app.base, '/rankings/weekly?region=us')).body
    const file = await download(weekly, weekly.locator('main p.actions a.download'))
    expect(file.name).toBe(`united-states-weekly-${week.weekStart}.csv`)
    expect(file.rows.map((r) => [r.region, r.weekStart, r.title])).toEqual(
      (await titlesOf(weekly, 'chart entries')).map((t) => ['United States', week.weekStart, t]),
    )

    const ones = await open('#/number-ones/global')
    await settled(ones)
    const runs = await download(ones, ones.locator('main p.actions a.download'))
    expect(runs.name).toBe('global-top200-number-ones.csv')
    expect(runs.rows.map((r) => [r.region, r.chart, r.title])).toEqual(
      (await titlesOf(ones, '#1 runs')).map((t) => ['Global', 'top200', t]),
    )

    const top = await open('#/top/br/tracks/2017?page=2')
    await settled(top)
    const tops = await download(top, top.locator('main p.actions a.download'))
    expect(tops.name).toBe('brazil-top-tracks-2017.csv')
    const shown = await titlesOf(top, 'most streamed tracks')
    expect(shown.length).toBeGreaterThan(0)
    expect(tops.rows.map((r) => [r.region, r.year, r.title])).toEqual(
      shown.map((t) => ['Brazil', '2017', t]),
    )

    const name = (await getJson(app.base, '/top/artists?region=global&limit=1')).body.artists[0]
      .name
    const artist = await open(`#/artist/${encodeURIComponent(name)}`)
    await settled(artist)
    const tracks = await download(artist, artist.locator('main p.actions a.download'))
    expect(tracks.name).toMatch(/-global\.csv$/)
    expect(tracks.rows.map((r) => [r.region, r.title])).toEqual(
      (await titlesOf(artist, 'tracks')).map((t) => ['Global', t]),
    )

    const id = latest.entries[0].trackId
    const track = await open(`#/track/${id}`)
    await settled(track)
    const history = await download(track, track.locator('main a.download'))
    expect(history.name).toBe(`history-${id}-top200.csv`)
    const series = (await getJson(app.base, `/tracks/${id}/history`)).body.series
    expect(history.rows.map((r) => [r.trackId, r.region, r.date, r.rank])).toEqual(
      series.flatMap((s: { region: string; points: { date: string; rank: number }[] }) =>
        s.points.map((p) => [id, s.region, p.date, String(p.rank)]),
      ),
    )
  }, 60_000)

  test('at 390 px, dark: a day’s top artists and a page of the longest streaks', async () => {
    const date = latest.dates.at(-5)!
    const artists = await open(`#/artists/us/${date}`, { width: 390, dark: true })
    await settled(artists)
    const day = (await getJson(app.base, `/rankings/artists?region=us&date=${date}&limit=1000`))
      .body
    expect(day.artists.length).toBeGreaterThan(0)
    const file = await download(artists, artists.locator('main p.actions a.download'))
    expect(file.name).toBe(`united-states-artists-${date}.csv`)
    expect(file.rows.map((r) => [r.region, r.date, r.rank, r.name, r.streams])).toEqual(
      day.artists.map((a: { rank: number; name: string; streams: number }) => [
        'United States',
        date,
        String(a.rank),
        a.name,
        String(a.streams),
      ]),
    )
    expect(file.rows.map((r) => r.name)).toEqual(await titlesOf(artists, 'top artists of the day'))

    const streaks = await open('#/streaks/global?page=2', { width: 390, dark: true })
    await settled(streaks)
    const page2 = (await getJson(app.base, '/streaks?region=global&limit=100&offset=100')).body
    expect(page2.streaks.length).toBeGreaterThan(0)
    const runs = await download(streaks, streaks.locator('main p.actions a.download'))
    expect(runs.name).toBe('global-top200-streaks.csv')
    type Streak = { rank: number; trackId: string; days: number; from: string; to: string }
    expect(runs.rows.map((r) => [r.region, r.rank, r.trackId, r.days, r.from, r.to])).toEqual(
      page2.streaks.map((s: Streak) => [
        'Global',
        String(s.rank),
        s.trackId,
        String(s.days),
        s.from,
        s.to,
      ]),
    )
    expect(runs.rows.map((r) => r.title)).toEqual(await titlesOf(streaks, 'longest streaks'))
  }, 30_000)
})

describe('every view on a phone and in the dark', () => {
  const views: [string, () => string][] = [
    ['chart', () => ''],
    ['track', () => `#/track/${latest.entries[0].trackId}`],
    ['artist', () => '#/artist/beyonce'],
    ['top', () => '#/top/global/tracks'],
    ['number-ones', () => '#/number-ones/global'],
    ['artists', () => '#/artists/global'],
    ['streaks', () => '#/streaks/global'],
  ]
  for (const [name, hashOfView] of views) {
    test(`${name}: no sideways scroll at 390 px, light and dark, its heading and first row in view`, async () => {
      const hash = hashOfView()
      for (const dark of [false, true]) {
        const page = await open(hash, { width: 390, dark })
        await settled(page)
        expect(await scrollWidth(page)).toBeLessThanOrEqual(390)
        expect(await page.locator('main h1').isVisible()).toBe(true)
        // the view's list (or, on a track, its figures by region): a first row, inside the screen
        const row = (await page.locator('main table.list tbody tr').first().boundingBox())!
        expect(row.height).toBeGreaterThan(20)
        expect([row.x >= 0, row.x + row.width <= 390]).toEqual([true, true])
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

describe('sample data notice', () => {
  const views = [
    '',
    '#/track/x',
    '#/artist/beyonce',
    '#/top/global/tracks',
    '#/search/beyon',
    '#/number-ones/global',
  ]
  for (const width of WIDTHS) {
    test(`at ${width} px: every page says the data is invented`, async () => {
      const ready = (await getJson(app.base, '/ready')).body
      expect(ready.index.source.kind).toBe('synthetic')
      for (const hash of views) {
        const page = await open(hash, { width, allow: /status of 400/ })
        await settled(page)
        const notice = page.locator('.sample-notice')
        expect(await notice.isVisible()).toBe(true)
        expect(await notice.textContent()).toStartWith('Sample data: invented songs.')
        // what the data is: its input's kind and days
        const input = ready.index.source.inputs[0]
        expect(await notice.textContent()).toEndWith(
          `Data: generated data in the Kaggle layout, ${input.firstDate} to ${input.lastDate}.`,
        )
        // above the page's content, under the header
        const [top, main] = [await notice.boundingBox(), await page.locator('main').boundingBox()]
        expect(top!.y + top!.height).toBeLessThanOrEqual(main!.y + 1)
        if (hash === '') await shot(page, `notice-${width}-light`)
      }
    }, 60_000)
  }

  test('an index read from real files says what it holds, and not that it is invented', async () => {
    const page = await open('', {
      before: (p) =>
        p.route('**/ready', async (route) => {
          const res = await route.fetch()
          const body = await res.json()
          body.index.source = {
            kind: 'file',
            name: 'charts.csv, downloads/',
            inputs: [
              {
                kind: 'kaggle',
                synthetic: false,
                files: 1,
                firstDate: '2017-01-01',
                lastDate: '2021-12-31',
              },
              {
                kind: 'download',
                synthetic: false,
                files: 140,
                firstDate: '2022-01-01',
                lastDate: '2022-01-01',
              },
            ],
          }
          await route.fulfill({ response: res, json: body })
        }),
    })
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    expect(await page.locator('.sample-notice').count()).toBe(0)
    expect(await page.locator('.data-notice').textContent()).toBe(
      'Data: the Kaggle dataset "Spotify Charts", 2017-01-01 to 2021-12-31; chart downloads of charts.spotify.com (140 files), 2022-01-01 to 2022-01-01.',
    )
  }, 30_000)
})

describe('back and forward', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px: Back from a track returns to the chart row it was opened from`, async () => {
      const page = await open('', { width })
      await settled(page)
      expect(await rows(page, 'chart entries')).toBe(200)
      const row = page.locator('table[aria-label="chart entries"] tbody tr').nth(149)
      await row.scrollIntoViewIfNeeded()
      const before = await page.evaluate(() => window.scrollY)
      expect(before).toBeGreaterThan(1000)
      await row.locator('a.title').click()
      await page.waitForFunction(() => location.hash.startsWith('#/track/'))
      await settled(page)
      // a new page opens at its top
      expect(await page.evaluate(() => window.scrollY)).toBe(0)
      await page.goBack()
      await settled(page)
      expect(await hashOf(page)).toBe('')
      expect(await page.evaluate(() => window.scrollY)).toBe(before)
      const box = (await row.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(900)
      // forward goes back to the top of the track page, as it was left
      await page.goForward()
      await settled(page)
      expect(await page.evaluate(() => window.scrollY)).toBe(0)
      // a reload keeps the place too
      await page.goBack()
      await settled(page)
      await page.reload()
      await settled(page)
      expect(await page.evaluate(() => window.scrollY)).toBe(before)
    }, 30_000)
  }
})
