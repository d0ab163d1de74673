/**
 * GET /rankings/weekly over real HTTP against the naive weekly charts of test/periods-naive.ts: every
 * week of every region, its entries, facts and days; the default week; 404s and paging.
 */
import { describe, expect, test } from 'bun:test'
import { naiveWeekly, naiveWeekStart } from '../periods-naive.ts'
import { checkTrackFields, eachDataset, type Row, useDatasets } from './datasets.ts'
import { getJson } from './server.ts'

const folding = useDatasets('folding')
const awkward = useDatasets('awkward')
const downloads = useDatasets('downloads')

describe('weekly charts against a naive computation', () => {
  test('every week of every region: entries, facts, days and source', async () => {
    let weeks = 0
    let official = 0
    const datasets = [
      ...eachDataset(folding).map(([, server, rows]) => [server, rows, []] as const),
      [downloads.fixture, downloads.fixtureRows, downloads.fixtureWeekly] as const,
    ]
    for (const [server, rows, spotify] of datasets) {
      for (const region of new Set(rows.filter((r) => r.chart === 'top200').map((r) => r.region))) {
        const want = naiveWeekly(rows, region, spotify)
        const ordered = [...want.keys()].sort()
        for (const week of ordered) {
          const { status, body } = await getJson(
            server.base,
            `/rankings/weekly?region=${encodeURIComponent(region)}&week=${week}`,
          )
          expect(status).toBe(200)
          const friday = new Date(`${week}T00:00:00Z`)
          expect(body.region).toBe(region)
          expect(body.weekStart).toBe(week)
          expect(body.weekEnd).toBe(
            new Date(friday.getTime() + 6 * 86_400_000).toISOString().slice(0, 10),
          )
          expect(body.days).toBe(want.get(week)!.days)
          expect(body.source).toBe(want.get(week)!.source)
          if (body.source === 'official') official++
          expect(body.total).toBe(want.get(week)!.entries.length)
          const got = body.entries.map((e: Row) => {
            const { title, artist, artists, url, ...rest } = e
            return rest
          })
          expect(got).toEqual(want.get(week)!.entries)
          checkTrackFields(rows, body.entries[0])
          weeks++
        }
        // no week: the latest official or with all 7 daily charts, else the latest; a date
        // inside a week finds that week
        const latest = await getJson(
          server.base,
          `/rankings/weekly?region=${encodeURIComponent(region)}&limit=1`,
        )
        const complete = ordered.filter(
          (w) => want.get(w)!.source === 'official' || want.get(w)!.days === 7,
        )
        expect(latest.body.weekStart).toBe(complete.at(-1) ?? ordered.at(-1))
        const midWeek = new Date(new Date(`${ordered[0]}T00:00:00Z`).getTime() + 3 * 86_400_000)
          .toISOString()
          .slice(0, 10)
        const inside = await getJson(
          server.base,
          `/rankings/weekly?region=${encodeURIComponent(region)}&week=${midWeek}&limit=1`,
        )
        expect(inside.body.weekStart).toBe(naiveWeekStart(midWeek))
      }
    }
    expect(weeks).toBeGreaterThan(20)
    expect(official).toBe(downloads.fixtureWeekly.length)
  })

  test('a week without data is a 404 with the nearest weeks; limit and offset page', async () => {
    const { status, body } = await getJson(
      folding.sample.base,
      '/rankings/weekly?region=Global&week=2030-01-01',
    )
    expect(status).toBe(404)
    expect(body.error.code).toBe('unknown_date')
    expect(body.error.suggestions.length).toBeGreaterThan(0)
    for (const s of body.error.suggestions) expect(naiveWeekStart(s)).toBe(s)
    const all = await getJson(folding.sample.base, '/rankings/weekly?region=Global')
    const page = await getJson(
      folding.sample.base,
      '/rankings/weekly?region=Global&limit=7&offset=190',
    )
    expect(page.body.entries).toEqual(all.body.entries.slice(190, 197))
    expect(page.body.total).toBe(all.body.total)
  })
})

describe('the default week', () => {
  test('without week: the latest week with all 7 daily charts', async () => {
    const weeks = naiveWeekly(awkward.sampleRows, 'Global')
    const ordered = [...weeks.keys()].sort()
    expect(weeks.get(ordered.at(-1)!)!.days).toBeLessThan(7)
    const complete = ordered.filter((w) => weeks.get(w)!.days === 7).at(-1)
    const { body } = await getJson(awkward.sample.base, '/rankings/weekly?region=Global&limit=1')
    expect(body.weekStart).toBe(complete)
    expect(body.days).toBe(7)
    // the fixture has no complete week: the latest week with data
    const fixtureWeeks = [...naiveWeekly(awkward.fixtureRows, 'Global').keys()].sort()
    const latest = await getJson(awkward.fixture.base, '/rankings/weekly?region=Global&limit=1')
    expect(latest.body.weekStart).toBe(fixtureWeeks.at(-1))
  })
})
