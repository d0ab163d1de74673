/**
 * The alias tables build-index reads (build/artist-aliases.ts): the shipped table parses, and a
 * bad row is an error naming its file and line; the transliteration docs/API.md gives.
 */
import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadAliasTables, transliterate } from '../../build/artist-aliases.ts'
import { runBuildIndexCli } from '../../build/build-index.ts'
import { naiveTransliteration } from '../aliases-naive.ts'
import { tempDir } from '../helpers.ts'
import { naiveFold } from '../periods-naive.ts'

describe('alias tables', () => {
  test('the shipped table parses: every row an alias and a credit', () => {
    const rows = loadAliasTables()
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.find((r) => r.alias === 'BTS')).toMatchObject({ artist: '방탄소년단' })
    for (const r of rows) expect(r.at).toMatch(/^data\/artist-aliases\.csv line \d+$/)
  })

  test('a bad row is an error naming the file and its line', () => {
    const tmp = tempDir()
    try {
      const cases: [string, RegExp][] = [
        ['name,credit\nA,B\n', /bad\.csv line 1: the header must be "alias,artist"/],
        [
          'alias,artist\nA,B\n# a comment\nC,D,E\n',
          /bad\.csv line 4: a row is "alias,artist", 3 fields given/,
        ],
        ['alias,artist\n\nA,B\n,D\n', /bad\.csv line 4: alias and artist must both be given/],
        ['alias,artist\n"!!",B\n', /bad\.csv line 2: the alias has no letter or digit/],
        ['alias,artist\nbeyonce,Beyoncé\n', /bad\.csv line 2: the alias is the artist’s own name/],
        [
          'alias,artist\nA,B\na,C\n',
          /bad\.csv line 3: the alias "a" is given before, at .*bad\.csv line 2/,
        ],
        [
          'alias,artist\nbts,Someone\n',
          /bad\.csv line 2: the alias "bts" is given before, at data\/artist-aliases\.csv line \d+/,
        ],
        ['alias,artist\n"A,B\n', /aliases: .*bad\.csv: /],
      ]
      for (const [text, message] of cases) {
        const path = join(tmp.dir, 'bad.csv')
        writeFileSync(path, text)
        expect(() => loadAliasTables([path])).toThrow(message)
      }
      expect(() => loadAliasTables([join(tmp.dir, 'missing.csv')])).toThrow(
        /aliases: cannot read alias table .*missing\.csv/,
      )
    } finally {
      tmp.cleanup()
    }
  })

  test('build-index refuses a bad table before reading any input (exit 1, file and line)', async () => {
    const tmp = tempDir()
    const errors: string[] = []
    const error = console.error
    console.error = (...parts: unknown[]) => errors.push(parts.join(' '))
    try {
      const path = join(tmp.dir, 'aliases.csv')
      writeFileSync(path, 'alias,artist\nKino,Кино\nkino,Kinoshita\n')
      const code = await runBuildIndexCli([
        '--input',
        join(tmp.dir, 'none.csv'),
        '--out',
        join(tmp.dir, 'index'),
        '--artist-aliases',
        path,
      ])
      expect(code).toBe(1)
      expect(errors[0]).toMatch(/aliases\.csv line 3: the alias "kino" is given before/)
    } finally {
      console.error = error
      tmp.cleanup()
    }
  })

  test('transliteration: Latin letters folding keeps, Cyrillic, Greek; others none', () => {
    const names = ['MØ', 'BØRNS', 'Straße', 'Łukasz', 'Кино', 'Йорш', 'Άλκηστις', 'Þórir']
    for (const name of names) {
      const latin = transliterate(name)
      expect({ name, latin: latin && naiveFold(latin) }).toEqual({
        name,
        latin: naiveTransliteration(name),
      })
    }
    expect(naiveFold(transliterate('Кино')!)).toBe('kino')
    expect(transliterate('MØ')).toBe('MO')
    for (const name of ['Beyoncé', '방탄소년단', '宇多田ヒカル', 'Кино 宇多田', 'Plain'])
      expect(transliterate(name)).toBeNull()
  })
})
