/**
 * The one command line of the project (and of the compiled binary, so a container needs no
 * Bun): `charts [serve|start|build-index|gen-data|healthcheck] [options]`.
 *  - serve        run the API server on INDEX_DIR (the default)
 *  - start        like serve, but first generate the sample data and build its index when
 *                 INDEX_DIR has none (what `npm start` runs)
 *  - build-index  compile a parquet or CSV into an index (see build/build-index.ts)
 *  - gen-data     write the synthetic dataset (see build/gen-data.ts)
 *  - healthcheck  exit 0 when http://127.0.0.1:$PORT/health answers 200 (Docker HEALTHCHECK)
 * It wires build/ and src/ together; neither imports the other.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runBuildIndexCli } from '../build/build-index.ts'
import { runGenDataCli } from '../build/gen-data.ts'
import { FORMAT_VERSION } from '../schema/format.ts'
import { loadConfig } from '../src/config.ts'
import { main as serve } from '../src/main.ts'

const SAMPLE = 'data/sample.parquet'

/** Why the index in `dir` needs building from the sample, or null when it is usable. */
function sampleRebuildReason(dir: string): string | null {
  const path = join(dir, 'manifest.json')
  if (!existsSync(path)) return `no index in ${dir}`
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  // only an index built from the sample is rebuilt by itself: never replace a user's data
  if (manifest.formatVersion !== FORMAT_VERSION && manifest.source?.name === 'sample.parquet') {
    return `the sample index in ${dir} has format version ${manifest.formatVersion}, not ${FORMAT_VERSION}`
  }
  return null
}

async function start(): Promise<number> {
  const indexDir = process.env.INDEX_DIR || 'data/index'
  const reason = sampleRebuildReason(indexDir)
  if (reason) {
    console.log(`start: ${reason}; building the built-in sample first`)
    if (!existsSync(SAMPLE)) {
      const code = await runGenDataCli(['--scale', 'small', '--out', SAMPLE])
      if (code !== 0) return code
    }
    const code = await runBuildIndexCli(['--input', SAMPLE, '--out', indexDir])
    if (code !== 0) return code
  }
  serve()
  return -1
}

async function healthcheck(): Promise<number> {
  const { port } = loadConfig()
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, {
      signal: AbortSignal.timeout(2000),
    })
    return res.status === 200 ? 0 : 1
  } catch {
    return 1
  }
}

const [command = 'serve', ...args] = process.argv.slice(2)
const commands: Record<string, () => Promise<number>> = {
  serve: async () => {
    serve()
    return -1
  },
  start,
  'build-index': () => runBuildIndexCli(args),
  'gen-data': () => runGenDataCli(args),
  healthcheck,
}
const run = commands[command]
if (!run) {
  console.error(
    `charts: unknown command "${command}"; use one of ${Object.keys(commands).join(', ')}`,
  )
  process.exit(2)
}
// no top-level await: the compiled binary is built with --bytecode, which needs none
run().then((code) => {
  // -1: a server is running and owns the process's lifetime
  if (code >= 0) process.exit(code)
})
