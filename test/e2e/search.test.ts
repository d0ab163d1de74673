/**
 * GET /search over real HTTP: suggestions by edit distance (test/charts-naive.ts) for typos of
 * names, aliases and titles, and artist aliases (the table's and the derived ones) wherever an
 * artist name is taken, against test/aliases-naive.ts.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { naiveAliases, naiveTitleSuggestions } from '../aliases-naive.ts'
import { foldedDistance } from '../charts-naive.ts'
import { rng } from '../helpers.ts'
import { idOf, naiveFold } from '../periods-naive.ts'
import { artistsOf, type Row, useDatasets } from './datasets.ts'
import { getJson, ROOT } from './server.ts'

const awkward = useDatasets('awkward')
/** the aliases fixture (test/helpers.ts aliasFixtureRows) */
const named = useDatasets('aliases')

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
    // an artist is suggested at its closest: its name's folded distance, or an alias's
    const table = readFileSync(join(ROOT, 'data/artist-aliases.csv'), 'utf8')
    const aliases = [...naiveAliases(awkward.sampleRows, table)]
    const distance = (typo: string, name: string) =>
      Math.min(
        foldedDistance(typo, name),
        ...aliases.filter(([, n]) => n === name).map(([alias]) => foldedDistance(typo, alias)),
      )
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
      const distances = names.map((x) => distance(typo, x))
      const best = Math.min(...distances)
      const got = body.suggestions.map((s: string) => distance(typo, s))
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

describe('/search title suggestions on the sample', () => {
  test('a typo of a title suggests the tracks a naive edit distance over every title finds', async () => {
    const rows = awkward.sampleRows
    const titles = [...new Set(rows.map((r) => naiveFold(r.title)))].filter((t) =>
      /^[a-z]{5,}/.test(t),
    )
    const random = rng(9)
    let checked = 0
    for (let n = 0; n < 60 && checked < 10; n++) {
      const title = titles[Math.floor(random() * titles.length)]
      // one letter of the first word changed, and the title's first two words kept
      const words = title.split(' ').slice(0, 1 + Math.floor(random() * 2))
      const at = 2 + Math.floor(random() * (words[0].length - 2))
      words[0] = `${words[0].slice(0, at)}${words[0][at] === 'q' ? 'z' : 'q'}${words[0].slice(at + 1)}`
      const typo = words.join(' ')
      const { body } = await getJson(awkward.sample.base, `/search?q=${encodeURIComponent(typo)}`)
      if (body.artists.length > 0 || body.tracks.length > 0) {
        expect(body.trackSuggestions).toEqual([])
        continue
      }
      const got = body.trackSuggestions.map((t: Row) => t.trackId)
      expect({ typo, got }).toEqual({ typo, got: naiveTitleSuggestions(rows, typo) })
      expect(got.length).toBeGreaterThan(0)
      checked++
    }
    expect(checked).toBeGreaterThan(5)
  })
})

describe('aliases on the sample', () => {
  test('each alias the naive computation finds (40 of them) names its artist on /artist and /search', async () => {
    const table = readFileSync(join(ROOT, 'data/artist-aliases.csv'), 'utf8')
    const all = [...naiveAliases(awkward.sampleRows, table)]
    // the table's (방탄소년단, 宇多田ヒカル are sample artists) and transliterations (Кино, Søren, Łukasz)
    expect(
      all.filter(([, name]) => /[\p{Script=Hangul}\p{Script=Han}]/u.test(name)).length,
    ).toBeGreaterThan(1)
    expect(
      all.filter(([, name]) => /[\p{Script=Cyrillic}øłß]/iu.test(name)).length,
    ).toBeGreaterThan(3)
    const random = rng(11)
    const some = all.filter(() => random() < 40 / all.length)
    for (const [alias, name] of some) {
      const q = encodeURIComponent(alias)
      const artist = await getJson(awkward.sample.base, `/artist?name=${q}&limit=1`)
      expect({ alias, got: artist.body.artist }).toEqual({ alias, got: name })
      const found = (await getJson(awkward.sample.base, `/search?q=${q}&limit=1000`)).body
      const hit = found.artists.find((a: Row) => a.name === name)
      expect({ alias, matched: naiveFold(hit?.matchedAlias ?? '') }).toEqual({
        alias,
        matched: alias,
      })
    }
    expect(some.length).toBeGreaterThan(5)
  })
})

