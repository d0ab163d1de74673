/**
 * `npm run bench:accessors -- [--rows N] [--rounds R]`: do the named row accessors of
 * schema/points.ts (and the one lowerBound of schema/lower-bound.ts) cost anything against
 * hand-written offsets? Same data, same run, alternating rounds; prints the fastest round of
 * each (the one least disturbed by other processes on a shared machine; medians swing by 2×
 * under load) and the ratio accessor ÷ hand-written (1.00 = the JIT inlined them).
 */
import { commandLine } from '../build/cli.ts'
import { lowerBound } from '../schema/lower-bound.ts'
import {
  CHART_ROW_SIZE,
  type ChartRows,
  chartRowViews,
  rowDaysOnChart,
  rowPeakRank,
  rowPreviousRank,
  rowRank,
  rowStreak,
  rowStreams,
  rowTrack,
  rowTrend,
} from '../schema/points.ts'

const values = commandLine<{ rows: string; rounds: string }>({
  name: 'npm run bench:accessors --',
  summary:
    'Reads random chart rows through the named accessors and through hand-written offsets, and runs rank searches both ways, in alternating rounds; prints the fastest round of each and the ratio.',
  options: {
    rows: { type: 'string', value: 'N', default: '2000000', help: 'rows read per round' },
    rounds: { type: 'string', value: 'R', default: '15', help: 'alternating rounds' },
  },
})
const n = Number(values.rows)
const rounds = Number(values.rounds)

// random rows; ranks ascending within each 200-row day, as in an index
const bytes = new Uint8Array(n * CHART_ROW_SIZE)
const views = chartRowViews(bytes)
let seed = 1
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed
}
for (let i = 0; i < bytes.length; i++) bytes[i] = rand() >>> 24
for (let r = 0; r < n; r++) bytes[r * CHART_ROW_SIZE + 8] = (r % 200) + 1

function sumAccessors(v: ChartRows): number {
  let s = 0
  for (let r = 0; r < n; r++) {
    s +=
      rowTrack(v, r) +
      rowStreams(v, r) +
      rowRank(v, r) +
      rowTrend(v, r) +
      rowPreviousRank(v, r) +
      rowPeakRank(v, r) +
      rowDaysOnChart(v, r) +
      rowStreak(v, r)
  }
  return s
}

function sumByHand(u8: Uint8Array, u16: Uint16Array, u32: Uint32Array): number {
  let s = 0
  for (let r = 0; r < n; r++) {
    const o = r * 32
    s +=
      u32[r * 8] +
      u32[r * 8 + 1] +
      u8[o + 8] +
      u8[o + 9] +
      u8[o + 10] +
      u8[o + 11] +
      u16[r * 16 + 6] +
      u16[r * 16 + 7]
  }
  return s
}

// 200 000 searches for a rank inside one day's 200 rows
const SEARCHES = 200_000
function searchHelper(v: ChartRows): number {
  let s = 0
  for (let k = 0; k < SEARCHES; k++) {
    const lo = (k % (n / 200)) * 200
    const rank = (k % 200) + 1
    s += lowerBound(lo, lo + 200, (i) => rowRank(v, i) < rank)
  }
  return s
}

function searchByHand(u8: Uint8Array): number {
  let s = 0
  for (let k = 0; k < SEARCHES; k++) {
    let lo = (k % (n / 200)) * 200
    let hi = lo + 200
    const rank = (k % 200) + 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (u8[mid * 32 + 8] < rank) lo = mid + 1
      else hi = mid
    }
    s += lo
  }
  return s
}

function time(f: () => number): { ms: number; result: number } {
  const t = performance.now()
  const result = f()
  return { ms: performance.now() - t, result }
}

const fastest = (xs: number[]) => Math.min(...xs)
const cases = [
  {
    name: `read all 8 fields of ${n.toLocaleString('en')} rows`,
    accessor: () => sumAccessors(views),
    hand: () => sumByHand(views.u8, views.u16, views.u32),
  },
  {
    name: `${SEARCHES.toLocaleString('en')} rank searches in a day`,
    accessor: () => searchHelper(views),
    hand: () => searchByHand(views.u8),
  },
]
console.log(
  `bun ${Bun.version}, ${rounds} alternating rounds (after 2 warm-up rounds), fastest round`,
)
console.log('| case | hand-written ms | accessor ms | accessor ÷ hand |')
console.log('|---|---:|---:|---:|')
for (const c of cases) {
  const a: number[] = []
  const h: number[] = []
  for (let i = 0; i < rounds + 2; i++) {
    const x = time(c.hand)
    const y = time(c.accessor)
    if (x.result !== y.result) throw new Error(`bench: ${c.name}: results differ`)
    if (i >= 2) {
      h.push(x.ms)
      a.push(y.ms)
    }
  }
  const ratio = fastest(a) / fastest(h)
  console.log(
    `| ${c.name} | ${fastest(h).toFixed(2)} | ${fastest(a).toFixed(2)} | ${ratio.toFixed(2)} |`,
  )
}
