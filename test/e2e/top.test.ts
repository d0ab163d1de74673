/**
 * GET /top/tracks and /top/artists over real HTTP against the naive top lists of
 * test/periods-naive.ts, every region all time and by year; defaults and bad years.
 */
import { describe, expect, test } from 'bun:test'
import { naiveKey } from '../helpers.ts'
import { naiveTopArtists, naiveTopTracks } from '../periods-naive.ts'
import { checkTrackFields, eachDataset, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const folding = useDatasets('folding')
const downloads = useDatasets('downloads')

/** The pages of a list route, concatenated (limit 1000 per page). */
async function allPages(
  base: string,
  path: string,
  key: string,
): Promise<{ body: Row; items: Row[] }> {
  const items: Row[] = []
  let body: Row = {}
  for (let offset = 0; ; offset += 1000) {
    const res = await getJson(base, `${path}&limit=1000&offset=${offset}`)
    expect({ path, status: res.status }).toEqual({ path, status: 200 })
    body = res.body
    items.push(...body[key])
    if (items.length >= body.total) break
  }
  return { body, items }
}

describe('top lists against a naive computation', () => {
  test('tracks and artists of every region, all time and per year', async () => {
    let lists = 0
    for (const [server, rows] of [
      ...eachDataset(folding).map(([, server, rows]) => [server, rows] as const),
      [downloads.fixture, downloads.fixtureRows] as const,
    ]) {
      for (const region of new Set(rows.filter((r) => r.chart === 'top200').map((r) => r.region))) {
        const years = [
          ...new Set(
            rows.filter((r) => r.region === region).map((r) => Number(r.date.slice(0, 4))),
          ),
        ]
        for (const year of [null, ...years]) {
          const q = `region=${encodeURIComponent(region)}${year === null ? '' : `&year=${year}`}`
          const tracks = await allPages(server.base, `/top/tracks?${q}`, 'tracks')
          expect(tracks.body.year).toBe(year)
          expect(tracks.body.region).toBe(region)
          expect(tracks.items.map(({ title, artist, artists, url, ...rest }) => rest)).toEqual(
            naiveTopTracks(rows, region, year),
          )
          checkTrackFields(rows, tracks.items[0])
          const artists = await allPages(server.base, `/top/artists?${q}`, 'artists')
          expect(
            artists.items.map(({ name, ...rest }) => ({ ...rest, key: naiveKey(name) })),
          ).toEqual(naiveTopArtists(rows, region, year))
          lists++
        }
      }
    }
    expect(lists).toBeGreaterThan(10)
  })

  test('defaults, a year without data, bad years', async () => {
    const def = await getJson(folding.sample.base, '/top/tracks?region=global')
    expect(def.body.limit).toBe(50)
    expect(def.body.tracks).toHaveLength(50)
    const none = await getJson(folding.sample.base, '/top/artists?region=Global&year=2019')
    expect(none.status).toBe(404)
    expect(none.body.error.suggestions).toEqual(['2017'])
    for (const bad of ['year=abc', 'year=1800', 'year=2017.5', 'limit=1001', 'limit=0']) {
      const res = await getJson(folding.sample.base, `/top/tracks?region=Global&${bad}`)
      expect({ bad, status: res.status, parameter: res.body.error.parameter }).toEqual({
        bad,
        status: 400,
        parameter: bad.split('=')[0],
      })
    }
  })
})
