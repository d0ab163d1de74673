/**
 * Every npm script that is a command of this repository answers `--help` with its usage on
 * stdout and exit 0 (starting nothing), and an unknown option with the error and the usage
 * on stderr and exit 2. The scripts are run as package.json has them, Bun through
 * process.execPath (no bun on PATH). Left out: the tools' own commands (tsc, biome,
 * `bun test`) and `dev` (`serve` under `bun --watch`, which restarts instead of exiting).
 */
import { describe, expect, test } from 'bun:test'
import pkg from '../../package.json' with { type: 'json' }
import { ROOT } from '../e2e/server.ts'

const NOT_OURS = new Set(['test', 'typecheck', 'lint', 'format', 'test:container', 'dev'])
const SCRIPTS = Object.entries(pkg.scripts as Record<string, string>).filter(
  ([name]) => !NOT_OURS.has(name),
)

/** Runs a script's command line with `args` appended, as npm would (without npm). */
function run(command: string, args: string[]) {
  const [tool, ...rest] = command.split(' ')
  const proc = Bun.spawnSync([tool === 'bun' ? process.execPath : tool, ...rest, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_FILE: '' },
    timeout: 30_000,
  })
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() }
}

describe('every npm script', () => {
  test('the list covers the scripts a newcomer runs', () => {
    const names = SCRIPTS.map(([name]) => name)
    for (const name of ['start', 'gen-data', 'build-index', 'bench', 'soak', 'compile', 'codegen'])
      expect(names).toContain(name)
  })

  test('--help: its usage on stdout, exit 0', () => {
    for (const [name, command] of SCRIPTS) {
      const { code, stdout } = run(command, ['--help'])
      expect({ name, code, usage: /usage/i.test(stdout) }).toEqual({ name, code: 0, usage: true })
    }
  })

  test('an unknown option: the error and the usage on stderr, exit 2', () => {
    for (const [name, command] of SCRIPTS) {
      const { code, stderr } = run(command, ['--no-such-option'])
      expect({
        name,
        code,
        usage: /usage/i.test(stderr),
        named: stderr.includes('no-such-option'),
      }).toEqual({ name, code: 2, usage: true, named: true })
    }
  })
})
