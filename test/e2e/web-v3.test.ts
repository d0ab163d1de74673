/**
 * The web app's views of the v3 answers, in real headless Chromium against the real server
 * on a sample (synthetic) index (web-page.ts), at 1280 and 390 px: the sample-data notice on
 * every page, the artist page's one-region figures (Global's equal /top/artists, an artist
 * never on Global opens on its best region) and its by-region rows that switch the region,
 * a typo's "Did you mean", the weekly chart opening on the latest complete week, each chart
 * entry's stream change and running total, the movers panel (what changed since the
 * previous day) and the #1 history of a region.
 * Screenshots go to test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from './server.ts'
import { hashOf, plotFacts, rows, scrollWidth, settled, shot, useWebApp } from './web-page.ts'

const app = useWebApp()
const open = app.open
const WIDTHS = [1280, 390]

interface ByRegion {
  region: string
  code: string | null
  totalStreams: number | null
}

/** An artist of the sample that charted in some country but never on Global, with that country. */
async function neverOnGlobal(): Promise<{ name: string; region: string }> {
  const global = (await getJson(app.base, '/top/artists?region=global&limit=1000')).body
  const onGlobal = new Set(global.artists.map((a: { name: string }) => a.name))
  const { regions } = (await getJson(app.base, '/regions')).body
  for (const r of regions) {
    if (r.name === 'Global') continue
    const top = (await getJson(app.base, `/top/artists?region=${r.code}&limit=1000`)).body
    const artist = top.artists.find((a: { name: string }) => !onGlobal.has(a.name))
    if (artist) {
      const { byRegion } = (
        await getJson(app.base, `/artist?name=${encodeURIComponent(artist.name)}`)
      ).body
      return { name: artist.name, region: byRegion[0].region }
    }
  }
  throw new Error('the sample has no artist that never charted on Global')
}

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
        // above the page's content, under the header
        const [top, main] = [await notice.boundingBox(), await page.locator('main').boundingBox()]
        expect(top!.y + top!.height).toBeLessThanOrEqual(main!.y + 1)
        if (hash === '') await shot(page, `notice-${width}-light`)
      }
    }, 60_000)
  }

  test('an index read from a file gets no notice', async () => {
    const page = await open('', {
      before: (p) =>
        p.route('**/ready', async (route) => {
          const res = await route.fetch()
          const body = await res.json()
          body.index.source = { kind: 'file', name: 'charts.csv' }
          await route.fulfill({ response: res, json: body })
        }),
    })
    await settled(page)
    expect(await rows(page, 'chart entries')).toBe(200)
    expect(await page.locator('.sample-notice').count()).toBe(0)
  }, 30_000)
})

describe('artist page', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: opens on Global, its streams those of /top/artists; by-region rows switch the region`, async () => {
      const global = (await getJson(app.base, '/top/artists?region=global&limit=1000')).body
      const top = global.artists.find((a: { name: string }) => a.name === 'Beyoncé')
      const answer = (await getJson(app.base, '/artist?name=beyonce&limit=50')).body
      const page = await open('#/artist/beyonce', { width })
      await settled(page)
      expect(await page.textContent('main h1')).toBe('Beyoncé')
      expect(await page.inputValue('select >> nth=0')).toBe('global')
      expect(await page.locator('option', { hasText: 'All regions' }).count()).toBe(0)
      const streams = page.locator('.stat.streams')
      expect(await streams.getAttribute('title')).toBe(top.totalStreams.toLocaleString('en'))
      expect(await streams.locator('.label').textContent()).toBe('streams in Global')
      expect(await page.locator('.stat', { hasText: 'best peak in Global' }).count()).toBe(1)
      // by region: every region side by side, Global marked as the one shown
      const byRegion: ByRegion[] = answer.byRegion
      expect(await rows(page, 'by region')).toBe(byRegion.length)
      const names = page.locator('table[aria-label="by region"] tbody td.main a')
      expect(await names.allTextContents()).toEqual(byRegion.map((r) => r.region))
      expect(
        await page.locator('table[aria-label="by region"] a[aria-current]').textContent(),
      ).toBe('Global')
      // the plot draws its five most streamed tracks in Global: five lines
      const facts = await plotFacts(page)
      expect(facts.labels).toEqual(answer.tracks.slice(0, 5).map((t: { title: string }) => t.title))
      expect(facts.points.every((n) => n > 0)).toBe(true)
      expect(facts.drawn).toBeGreaterThan(20)
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width)
      await shot(page, `artist-${width}-light`)
      // the keyboard reaches a region's row; Enter shows that region's figures
      const other = byRegion[1]
      const link = names.nth(1)
      await link.focus()
      expect(await link.evaluate((a) => a === document.activeElement)).toBe(true)
      await page.keyboard.press('Enter')
      await page.waitForFunction((code) => location.hash.includes(`region=${code}`), other.code)
      await settled(page)
      expect(await page.locator('.stat.streams .label').textContent()).toBe(
        `streams in ${other.region}`,
      )
      expect(await page.locator('.stat.streams').getAttribute('title')).toBe(
        other.totalStreams!.toLocaleString('en'),
      )
      const there = (await getJson(app.base, `/artist?name=beyonce&region=${other.code}`)).body
      expect(await rows(page, 'tracks')).toBe(Math.min(50, there.totalTracks))
      const plotted = await plotFacts(page)
      expect(plotted.labels).toEqual(
        there.tracks.slice(0, 5).map((t: { title: string }) => t.title),
      )
      expect(
        await page.locator('table[aria-label="by region"] a[aria-current]').textContent(),
      ).toBe(other.region)
      await page.goBack()
      await settled(page)
      expect(await page.locator('.stat.streams .label').textContent()).toBe('streams in Global')
    }, 60_000)
  }

  test('an artist never on Global opens on the region it streamed most in', async () => {
    const { name, region } = await neverOnGlobal()
    const page = await open(`#/artist/${encodeURIComponent(name)}`)
    await settled(page)
    expect(await page.textContent('main h1')).toBe(name)
    expect(await page.locator('.stat.streams .label').textContent()).toBe(`streams in ${region}`)
    expect(
      await page.locator('table[aria-label="by region"] td.main a').allTextContents(),
    ).not.toContain('Global')
    const there = (
      await getJson(
        app.base,
        `/artist?name=${encodeURIComponent(name)}&region=${encodeURIComponent(region)}`,
      )
    ).body
    expect(await rows(page, 'tracks')).toBe(Math.min(50, there.totalTracks))
    expect((await plotFacts(page)).labels).toHaveLength(Math.min(5, there.totalTracks))
    await shot(page, 'artist-never-on-global-1280-light')
  }, 30_000)
})

