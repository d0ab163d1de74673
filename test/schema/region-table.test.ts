/**
 * The region table (data/region-codes.csv) is the one home of the regions: the synthetic
 * sample's 70 regions come from it, and its code aliases are the ones every reader applies.
 * The server reads them from it (src/store/regions.ts; test/e2e/regions.test.ts asks `uk`);
 * the web app (src/web/api.mjs) and the CloudFront function (deploy/cloudfront-query.js)
 * cannot import it, so here each is run and must apply exactly the table's aliases: each
 * alias read as its code, every other code as itself.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REGIONS, SCRIPT_SYLLABLES } from '../../build/synthetic-names.ts'
import { CODE_ALIASES, REGION_TABLE, regionRowsOf } from '../../schema/region-table.ts'
import { ROOT } from '../e2e/server.ts'

type Region = { name: string; code: string }
/** The web app's module, as the browser loads it (plain JavaScript, no types). */
const web: { regionIn: (list: Region[], given: string) => Region | undefined } = await import(
  join(ROOT, 'src/web/api.mjs')
)

describe('the table', () => {
  test('names and codes are unique; the sample takes its 70 regions from it, Global first', () => {
    expect(new Set(REGION_TABLE.map((r) => r.name)).size).toBe(REGION_TABLE.length)
    expect(new Set(REGION_TABLE.map((r) => r.code)).size).toBe(REGION_TABLE.length)
    expect(REGIONS.length).toBe(70)
    expect(REGIONS[0]).toEqual({ name: 'Global', size: 12, script: '' })
    for (const { script } of REGIONS) if (script) expect(SCRIPT_SYLLABLES[script]).toBeDefined()
  })

  test('a bad row is refused with its line', () => {
    expect(() => regionRowsOf('name,code\nAtlantis,atl\n')).toThrow('region codes: line 2 needs')
    expect(() => regionRowsOf('name,code,aliases\nX,xx,yyy\n')).toThrow('region codes: line 2')
    expect(() => regionRowsOf('name,code,sample_weight\nX,xx,-1\n')).toThrow(
      'region codes: line 2: sample_weight must be a positive number',
    )
  })

  test('its aliases: uk for the United Kingdom', () => {
    expect([...CODE_ALIASES]).toEqual([['uk', 'gb']])
  })
})

/** Every alias with its code, and every code of the table as itself, in upper case too. */
const CASES: [string, string][] = [
  ...[...CODE_ALIASES].flatMap(([alias, code]): [string, string][] => [
    [alias, code],
    [alias.toUpperCase(), code],
  ]),
  ...REGION_TABLE.flatMap((r): [string, string][] => [
    [r.code, r.code],
    [r.code.toUpperCase(), r.code],
  ]),
]

describe('readers that cannot import it apply exactly its aliases', () => {
  test('the web app: a region written as an alias or a code is found in /regions', () => {
    const list = REGION_TABLE.map((r) => ({ name: r.name, code: r.code }))
    for (const [given, code] of CASES)
      expect({ given, found: web.regionIn(list, given)?.code }).toEqual({ given, found: code })
    // a code that is no alias and no region finds nothing
    expect(web.regionIn(list, 'zz')).toBeUndefined()
  })

  test('the CloudFront function: the canonical query names the code', () => {
    const handler = new Function(
      `${readFileSync(join(ROOT, 'deploy/cloudfront-query.js'), 'utf8')}\nreturn handler`,
    )()
    const canonical = (region: string) =>
      String(
        handler({
          version: '1.0',
          request: {
            method: 'GET',
            uri: '/rankings',
            querystring: { region: { value: region } },
            headers: {},
            cookies: {},
          },
        }).querystring,
      )
    for (const [given, code] of CASES)
      expect({ given, query: canonical(given) }).toEqual({ given, query: `region=${code}` })
    expect(canonical('ZZ')).toBe('region=zz')
  })
})
