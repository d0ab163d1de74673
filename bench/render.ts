/**
 * `npm run bench:render -- [--scale full] [--shape default|wide] [--index DIR] [--bodies 5000]
 * [--rounds 5]`: what rendering costs
 * alone, in process, on a built index (bench/README.md, "Where time goes", item 11): µs per
 * body for 200-entry rankings at random dates and one ranking over and over (the same work
 * without cache misses), the seed route's rows and body, and track histories. Rounds
 * alternate between the cases; the fastest round of each is shown (the machine is shared).
 */
import { join } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { pointRegion } from '../schema/points.ts'
import { type RankingQuery, rankingJson } from '../src/render/ranking.ts'
import { filteredRowsJson, historyJson } from '../src/render/tracks.ts'
import { filteredRows } from '../src/store/filtered-rows.ts'
import { openIndex } from '../src/store/open-index.ts'
import { rankingRange } from '../src/store/rankings.ts'
import { trackHistoryRange } from '../src/store/tracks.ts'
import { regionOfPosition, seeded } from './draws.ts'
import { benchWorkDir } from './work-dir.ts'

const values = commandLine<{
  scale: string
  shape: string
  index?: string
  bodies: string
  rounds: string
}>({
  name: 'npm run bench:render --',
  summary:
    'Renders ranking, seed-route and history bodies alone, in process, in alternating rounds; prints µs per body (fastest round) and bytes.',
  options: {
    scale: {
      type: 'string',
      value: 'small|medium|full',
      default: 'full',
      help: 'the index npm run bench built for this scale (bench/work/), unless --index names one',
    },
    shape: { type: 'string', value: 'default|wide', default: 'default', help: 'its catalog shape' },
    index: { type: 'string', value: 'DIR', help: 'an index directory to render from' },
    bodies: { type: 'string', value: 'N', default: '5000', help: 'bodies per round' },
    rounds: { type: 'string', value: 'N', default: '5', help: 'alternating rounds' },
  },
})
const indexDir =
  values.index ??
  join(benchWorkDir(join(import.meta.dir, '..'), values.scale!, values.shape!), 'index')
const index = openIndex(indexDir)
const chart = index.charts.top200
const count = Number(values.bodies)
const random = seeded(7)
const regionOf = (pos: number) => regionOfPosition(chart, pos)
const ranking = (pos: number): RankingQuery => ({
  chart,
  region: regionOf(pos),
  datePos: pos,
  offset: 0,
  limit: 200,
  ...rankingRange(chart, pos, 0, 200),
})
const randomPositions = Array.from({ length: count }, () =>
  Math.floor(random() * chart.dates.length),
)
const rankings = randomPositions.map(ranking)
const repeated = ranking(randomPositions[0])
const seeds = randomPositions.map((pos) => ({ day: chart.dates[pos], region: regionOf(pos) }))
const histories = Array.from({ length: count }, () => {
  for (;;) {
    const t = Math.floor(random() * index.trackCount)
    const start = chart.trackPointOffsets[t]
    const end = chart.trackPointOffsets[t + 1]
    if (end > start) {
      const region = pointRegion(chart.points, start)
      return { t, region, ...trackHistoryRange(index, t, 'top200', region) }
    }
  }
})

const cases: [string, (i: number) => Uint8Array][] = [
  ['ranking, random date', (i) => rankingJson(index, rankings[i])],
  ['ranking, one date over and over', () => rankingJson(index, repeated)],
  [
    'seed route (rows + body), random date',
    (i) => filteredRowsJson(index, filteredRows(index, { ...seeds[i], artist: -1 })),
  ],
  [
    'track history in one region, random track',
    (i) => {
      const h = histories[i]
      return historyJson(index, h.t, h.region, 'top200', h.start, h.end)
    },
  ],
]
const best = new Map<string, { us: number; bytes: number }>()
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, render] of cases) {
    let bytes = 0
    Bun.gc(false)
    const started = performance.now()
    for (let i = 0; i < count; i++) {
      bytes += render(i).byteLength
      // young collections as often as the server gets them from its responses (item 14)
      if (i % 1000 === 999) Bun.gc(false)
    }
    const us = ((performance.now() - started) * 1000) / count
    // the first round also warms the JIT and the young generation (README item 14)
    if (round > 0 && us < (best.get(name)?.us ?? Number.POSITIVE_INFINITY))
      best.set(name, { us, bytes: bytes / count })
  }
}
console.log(`index ${indexDir}: ${index.trackCount.toLocaleString('en')} tracks`)
console.log('\n| body | µs per body | bytes |\n|---|---:|---:|')
for (const [name] of cases) {
  const b = best.get(name)!
  console.log(`| ${name} | ${b.us.toFixed(1)} | ${Math.round(b.bytes).toLocaleString('en')} |`)
}
