/**
 * The one command line of the project (and of the compiled binary, so a container needs no
 * Bun): `charts COMMAND [options]`, `charts --help`, `charts COMMAND --help`.
 *  - serve        run the API server on INDEX_DIR
 *  - start        like serve, but first generate the sample data and build its index when
 *                 INDEX_DIR has none (what `npm start` runs)
 *  - build-index  compile a parquet or CSV into an index (see build/build-index.ts)
 *  - gen-data     write the synthetic dataset (see build/gen-data.ts)
 *  - install-index  put a built index where a server reads it, by rename (scripts/install-index.ts)
 *  - healthcheck  exit 0 when http://127.0.0.1:$PORT/ready answers 200 (the image's HEALTHCHECK)
 * No command prints the help (exit 2: nothing ran); npm scripts and the image's CMD name theirs.
 * It wires build/ and src/ together; neither imports the other.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BUILD_INDEX_COMMAND, runBuildIndexCli } from '../build/build-index.ts'
import { type CommandSpec, parseCommand } from '../build/cli.ts'
import { GEN_DATA_COMMAND, runGenDataCli } from '../build/gen-data.ts'
import { DEFAULT_INDEX_DIR, FORMAT_VERSION } from '../schema/format.ts'
import { MANIFEST_FILE, readManifest } from '../schema/manifest.ts'
import { loadConfig, SETTINGS } from '../src/config.ts'
import { INSTALL_INDEX_COMMAND, runInstallIndexCli } from './install-index.ts'

const SAMPLE = 'data/sample.parquet'

/** Starts the server; imported on use, so --help and the build commands start quickly. */
async function serve(): Promise<void> {
  const { main } = await import('../src/main.ts')
  main()
}

/** Why the index in `dir` needs building from the sample, or null when it is usable. */
function sampleRebuildReason(dir: string): string | null {
  if (!existsSync(join(dir, MANIFEST_FILE))) return `no index in ${dir}`
  const manifest = readManifest(dir, { anyVersion: true })
  // only an index built from the sample is rebuilt by itself: never replace a user's data
  if (manifest.formatVersion !== FORMAT_VERSION && manifest.source?.name === 'sample.parquet') {
    return `the sample index in ${dir} has format version ${manifest.formatVersion}, not ${FORMAT_VERSION}`
  }
  return null
}

async function start(): Promise<number> {
  const indexDir = process.env.INDEX_DIR || DEFAULT_INDEX_DIR
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
  await serve()
  return -1
}

async function healthcheck(): Promise<number> {
  const { port } = loadConfig()
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ready`, {
      signal: AbortSignal.timeout(2000),
    })
    return res.status === 200 ? 0 : 1
  } catch {
    return 1
  }
}

/** A setting's markdown doc as plain text: links by their text, no code marks. */
const plainText = (markdown: string) =>
  markdown.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replaceAll('`', '')

/** The environment settings, as the help of the server commands lists them. */
const SETTINGS_NOTE = [
  'settings (environment variables; docs/operations.md#settings says more):',
  ...Object.values(SETTINGS).map(
    (s) => `  ${s.env.padEnd(28)} ${plainText(s.doc)} (default: ${s.default || 'none'})`,
  ),
].join('\n')

/** A command of the binary: its spec (for --help and usage errors) and what it runs. */
interface Command {
  spec: CommandSpec
  run: (args: string[]) => Promise<number>
}

/** Runs `body` after checking that `args` hold only --help (the server commands take none). */
function noOptions(spec: CommandSpec, body: () => Promise<number>): Command {
  return {
    spec,
    run: (args) => {
      const parsed = parseCommand(spec, args)
      return typeof parsed === 'number' ? Promise.resolve(parsed) : body()
    },
  }
}

const COMMANDS: Record<string, Command> = {
  serve: noOptions(
    {
      name: 'charts serve',
      summary: 'Runs the API server on the index in INDEX_DIR (configured by the environment).',
      options: {},
      notes: `${SETTINGS_NOTE}\n\nNew builds go into INDEX_DIR (build-index --out, install-index, cp or rsync): the server serves its own checked copy of each (INDEX_DIR.serving, INDEX_MODE=copy), so nothing written there can reach what it serves.\nSIGTERM or SIGINT drains in-flight requests and exits 0; SIGHUP looks for a new index.`,
    },
    async () => {
      await serve()
      return -1
    },
  ),
  start: noOptions(
    {
      name: 'charts start',
      summary:
        'Like serve, but first generates the built-in sample and builds its index when INDEX_DIR has none (what `npm start` runs).',
      options: {},
      notes: SETTINGS_NOTE,
    },
    start,
  ),
  'build-index': { spec: BUILD_INDEX_COMMAND, run: runBuildIndexCli },
  'gen-data': { spec: GEN_DATA_COMMAND, run: runGenDataCli },
  'install-index': { spec: INSTALL_INDEX_COMMAND, run: runInstallIndexCli },
  healthcheck: noOptions(
    {
      name: 'charts healthcheck',
      summary:
        "Exits 0 when the server on 127.0.0.1:$PORT is ready (GET /ready answers 200), else 1: the image's HEALTHCHECK.",
      options: {},
    },
    healthcheck,
  ),
}

/** The help of the binary itself. */
function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length))
  return [
    'usage: charts COMMAND [options]',
    '',
    'The Spotify Charts API: the server and its index builder in one program.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(
      ([name, c]) => `  ${name.padEnd(width)}  ${c.spec.summary.split('. ')[0].replace(/\.$/, '')}`,
    ),
    '',
    'charts COMMAND --help describes a command and its options.',
    '',
  ].join('\n')
}

/** Runs the command line; resolves to an exit code, or -1 when a server now owns the process. */
function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(mainHelp())
    return Promise.resolve(0)
  }
  if (command === undefined) {
    // nothing to do is a usage error: a caller that forgot its command should notice
    process.stderr.write(mainHelp())
    return Promise.resolve(2)
  }
  const found = COMMANDS[command]
  if (!found) {
    process.stderr.write(
      `charts: unknown command "${command}"; use one of ${Object.keys(COMMANDS).join(', ')}\n` +
        'usage: charts COMMAND [options] (charts --help for details)\n',
    )
    return Promise.resolve(2)
  }
  return found.run(args)
}

main(process.argv.slice(2)).then((code) => {
  // -1: a server is running and owns the process's lifetime
  if (code >= 0) process.exit(code)
})
