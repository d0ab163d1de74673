/**
 * The docs page in real headless Chromium (see test/browser.ts), with every
 * request to anything but the server refused: the page must render with no internet. Also
 * validates the OpenAPI document with a real validator. (The web app: test/e2e/web/.)
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../browser.ts'
import { buildSample, tempDir } from '../helpers.ts'
import { type ServerProcess, spawnServer } from './server.ts'

const tmp = tempDir()
let server: ServerProcess
let browser: Browser
const external: string[] = []

beforeAll(async () => {
  const { indexDir } = await buildSample(tmp.dir, 4, 20)
  server = await spawnServer({ INDEX_DIR: indexDir })
  browser = await launchBrowser()
}, 120_000) // the first run unpacks the packaged Chromium (see test/browser.ts)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  tmp.cleanup()
})

/** A page whose requests may only reach the server under test. */
async function offlinePage(): Promise<Page> {
  const context = await browser.newContext()
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(server.base)) return route.continue()
    external.push(url)
    return route.abort('internetdisconnected')
  })
  return context.newPage()
}

describe('docs', () => {
  test('the OpenAPI document passes swagger-parser validation', async () => {
    const spec = await (await fetch(`${server.base}/swagger/json`)).json()
    const api = await SwaggerParser.validate(structuredClone(spec))
    expect(api.info.title).toBe('Spotify Charts API')
    const rankings = spec.paths['/rankings'].get
    expect(rankings.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'chart',
      'date',
      'format',
      'limit',
      'offset',
      'region',
    ])
    expect(Object.keys(rankings.responses).sort()).toEqual([
      '200',
      '304',
      '400',
      '404',
      '414',
      '431',
      '503',
    ])
  })

  test('/swagger renders the route list in Chromium with the network cut off, under the page policy', async () => {
    const page = await offlinePage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // a refusal by the Content-Security-Policy is a console error
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    const response = await page.goto(`${server.base}/swagger`)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    // Swagger UI is heavy for a single-process software-rendered Chromium on a busy machine
    await page.waitForSelector('.opblock-summary-path', { timeout: 45_000 })
    const paths = await page.$$eval('.opblock-summary-path', (els) =>
      els.map((e) => e.getAttribute('data-path') ?? e.textContent),
    )
    for (const p of ['/rankings', '/artist', '/regions', '/search', '/tracks/{trackId}/history'])
      expect(paths).toContain(p)
    expect(await page.title()).toBe('Spotify Charts API')
    await page.screenshot({
      path: process.env.SCREENSHOT_DIR
        ? join(process.env.SCREENSHOT_DIR, 'swagger.png')
        : join(tmp.dir, 'swagger.png'),
    })
    expect(errors).toEqual([])
    expect(external).toEqual([])
  }, 60_000)
})
