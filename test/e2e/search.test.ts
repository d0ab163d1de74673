/**
 * GET /search over real HTTP: suggestions by edit distance (test/v3-naive.ts) for typos.
 */
import { describe, expect, test } from 'bun:test'
import { rng } from '../helpers.ts'
import { naiveFold } from '../v2-naive.ts'
import { foldedDistance } from '../v3-naive.ts'
import { artistsOf, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const awkward = useDatasets('awkward')

describe('/search suggestions', () => {
  test('a typo finds the artist by edit distance; a match has none', async () => {
    const beyonse = await getJson(awkward.sample.base, '/search?q=beyonse')
    expect(beyonse.body.artists).toEqual([])
    expect(beyonse.body.tracks).toEqual([])
    expect(beyonse.body.suggestions[0]).toBe('Beyoncé')
    const found = await getJson(awkward.sample.base, '/search?q=beyon')
    expect(found.body.artists.length).toBeGreaterThan(0)
    expect(found.body.suggestions).toEqual([])
    const names = artistsOf(awkward.sampleRows)
    const random = rng(5)
    let checked = 0
    for (let n = 0; n < 40 && checked < 12; n++) {
      const name = names[Math.floor(random() * names.length)]
      const fold = naiveFold(name)
      if (fold.length < 6) continue
      // one letter changed in the middle of the first word: no prefix or word matches
      const at = Math.min(3, fold.length - 2)
      const typo = `${fold.slice(0, at)}${fold[at] === 'x' ? 'z' : 'x'}${fold.slice(at + 1)}`
      const { body } = await getJson(awkward.sample.base, `/search?q=${encodeURIComponent(typo)}`)
      if (body.artists.length > 0 || body.tracks.length > 0) {
        expect(body.suggestions).toEqual([])
        continue
      }
      const distances = names.map((x) => foldedDistance(typo, x))
      const best = Math.min(...distances)
      const got = body.suggestions.map((s: string) => foldedDistance(typo, s))
      expect(body.suggestions.length).toBeGreaterThan(0)
      expect(body.suggestions.length).toBeLessThanOrEqual(5)
      expect(got[0]).toBe(best)
      expect(got).toEqual([...got].sort((a: number, b: number) => a - b))
      expect(got.every((d: number) => d <= Math.max(2, Math.ceil(typo.length / 3)))).toBe(true)
      // nothing closer was left out
      const cap = got.at(-1)
      if (body.suggestions.length < 5)
        expect(distances.filter((d) => d <= Math.min(cap, best)).length).toBeGreaterThan(0)
      expect(body.suggestions.map(naiveFold)).toContain(naiveFold(name))
      checked++
    }
    expect(checked).toBeGreaterThan(5)
  })
})
