/**
 * `npm run bench:versus -- --index DIR --other CHECKOUT --other-index DIR [--seconds 5]
 * [--rounds 5] [--connections 64]`: our server against the server of another checkout (an
 * earlier commit, e.g. `git worktree add --detach ../before <commit>`), each on an index its
 * own build-index made from the same input, in alternating rounds on the same random
 * /rankings paths, identity and as Locust asks (`Accept-Encoding: gzip, deflate`). Prints a
 * table with each server's median round and ours ÷ theirs. Pinned and on loopback like
 * `npm run bench`; the answer cache is left on, as served (random keys rarely repeat).
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { commandLine } from '../build/cli.ts'
import { openIndex } from '../src/store/open-index.ts'
import { rankingPaths, seeded } from './draws.ts'
import { type LoadResult, runLoad } from './load.ts'
import { OUR_SERVER, startServer, stopServer } from './servers.ts'
import { benchWorkDir } from './work-dir.ts'

const values = commandLine<{
  index: string
  other: string
  'other-index': string
  seconds: string
  rounds: string
  connections: string
}>({
  name: 'npm run bench:versus --',
  summary:
    'Our server against the server of another checkout on random /rankings, identity and gzip, in alternating rounds; prints req/s, p50, p99 and ours ÷ theirs.',
  options: {
    index: { type: 'string', value: 'DIR', help: 'our index' },
    other: {
      type: 'string',
      value: 'CHECKOUT',
      help: 'the other checkout (its node_modules installed)',
    },
    'other-index': {
      type: 'string',
      value: 'DIR',
      help: "the other server's index (built by its build-index)",
    },
    seconds: { type: 'string', value: 'N', default: '5', help: 'seconds of load per round' },
    rounds: {
      type: 'string',
      value: 'N',
      default: '5',
      help: 'alternating rounds (the median is shown)',
    },
    connections: { type: 'string', value: 'N', default: '64', help: 'connections of the load' },
  },
})
for (const name of ['index', 'other', 'other-index'] as const)
  if (!values[name]) throw new Error(`bench:versus: --${name} is required (see --help)`)
const other = resolve(values.other!)
const work = benchWorkDir(join(import.meta.dir, '..'), 'versus', 'default')
mkdirSync(work, { recursive: true })
const paths = rankingPaths(openIndex(resolve(values.index!)), 20_000, seeded(12345))
const env = (dir: string) => ({ INDEX_DIR: resolve(dir), LOG_FILE: '', INDEX_POLL_SECONDS: '0' })
const servers = [
  await startServer({ name: 'ours', cmd: OUR_SERVER, port: 3911, env: env(values.index!) }),
  await startServer({
    name: `other (${other})`,
    cmd: [OUR_SERVER[0], join(other, 'scripts/charts.ts'), 'serve'],
    port: 3912,
    env: env(values['other-index']!),
  }),
]
const encodings = { identity: 'identity', gzip: 'gzip, deflate' }
const results = new Map<string, LoadResult[]>()
try {
  for (const [label, encoding] of Object.entries(encodings)) {
    const load = (base: string, seconds: number) =>
      runLoad(
        {
          base,
          paths,
          seconds,
          connections: Number(values.connections),
          headers: { 'Accept-Encoding': encoding },
          cpu: 1,
          workDir: work,
        },
        `versus-${label}`,
      )
    for (const s of servers) await load(s.base, 3)
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const s of servers) {
        const key = `${label}|${s.name}`
        results.set(key, [...(results.get(key) ?? []), await load(s.base, Number(values.seconds))])
      }
    }
  }
} finally {
  for (const s of servers) await stopServer(s)
}
const median = (runs: LoadResult[]) => [...runs].sort((a, b) => a.rps - b.rps)[runs.length >> 1]
console.log('| scenario | server | req/s | p50 ms | p99 ms | errors | ours ÷ this | rounds |')
console.log('|---|---|---:|---:|---:|---:|---:|---|')
for (const label of Object.keys(encodings)) {
  const ours = median(results.get(`${label}|ours`)!)
  for (const s of servers) {
    const runs = results.get(`${label}|${s.name}`)!
    const m = median(runs)
    const ratio = s.name === 'ours' ? '' : `${(ours.rps / m.rps).toFixed(2)}×`
    console.log(
      `| rankings random ${label} | ${s.name} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${runs.reduce((n, r) => n + r.errors, 0)} | ${ratio} | ${runs.map((r) => r.rps.toFixed(0)).join(', ')} |`,
    )
  }
}