describe('/search and artist routes: aliases and title typos', () => {
  const table = readFileSync(join(ROOT, 'data/artist-aliases.csv'), 'utf8')
  test('an alias finds its artist wherever a name is taken; its own name always wins', async () => {
    const aliases = naiveAliases(named.fixtureRows, table)
    // the table's (BTS, Bangtan Boys, Pink is an artist's own name) and the derived ones
    expect(aliases.get('bts')).toBe('방탄소년단')
    expect(aliases.get('bangtan boys')).toBe('방탄소년단')
    expect(aliases.get('mo')).toBe('MØ')
    expect(aliases.get('kino')).toBe('Кино')
    expect(aliases.get('alkistis protopsalti')).toBe('Άλκηστις Πρωτοψάλτη')
    expect(aliases.has('pink')).toBe(false)
    expect(aliases.has('soren')).toBe(false)
    for (const [alias, name] of aliases) {
      const by = async (path: string) => (await getJson(named.fixture.base, path)).body
      const q = encodeURIComponent
      // every artist route answers as for the artist's own name
      for (const route of ['/artist?name=', '/artist/daily?name=', '/tracks?artist=']) {
        const viaAlias = await getJson(named.fixture.base, `${route}${q(alias)}`)
        expect({ alias, route, status: viaAlias.status }).toEqual({ alias, route, status: 200 })
        expect({ alias, route, body: viaAlias.body }).toEqual({
          alias,
          route,
          body: await by(`${route}${q(name)}`),
        })
      }
      // /search: the artist with the alias it matched by, also from a prefix
      for (const query of [alias, alias.slice(0, Math.max(2, alias.length - 1))]) {
        const found = await by(`/search?q=${q(query)}`)
        const hit = found.artists.find((a: Row) => a.name === name)
        expect({ query, hit: hit && naiveFold(hit.matchedAlias) }).toEqual({ query, hit: alias })
      }
    }
    // matched by its own name: no matchedAlias
    const own = await getJson(named.fixture.base, '/search?q=%EB%B0%A9%ED%83%84')
    expect(own.body.artists).toEqual([{ name: '방탄소년단', tracks: 2 }])
    expect((await getJson(named.fixture.base, '/search?q=bts')).body.artists).toEqual([
      { name: '방탄소년단', tracks: 2, matchedAlias: 'BTS' },
    ])
    // an artist's own name wins over an alias, and a derived one over nothing
    expect((await getJson(named.fixture.base, '/artist?name=pink')).body.artist).toBe('Pink')
    expect((await getJson(named.fixture.base, '/artist?name=p%20nk')).body.artist).toBe('P!nk')
    expect((await getJson(named.fixture.base, '/artist?name=soren')).body.artist).toBe('Soren')
    expect((await getJson(named.fixture.base, '/artist?name=s%C3%B8ren')).body.artist).toBe('Søren')
  })

  test('a typo of an alias suggests its artist', async () => {
    for (const [typo, name] of [
      ['btss', '방탄소년단'],
      ['bangtan boyz', '방탄소년단'],
      ['kinoo', 'Кино'],
    ]) {
      const { body } = await getJson(named.fixture.base, `/search?q=${encodeURIComponent(typo)}`)
      expect({ typo, artists: body.artists, tracks: body.tracks }).toEqual({
        typo,
        artists: [],
        tracks: [],
      })
      expect({ typo, first: body.suggestions[0] }).toEqual({ typo, first: name })
      const unknown = await getJson(named.fixture.base, `/artist?name=${encodeURIComponent(typo)}`)
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.suggestions[0]).toBe(name)
    }
  })

  test('a misspelled title suggests the closest titles (a naive edit distance over all)', async () => {
    const despasio = (await getJson(named.fixture.base, '/search?q=despasio')).body
    expect(despasio.artists).toEqual([])
    expect(despasio.tracks).toEqual([])
    expect(despasio.trackSuggestions[0].title).toBe('Despacito')
    const ids = (body: Row) => body.trackSuggestions.map((t: Row) => t.trackId)
    for (const typo of [
      'despasio',
      'despacitoo remix',
      'shape of yuo',
      'shaep',
      'dynamyte',
      'buter',
    ]) {
      const { body } = await getJson(named.fixture.base, `/search?q=${encodeURIComponent(typo)}`)
      const want = naiveTitleSuggestions(named.fixtureRows, typo)
      expect(want.length).toBeGreaterThan(0)
      expect({ typo, got: ids(body) }).toEqual({ typo, got: want })
      for (const t of body.trackSuggestions) {
        const raw = named.fixtureRows.find((r) => idOf(r.url) === t.trackId)!
        expect(t).toEqual({ trackId: t.trackId, title: raw.title, artist: raw.artist })
      }
    }
    // a match has no suggestions of either kind
    const found = (await getJson(named.fixture.base, '/search?q=despa')).body
    expect(found.tracks.length).toBe(2)
    expect([found.suggestions, found.trackSuggestions]).toEqual([[], []])
  })
})
