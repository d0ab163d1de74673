/**
 * The rules with one home (src/routes/params.ts, src/errors.ts) through the request pipeline: every
 * paged route's defaults are its schema's, an unknown artist is one 404 wherever it is asked
 * for (suggestions by edit distance over the catalog), and a 400 names its parameter.
 */
import { describe, expect, test } from 'bun:test'
import { artistQuery } from '../../../src/routes/artist/index.ts'
import { numberOnesQuery } from '../../../src/routes/number-ones/index.ts'
import { topQuery } from '../../../src/routes/top/index.ts'
import { weeklyQuery } from '../../../src/routes/weekly/index.ts'
import { naiveKey, naiveSplit } from '../../helpers.ts'
import { useSampleApp } from './sample-app.ts'

const sample = useSampleApp()

describe('defaults come from the route schemas', () => {
  const cases = [
    ['/top/tracks?region=Global', topQuery],
    ['/top/artists?region=Global', topQuery],
    ['/rankings/weekly?region=Global', weeklyQuery],
    ['/number-ones?region=Global', numberOnesQuery],
  ] as const
  for (const [url, schema] of cases) {
    test(`${url}: offset and limit are the schema's defaults`, async () => {
      const res = await sample().get(url)
      expect(res.status).toBe(200)
      const body = await res.json()
      expect([body.offset, body.limit]).toEqual([
        schema.properties.offset.default,
        schema.properties.limit.default,
      ])
    })
  }

  test("/artist: the schema's limit, and a page past the end is empty", async () => {
    const name = naiveSplit(sample().rows[0].artist)[0]
    const body = await (await sample().get(`/artist?name=${encodeURIComponent(name)}`)).json()
    expect([body.offset, body.limit]).toEqual([
      artistQuery.properties.offset.default,
      artistQuery.properties.limit.default,
    ])
    expect(body.tracks.length).toBe(Math.min(body.totalTracks, body.limit))
    const past = await sample().get(
      `/artist?name=${encodeURIComponent(name)}&offset=${body.totalTracks}`,
    )
    expect((await past.json()).tracks).toEqual([])
  })
})

describe('an unknown artist', () => {
  /** An artist of the rows with a long name, and that name with one letter changed. */
  function typo(): { name: string; typed: string } {
    const names = [...new Set(sample().rows.flatMap((r) => naiveSplit(r.artist)))]
    const name = names.find((n) => naiveKey(n).length >= 9 && /^[a-z ]+$/.test(naiveKey(n)))!
    const key = naiveKey(name)
    const i = key.length - 3
    const typed = key.slice(0, i) + (key[i] === 'q' ? 'z' : 'q') + key.slice(i + 1)
    return { name, typed }
  }

  test('/artist and /tracks?artist= answer the same 404, suggesting the name a letter away', async () => {
    const { name, typed } = typo()
    const q = encodeURIComponent(typed)
    const a = await sample().get(`/artist?name=${q}`)
    const b = await sample().get(`/tracks?artist=${q}`)
    expect([a.status, b.status]).toEqual([404, 404])
    const ea = (await a.json()).error
    const eb = (await b.json()).error
    expect(ea).toEqual(eb)
    expect(ea.code).toBe('unknown_artist')
    expect(ea.message).toBe(`no artist "${typed}"`)
    expect(ea.suggestions).toContain(name)
    // the same suggestions /search gives when nothing matches
    const search = await (await sample().get(`/search?q=${q}`)).json()
    expect(search.suggestions).toEqual(ea.suggestions)
  })
})

describe('400s', () => {
  test('/tracks without a filter names the date parameter, in the one error shape', async () => {
    const res = await sample().get('/tracks')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: {
        code: 'bad_parameter',
        message: 'date, region, artist: give at least one filter',
        parameter: 'date',
      },
    })
  })

  test('a schema violation and an impossible date are the same kind of 400', async () => {
    const bad = await (await sample().get('/rankings?region=Global&limit=0')).json()
    expect(bad.error).toEqual({
      code: 'bad_parameter',
      message: 'limit: must be an integer from 1 to 200',
      parameter: 'limit',
    })
    const date = await (await sample().get('/rankings?region=Global&date=2017-02-30')).json()
    expect(date.error).toEqual({
      code: 'bad_parameter',
      message: 'date: 2017-02-30 is not a real date',
      parameter: 'date',
    })
  })
})
