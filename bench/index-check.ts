/**
 * `npm run bench:index-check -- [--index DIR] [--rounds 5]`: what it costs to open an index and
 * check it before serving, and the checksums it could use. Prints a markdown table
 * of medians over the rounds (files in the page cache: the cost on a warm machine; a cold
 * disk adds its read time to every row that touches bytes).
 *
 * Rows: opening (libc read-only mmap, the old `Bun.mmap`, reading into memory), the whole
 * check the server runs (`verifyIndexNow`: CRC-32 of every byte + structure), its two halves,
 * and every byte through CRC-32 (sliced, as the server does), xxHash3 and xxHash64 (Bun
 * offers them one-shot only), SHA-256. Baseline: one pass summing every 4 KB page's first
 * byte (touching the mapping).
 */
import { readdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { holdFile, type IndexMode } from '../src/store/mmap.ts'
import { type Index, openIndex } from '../src/store/open-index.ts'
import { indexCheck, verifyIndexNow } from '../src/store/verify-index.ts'

const values = commandLine<{ index: string; rounds: string }>({
  name: 'npm run bench:index-check --',
  summary:
    'Times opening an index (libc mapping, Bun.mmap, read into memory), the check the server runs before serving a build, its halves, and other checksums; medians of the rounds.',
  options: {
    index: { type: 'string', value: 'DIR', default: 'bench/work/full-index', help: 'the index' },
    rounds: { type: 'string', value: 'N', default: '5', help: 'rounds (the median is shown)' },
  },
})
const dir = resolve(values.index!)
const rounds = Number(values.rounds)
const SLICE = 1 << 20

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** Median wall and CPU (user + system) milliseconds of `run` over the rounds. */
function time(run: () => void): [number, number] {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < rounds; i++) {
    Bun.gc(true)
    const c = process.cpuUsage()
    const t = performance.now()
    run()
    wall.push(performance.now() - t)
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
  }
  return [median(wall), median(cpu)]
}

const open = (mode: IndexMode) => () => void openIndex(dir, mode)
const fbFiles = readdirSync(dir).filter((f) => f.endsWith('.fb'))
const index: Index = openIndex(dir)
const files = index.files.map((f) => f.bytes)
const total = files.reduce((n, b) => n + b.length, 0)
const each = (f: (b: Uint8Array) => unknown) => () => {
  for (const b of files) f(b)
}

const rows: [string, [number, number]][] = [
  [
    'touch every page (baseline)',
    time(
      each((b) => {
        let s = 0
        for (let i = 0; i < b.length; i += 4096) s += b[i]
        return s
      }),
    ),
  ],
  [
    'map the files: libc, read-only (served)',
    time(() => {
      for (const f of fbFiles) holdFile(join(dir, f), 'mmap')
    }),
  ],
  [
    'map the files: Bun.mmap (before)',
    time(() => {
      for (const f of fbFiles) Bun.mmap(join(dir, f))
    }),
  ],
  ['openIndex: libc mapping + views (served)', time(open('mmap'))],
  ['openIndex: read into memory (INDEX_MODE=memory)', time(open('memory'))],
  ['whole check before serving (CRC-32 + structure)', time(() => verifyIndexNow(index))],
  [
    'CRC-32, 1 MB slices (the check)',
    time(
      each((b) => {
        let c = 0
        for (let o = 0; o < b.length; o += SLICE) c = Bun.hash.crc32(b.subarray(o, o + SLICE), c)
        return c
      }),
    ),
  ],
  [
    'structure only',
    time(() => {
      for (const _ of indexCheck(index, { bytes: false, structure: true }));
    }),
  ],
  ['xxHash3, one shot', time(each((b) => Bun.hash.xxHash3(b)))],
  ['xxHash64, one shot', time(each((b) => Bun.hash.xxHash64(b)))],
  ['SHA-256', time(each((b) => new Bun.CryptoHasher('sha256').update(b).digest()))],
]

console.log(
  `index ${dir}: ${(total / 1048576).toFixed(0)} MB in ${files.length} files, ${index.manifest.rows.kept.toLocaleString('en')} rows; median of ${rounds}; Bun ${Bun.version}`,
)
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (2 cores): wall time includes waiting for a core; CPU time does not`,
)
console.log('\n| step | wall ms | CPU ms | GB/s of CPU |\n|---|---:|---:|---:|')
for (const [name, [ms, cpu]] of rows) {
  const rate =
    /^(open|map)/.test(name) || name === 'structure only' ? '' : (total / 1e6 / cpu).toFixed(1)
  console.log(`| ${name} | ${ms.toFixed(1)} | ${cpu.toFixed(1)} | ${rate} |`)
}
