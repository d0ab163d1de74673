/**
 * `npm run compile -- [--outfile PATH]`: one self-contained executable (default `dist/charts`) holding the server, the
 * index builder, the docs assets and the web page (see scripts/charts.ts for its commands).
 * Flags follow Elysia's deploy guide: --minify-whitespace --minify-syntax (plain --minify
 * renames identifiers that some Elysia code paths rely on). No --bytecode: it would start the
 * sample ~170 ms sooner (~300 against ~470 ms to /ready) but adds 7.6 MB, and the image with
 * its sample index and stored answers must stay within its 150 MB budget.
 */
import { mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { commandLine } from '../build/cli.ts'

const root = join(import.meta.dir, '..')
const values = commandLine<{ outfile: string }>({
  name: 'npm run compile --',
  summary:
    'Builds one self-contained executable holding the server, the index builder, the docs assets and the web page (its commands: charts --help).',
  options: {
    outfile: {
      type: 'string',
      value: 'PATH',
      default: join(root, 'dist', 'charts'),
      help: 'where to write it',
    },
  },
})
const outfile = resolve(values.outfile)
mkdirSync(dirname(outfile), { recursive: true })
const args = [
  'build',
  '--compile',
  '--minify-whitespace',
  '--minify-syntax',
  '--target=bun',
  '--no-compile-autoload-dotenv',
  '--no-compile-autoload-bunfig',
  join(root, 'scripts', 'charts.ts'),
  // the answers stage's workers (build/answers.ts) run this entry point inside the binary
  join(root, 'build', 'answers-worker.ts'),
  '--outfile',
  outfile,
]
const started = performance.now()
const proc = Bun.spawnSync([process.execPath, ...args], {
  cwd: root,
  stdout: 'inherit',
  stderr: 'inherit',
})
if (proc.exitCode !== 0) process.exit(proc.exitCode ?? 1)
const mb = (statSync(outfile).size / 1048576).toFixed(1)
console.log(
  `compile: ${outfile} (${mb} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
