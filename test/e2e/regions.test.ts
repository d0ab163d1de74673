/**
 * Regions over real HTTP: the region code table, /regions with codes, /regions' charts and
 * dates against a naive computation on every dataset, codes and names in any case or
 * punctuation resolving, and names that fold alike (exact first, then most rows).
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { REGIONS } from '../../build/synthetic-names.ts'
import { naiveRegions } from '../charts-naive.ts'
import { naiveFold } from '../periods-naive.ts'
import { type Row, useDatasets } from './datasets.ts'
import { getJson, ROOT } from './server.ts'

const folding = useDatasets('folding')
const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('region codes and name folding', () => {
  test('the code table maps the 70 Kaggle region names and five more markets to distinct ISO codes', () => {
    const table = parse(readFileSync(join(ROOT, 'data/region-codes.csv')), { columns: true }) as {
      name: string
      code: string
    }[]
    const names = table.map((r) => r.name)
    for (const region of REGIONS) expect(names).toContain(region.name)
    // markets charts.spotify.com has charts for beyond the Kaggle set
    expect(names.filter((name) => !REGIONS.some((r) => r.name === name)).sort()).toEqual([
      'Belarus',
      'Kazakhstan',
      'Nigeria',
      'Pakistan',
      'Venezuela',
    ])
    expect(new Set(table.map((r) => r.code)).size).toBe(table.length)
    for (const r of table) expect(r.code).toMatch(r.name === 'Global' ? /^global$/ : /^[a-z]{2}$/)
    const code = (name: string) => table.find((r) => r.name === name)?.code
    expect([code('United States'), code('United Kingdom'), code('Argentina')]).toEqual([
      'us',
      'gb',
      'ar',
    ])
  })

  test('/regions lists codes (null for an unknown region); codes in any case resolve', async () => {
    const regions = (await getJson(folding.fixture.base, '/regions')).body.regions
    expect(Object.fromEntries(regions.map((r: Row) => [r.name, r.code]))).toEqual({
      Atlantis: null,
      Global: 'global',
      'United Kingdom': 'gb',
    })
    for (const [given, want] of [
      ['US', 'United States'],
      ['us', 'United States'],
      ['GLOBAL', 'Global'],
      ['uk', 'United Kingdom'],
      ['Gb', 'United Kingdom'],
      ['united-states', 'United States'],
      ['  UNITED   states!', 'United States'],
    ]) {
      const { status, body } = await getJson(
        folding.sample.base,
        `/rankings?region=${encodeURIComponent(given)}&limit=1`,
      )
      expect({ given, status, region: body.region }).toEqual({ given, status: 200, region: want })
    }
    const xx = await getJson(folding.sample.base, '/rankings?region=XX')
    expect(xx.status).toBe(404)
    expect(xx.body.error.code).toBe('unknown_region')
    expect(xx.body.error.suggestions.length).toBeGreaterThan(0)
  })

  test("/regions: each region's charts, first and last date and dates, on every dataset", async () => {
    const all = [
      ['sample', folding.sample, folding.sampleRows] as const,
      ['folding', folding.fixture, folding.fixtureRows] as const,
      ['awkward', awkward.fixture, awkward.fixtureRows] as const,
      ['downloads', downloads.fixture, downloads.fixtureRows] as const,
    ]
    for (const [name, server, rows] of all) {
      const { status, body } = await getJson(server.base, '/regions')
      // codes are checked above and in downloads.test.ts
      const got = body.regions.map(({ code, ...rest }: Row) => rest)
      expect({ name, status, got }).toEqual({ name, status: 200, got: naiveRegions(rows) })
    }
  })

  test('punctuation-insensitive names; where several fold alike, exact first, then most rows', async () => {
    const tyler = await getJson(folding.sample.base, '/artist?name=tyler%20the%20creator&limit=1')
    expect(tyler.body.artist).toBe('Tyler, The Creator')
    const search = await getJson(folding.sample.base, '/search?q=tyler%20the')
    expect(search.body.artists.map((a: Row) => a.name)).toContain('Tyler, The Creator')
    // the fixture has AC/DC (10 rows per region), Ac-Dc (the most) and AC DC
    const rowsOf = (name: string) =>
      folding.fixtureRows.filter((r) => r.artist.split(', ').includes(name)).length
    const most = ['AC/DC', 'Ac-Dc', 'AC DC'].sort((a, b) => rowsOf(b) - rowsOf(a))[0]
    for (const [given, want] of [
      ['ac dc', 'AC DC'],
      ['AC/DC', 'AC/DC'],
      ['ac/dc', 'AC/DC'],
      ['AC-DC', 'Ac-Dc'],
      ['ac.dc', most],
      ['  AC :: DC ', most],
    ]) {
      const { status, body } = await getJson(
        folding.fixture.base,
        `/artist?name=${encodeURIComponent(given)}&limit=1`,
      )
      expect({ given, status, artist: body.artist }).toEqual({ given, status: 200, artist: want })
    }
    expect(naiveFold('Tyler, The Creator')).toBe('tyler the creator')
  })
})
