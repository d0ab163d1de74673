/**
 * The artist page in real headless Chromium against the real server (web-page.ts): stats,
 * the plot of its top tracks, paged tracks and the counts explained; one region's figures
 * (Global's equal /top/artists) with by-region rows that switch the region, an artist never
 * on Global opening on its best region; counts that say "1 track".
 * Screenshots go to $SCREENSHOT_DIR, default test-artifacts/web/.
 */
import { describe, expect, test } from 'bun:test'
import { getJson } from '../server.ts'
import { plotFacts, rows, scrollWidth, settled, shot, useWebApp, WIDTHS } from '../web-page.ts'

const app = useWebApp()
const open = app.open

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

describe('artist page: one region at a time', () => {
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

describe('counts', () => {
  test('one of a thing is singular: an artist with one track says "1 track"', async () => {
    let one: { name: string } | undefined
    for (const letter of 'aeiou') {
      const found = (await getJson(app.base, `/search?q=${letter}&limit=50`)).body
      one = found.artists.find((a: { tracks: number }) => a.tracks === 1)
      if (one) break
    }
    expect(one).toBeDefined()
    const page = await open('')
    await settled(page)
    await page.fill('#q', one!.name)
    const suggestion = page.locator('.suggest a', { hasText: one!.name }).first()
    await suggestion.waitFor()
    expect(await suggestion.locator('small').textContent()).toBe('artist · 1 track on any chart')
    await page.press('#q', 'Enter')
    await page.waitForFunction(() => location.hash.startsWith('#/search/'))
    // settled() fails on any "1 tracks", "1 artists" or "1 entries" on the page
    await settled(page)
  }, 30_000)
})