describe('search', () => {
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
        `Nothing matches “beyonse”. Did you mean ${found.suggestions.length > 1 ? found.suggestions.slice(0, -1).join(', ') + ' or ' + found.suggestions.at(-1) : found.suggestions[0]}?`,
      )
      expect(await hashOf(page)).toBe('#/search/beyonse')
    }, 30_000)
  }
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
      expect(await page.locator('th', { hasText: /^(Change|Total)$/ }).count()).toBe(0)
    }
  }, 30_000)
})

describe('chart page: what changed', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: new entries, re-entries, climbers, fallers and dropouts, each a link`, async () => {
      const movers = (await getJson(app.base, '/rankings/movers?region=Global&limit=5')).body
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
      // the whole lists say their size; climbers and fallers are the biggest 5
      const groups: [string, { trackId: string }[], boolean][] = [
        ['New', movers.newEntries, true],
        ['Re-entries', movers.reEntries, true],
        ['Biggest climbers', movers.climbers, false],
        ['Biggest fallers', movers.fallers, false],
        ['Dropouts', movers.dropouts, true],
      ]
      for (const [name, list, whole] of groups) {
        const group = panel.locator(`section[aria-label="${name}"]`)
        expect(await group.locator('h3 small').allTextContents()).toEqual(
          whole ? [String(list.length)] : [],
        )
        expect(
          await group.locator('li a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
        ).toEqual(list.slice(0, 5).map((e) => `#/track/${e.trackId}`))
      }
      expect(await panel.locator('summary').textContent()).toContain(`What changed since`)
      await panel.scrollIntoViewIfNeeded()
      await shot(page, `chart-movers-${width}-light`)
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

describe('#1 history', () => {
  for (const width of WIDTHS) {
    test(`at ${width} px: every run at #1 in a region, its dates opening the chart of that day`, async () => {
      const answer = (await getJson(app.base, '/number-ones?region=Global')).body
      const page = await open('', { width })
      await settled(page)
      // reached from the chart page
      await page.click('main .summary a:text("#1 history")')
      await page.waitForFunction(() => location.hash === '#/number-ones/global')
      await settled(page)
      expect(await page.textContent('main h1')).toBe('#1 history · Global')
      expect(await rows(page, '#1 runs')).toBe(answer.runs.length)
      const titles = page.locator('table[aria-label="#1 runs"] a.title')
      expect(await titles.allTextContents()).toEqual(
        answer.runs.map((r: { title: string }) => r.title),
      )
      const days = page.locator('table[aria-label="#1 runs"] td[data-label="Days"]')
      expect(await days.allTextContents()).toEqual(
        answer.runs.map((r: { days: number }) => String(r.days)),
      )
      expect(await page.textContent('main .summary')).toContain(
        `${answer.total} ${answer.total === 1 ? 'run' : 'runs'} at #1`,
      )
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width)
      await shot(page, `number-ones-${width}-light`)
      // a run's first day opens that day's chart, with the run's track at #1
      const run = answer.runs.at(-1)
      const from = page
        .locator('table[aria-label="#1 runs"] tbody tr')
        .last()
        .locator('td[data-label="From"] a')
      await from.click()
      await page.waitForFunction((d) => location.hash === `#/chart/global/daily/${d}`, run.from)
      await settled(page)
      expect(
        await page
          .locator('table[aria-label="chart entries"] a.title')
          .first()
          .getAttribute('href'),
      ).toBe(`#/track/${run.trackId}`)
      // the header's link reaches it too, by keyboard
      const nav = page.locator('header nav a', { hasText: '#1s' })
      await nav.focus()
      await page.keyboard.press('Enter')
      await page.waitForFunction(() => location.hash === '#/number-ones/global')
      await settled(page)
    }, 30_000)
  }

  test('a year and another region; viral 50 runs', async () => {
    const { regions } = (await getJson(app.base, '/regions')).body
    const region = regions.find((r: { name: string }) => r.name !== 'Global')
    const year = region.lastDate.slice(0, 4)
    const answer = (
      await getJson(app.base, `/number-ones?region=${region.code}&year=${year}&chart=viral50`)
    ).body
    const page = await open(`#/number-ones/${region.code}/${year}?chart=viral50`)
    await settled(page)
    expect(await page.textContent('main h1')).toBe(`#1 history · ${region.name} · ${year}`)
    expect(await rows(page, '#1 runs')).toBe(answer.runs.length)
    expect(
      await page.locator('table[aria-label="#1 runs"] a.title').first().getAttribute('href'),
    ).toBe(`#/track/${answer.runs[0].trackId}?chart=viral50`)
  }, 30_000)
})
