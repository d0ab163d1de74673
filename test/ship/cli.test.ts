/**
 * The command line people meet (scripts/charts.ts, the same code as the compiled binary):
 * help on every command, usage errors with exit 2, inputs recognised by their content, and a
 * second server on a busy port failing with one clear line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, type ServerProcess, spawnServer } from '../e2e/server.ts'
import { buildSample, tempDir } from '../helpers.ts'

const tmp = tempDir()
let parquet = ''

beforeAll(async () => {
  parquet = (await buildSample(tmp.dir, 2, 5)).parquet
})
afterAll(() => tmp.cleanup())

/** Runs `charts ARGS` from source; its exit code and output. */
async function charts(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawn([process.execPath, 'scripts/charts.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_FILE: '', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, out, err }
}

/** `charts` for each item, all at once (each is a fresh process). */
const each = <T>(items: T[], args: (item: T) => string[]) =>
  Promise.all(items.map(async (item) => ({ item, ...(await charts(args(item))) })))

const COMMANDS = ['serve', 'start', 'build-index', 'gen-data', 'install-index', 'healthcheck']

describe('help and usage', () => {
  test('charts --help lists every command; no command prints the help and exits 2', async () => {
    for (const { code, out } of await each(['--help', '-h', 'help'], (flag) => [flag])) {
      expect(code).toBe(0)
      expect(out).toStartWith('usage: charts COMMAND [options]')
      for (const c of COMMANDS) expect(out).toMatch(new RegExp(`^  ${c} +\\S`, 'm'))
    }
    const bare = await charts([])
    expect(bare.code).toBe(2)
    expect(bare.out).toBe('')
    expect(bare.err).toStartWith('usage: charts COMMAND [options]')
  })

  test('every command answers --help and -h on stdout with exit 0, and starts nothing', async () => {
    const cases = COMMANDS.flatMap((c) => [`${c} --help`, `${c} -h`])
    const results = await each(cases, (line) => line.split(' '))
    for (const { item, code, out, err } of results) {
      expect({ item, code, err }).toEqual({ item, code: 0, err: '' })
      expect(out).toMatch(/^usage: (charts )?[a-z-]+/)
      expect(out).toContain('-h, --help')
    }
    const help = (line: string) => results.find((r) => r.item === line)!.out
    expect(help('build-index --help')).toContain('--input FILE')
    expect(help('gen-data --help')).toContain('--scale tiny|small|medium|full')
    // the server commands list the settings they read
    expect(help('serve --help')).toContain('INDEX_DIR')
  })

  test('an unknown option, a stray argument or an unknown command: the error, the usage, exit 2', async () => {
    for (const { item, code, out, err } of await each(COMMANDS, (c) => [c, '--no-such-option'])) {
      expect({ item, code, out }).toEqual({ item, code: 2, out: '' })
      expect(err).toContain("Unknown option '--no-such-option'")
      expect(err).toContain('usage: ')
    }
    const [stray, bad, unknown] = await Promise.all([
      charts(['build-index', 'data.parquet']),
      charts(['gen-data', '--seed', 'seven']),
      charts(['servr']),
    ])
    expect(stray.code).toBe(2)
    expect(stray.err).toContain("Unexpected argument 'data.parquet'")
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--seed wants a whole number, got "seven"')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('unknown command "servr"; use one of serve, start')
  })
})

describe('inputs recognised by their content', () => {
  const build = (input: string) =>
    charts(['build-index', '--input', input, '--out', join(tmp.dir, 'out-index')])

  test('a text file named .parquet, an empty file, a truncated parquet: a clear error, exit 1', async () => {
    const text = join(tmp.dir, 'x.parquet')
    writeFileSync(text, 'hello, this is not parquet\n')
    const empty = join(tmp.dir, 'empty.parquet')
    writeFileSync(empty, '')
    const truncated = join(tmp.dir, 'truncated.parquet')
    writeFileSync(truncated, 'PAR1 and then nothing')
    const cases: [string, string][] = [
      [
        text,
        'input: x.parquet: named .parquet but is not parquet (no PAR1 magic; it begins "hello, this',
      ],
      [empty, 'input: empty.parquet: empty (0 bytes)'],
      [truncated, 'input: truncated.parquet: starts like parquet but does not end with its footer'],
    ]
    for (const [input, message] of cases) {
      const { code, err } = await build(input)
      expect({ input, code }).toEqual({ input, code: 1 })
      expect(err).toContain(message)
      expect(err).not.toContain('csv:')
    }
  })

  test('a parquet under any name is read as parquet', async () => {
    const renamed = join(tmp.dir, 'charts.data')
    copyFileSync(parquet, renamed)
    const { code, out } = await build(renamed)
    expect(code).toBe(0)
    expect(out).toContain('charts.data (kaggle, parquet,')
  })
})

describe('a busy port', () => {
  let first: ServerProcess
  beforeAll(async () => {
    first = await spawnServer({ INDEX_DIR: join(tmp.dir, 'index') })
  })
  afterAll(async () => {
    await first?.stop()
  })

  test('a second server on the same port says so in one line and exits 1', async () => {
    const port = new URL(first.base).port
    const { code, out } = await charts(['serve'], {
      PORT: port,
      HOST: '127.0.0.1',
      INDEX_DIR: join(tmp.dir, 'index'),
      VERIFY_INDEX: 'false',
    })
    expect(code).toBe(1)
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([`port ${port} is in use`])
    expect(lines.some((l) => l.msg === 'listening')).toBe(false)
  })
})
